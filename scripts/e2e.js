#!/usr/bin/env node
'use strict';
/**
 * `npm run test:e2e`: the package inside REAL n8n processes (2.41.1 on Node 24 and 1.123.81 on the
 * host's Node by default), installed the way a user installs it, against the loopback mock vendors.
 * Cases: test/e2e/cases.js; workflows: examples/ and test/e2e/workflows/. See --help.
 */

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, CACHE } = require('./runtime/paths');
const { log } = require('./runtime/log');
const { DEFAULT_N8N_VERSION, LEGACY_N8N_VERSION } = require('./runtime/versions');
const { runChecked } = require('./runtime/commands');
const { ensureN8n } = require('./runtime/n8n-install');
const { PACKAGE_NAME, packPackage, installPackageLikeUser } = require('./runtime/package');
const { startN8n } = require('./runtime/n8n-process');
const { importCredentials, importWorkflows, executeWorkflow } = require('./runtime/n8n-cli');
const { N8nRest } = require('./runtime/rest');
const { nodeOutput, runError } = require('./runtime/run-data');
const { commandLine, values } = require('./cli');
const creds = require('./credentials');

const HELP = `Usage: npm run test:e2e -- [options]     (or: node scripts/e2e.js [options])

Installs n8n (cached in .cache/), builds and packs this package, installs it into a fresh n8n user
folder like n8n's own installer does, starts n8n and the mock vendors, imports the credentials and
workflows, then runs every case of test/e2e/cases.js through n8n's REST API (one case through
\`n8n execute\`). Prints "N passed, N failed" and exits non-zero on any failure.

Options:
  --n8n <v1,v2>     n8n versions (default ${DEFAULT_N8N_VERSION},${LEGACY_N8N_VERSION})   [CM_N8N_VERSIONS]
  --only <regex>    run only the cases whose name matches                  [CM_E2E_ONLY]
  --serial          one n8n version after the other (default: side by side)
  --no-build        use the last packed tarball in .cache/ instead of npm run build + npm pack
  -h, --help

Logs stay in .cache/e2e-<version>/ (n8n.log, mock-vendors.log, runs/<workflow id>.json) until the
next run.
`;

const OPTIONS = {
	'--n8n': {
		key: 'versions',
		default: (process.env.CM_N8N_VERSIONS || `${DEFAULT_N8N_VERSION},${LEGACY_N8N_VERSION}`).split(',').map((s) => s.trim()).filter(Boolean),
		value: values.versions,
	},
	'--only': { default: process.env.CM_E2E_ONLY ? new RegExp(process.env.CM_E2E_ONLY, 'i') : null, value: (text) => new RegExp(text, 'i') },
	'--serial': { default: false },
	'--no-build': { key: 'build', default: true },
};

/** CM_N8N_VERSIONS is checked like --n8n. */
function checkVersions(opts) {
	opts.versions.forEach(values.version);
}

