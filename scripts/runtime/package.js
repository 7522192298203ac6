'use strict';
/** This repository as a user gets it: built, packed into .cache/, installed as n8n's installer does. */

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, CACHE } = require('./paths');
const { log } = require('./log');
const { runChecked, cleanEnv, npmBin } = require('./commands');
const { withLock } = require('./installs');

const PACKAGE_NAME = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name;
const NODE_TYPE = `${PACKAGE_NAME}.sendConversationMessage`;
const ACTIONS_NODE_TYPE = `${PACKAGE_NAME}.conversationActions`;

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

module.exports = { PACKAGE_NAME, NODE_TYPE, ACTIONS_NODE_TYPE, packPackage, installPackageLikeUser };
