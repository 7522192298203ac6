'use strict';
/**
 * n8n 2.x in queue mode for `npm run test:queue`: the shared environment of main and workers,
 * `n8n worker` processes (scripts/runtime/n8n-process.js only starts `n8n start`), and reading the
 * workers' logs.
 */

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { spawn } = require('node:child_process');
const { DEFAULT_N8N_VERSION } = require('./runtime/versions');
const { ensureN8n } = require('./runtime/n8n-install');
const { n8nEnv } = require('./runtime/n8n-env');
const { freePort } = require('./runtime/ports');
const { startN8n } = require('./runtime/n8n-process');
const procs = require('./queue-procs');

/**
 * Environment every process of one queue-mode installation shares (main, workers, CLI).
 * Bull's lock/stalled timings are shortened from n8n's defaults (60 s lock, 30 s stalled check)
 * so a killed worker's jobs are detected within ~20 s instead of ~2 min; nothing else changes.
 */
function queueEnv({ redisPort, pgPort, binaryMode, storagePath, prefix = 'cmq', bullDefaults = false }) {
	const env = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		QUEUE_BULL_PREFIX: prefix,
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pgPort),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		N8N_DEFAULT_BINARY_DATA_MODE: binaryMode,
		N8N_RUNNERS_AUTH_TOKEN: 'cm-queue-test-runner-token',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
	};
	if (storagePath) env.N8N_STORAGE_PATH = storagePath;
	if (bullDefaults) {
		delete env.QUEUE_WORKER_LOCK_DURATION;
		delete env.QUEUE_WORKER_LOCK_RENEW_TIME;
		delete env.QUEUE_WORKER_STALLED_INTERVAL;
	}
	return env;
}

function httpStatus(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: timeoutMs }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

/** Starts `n8n worker` in its own process group; resolves once /healthz/readiness answers 200. */
async function startWorker({ name, userFolder, env, concurrency = 16, logFile, timeoutMs = 180_000 }) {
	const inst = await ensureN8n(DEFAULT_N8N_VERSION);
	fs.mkdirSync(userFolder, { recursive: true });
	const healthPort = await freePort();
	const brokerPort = await freePort();
	logFile = logFile || path.join(userFolder, `${name}.log`);
	const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
	const out = fs.openSync(logFile, 'a');
	const child = spawn(inst.node, [inst.bin, 'worker', `--concurrency=${concurrency}`], {
		cwd: userFolder,
		env: n8nEnv({
			userFolder,
			brokerPort,
			node: inst.node,
			env: {
				...env,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		}),
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	procs.track(name, child.pid);
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const started = Date.now();
	for (;;) {
		if (exited) throw new Error(`${name} exited during start-up (${JSON.stringify(exited)}):\n${procs.tail(logFile)}`);
		if ((await httpStatus(`http://127.0.0.1:${healthPort}/healthz/readiness`)) === 200) break;
		if (Date.now() - started > timeoutMs) {
			await procs.stop(child.pid);
			throw new Error(`${name} not ready within ${timeoutMs / 1000} s:\n${procs.tail(logFile)}`);
		}
		await procs.sleep(250);
	}
	return {
		name,
		pid: child.pid,
		healthPort,
		brokerPort,
		logFile,
		logStart,
		readyMs: Date.now() - started,
		exited: () => exited,
		stop: () => procs.stop(child.pid),
	};
}

/**
 * True once main has registered the production webhook at `webhookPath`: a CORS pre-flight
 * (OPTIONS with Origin) answers 204 for a registered path and 404 otherwise, and starts no execution.
 */
function webhookRegistered(url, webhookPath) {
	return new Promise((resolve) => {
		const req = http.request(
			`${url}/webhook/${webhookPath}`,
			{ method: 'OPTIONS', timeout: 2000, headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode === 204));
			},
		);
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(false));
		req.end();
	});
}

/**
 * Starts `n8n start` (main) with the queue environment; registered for stop-by-PID. Resolves once
 * the editor answers AND the given webhook paths are registered: n8n 2.41.1 logs "Editor is now
 * accessible" before it has activated the published workflows, and a production webhook called in
 * between gets 404 "… is not registered".
 */
async function startMain({ userFolder, env, logFile, webhookPaths = [], timeoutMs = 120_000, port }) {
	// A restarted main keeps its port: its production URLs are registered at vendors.
	port = port || (await freePort());
	const t0 = Date.now();
	const main = await startN8n({ userFolder, port, env, logFile });
	procs.track('n8n main', main.pid);
	const editorMs = Date.now() - t0;
	for (;;) {
		const ok = await Promise.all(webhookPaths.map((p) => webhookRegistered(main.url, p)));
		if (ok.every(Boolean)) break;
		if (Date.now() - t0 > timeoutMs) {
			await procs.stop(main.pid);
			throw new Error(`main did not register the webhooks ${webhookPaths.filter((p, i) => !ok[i]).join(', ')} within ${timeoutMs / 1000} s:\n${procs.tail(main.logFile)}`);
		}
		await procs.sleep(250);
	}
	return { ...main, editorMs, readyMs: Date.now() - t0, stop: () => procs.stop(main.pid) };
}

/**
 * Executions a worker's log reports since byte offset `from`:
 * { started: Map(executionId → jobId), finished: Set(executionId) }.
 */
function workerActivity(logFile, from = 0) {
	let text = '';
	try {
		const buf = fs.readFileSync(logFile);
		text = buf.subarray(Math.min(from, buf.length)).toString('utf8');
	} catch {
		/* no log yet */
	}
	const started = new Map();
	const finished = new Set();
	for (const m of text.matchAll(/Worker started execution (\d+) \(job (\d+)\)/g)) started.set(m[1], m[2]);
	for (const m of text.matchAll(/Worker finished execution (\d+) \(job (\d+)\)/g)) finished.add(m[1]);
	return { started, finished };
}

function logSize(file) {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
}

module.exports = { queueEnv, startWorker, startMain, workerActivity, logSize };
