#!/usr/bin/env node
'use strict';
/**
 * `npm run test:browser`: the node in n8n's real editor, in a headless Chromium driven by
 * playwright-core. Starts `npm start` (scripts/start.js) on free ports with a fresh user folder,
 * signs in as the owner, opens every example workflow and the node's panel for each platform,
 * fills conversation pickers from the mock vendors' lists, saves screenshots to docs/screenshots/.
 * Checks: test/browser/editor-checks.js; expectations: test/browser/expectations.js. See --help.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT, CACHE } = require('./runtime/paths');
const { DEFAULT_N8N_VERSION } = require('./runtime/versions');
const { runChecked } = require('./runtime/commands');
const { NODE_TYPE, ACTIONS_NODE_TYPE } = require('./runtime/package');
const { freePort } = require('./runtime/ports');
const { OWNER, N8nRest } = require('./runtime/rest');
const { commandLine } = require('./cli');
const processes = require('./processes');
const creds = require('./credentials');

const CHROMIUM_DEFAULT = '/usr/bin/chromium';
const PLAYWRIGHT_FALLBACK_VERSION = '1.65.1';
const USER_FOLDER = path.join(CACHE, 'browser-test');
const ARTIFACTS = path.join(CACHE, 'browser-test-artifacts');

const HELP = `Usage: npm run test:browser -- [options]     (or: node scripts/browser-test.js [options])

Starts \`npm start\` (n8n ${DEFAULT_N8N_VERSION}, the mock vendors, the examples, an owner) on free ports
with a fresh user folder (${path.relative(ROOT, USER_FOLDER)}/), then drives its editor in headless
Chromium: signs in, opens every example workflow and the node's panel for each platform, checks the
fields and the credential selector, picks conversations from the mock vendors' lists, and saves
screenshots to docs/screenshots/. Prints "N passed, N failed"; exits non-zero on any failure.
Stops everything it started, also on failure or Ctrl-C.

Installs what is missing: Chromium (apt-get install -y chromium, as root) and playwright-core
(into .cache/ when it is not in node_modules).

Options:
  --no-build           install the last packed tarball instead of building and packing again
  --url <editor URL>   test an n8n that is already running (e.g. your \`npm start\`) instead;
                       its mock log is <user folder>/mock-vendors.log, see --user-folder
  --user-folder <dir>  with --url: that n8n's user folder (default .cache/start-${DEFAULT_N8N_VERSION})
  --screenshots <dir>  where screenshots go (default docs/screenshots)
  -h, --help

Environment: CM_CHROMIUM=/path/to/chromium (default ${CHROMIUM_DEFAULT}).
On failure: a screenshot and the HTML of the page per failed check in ${path.relative(ROOT, ARTIFACTS)}/,
logs of n8n and the mock vendors in ${path.relative(ROOT, USER_FOLDER)}/ (n8n.log, mock-vendors.log, start.log).
`;

const OPTIONS = {
	'--no-build': { key: 'build', default: true },
	'--url': { default: '', value: (text) => text.replace(/\/+$/, '') },
	'--user-folder': { default: '', value: (text) => path.resolve(text) },
	'--screenshots': { default: path.join(ROOT, 'docs', 'screenshots'), value: (text) => path.resolve(text) },
};

const log = (...args) => console.log('[browser-test]', ...args);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// what the test needs: Chromium (Debian's package) and playwright-core

async function ensureChromium() {
	const bin = process.env.CM_CHROMIUM || CHROMIUM_DEFAULT;
	if (fs.existsSync(bin)) return bin;
	if (process.env.CM_CHROMIUM) throw new Error(`CM_CHROMIUM=${bin} does not exist`);
	if (process.platform !== 'linux' || !fs.existsSync('/usr/bin/apt-get')) {
		throw new Error(`no Chromium at ${bin}: install Chromium and set CM_CHROMIUM=/path/to/chromium`);
	}
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`no Chromium at ${bin}: run \`sudo apt-get install -y chromium\` (or set CM_CHROMIUM)`);
	}
	const t0 = Date.now();
	log('installing Chromium (apt-get install -y chromium) …');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const logFile = path.join(CACHE, 'install-chromium.log');
	fs.mkdirSync(CACHE, { recursive: true });
	fs.writeFileSync(logFile, '');
	await runChecked('apt-get', ['update'], { env, logFile });
	await runChecked('apt-get', ['install', '-y', 'chromium'], { env, logFile });
	if (!fs.existsSync(bin)) throw new Error(`apt-get installed chromium but ${bin} is missing (see ${path.relative(ROOT, logFile)})`);
	log(`Chromium installed in ${secs(Date.now() - t0)}`);
	return bin;
}

/** playwright-core from node_modules (devDependency), else installed once into .cache/. */
async function loadPlaywright() {
	try {
		return require('playwright-core');
	} catch (e) {
		if (e.code !== 'MODULE_NOT_FOUND') throw e;
	}
	const wanted = readDevDependency('playwright-core') || PLAYWRIGHT_FALLBACK_VERSION;
	const dir = path.join(CACHE, 'playwright-core');
	const entry = path.join(dir, 'node_modules', 'playwright-core');
	if (!fs.existsSync(path.join(entry, 'package.json'))) {
		log(`playwright-core is not in node_modules: installing playwright-core@${wanted} into ${path.relative(ROOT, dir)}/ …`);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'browser-test-tools', private: true }, null, 2));
		const env = {};
		for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
		await runChecked('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `playwright-core@${wanted}`], { cwd: dir, env });
	}
	return require(entry);
}

