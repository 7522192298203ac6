#!/usr/bin/env node
'use strict';
/**
 * `npm run test:docker-layout`: the package installed the way it is installed into n8n's Docker
 * image for n8n 3.0, as far as this machine can go without Docker. See --help, docs/n8n-3.md and docs/development.md.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, CACHE } = require('./runtime/paths');
const { DEFAULT_N8N_VERSION } = require('./runtime/versions');
const { run } = require('./runtime/commands');
const { ensureN8n } = require('./runtime/n8n-install');
const { PACKAGE_NAME, packPackage } = require('./runtime/package');
const { startN8n } = require('./runtime/n8n-process');
const { importCredentials, importWorkflows } = require('./runtime/n8n-cli');
const { N8nRest } = require('./runtime/rest');
const { commandLine } = require('./cli');
const creds = require('./credentials');
const { startMockVendors } = require('../mocks');

// The official image runs n8n as `node` (uid/gid 1000) with the home folder /home/node.
const IMAGE_UID = 1000;
const IMAGE_GID = 1000;
const ATTACHMENT_EXAMPLE = 'cmExAttachment01';
const AS_IMAGE_USER = '--as-image-user';

const HELP = `Usage: npm run test:docker-layout -- [options]   (or: node scripts/docker-layout-test.js [options])

Lays out a temp folder like n8n's Docker image (<tmp>/home/node/.n8n/nodes), installs the packed
package there with \`npm install --omit=peer <tarball>\` as the image's user (uid ${IMAGE_UID}; when run
as root, else as the current user), starts n8n ${DEFAULT_N8N_VERSION} as that user on that home folder
with n8n 3.0's settings (N8N_UNVERIFIED_PACKAGES_ENABLED=true, N8N_DEFAULT_BINARY_DATA_MODE=filesystem),
checks that the three nodes and five credentials load, and runs the attachments example against
the mock vendors (files kept on disk by n8n). Prints "N passed, N failed".

Options:
  --no-build   use the last packed tarball in .cache/ instead of npm run build + npm pack
  -h, --help
`;

const OPTIONS = {
	'--no-build': { key: 'build', default: true },
	// Internal: the second half, re-run as the image's user.
	[AS_IMAGE_USER]: { key: 'home', default: '', value: (text) => path.resolve(text) },
};

const results = [];
function check(name, ok, detail = '') {
	results.push(ok);
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

function filesUnder(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(full) : [full];
	});
}

/** As root: n8n installed, the tarball packed, the image's home folder laid out; then the rest as uid 1000. */
async function prepare(opts) {
	await ensureN8n(DEFAULT_N8N_VERSION);
	const tarball = opts.build ? await packPackage() : newestTarball();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-docker-layout-'));
	const home = path.join(root, 'home', 'node');
	fs.mkdirSync(path.join(home, '.n8n', 'nodes'), { recursive: true });
	fs.copyFileSync(tarball, path.join(root, path.basename(tarball)));
	const asRoot = process.getuid() === 0;
	if (asRoot) {
		for (const dir of [root, path.join(root, 'home'), home, path.join(home, '.n8n'), path.join(home, '.n8n', 'nodes')]) fs.chownSync(dir, IMAGE_UID, IMAGE_GID);
	}
	console.log(`image layout in ${root}; the package is installed as ${asRoot ? `uid ${IMAGE_UID}` : 'the current user (not root: cannot switch to uid 1000)'}`);
	const self = [process.execPath, __filename, AS_IMAGE_USER, home];
	const command = asRoot ? ['setpriv', `--reuid=${IMAGE_UID}`, `--regid=${IMAGE_GID}`, '--clear-groups', ...self] : self;
	// Without the npm_* variables of an enclosing `npm run`: they name root's npm cache and config.
	const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
	const reopen = asRoot ? letImageUserReach(ROOT) : () => {};
	let child;
	try {
		child = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: { ...env, HOME: home } });
	} finally {
		reopen();
	}
	if (child.status !== 0) return child.status === null ? 1 : child.status;
	fs.rmSync(root, { recursive: true, force: true });
	return 0;
}

/**
 * The image's user runs this script, n8n and the mocks from the checkout: a checkout inside a
 * private folder (a CI's `mktemp -d`, mode 0700) is unreachable for it. Lets others pass through
 * (x only, no listing) the folders above the checkout for the run; answers how to undo it.
 */