function readWorkflows(dir) {
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Normalises a REST execution or an `n8n execute` IRun into the Run shape cases.js uses. */
function toRun(execution) {
	const rd = (execution.data && execution.data.resultData) || {};
	const status = execution.status || (rd.error ? 'error' : 'success');
	return {
		status,
		ok: status === 'success',
		execution,
		runError: rd.error,
		json: execution,
		out: (node, output = 0) => nodeOutput(execution, node, { output }),
		error: (node) => runError(execution, node),
	};
}

async function runVersion(version, { tarball, cases, results, print }) {
	const prefix = `[${version}]`;
	const say = (msg) => print(`${prefix} ${msg}`);
	const userFolder = path.join(CACHE, `e2e-${version}`);
	const timings = {};
	let mocks;
	let n8n;
	const t0 = Date.now();
	try {
		fs.rmSync(userFolder, { recursive: true, force: true });
		fs.mkdirSync(userFolder, { recursive: true });
		const { startMockVendors, fixtures } = require('../mocks');
		mocks = await startMockVendors({ logFile: path.join(userFolder, 'mock-vendors.log') });
		await installPackageLikeUser(userFolder, tarball);
		const target = { version, userFolder };
		const good = creds.mockCredentials(mocks);
		await importCredentials(target, [...good, ...creds.wrongSecretCredentials(mocks), ...creds.aiCredentials(mocks)]);
		await importWorkflows(target, [
			...readWorkflows(path.join(ROOT, 'examples')),
			...readWorkflows(path.join(ROOT, 'test', 'e2e', 'workflows')),
		]);
		n8n = await startN8n({ version, userFolder });
		const rest = new N8nRest(n8n.url, { version });
		await rest.setupOwner();
		timings.setup = Date.now() - t0;
		say(`setup done in ${secs(timings.setup)} (n8n on ${n8n.url}, logs in ${path.relative(ROOT, userFolder)}/)`);

		// Every run's execution data stays in <user folder>/runs/ for inspection.
		const runsDir = path.join(userFolder, 'runs');
		fs.mkdirSync(runsDir, { recursive: true });
		const keep = (name, execution) => {
			fs.writeFileSync(path.join(runsDir, `${name}.json`), JSON.stringify(execution, null, 1));
			return toRun(execution);
		};
		const credentialData = Object.fromEntries(good.map((c, i) => [creds.PLATFORMS[i], c.data]));
		const ctx = {
			version,
			major: Number(version.split('.')[0]),
			rest,
			n8nUrl: n8n.url,
			/** Stops and starts n8n on the same port and user folder (what a restart of the server does). */
			restartN8n: async () => {
				await n8n.stop();
				n8n = await startN8n({ version, userFolder, port: n8n.port });
				ctx.rest = new N8nRest(n8n.url, { version });
				await ctx.rest.login();
			},
			mocks,
			userFolder,
			fixtures,
			credentialData,
			runWorkflow: async (id) => keep(id, (await ctx.rest.runWorkflow(id)).run),
			retryExecution: async (executionId) => keep(`retry-of-${executionId}`, await ctx.rest.retryExecution(executionId)),
			executeCli: async (id) => keep(`${id}-cli`, (await executeWorkflow(target, id)).run),
		};
		const tc = Date.now();
		for (const c of cases) {
			if (c.only && !c.only(version)) continue;
			mocks.reset();
			const started = Date.now();
			try {
				await c.run(ctx);
				results.push({ version, name: c.name, ok: true, ms: Date.now() - started });
				say(`✔ ${c.name} (${Date.now() - started} ms)`);
			} catch (e) {
				results.push({ version, name: c.name, ok: false, ms: Date.now() - started, error: e });
				say(`✘ ${c.name} (${Date.now() - started} ms)\n${indent(e.message)}\n${indent(mockState(mocks))}`);
			}
		}
		timings.cases = Date.now() - tc;
	} catch (e) {
		results.push({ version, name: 'set-up of n8n, package and mocks', ok: false, error: e });
		say(`✘ set-up failed:\n${indent(e.stack || e.message)}`);
	} finally {
		if (n8n) await n8n.stop();
		if (mocks) await mocks.close();
	}
	timings.total = Date.now() - t0;
	return timings;
}

/** What the mock vendors saw during a failed case (requests, protocol errors). */
function mockState(mocks) {
	const lines = ['what the mock vendors received:'];
	for (const p of creds.PLATFORMS) {
		const m = mocks[p];
		for (const r of m.requests) {
			const flags = ['lengthMismatch', 'bodyError', 'aborted', 'dropped', 'clientGone', 'fault']
				.filter((k) => r[k])
				.map((k) => `${k}=${JSON.stringify(r[k])}`);
			const files = (r.files || []).map((f) => `${f.field}:${f.filename}(${f.size} B)`).join(' ');
			lines.push(`  ${p} ${r.method} ${r.path} → ${r.status}${r.authenticated ? '' : ' unauthenticated'} ${r.contentType || ''} ${files} ${flags.join(' ')}`.trimEnd());
		}
		for (const e of m.protocolErrors) lines.push(`  ${p} protocol error: ${JSON.stringify(e)}`);
	}
	return lines.length > 1 ? lines.join('\n') : 'the mock vendors received nothing';
}

function indent(text) {
	return String(text)
		.split('\n')
		.slice(0, 30)
		.map((l) => `      ${l}`)
		.join('\n');
}

async function main() {
	const opts = commandLine(OPTIONS, HELP, checkVersions);
	const tStart = Date.now();
	const results = [];
	const print = (line) => console.log(line);
	const { cases: allCases } = require('../test/e2e/cases');
	const cases = opts.only ? allCases.filter((c) => opts.only.test(c.name)) : allCases;
	console.log(`e2e: ${cases.length} case(s) × n8n ${opts.versions.join(', ')}`);

	const versionTimings = {};
	try {
		if (!fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'))) {
			log('node_modules is missing: running npm ci …');
			await runChecked('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, echo: true });
		}
		const tPrep = Date.now();
		// The n8n installs (minutes when cold) and the build run side by side; each version starts
		// its cases as soon as its own install is ready.
		const tarballP = opts.build ? packPackage() : Promise.resolve().then(lastTarball);
		tarballP.catch(() => {});
		const installs = Object.fromEntries(opts.versions.map((v) => [v, ensureN8n(v)]));
		Object.values(installs).forEach((p) => p.catch(() => {}));
		const runOne = async (v) => {
			let tarball;
			try {
				[tarball] = await Promise.all([tarballP, installs[v]]);
			} catch (e) {
				results.push({ version: v, name: 'preparation (install n8n, build, pack)', ok: false, error: e });
				console.error(`[${v}] ✘ preparation failed:\n${indent(e.stack || e.message)}`);
				return;
			}
			console.log(`[${v}] n8n installed and package packed after ${secs(Date.now() - tPrep)}`);
			versionTimings[v] = await runVersion(v, { tarball, cases, results, print });
		};
		if (opts.serial) for (const v of opts.versions) await runOne(v);
		else await Promise.all(opts.versions.map(runOne));
	} catch (e) {
		results.push({ version: '-', name: 'preparation (install n8n, build, pack)', ok: false, error: e });
		console.error(`✘ preparation failed:\n${indent(e.stack || e.message)}`);
	}

	const passed = results.filter((r) => r.ok).length;
	const failed = results.filter((r) => !r.ok);
	console.log('\n──────── e2e summary ────────');
	for (const v of opts.versions) {
		const t = versionTimings[v];
		const rs = results.filter((r) => r.version === v);
		if (t) console.log(`n8n ${v}: ${rs.filter((r) => r.ok).length}/${rs.length} passed — set-up ${secs(t.setup || 0)}, cases ${secs(t.cases || 0)}`);
	}
	for (const f of failed) console.log(`FAILED [${f.version}] ${f.name}: ${String(f.error && f.error.message).split('\n')[0]}`);
	console.log(`total ${secs(Date.now() - tStart)}`);
	console.log(`${passed} passed, ${failed.length} failed`);
	process.exitCode = failed.length || !results.length ? 1 : 0;
}

function lastTarball() {
	const files = fs.readdirSync(CACHE).filter((f) => f.startsWith(`${PACKAGE_NAME}-`) && f.endsWith('.tgz'));
	if (!files.length) throw new Error('--no-build: no packed tarball in .cache/ yet');
	files.sort((a, b) => fs.statSync(path.join(CACHE, b)).mtimeMs - fs.statSync(path.join(CACHE, a)).mtimeMs);
	return path.join(CACHE, files[0]);
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
main();
