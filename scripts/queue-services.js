'use strict';
/**
 * Redis and PostgreSQL for `npm run test:queue`, on loopback, throw-away:
 *   - installed from Debian (`apt-get install redis-server postgresql`) when missing (needs root);
 *   - Redis runs in the foreground (no persistence) with its dir under the run folder;
 *   - PostgreSQL gets a fresh cluster (initdb) in a new temp dir, runs as the `postgres` user when
 *     we are root, with fsync off (test data only), and its dir is deleted when it stops.
 * Both are spawned detached and registered with queue-procs.js, so they are stopped by PID.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn } = require('node:child_process');
const { run, runChecked } = require('./runtime/commands');
const procs = require('./queue-procs');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function which(bin) {
	for (const dir of String(process.env.PATH || '').split(path.delimiter).concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
		const p = path.join(dir, bin);
		try {
			fs.accessSync(p, fs.constants.X_OK);
			return p;
		} catch {
			/* next */
		}
	}
	return null;
}

function postgresBinDir() {
	if (process.env.QUEUE_TEST_PG_BINDIR) return process.env.QUEUE_TEST_PG_BINDIR;
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return null;
	const versions = fs
		.readdirSync(base)
		.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres')) && fs.existsSync(path.join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : null;
}

let aptUpdated = false;
/** apt-get install (update first only when the package lists do not know the package). */
async function aptInstall(packages, log) {
	if (!isRoot) {
		throw new Error(`${packages.join(', ')} missing and we are not root: install them (apt-get install -y ${packages.join(' ')}) or run as root`);
	}
	if (!which('apt-get')) throw new Error(`${packages.join(', ')} missing and apt-get is not available on this machine`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const args = ['-o', 'DPkg::Lock::Timeout=180', 'install', '-y', '-q', '--no-install-recommends', ...packages];
	const t0 = Date.now();
	log(`apt-get install ${packages.join(' ')} …`);
	let res = await run('apt-get', args, { env });
	if (res.code !== 0 && !aptUpdated) {
		log('apt-get install failed; running apt-get update and trying again …');
		await runChecked('apt-get', ['-o', 'DPkg::Lock::Timeout=180', 'update', '-q'], { env });
		aptUpdated = true;
		res = await run('apt-get', args, { env });
	}
	if (res.code !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed:\n${(res.stderr || res.stdout).split('\n').slice(-20).join('\n')}`);
	log(`installed ${packages.join(' ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	return Date.now() - t0;
}

/** Installs whatever of Redis / PostgreSQL is missing. Returns { redisBin, pgBinDir, installMs }. */
async function ensureServices(log) {
	const missing = [];
	if (!which('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	let installMs = 0;
	if (missing.length) installMs = await aptInstall(missing, log);
	const redisBin = which('redis-server');
	const pgBinDir = postgresBinDir();
	if (!redisBin) throw new Error('redis-server not found after install');
	if (!pgBinDir) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin after install');
	return { redisBin, pgBinDir, installMs, installed: missing };
}

// ---------------------------------------------------------------------------------------------- Redis

function redisPing(port, timeoutMs = 1000) {
	return new Promise((resolve) => {
		const sock = net.connect({ host: '127.0.0.1', port });
		let buf = '';
		const done = (ok) => {
			sock.destroy();
			resolve(ok);
		};
		sock.setTimeout(timeoutMs, () => done(false));
		sock.on('connect', () => sock.write('PING\r\n'));
		sock.on('data', (d) => {
			buf += d;
			if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
		});
		sock.on('error', () => done(false));
	});
}

async function startRedis({ redisBin, dir, port, log }) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(
		redisBin,
		['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'no'],
		{ cwd: dir, detached: true, stdio: ['ignore', out, out] },
	);
	fs.closeSync(out);
	procs.track('redis-server', child.pid, { graceMs: 5000 });
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const until = Date.now() + 30_000;
	while (!(await redisPing(port))) {
		if (exited) throw new Error(`redis-server exited (${JSON.stringify(exited)}):\n${procs.tail(logFile)}`);
		if (Date.now() > until) throw new Error(`redis-server did not answer PING on ${port}:\n${procs.tail(logFile)}`);
		await procs.sleep(100);
	}
	log(`Redis on 127.0.0.1:${port} (pid ${child.pid})`);
	return { pid: child.pid, port, logFile, stop: () => procs.stop(child.pid) };
}

// ------------------------------------------------------------------------------------------ PostgreSQL

function postgresAccount() {
	if (!isRoot) return null;
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('running as root but there is no `postgres` user (the postgresql package creates it)');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** Removes temp clusters left by runs that were killed with SIGKILL (their postmaster is gone). */
function removeStaleClusters() {
	const tmp = os.tmpdir();
	for (const name of fs.readdirSync(tmp)) {
		if (!name.startsWith('cm-queue-pg-')) continue;
		const dir = path.join(tmp, name);
		const pidFile = path.join(dir, 'data', 'postmaster.pid');
		let pid = 0;
		try {
			pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) || 0;
		} catch {
			/* none */
		}
		if (pid && procs.alive(pid, false)) continue;
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function loadPg(n8nDir) {
	const p = require.resolve('pg', { paths: [path.join(n8nDir, 'node_modules', 'n8n'), n8nDir] });
	return require(p);
}

async function startPostgres({ pgBinDir, port, n8nDir, log, database = 'n8n' }) {
	removeStaleClusters();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-queue-pg-'));
	fs.chmodSync(dir, 0o755);
	const data = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const account = postgresAccount();
	if (account) fs.chownSync(dir, account.uid, account.gid);
	const ids = account ? { uid: account.uid, gid: account.gid } : {};
	const env = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C', HOME: dir };

	const init = await new Promise((resolve, reject) => {
		const c = spawn(path.join(pgBinDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
			cwd: dir,
			env,
			...ids,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let outText = '';
		c.stdout.on('data', (d) => (outText += d));
		c.stderr.on('data', (d) => (outText += d));
		c.on('error', reject);
		c.on('close', (code) => resolve({ code, outText }));
	});
	if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${init.outText.split('\n').slice(-20).join('\n')}`);

	const out = fs.openSync(logFile, 'a');
	if (account) fs.fchownSync(out, account.uid, account.gid);
	const child = spawn(
		path.join(pgBinDir, 'postgres'),
		[
			'-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
			'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
		],
		{ cwd: dir, env, ...ids, detached: true, stdio: ['ignore', out, out] },
	);
	fs.closeSync(out);
	// SIGINT = PostgreSQL's "fast" shutdown; the temp cluster is deleted once it has stopped.
	procs.track('postgres', child.pid, { stopSignal: 'SIGINT', graceMs: 15_000, onStopped: () => fs.rmSync(dir, { recursive: true, force: true }) });
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));

	const { Client } = loadPg(n8nDir);
	const connect = async (db) => {
		const c = new Client({ host: '127.0.0.1', port, user: 'postgres', database: db });
		c.on('error', () => {}); // the server going away at shutdown must not crash the test
		await c.connect();
		return c;
	};
	const until = Date.now() + 60_000;
	let admin;
	for (;;) {
		try {
			admin = await connect('postgres');
			break;
		} catch (e) {
			if (exited) throw new Error(`postgres exited (${JSON.stringify(exited)}):\n${procs.tail(logFile)}`);
			if (Date.now() > until) throw new Error(`postgres did not accept connections on ${port}: ${e.message}\n${procs.tail(logFile)}`);
			await procs.sleep(200);
		}
	}
	await admin.query(`CREATE DATABASE ${database}`);
	const version = (await admin.query('SHOW server_version')).rows[0].server_version;
	await admin.end();
	const client = await connect(database);
	log(`PostgreSQL ${version} on 127.0.0.1:${port} (pid ${child.pid}, cluster ${data})`);
	return {
		pid: child.pid,
		port,
		version,
		database,
		logFile,
		query: (sql, params) => client.query(sql, params),
		stop: async () => {
			await client.end().catch(() => {});
			await procs.stop(child.pid);
		},
		close: () => client.end().catch(() => {}),
	};
}

module.exports = { ensureServices, startRedis, startPostgres, which };
