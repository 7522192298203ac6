#!/usr/bin/env node
'use strict';
/**
 * `npm start`: a local n8n with this package installed the way a user installs it, credentials for
 * all six platforms (pointed at loopback mock vendors, or at the real ones), the examples/
 * workflows imported and an owner account. Ctrl-C stops everything. See --help.
 */

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, CACHE } = require('./runtime/paths');
const { log } = require('./runtime/log');
const { DEFAULT_N8N_VERSION, LEGACY_N8N_VERSION } = require('./runtime/versions');
const { runChecked } = require('./runtime/commands');
const { ensureN8n } = require('./runtime/n8n-install');
const { PACKAGE_NAME, packPackage, installPackageLikeUser } = require('./runtime/package');
const { freePort } = require('./runtime/ports');
const { startN8n } = require('./runtime/n8n-process');
const { importCredentials, importWorkflows } = require('./runtime/n8n-cli');
const { OWNER, N8nRest } = require('./runtime/rest');
const { commandLine, values } = require('./cli');
const creds = require('./credentials');
const { startCustomerPage } = require('./customer-page');

/** The example that is active from the start: the trigger's round trip, visible in a minute. */
const AUTO_REPLY_WORKFLOW = 'cmExAutoReply001';

const HELP = `Usage: npm start -- [options]        (or: node scripts/start.js [options])

Starts a local n8n with this package installed like a user installs it, the example workflows
from examples/ imported, credentials for all six platforms and an owner account.
Everything it downloads goes to .cache/ (git-ignored); the first run takes ~5-8 minutes.

Options (each also as an environment variable):
  --n8n <version>      n8n version: ${DEFAULT_N8N_VERSION} (default, runs on Node 24, fetched into .cache/)
                       or ${LEGACY_N8N_VERSION} (the last 1.x, runs on this machine's Node)   [CM_N8N_VERSION]
  --port <port>        editor/API port (default 5678)                                       [CM_PORT]
  --real               talk to the real vendors instead of the local mocks; credentials come
                       from the variables below (platforms without them get no credential) [CM_VENDORS=real]
  --mock-port <port>   first port of the six mock vendors (default 5701..5706; 0 = any)    [CM_MOCK_PORT]
  --user-folder <dir>  n8n user folder (default .cache/start-<version>[-real])                   [CM_USER_FOLDER]
  --fresh              delete the user folder first (new database, owner, executions)
  --no-build           install the last packed tarball instead of building and packing again
  -h, --help           this text

Login: ${OWNER.email} / ${OWNER.password}

Real vendors (--real):
${creds.ENV_HELP}

Mock vendors: every request they receive is printed here and written to
<user folder>/mock-vendors.log (secrets redacted). The example workflows use ids that exist on the
mocks (conversation 42, 141, 12, 5, refund-request …); with --real, change them before running.
`;

const OPTIONS = {
	'--n8n': { key: 'version', default: process.env.CM_N8N_VERSION || DEFAULT_N8N_VERSION, value: values.version },
	'--port': { default: Number(process.env.CM_PORT || 5678), value: values.number },
	'--real': { default: (process.env.CM_VENDORS || '').toLowerCase() === 'real', set: true },
	'--mock-port': { default: process.env.CM_MOCK_PORT !== undefined ? Number(process.env.CM_MOCK_PORT) : 5701, value: values.number },
	'--user-folder': { default: process.env.CM_USER_FOLDER || '', value: (text) => path.resolve(text) },
	'--fresh': { default: false },
	'--no-build': { key: 'build', default: true },
};

/** Checks the options (CM_* defaults included) and picks the user folder. */
function checkOptions(opts) {
	if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new Error('--port must be a port number');
	values.version(opts.version);
	opts.userFolder = opts.userFolder || path.join(CACHE, `start-${opts.version}${opts.real ? '-real' : ''}`);
}

