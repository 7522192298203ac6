'use strict';
/**
 * n8n itself: `npm install n8n@<version> --ignore-scripts` into .cache/n8n-<version>/, then sqlite3's
 * native binary for the Node that runs that version.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, CACHE } = require('./paths');
const { log } = require('./log');
const { DEFAULT_N8N_VERSION, majorOf } = require('./versions');
const { runChecked, withHeartbeat, cleanEnv, npmBin } = require('./commands');
const { MARKER, withLock, once } = require('./installs');
const { nodeFor } = require('./node24');
const { n8nEnv } = require('./n8n-env');

function n8nDir(version) {
	return path.join(CACHE, `n8n-${version}`);
}

/** Directory holding include/node headers for the host Node (so node-gyp never downloads them). */
function hostNodeDir() {
	const dir = path.resolve(path.dirname(process.execPath), '..');
	return fs.existsSync(path.join(dir, 'include', 'node', 'node.h')) ? dir : undefined;
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
		const result = { version, dir, bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), node };
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
				JOBS: String(Math.max(1, os.cpus().length)),
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

module.exports = { ensureN8n, n8nDir };