function letImageUserReach(dir) {
	const opened = [];
	for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
		const mode = fs.statSync(current).mode & 0o7777;
		if (mode & 0o001) continue;
		fs.chmodSync(current, mode | 0o001);
		opened.push([current, mode]);
	}
	if (opened.length) console.log(`let uid ${IMAGE_UID} pass through ${opened.map(([folder]) => folder).join(', ')} for the run`);
	return () => {
		for (const [folder, mode] of opened) fs.chmodSync(folder, mode);
	};
}

function newestTarball() {
	const found = fs.readdirSync(CACHE).filter((f) => f.startsWith(`${PACKAGE_NAME}-`) && f.endsWith('.tgz'));
	if (!found.length) throw new Error('no packed tarball in .cache/: run without --no-build');
	return path.join(CACHE, found.sort().pop());
}

/** As the image's user: what `RUN cd ~/.n8n/nodes && npm install …` does in a Dockerfile, then n8n on that folder. */
async function asImageUser(home) {
	const nodesDir = path.join(home, '.n8n', 'nodes');
	const tarball = fs.readdirSync(path.dirname(path.dirname(home))).find((f) => f.endsWith('.tgz'));
	const npmArgs = ['install', '--omit=peer', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];
	const install = await run('npm', [...npmArgs, path.join(path.dirname(path.dirname(home)), tarball)], { cwd: nodesDir });
	check('npm install --omit=peer <tarball> in ~/.n8n/nodes', install.code === 0, install.code ? install.stderr.trim() : '');
	const installed = fs.readdirSync(path.join(nodesDir, 'node_modules'));
	check('the package and its runtime dependency arrive, no second n8n-workflow', installed.includes(PACKAGE_NAME) && installed.includes('form-data') && !installed.includes('n8n-workflow'), `${installed.length} packages`);

	const env = { N8N_UNVERIFIED_PACKAGES_ENABLED: 'true', N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' };
	const mocks = await startMockVendors({ logFile: path.join(home, 'mock-vendors.log') });
	const target = { userFolder: home, env };
	let n8n;
	try {
		await importCredentials(target, creds.mockCredentials(mocks));
		const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', '06-attachments.json'), 'utf8'));
		await importWorkflows(target, [example]);
		n8n = await startN8n({ ...target, logFile: path.join(home, 'n8n.log') });
		const rest = new N8nRest(n8n.url);
		await rest.setupOwner();

		const types = (await rest.nodeTypes()).map((t) => t.name);
		const ours = ['sendConversationMessage', 'conversationMessageTrigger', 'conversationMessagePollingTrigger'].map((n) => `${PACKAGE_NAME}.${n}`);
		check('n8n loads the three nodes from ~/.n8n/nodes', ours.every((t) => types.includes(t)), ours.filter((t) => !types.includes(t)).join(', ') || 'all three');
		const credentialTypes = (await rest.request('GET', '/types/credentials.json')).json.map((c) => c.name);
		const expected = creds.PLATFORMS.map((p) => creds.CREDENTIAL_REFS[p].type);
		check(`n8n loads the ${expected.length} credentials`, expected.every((t) => credentialTypes.includes(t)), expected.filter((t) => !credentialTypes.includes(t)).join(', ') || `all ${expected.length}`);

		const attachments = await rest.runWorkflow(ATTACHMENT_EXAMPLE);
		check('the attachments example runs in filesystem binary mode', attachments.ok, attachments.status);
		const uploads = mocks.ninetyNineDigital.requests.filter((r) => r.method === 'POST' && r.files && r.files.length);
		check('the vendor receives the files', uploads.some((r) => r.files.length === 2), uploads.map((r) => `${r.files.length} file(s)`).join(', ') || 'no upload');
		// A fresh 2.41.1 user folder keeps files in ~/.n8n/storage, the name 3.0 gives every folder.
		const stored = filesUnder(path.join(home, '.n8n', 'storage'));
		check('n8n kept the binary data on disk (~/.n8n/storage)', stored.length > 0, `${stored.length} file(s)`);
	} finally {
		if (n8n) await n8n.stop();
		await mocks.close();
	}
	const failed = results.filter((ok) => !ok).length;
	console.log(`${results.length - failed} passed, ${failed} failed`);
	if (failed) console.log(`kept for a look: ${home}/n8n.log, ${home}/mock-vendors.log`);
	return failed ? 1 : 0;
}

async function main() {
	const opts = commandLine(OPTIONS, HELP);
	return opts.home ? asImageUser(opts.home) : prepare(opts);
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(e.stack || e.message);
		process.exit(1);
	},
);
