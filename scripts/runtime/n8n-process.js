'use strict';
/** `n8n start`: started in a process group of its own, waited for until it answers, stopped by PID. */

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { spawn } = require('node:child_process');
const processes = require('../processes');
const { ROOT } = require('./paths');
const { log } = require('./log');
const { DEFAULT_N8N_VERSION } = require('./versions');
const { ensureN8n } = require('./n8n-install');
const { n8nEnv } = require('./n8n-env');
const { freePort, portFree } = require('./ports');

const liveGroups = new Set();
process.on('exit', () => {
	for (const pid of liveGroups) processes.signal(pid, 'SIGKILL');
});

async function killGroup(pid) {
	await processes.stopGroup(pid);
	liveGroups.delete(pid);
}

/** Text appended to a file after byte offset `from` (this start's part of an appended log). */
function readFrom(file, from) {
	const buf = fs.readFileSync(file);
	return buf.subarray(Math.min(from, buf.length)).toString('utf8');
}

/** True once GET /rest/settings answers n8n's JSON (not a start-up page or a 404). */
function restReady(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(`${url}/rest/settings`, { timeout: timeoutMs, headers: { accept: 'application/json' } }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (body += d));
			res.on('end', () => {
				try {
					resolve(res.statusCode === 200 && Boolean(JSON.parse(body).data));
				} catch {
					resolve(false);
				}
			});
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(false));
	});
}

/**
 * Starts `n8n start` in its own process group and waits until the editor and REST API answer.
 * Returns { url, port, pid, logFile, version, userFolder, stop() }.
 */
async function startN8n({ version = DEFAULT_N8N_VERSION, userFolder, port, env = {}, timeoutMs = 180_000, logFile } = {}) {
	if (!userFolder) throw new Error('startN8n: userFolder is required');
	const inst = await ensureN8n(version);
	fs.mkdirSync(userFolder, { recursive: true });
	port = port || (await freePort());
	if (!(await portFree(port))) throw new Error(`port ${port} is already in use`);
	const brokerPort = await freePort();
	logFile = logFile || path.join(userFolder, 'n8n.log');
	const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
	const out = fs.openSync(logFile, 'a');
	const child = spawn(inst.node, [inst.bin, 'start'], {
		cwd: userFolder,
		env: n8nEnv({ version, userFolder, port, brokerPort, node: inst.node, env }),
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	liveGroups.add(child.pid);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const url = `http://127.0.0.1:${port}`;
	const stop = async () => {
		await killGroup(child.pid);
	};
	const started = Date.now();
	log(`starting n8n@${version} on ${url} (user folder ${path.relative(ROOT, userFolder) || userFolder}, log ${path.relative(ROOT, logFile)}) …`);
	for (;;) {
		if (exited) {
			const tail = readFrom(logFile, logStart).split('\n').slice(-40).join('\n');
			await stop();
			throw new Error(`n8n@${version} exited during start-up (${JSON.stringify(exited)}):\n${tail}`);
		}
		const logText = readFrom(logFile, logStart);
		if (/Editor is now accessible via/.test(logText) && (await restReady(url))) break;
		if (Date.now() - started > timeoutMs) {
			const tail = logText.split('\n').slice(-40).join('\n');
			await stop();
			throw new Error(`n8n@${version} did not become ready within ${timeoutMs / 1000} s:\n${tail}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	log(`n8n@${version} ready on ${url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { url, port, brokerPort, pid: child.pid, logFile, version, userFolder, stop, child };
}

module.exports = { startN8n };
