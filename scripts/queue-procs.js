'use strict';
/**
 * Book-keeping for every process `npm run test:queue` starts (Redis, PostgreSQL, n8n main, n8n
 * workers). Each one is spawned `detached`, so its PID is also its process-group id; stopping it
 * signals that group by PID (never by name). `stopAll()` runs from finally blocks and signal
 * handlers; an 'exit' hook SIGKILLs whatever is still registered if the test dies abruptly.
 */

const fs = require('node:fs');

const registry = new Map(); // pid → { name, pid, stopSignal, graceMs, onStopped }

function alive(pid, group = true) {
	try {
		process.kill(group ? -pid : pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Registers a detached child (its PID is its group id). */
function track(name, pid, { stopSignal = 'SIGTERM', graceMs = 15_000, onStopped } = {}) {
	registry.set(pid, { name, pid, stopSignal, graceMs, onStopped });
	return pid;
}

function untrack(pid) {
	registry.delete(pid);
}

/** Signals the group of `pid`, waits up to graceMs, then SIGKILLs the group. */
async function stopGroup(pid, { signal = 'SIGTERM', graceMs = 15_000 } = {}) {
	if (alive(pid)) {
		try {
			process.kill(-pid, signal);
		} catch {
			/* gone */
		}
		const until = Date.now() + graceMs;
		while (Date.now() < until && alive(pid)) await sleep(100);
		if (alive(pid)) {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			const hardUntil = Date.now() + 10_000;
			while (Date.now() < hardUntil && alive(pid)) await sleep(50);
		}
	}
	const entry = registry.get(pid);
	registry.delete(pid);
	if (entry && entry.onStopped) {
		try {
			entry.onStopped();
		} catch {
			/* best effort */
		}
	}
}

async function stop(pid) {
	const entry = registry.get(pid);
	await stopGroup(pid, entry ? { signal: entry.stopSignal, graceMs: entry.graceMs } : {});
}

/** Stops everything still registered, newest first (n8n before Redis/PostgreSQL). */
async function stopAll(log = () => {}) {
	const entries = [...registry.values()].reverse();
	for (const e of entries) {
		log(`stopping ${e.name} (pid ${e.pid})`);
		await stopGroup(e.pid, { signal: e.stopSignal, graceMs: e.graceMs });
	}
}

function list() {
	return [...registry.values()].map(({ name, pid }) => ({ name, pid, alive: alive(pid) }));
}

process.on('exit', () => {
	for (const e of registry.values()) {
		try {
			process.kill(-e.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
		if (e.onStopped) {
			try {
				e.onStopped();
			} catch {
				/* best effort */
			}
		}
	}
});

/** Last `n` lines of a log file (for error messages). */
function tail(file, n = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
	} catch {
		return '';
	}
}

module.exports = { track, untrack, stop, stopGroup, stopAll, alive, list, tail, sleep };
