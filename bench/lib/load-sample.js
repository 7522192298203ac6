'use strict';
/**
 * One cold-load sample, in a fresh process: loads the package's credentials and node the way
 * n8n 2.41's loader does (NODE_PATH = n8n's own node_modules so `n8n-workflow` resolves to n8n's
 * copy; each file instantiated as `new (require(file).Class)()` inside a vm context, the codex
 * file required next to the node) and prints one JSON line with the timings in ms.
 *
 * argv: <installed package dir> <n8n node_modules dir> <mode>
 *   mode "package":  n8n-workflow is already loaded (as in n8n) before the clock starts
 *   mode "total":    n8n-workflow is loaded inside the measured time too
 *   mode "formdata": only require('form-data') from the package's folder (its runtime dependency),
 *                    n8n-workflow (and with it Node's http/stream/crypto built-ins) loaded first as in n8n
 */
const t0 = process.hrtime.bigint();
const path = require('node:path');
const fs = require('node:fs');
const vm = require('node:vm');
const Module = require('node:module');

const [pkgDir, n8nModules, mode = 'package'] = process.argv.slice(2);
const ms = (a, b) => Number(b - a) / 1e6;

process.env.NODE_PATH = [path.join(n8nModules, 'n8n', 'node_modules'), n8nModules, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
Module._initPaths();
const context = vm.createContext({ require });

const out = { mode, node: process.version };
if (mode === 'formdata') {
	Module.createRequire(path.join(n8nModules, 'n8n', 'package.json'))('n8n-workflow');
	const a = process.hrtime.bigint();
	Module.createRequire(path.join(pkgDir, 'package.json'))('form-data');
	out.ms = ms(a, process.hrtime.bigint());
} else {
	// n8n's own copy, resolved from n8n's folder (never this repository's devDependency)
	const fromN8n = Module.createRequire(path.join(n8nModules, 'n8n', 'package.json'));
	if (mode === 'package') fromN8n('n8n-workflow');
	const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	const files = [...(manifest.n8n.credentials || []), ...(manifest.n8n.nodes || [])];
	const start = process.hrtime.bigint();
	out.files = {};
	for (const rel of files) {
		const a = process.hrtime.bigint();
		const file = path.resolve(pkgDir, rel);
		const className = path.parse(rel).name.split('.')[0];
		const instance = new vm.Script(`new (require(${JSON.stringify(file)}).${className})()`).runInContext(context);
		if (!instance || !(instance.description || instance.name)) throw new Error(`${rel}: no ${className} instance`);
		if (rel.endsWith('.node.js')) {
			const codex = file.replace(/\.js$/, '.json');
			if (fs.existsSync(codex)) require(codex);
		}
		out.files[rel] = ms(a, process.hrtime.bigint());
	}
	out.ms = ms(start, process.hrtime.bigint());
	out.loadedModules = Object.keys(require.cache).filter((k) => k.startsWith(pkgDir)).length;
	out.n8nWorkflowCopies = Object.keys(require.cache).filter((k) => /[\\/]n8n-workflow[\\/]package\.json$|[\\/]n8n-workflow[\\/]dist[\\/]cjs[\\/]index\.js$/.test(k));
}
out.processMs = ms(t0, process.hrtime.bigint());
process.stdout.write(`${JSON.stringify(out)}\n`);
