'use strict';
/**
 * Shared plumbing of the benchmarks in bench/: cleanup on exit/Ctrl-C, IPC child processes,
 * build + pack, n8n set-up through scripts/runtime/, /proc memory sampling, statistics,
 * tables and the JSON results in bench/results/.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork, execFileSync } = require('node:child_process');

const { ROOT, CACHE } = require('../../scripts/runtime/paths');
const { DEFAULT_N8N_VERSION } = require('../../scripts/runtime/versions');
const { runChecked } = require('../../scripts/runtime/commands');
const { ensureN8n } = require('../../scripts/runtime/n8n-install');
const { installPackageLikeUser } = require('../../scripts/runtime/package');
const { startN8n } = require('../../scripts/runtime/n8n-process');
const { importCredentials, importWorkflows } = require('../../scripts/runtime/n8n-cli');
const { N8nRest } = require('../../scripts/runtime/rest');
const cli = require('../../scripts/cli');

const BENCH_CACHE = path.join(CACHE, 'bench');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

// ---------------------------------------------------------------------------------------------
// cleanup: every process a benchmark starts registers its stop function here

const cleanups = [];
let cleaning = null;

function onCleanup(fn) {
	cleanups.push(fn);
	return () => {
		const i = cleanups.indexOf(fn);
		if (i >= 0) cleanups.splice(i, 1);
	};
}

function runCleanups() {
	if (!cleaning) {
		cleaning = (async () => {
			while (cleanups.length) {
				const fn = cleanups.pop();
				try {
					await Promise.race([Promise.resolve().then(fn), new Promise((r) => setTimeout(r, 20_000).unref())]);
				} catch (e) {
					console.error(`cleanup: ${e.message}`);
				}
			}
		})();
	}
	return cleaning;
}

let signalled = false;
for (const [sig, code] of [
	['SIGINT', 130],
	['SIGTERM', 143],
	['SIGHUP', 129],
]) {
	process.on(sig, () => {
		if (signalled) return;
		signalled = true;
		console.error(`\n${sig}: stopping everything this benchmark started …`);
		runCleanups()
			.then(stopRemainingChildren)
			.finally(() => process.exit(code));
	});
}

/**
 * What no cleanup owns yet: a one-off child still running when a signal came (`npm run build`,
 * `npm pack`, `n8n import:*` during the set-up). A terminal's Ctrl-C reaches them anyway; a
 * SIGTERM sent to the benchmark alone (a CI timeout, `kill`) would leave them running.
 */
async function stopRemainingChildren() {
	const signal = (pids, sig) => {
		for (const pid of pids) {
			try {
				process.kill(pid, sig);
			} catch {
				/* gone */
			}
		}
	};
	signal(descendants(process.pid), 'SIGTERM');
	// n8n's CLI commands may take their time over a SIGTERM: a few seconds, then SIGKILL.
	for (let waited = 0; waited < 3000 && descendants(process.pid).length; waited += 100) await new Promise((r) => setTimeout(r, 100));
	signal(descendants(process.pid), 'SIGKILL');
}

/** Runs a benchmark's main(); always cleans up, exit code 1 on failure. */
function runMain(main) {
	(async () => {
		try {
			await main();
		} catch (e) {
			console.error(`\n✘ ${e && e.stack ? e.stack : e}`);
			process.exitCode = 1;
		} finally {
			await runCleanups();
		}
	})();
}

// ---------------------------------------------------------------------------------------------
// IPC children (bench/lib/*-child.js): request/reply over process.send

/**
 * Forks `script` with an IPC channel. Resolves once the child sends {ready: true, ...info}.
 * Returns { child, info, call(cmd, args) → Promise<result>, stop() }.
 */
