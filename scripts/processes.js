'use strict';
/**
 * Stopping the processes the scripts start, by PID only (never by name). Children are spawned
 * `detached`, so a child's PID is also the id of its process group and one signal reaches the
 * child and everything it started. Node built-ins only.
 */

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** True while the process (or, with group, its process group) exists. */
function alive(pid, group = true) {
	try {
		process.kill(group ? -pid : pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** Sends a signal to a process (or its group); a process that is already gone is not an error. */
function signal(pid, name, group = true) {
	try {
		process.kill(group ? -pid : pid, name);
	} catch {
		/* gone */
	}
}

/** Signals the group of `pid`, waits up to graceMs for it to end, then SIGKILLs what is left. */
async function stopGroup(pid, { signal: first = 'SIGTERM', graceMs = 15_000 } = {}) {
	if (!alive(pid)) return;
	signal(pid, first);
	const until = Date.now() + graceMs;
	while (Date.now() < until && alive(pid)) await sleep(100);
	if (!alive(pid)) return;
	signal(pid, 'SIGKILL');
	const hardUntil = Date.now() + 10_000;
	while (Date.now() < hardUntil && alive(pid)) await sleep(50);
}

module.exports = { alive, signal, stopGroup, sleep };
