'use strict';
/**
 * Installing into `.cache/` once: once per process (a memo of the promise), once across processes
 * (a lock file, for two `npm start`/CI jobs in one clone), and once for good (a marker file that
 * each install writes only after it succeeded, so a second call is a no-op).
 */

const fs = require('node:fs');
const path = require('node:path');
const processes = require('../processes');
const { CACHE } = require('./paths');
const { log } = require('./log');

const MARKER = '.installed-ok';

async function withLock(name, fn) {
	fs.mkdirSync(CACHE, { recursive: true });
	const lock = path.join(CACHE, `${name}.lock`);
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			const owner = Number(fs.readFileSync(lock, 'utf8')) || 0;
			if (!owner || !processes.alive(owner, false) || owner === process.pid) {
				fs.rmSync(lock, { force: true });
				continue;
			}
			if (!announced) log(`waiting for another process (pid ${owner}) that is installing ${name}`);
			announced = true;
			await new Promise((r) => setTimeout(r, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { force: true });
	}
}

const memo = new Map();
function once(key, fn) {
	if (!memo.has(key)) {
		const p = fn();
		memo.set(key, p);
		p.catch(() => memo.delete(key));
	}
	return memo.get(key);
}

module.exports = { MARKER, withLock, once };
