'use strict';
/** Running a command (npm, tar, node, n8n) and waiting for it, with its output kept or logged. */

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT } = require('./paths');
const { log } = require('./log');

/** Runs a command; resolves { code, stdout, stderr }. Rejects only if it cannot be spawned. */
function run(cmd, args, opts = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			cwd: opts.cwd || ROOT,
			env: opts.env || process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		const logStream = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : null;
		child.stdout.on('data', (d) => {
			if (opts.captureStdout !== false) stdout += d;
			if (logStream) logStream.write(d);
			if (opts.echo) process.stdout.write(d);
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			if (stderr.length > 4_000_000) stderr = stderr.slice(-2_000_000);
			if (logStream) logStream.write(d);
			if (opts.echo) process.stderr.write(d);
		});
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (logStream) logStream.end();
			resolve({ code: code === null ? 128 : code, signal, stdout, stderr });
		});
	});
}

async function runChecked(cmd, args, opts = {}) {
	const res = await run(cmd, args, opts);
	if (res.code !== 0) {
		const tail = (res.stderr || res.stdout).split('\n').slice(-40).join('\n');
		const where = opts.logFile ? ` (full log: ${path.relative(ROOT, opts.logFile)})` : '';
		throw new Error(`\`${cmd} ${args.join(' ')}\` failed with exit code ${res.code}${where}\n${tail}`);
	}
	return res;
}

/** Prints "still working" lines while a long promise runs. */
async function withHeartbeat(label, promise, everyMs = 30_000) {
	const started = Date.now();
	const timer = setInterval(() => {
		log(`${label}: still running (${Math.round((Date.now() - started) / 1000)} s)`);
	}, everyMs);
	try {
		return await promise;
	} finally {
		clearInterval(timer);
	}
}

/**
 * process.env without the npm_* variables an enclosing `npm run`/`npm start` sets (they act as npm
 * config, e.g. this repo's ignore-scripts, in npm processes we start in other folders).
 */
function cleanEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
	return { ...env, ...extra };
}

function npmBin() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

module.exports = { run, runChecked, withHeartbeat, cleanEnv, npmBin };