function loadExamples() {
	const dir = path.join(ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** Prints one line per request a mock vendor answered. */
function watchMocks(mocks) {
	const seen = new Map();
	const timer = setInterval(() => {
		for (const key of creds.PLATFORMS) {
			const m = mocks[key];
			const from = seen.get(key) || 0;
			for (const r of m.requests.slice(from)) {
				if (r.status === null && !r.dropped && !r.aborted) break; // still in flight; print next tick
				const files = (r.files || []).map((f) => `${f.filename} (${f.size} B)`).join(', ');
				const shorten = (_k, v) => (typeof v === 'string' && v.length > 80 ? `<${v.length} chars>` : v);
				const body = r.json !== undefined ? JSON.stringify(r.json, shorten) : Object.keys(r.fields || {}).length ? JSON.stringify(r.fields, shorten) : '';
				console.log(
					`[mock ${key}] ${r.method} ${r.path} → ${r.status ?? 'dropped'}${r.authenticated ? '' : ' (not authenticated)'}` +
						(body ? ` ${body.length > 300 ? body.slice(0, 297) + '...' : body}` : '') +
						(files ? ` files: ${files}` : ''),
				);
				seen.set(key, (seen.get(key) || 0) + 1);
			}
		}
	}, 300);
	timer.unref();
	return () => clearInterval(timer);
}

async function ensureDevDependencies() {
	if (fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'))) return;
	log('node_modules is missing: running npm ci (install scripts stay off, see .npmrc) …');
	await runChecked('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, echo: true });
}

async function main() {
	const opts = commandLine(OPTIONS, HELP, checkOptions);

	const cleanups = [];
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		console.log('\nstopping …');
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (e) {
				console.error(`cleanup: ${e.message}`);
			}
		}
		process.exit(code);
	};
	process.on('SIGINT', () => stopAll(0));
	process.on('SIGTERM', () => stopAll(0));
	process.on('SIGHUP', () => stopAll(0));

	try {
		await ensureDevDependencies();
		if (opts.fresh) fs.rmSync(opts.userFolder, { recursive: true, force: true });
		fs.mkdirSync(opts.userFolder, { recursive: true });

		// The n8n install (minutes on the first run) and the package build run side by side.
		const [tarball] = await Promise.all([
			opts.build ? packPackage() : lastTarball(),
			ensureN8n(opts.version),
		]);
		await installPackageLikeUser(opts.userFolder, tarball);

		let credentialList;
		let vendorLine;
		let mocks;
		if (opts.real) {
			const real = creds.realCredentials();
			credentialList = real.credentials;
			vendorLine = `real vendors: ${real.configured.join(', ') || 'none configured'}`;
			for (const [p, vars] of Object.entries(real.missing)) log(`no credential for ${p} (set ${vars.join(', ')})`);
		} else {
			const { startMockVendors } = require('../mocks');
			const logFile = path.join(opts.userFolder, 'mock-vendors.log');
			const ports = {};
			if (opts.mockPort) creds.PLATFORMS.forEach((p, i) => (ports[p] = opts.mockPort + i));
			try {
				mocks = await startMockVendors({ logFile, ports });
			} catch (e) {
				if (!opts.mockPort || e.code !== 'EADDRINUSE') throw e;
				log(`mock ports ${opts.mockPort}-${opts.mockPort + creds.PLATFORMS.length - 1} are busy; using free ports`);
				mocks = await startMockVendors({ logFile });
			}
			cleanups.push(() => mocks.close());
			cleanups.push(watchMocks(mocks));
			credentialList = [...creds.mockCredentials(mocks), ...creds.aiCredentials(mocks)];
			vendorLine = `mock vendors (requests are printed below and logged to ${path.relative(process.cwd(), logFile)}):\n` +
				creds.PLATFORMS.map((p) => `    ${p.padEnd(18)} ${mocks[p].baseUrl}`).join('\n');
		}

		const target = { version: opts.version, userFolder: opts.userFolder };
		if (credentialList.length) {
			log(`importing ${credentialList.length} credential(s) …`);
			await importCredentials(target, credentialList);
		}
		const examples = loadExamples();
		log(`importing ${examples.length} example workflow(s) …`);
		await importWorkflows(target, examples);

		const n8n = await startN8n({ ...target, port: opts.port, logFile: path.join(opts.userFolder, 'n8n.log') });
		cleanups.push(() => n8n.stop());
		n8n.child.on('exit', (code, signal) => {
			if (!stopping) {
				console.error(`n8n exited (${code ?? signal}); see ${n8n.logFile}`);
				stopAll(1);
			}
		});
		const rest = new N8nRest(n8n.url, { version: opts.version });
		await rest.setupOwner();
		let customerLine = '';
		if (mocks) {
			// The two-way example runs as a user would run it: activated, its webhook registered at the mock.
			await rest.activateWorkflow(AUTO_REPLY_WORKFLOW);
			const customerPage = await startCustomerPage(mocks, await freePort());
			cleanups.push(() => customerPage.close());
			customerLine = `\n a customer writes:        ${customerPage.url}   (or: curl -d text=Hello ${customerPage.url}/customer-writes)` +
				`\n                           the active example "${AUTO_REPLY_WORKFLOW}" answers on 99digital`;
		}

		console.log(`
────────────────────────────────────────────────────────────────────────
 n8n ${opts.version} is running:   ${n8n.url}
 login:                    ${OWNER.email}  /  ${OWNER.password}
 nodes:                    Send Conversation Message, Conversation Message Trigger, Conversation Message Polling Trigger
 example workflows:        ${examples.map((w) => `${n8n.url}/workflow/${w.id}`).join('\n                           ')}
 ${vendorLine}${customerLine}
 n8n log:                  ${path.relative(process.cwd(), n8n.logFile)}
 Ctrl-C stops n8n${opts.real ? '' : ' and the mock vendors'}.
────────────────────────────────────────────────────────────────────────`);
	} catch (e) {
		console.error(`\nnpm start failed: ${e.message}`);
		await stopAll(1);
	}
}

function lastTarball() {
	const files = fs.readdirSync(CACHE).filter((f) => f.startsWith(`${PACKAGE_NAME}-`) && f.endsWith('.tgz'));
	if (!files.length) throw new Error('--no-build: no packed tarball in .cache/ yet');
	files.sort((a, b) => fs.statSync(path.join(CACHE, b)).mtimeMs - fs.statSync(path.join(CACHE, a)).mtimeMs);
	return path.join(CACHE, files[0]);
}

main();
