'use strict';
/**
 * Book-keeping for every process `npm run test:queue` starts (Redis, PostgreSQL, n8n main, n8n
 * workers). Each one is spawned `detached`, so its PID is also its process-group id; stopping it
 * signals that group by PID (never by name). `stopAll()` runs from finally blocks and signal
 * handlers; an 'exit' hook SIGKILLs whatever is still registered if the test dies abruptly.
 */

const fs = require('node:fs');
const processes = require('./processes');
const { alive, sleep } = processes;

const registry = new Map(); // pid → { name, pid, stopSignal, graceMs, onStopped }

/** Registers a detached child (its PID is its group id). */
function track(name, pid, { stopSignal = 'SIGTERM', graceMs = 15_000, onStopped } = {}) {
	registry.set(pid, { name, pid, stopSignal, graceMs, onStopped });
	return pid;
}

function untrack(pid) {
	registry.delete(pid);
}

/** Stops the group of `pid` (its signal, then SIGKILL after graceMs) and forgets it. */
async function stopGroup(pid, options) {
	await processes.stopGroup(pid, options);
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
		processes.signal(e.pid, 'SIGKILL');
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