function readDevDependency(name) {
	try {
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		return (pkg.devDependencies || {})[name];
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------
// `npm start` as a child process

/** Spawns scripts/start.js in its own process group; resolves once it prints the editor URL. */
async function startEditor({ build }, onSpawn = () => {}) {
	const port = await freePort();
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	const args = [
		path.join(ROOT, 'scripts', 'start.js'),
		'--n8n', DEFAULT_N8N_VERSION,
		'--port', String(port),
		'--mock-port', '0',
		'--user-folder', USER_FOLDER,
		'--fresh',
	];
	if (!build) args.push('--no-build');
	const env = { ...process.env };
	delete env.CM_VENDORS; // always the mock vendors
	log(`starting npm start: node ${args.map((a) => (a.startsWith(ROOT) ? path.relative(ROOT, a) : a)).join(' ')} …`);
	const child = spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	// --fresh empties the user folder, so the copy of start's output goes beside it until it is up
	const outFile = path.join(CACHE, 'browser-test-start.log');
	const out = fs.createWriteStream(outFile);
	let output = '';
	let exited = null;
	const exitedP = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
	let ready = false;
	const onData = (d) => {
		const s = d.toString();
		out.write(s);
		if (!ready) {
			output += s;
			for (const line of s.split('\n')) if (/^\[n8n-runtime\]|failed/.test(line)) log(`  npm start: ${line.replace(/^\[n8n-runtime\] /, '')}`);
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const handle = { child, port, exited: () => exited, exitedP, outFile };
	onSpawn(handle);
	const t0 = Date.now();
	const limitMs = 25 * 60_000; // the first run installs n8n (3-5 min on a fast machine)
	for (;;) {
		const m = /n8n \S+ is running:\s+(http:\/\/\S+)/.exec(output);
		if (m) {
			ready = true;
			handle.url = m[1];
			break;
		}
		if (exited) throw Object.assign(new Error(`npm start exited (${exited.code ?? exited.signal}) before the editor was up:\n${tail(output, 30)}`), { handle });
		if (Date.now() - t0 > limitMs) throw Object.assign(new Error(`npm start did not print the editor URL within ${limitMs / 60_000} min:\n${tail(output, 30)}`), { handle });
		await new Promise((r) => setTimeout(r, 250));
	}
	log(`n8n is up at ${handle.url} after ${secs(Date.now() - t0)}`);
	return handle;
}

function tail(text, n) {
	return text.split('\n').slice(-n).join('\n');
}

/** Processes whose environment or working directory names the test's n8n user folder. */
function processesOfUserFolder(folder) {
	const found = [];
	let entries = [];
	try {
		entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
	} catch {
		return found;
	}
	for (const d of entries) {
		const pid = Number(d);
		if (pid === process.pid) continue;
		try {
			const cwd = fs.readlinkSync(`/proc/${d}/cwd`);
			const environ = fs.readFileSync(`/proc/${d}/environ`, 'utf8');
			if (cwd === folder || cwd.startsWith(`${folder}${path.sep}`) || environ.split('\0').includes(`N8N_USER_FOLDER=${folder}`)) found.push(pid);
		} catch {
			/* gone, or not ours to read */
		}
	}
	return found;
}

/** Last resort when this process exits without cleaning up: SIGKILL what npm start left. */
function killEditorNow(handle) {
	if (!handle || handle.stopped) return;
	processes.signal(handle.child.pid, 'SIGKILL');
	for (const pid of processesOfUserFolder(USER_FOLDER)) processes.signal(pid, 'SIGKILL', false);
}

/** Ctrl-C for npm start (it stops n8n and the mocks), then SIGKILL for anything left behind. */
async function stopEditor(handle) {
	if (handle.stopped) return;
	const { child } = handle;
	if (!handle.exited()) {
		processes.signal(child.pid, 'SIGINT', false);
		await Promise.race([handle.exitedP, processes.sleep(45_000)]);
	}
	processes.signal(child.pid, 'SIGKILL');
	// n8n runs in a process group of its own (started detached by scripts/runtime/n8n-process.js)
	for (let round = 0; round < 3; round++) {
		const left = processesOfUserFolder(USER_FOLDER);
		if (!left.length) break;
		if (round === 0) log(`stopping ${left.length} process(es) npm start left behind (${left.join(', ')})`);
		for (const pid of left) processes.signal(pid, 'SIGKILL', false);
		await processes.sleep(500);
	}
	handle.stopped = true;
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const opts = commandLine(OPTIONS, HELP);

	const t0 = Date.now();
	const results = [];
	const cleanups = [];
	let cleaning = null;
	const cleanup = () =>
		(cleaning ||= (async () => {
			for (const fn of cleanups.reverse()) {
				try {
					await fn();
				} catch (e) {
					console.error(`[browser-test] cleanup: ${e.message}`);
				}
			}
		})());
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			log(`${sig}: stopping …`);
			cleanup().finally(() => process.exit(130));
		});
	}

	let setupError;
	try {
		fs.rmSync(ARTIFACTS, { recursive: true, force: true });
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		const [executablePath, playwright] = await Promise.all([ensureChromium(), loadPlaywright()]);

		let url = opts.url;
		let mockLog;
		if (url) {
			mockLog = path.join(opts.userFolder || path.join(CACHE, `start-${DEFAULT_N8N_VERSION}`), 'mock-vendors.log');
			if (!fs.existsSync(mockLog)) log(`no mock log at ${mockLog}: the checks of vendor requests will fail (see --user-folder)`);
		} else {
			let handle;
			try {
				handle = await startEditor(opts, (h) => {
					handle = h;
					process.on('exit', () => killEditorNow(h));
					cleanups.push(async () => {
						await stopEditor(h);
						try {
							fs.copyFileSync(h.outFile, path.join(USER_FOLDER, 'start.log'));
							fs.rmSync(h.outFile, { force: true });
						} catch {
							/* keep it where it is */
						}
					});
				});
			} catch (e) {
				if (e.handle) await stopEditor(e.handle);
				throw e;
			}
			url = handle.url;
			mockLog = path.join(USER_FOLDER, 'mock-vendors.log');
		}

		const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-browser-test-'));
		cleanups.push(() => fs.rmSync(userDataDir, { recursive: true, force: true }));
		const context = await playwright.chromium.launchPersistentContext(userDataDir, {
			executablePath,
			headless: true,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
			// our own SIGINT/SIGTERM/SIGHUP handlers close the browser after stopping npm start
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
			viewport: { width: 1440, height: 900 },
			locale: 'en-US',
			timezoneId: 'UTC',
		});
		cleanups.push(() => context.close());
		context.setDefaultTimeout(30_000);
		context.setDefaultNavigationTimeout(90_000);
		context.on('page', (p) => p.on('dialog', (d) => d.accept().catch(() => {}))); // "leave page?" on unsaved edits
		log(`headless Chromium (${executablePath}) is up; running the checks`);

		let current;
		let failures = 0;
		const check = async (name, fn) => {
			const started = Date.now();
			try {
				await fn();
				results.push({ name, ok: true });
				console.log(`  ✔ ${name} (${secs(Date.now() - started)})`);
				return true;
			} catch (e) {
				failures++;
				results.push({ name, ok: false, error: e });
				console.log(`  ✘ ${name} (${secs(Date.now() - started)})\n      ${String(e.message).split('\n').slice(0, 6).join('\n      ')}`);
				if (current && !current.isClosed()) {
					const base = path.join(ARTIFACTS, `${String(failures).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80)}`);
					await current.screenshot({ path: `${base}.png` }).catch(() => {});
					await current.content().then((html) => fs.writeFileSync(`${base}.html`, html)).catch(() => {});
				}
				return false;
			}
		};

		const examples = fs
			.readdirSync(path.join(ROOT, 'examples'))
			.filter((f) => f.endsWith('.json'))
			.sort()
			.map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8')));
		const rest = new N8nRest(url);
		await rest.login(OWNER);
		const { runEditorChecks } = require('../test/browser/editor-checks');
		await runEditorChecks({
			context,
			url,
			owner: OWNER,
			nodeType: NODE_TYPE,
			actionsNodeType: ACTIONS_NODE_TYPE,
			examples,
			credentialRefs: creds.CREDENTIAL_REFS,
			mockLog,
			screenshotsDir: opts.screenshots,
			check,
			setPage: (p) => (current = p),
			rest,
		});
	} catch (e) {
		setupError = e;
		console.error(`[browser-test] ✘ ${e.stack || e.message}`);
	} finally {
		await cleanup();
	}

	const passed = results.filter((r) => r.ok).length;
	const failed = results.filter((r) => !r.ok);
	console.log('');
	for (const f of failed) console.log(`FAILED ${f.name}: ${String(f.error && f.error.message).split('\n')[0]}`);
	if (setupError) console.log(`FAILED set-up: ${String(setupError.message).split('\n')[0]}`);
	if (failed.length || setupError) console.log(`artifacts: ${path.relative(process.cwd(), ARTIFACTS)}/, logs: ${path.relative(process.cwd(), USER_FOLDER)}/`);
	console.log(`browser test finished in ${secs(Date.now() - t0)}; screenshots in ${path.relative(process.cwd(), opts.screenshots) || '.'}/`);
	console.log(`${passed} passed, ${failed.length + (setupError ? 1 : 0)} failed`);
	return failed.length || setupError ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(e);
		process.exit(1);
	},
);