async function startChild(script, { execPath = process.execPath, args = [], env, name = path.basename(script) } = {}) {
	const child = fork(script, args, {
		execPath,
		env: env || process.env,
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		execArgv: [],
	});
	let seq = 0;
	const pending = new Map();
	let exited = false;
	const stop = async () => {
		if (exited) return;
		try {
			child.kill('SIGTERM');
		} catch {
			/* gone */
		}
		const until = Date.now() + 5000;
		while (!exited && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
		if (!exited) {
			try {
				child.kill('SIGKILL');
			} catch {
				/* gone */
			}
		}
	};
	const unregister = onCleanup(stop);
	const ready = new Promise((resolve, reject) => {
		child.on('message', (msg) => {
			if (msg && msg.ready) return resolve(msg);
			const p = msg && pending.get(msg.id);
			if (!p) return;
			pending.delete(msg.id);
			if (msg.error) p.reject(new Error(`${name}: ${msg.error}`));
			else p.resolve(msg.result);
		});
		child.on('exit', (code, signal) => {
			exited = true;
			unregister();
			const err = new Error(`${name} exited (${signal || code})`);
			reject(err);
			for (const p of pending.values()) p.reject(err);
			pending.clear();
		});
		child.on('error', reject);
	});
	const info = await ready;
	return {
		child,
		info,
		pid: child.pid,
		call(cmd, callArgs = {}) {
			return new Promise((resolve, reject) => {
				const id = ++seq;
				pending.set(id, { resolve, reject });
				child.send({ id, cmd, args: callArgs });
			});
		},
		stop,
	};
}

// ---------------------------------------------------------------------------------------------
// build + pack (into .cache/bench/, so a concurrent e2e run's tarball is never overwritten)

function newestMtime(paths) {
	let newest = 0;
	const walk = (p) => {
		let st;
		try {
			st = fs.statSync(p);
		} catch {
			return;
		}
		if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
		else newest = Math.max(newest, st.mtimeMs);
	};
	for (const p of paths) walk(p);
	return newest;
}

const DIST_NODE = path.join(ROOT, 'dist', 'nodes', 'ConversationMessages', 'SendConversationMessage.node.js');

/**
 * `build`: true → always `npm run build`; false → never; undefined → only when dist/ is missing or
 * older than a source file (so a benchmark does not wipe dist/ under a concurrent run needlessly).
 * Then `npm pack` into .cache/bench/. Returns { tarball, built, pack: npm's pack JSON entry }.
 */
async function buildAndPack({ build, tarball } = {}) {
	fs.mkdirSync(BENCH_CACHE, { recursive: true });
	if (tarball) {
		const file = path.resolve(tarball);
		const list = (await runChecked('tar', ['-tvzf', file])).stdout.split('\n').filter((l) => l && !l.startsWith('d'));
		const unpackedSize = list.reduce((sum, l) => sum + (Number(l.trim().split(/\s+/)[2]) || 0), 0);
		const manifest = JSON.parse((await runChecked('tar', ['-xzOf', file, 'package/package.json'])).stdout);
		const pack = { name: manifest.name, version: manifest.version, filename: path.basename(file), size: fs.statSync(file).size, entryCount: list.length, unpackedSize };
		return { tarball: file, built: false, pack };
	}
	const logFile = path.join(BENCH_CACHE, 'pack.log');
	fs.writeFileSync(logFile, '');
	const sources = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js'].map((p) => path.join(ROOT, p));
	let doBuild = build;
	if (doBuild === undefined) doBuild = !fs.existsSync(DIST_NODE) || newestMtime(sources) > newestMtime([path.join(ROOT, 'dist')]);
	if (doBuild) {
		console.log('building the package (npm run build) …');
		await runChecked('npm', ['run', 'build'], { cwd: ROOT, logFile });
	} else if (!fs.existsSync(DIST_NODE)) {
		throw new Error('dist/ is missing: run without --no-build');
	}
	const res = await runChecked('npm', ['pack', '--json', '--pack-destination', BENCH_CACHE, '--loglevel=error'], { cwd: ROOT, logFile });
	const pack = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')))[0];
	return { tarball: path.join(BENCH_CACHE, pack.filename), built: Boolean(doBuild), pack };
}

function gitState() {
	try {
		const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials', 'package.json'], { cwd: ROOT, encoding: 'utf8' }).trim();
		return { head, sourcesDirty: dirty !== '' };
	} catch {
		return { head: null, sourcesDirty: null };
	}
}

async function machineInfo(n8nVersion) {
	const info = {
		nproc: os.cpus().length,
		cpuModel: os.cpus()[0] && os.cpus()[0].model,
		memTotalMB: Math.round(os.totalmem() / 1048576),
		loadAvgAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
		hostNode: process.version,
		n8nVersion,
	};
	if (n8nVersion) {
		const inst = await ensureN8n(n8nVersion);
		info.n8nNode = (await runChecked(inst.node, ['--version'])).stdout.trim();
		info.n8nNodeBinary = path.relative(ROOT, inst.node);
	}
	return info;
}

// ---------------------------------------------------------------------------------------------
// n8n with the package installed like a user does, credentials + workflows imported, owner set up

async function setupN8n({ name, version = DEFAULT_N8N_VERSION, tarball, credentials, workflows, env = {} }) {
	const userFolder = path.join(BENCH_CACHE, name);
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	await installPackageLikeUser(userFolder, tarball);
	const target = { version, userFolder, env };
	if (credentials && credentials.length) await importCredentials(target, credentials);
	await importWorkflows(target, workflows);
	const n8n = await startN8n({ version, userFolder, env });
	onCleanup(() => n8n.stop());
	const rest = new N8nRest(n8n.url, { version });
	await rest.setupOwner();
	return { n8n, rest, userFolder };
}

/**
 * Like N8nRest.runWorkflow (POST /rest/workflows/:id/run as the editor does, then polling the
 * execution), but a failed poll (a reset keep-alive socket on a loaded machine) is retried instead
 * of failing the benchmark. Returns { ok, status, executionId, run }.
 */
async function runWorkflow(rest, workflowId, { timeoutMs = 240_000, pollMs = 100 } = {}) {
	const retrying = async (fn) => {
		for (let attempt = 1; ; attempt++) {
			try {
				return await fn();
			} catch (e) {
				if (attempt >= 5 || !/fetch failed|ECONNRESET|socket/i.test(`${e.message} ${e.cause && e.cause.code}`)) throw e;
				await new Promise((r) => setTimeout(r, 200 * attempt));
			}
		}
	};
	const executionId = await retrying(() => rest.startManualRun(workflowId));
	const until = Date.now() + timeoutMs;
	for (;;) {
		const exec = await retrying(() => rest.getExecution(executionId));
		if (exec && exec.finished !== undefined && !['new', 'running', 'waiting'].includes(exec.status) && exec.stoppedAt) {
			return { ok: exec.status === 'success', status: exec.status, executionId, run: exec };
		}
		if (Date.now() > until) throw new Error(`execution ${executionId} of ${workflowId} did not finish in ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, pollMs));
	}
}

/** { startTime, executionTime, items, error } of a node's first run in an execution. */
function nodeRun(exec, nodeName) {
	const runs = exec.data && exec.data.resultData && exec.data.resultData.runData && exec.data.resultData.runData[nodeName];
	if (!runs || !runs[0]) return undefined;
	const t = runs[0];
	const out = (t.data && t.data.main && t.data.main[0]) || [];
	return { startTime: t.startTime, executionTime: t.executionTime, items: out, error: t.error };
}

/** Server-side wall time of an execution (startedAt → stoppedAt), ms. */
function execWallMs(exec) {
	return new Date(exec.stoppedAt).getTime() - new Date(exec.startedAt).getTime();
}

// ---------------------------------------------------------------------------------------------
// memory of a process tree, from /proc

function readStatusKb(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const rss = /VmRSS:\s+(\d+)/.exec(text);
		const hwm = /VmHWM:\s+(\d+)/.exec(text);
		return { rss: rss ? Number(rss[1]) : 0, hwm: hwm ? Number(hwm[1]) : 0 };
	} catch {
		return null;
	}
}

function descendants(rootPid) {
	const children = new Map();
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(d));
		} catch {
			/* gone */
		}
	}
	const out = [];
	const queue = [rootPid];
	while (queue.length) {
		const p = queue.shift();
		for (const c of children.get(p) || []) {
			out.push(c);
			queue.push(c);
		}
	}
	return out;
}

const CLK_TCK = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** CPU time (user + system, ms; resolution 1/CLK_TCK s) used so far by a process and its descendants. */
function cpuMsOfTree(rootPid) {
	let ticks = 0;
	for (const pid of [rootPid, ...descendants(rootPid)]) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(f[11]) + Number(f[12]);
		} catch {
			/* gone */
		}
	}
	return (ticks * 1000) / CLK_TCK;
}

/** Resets the kernel's peak-RSS mark (VmHWM) of a process to its current RSS (Linux ≥ 4.0). */
function resetPeak(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/**
 * Samples VmRSS of `rootPid` and of all its descendants every `intervalMs`.
 * stop() → { samples: [{t, main, tree}] (kB), peakMainHwmKb (kernel high-water mark since start,
 * if resettable), pids }.
 */
function startRssSampler(rootPid, intervalMs = 20) {
	const hwmReset = resetPeak(rootPid);
	let kids = descendants(rootPid);
	for (const k of kids) resetPeak(k);
	let lastScan = Date.now();
	const samples = [];
	const allPids = new Set(kids);
	const tick = () => {
		const now = Date.now();
		if (now - lastScan > 500) {
			kids = descendants(rootPid);
			kids.forEach((k) => allPids.add(k));
			lastScan = now;
		}
		const main = readStatusKb(rootPid);
		if (!main) return;
		let tree = main.rss;
		for (const k of kids) {
			const s = readStatusKb(k);
			if (s) tree += s.rss;
		}
		samples.push({ t: now, main: main.rss, tree });
	};
	tick();
	const timer = setInterval(tick, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			tick();
			const main = readStatusKb(rootPid);
			return { samples, peakMainHwmKb: hwmReset && main ? main.hwm : null, pids: [rootPid, ...allPids] };
		},
	};
}

// ---------------------------------------------------------------------------------------------
// numbers and output

function median(xs) {
	const a = xs.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
	if (!a.length) return NaN;
	const m = Math.floor(a.length / 2);
	return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');

/** Prints rows (arrays of strings) as an aligned text table; first row is the header. */
function table(rows, { alignRight = [] } = {}) {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
	const line = (r) =>
		r
			.map((cell, c) => {
				const s = String(cell ?? '');
				return alignRight.includes(c) ? s.padStart(widths[c]) : s.padEnd(widths[c]);
			})
			.join('  ')
			.trimEnd();
	const out = [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  ')];
	for (const r of rows.slice(1)) out.push(line(r));
	return out.join('\n');
}

function writeResults(name, data) {
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	const file = path.join(RESULTS_DIR, `${name}.json`);
	fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
	return file;
}

/**
 * The benchmarks' command line (scripts/cli.js) from a spec { key: { type, default } }: each key
 * is `--kebab-case`, a boolean also `--no-…`; exits with the help for --help or a bad option.
 */
function parseArgs(argv, spec, help) {
	const options = {};
	for (const [key, { type, default: fallback }] of Object.entries(spec)) {
		const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
		if (type === 'boolean') {
			options[flag] = { key, default: fallback, set: true };
			options[flag.replace(/^--/, '--no-')] = { key, default: fallback, set: false };
		} else {
			options[flag] = { key, default: fallback, value: type === 'number' ? cli.values.number : String };
		}
	}
	return cli.commandLine(options, help, undefined, argv);
}

module.exports = {
	ROOT,
	BENCH_CACHE,
	RESULTS_DIR,
	onCleanup,
	runCleanups,
	runMain,
	startChild,
	buildAndPack,
	gitState,
	machineInfo,
	setupN8n,
	runWorkflow,
	nodeRun,
	execWallMs,
	readStatusKb,
	descendants,
	resetPeak,
	cpuMsOfTree,
	startRssSampler,
	median,
	fmt,
	table,
	writeResults,
	parseArgs,
};
