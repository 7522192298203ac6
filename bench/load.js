#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:load`: what the package costs n8n before it sends anything.
 *   - tarball: size and file count of `npm pack`;
 *   - installed size: the tarball installed into a temporary user folder exactly as n8n 2.41.1's
 *     installer does (scripts/runtime/package.js installPackageLikeUser: unpack, strip dev/peer deps,
 *     `npm install` the runtime dependency form-data), measured with du;
 *   - cold load time: a fresh Node process per sample loads the installed package's credentials and
 *     node the way n8n does (bench/lib/load-sample.js), median of several samples, on the Node that
 *     runs n8n 2.41.1 (24) and on the host's Node.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const c = require('./lib/common');
const { DEFAULT_N8N_VERSION } = require('../scripts/runtime/versions');
const { runChecked } = require('../scripts/runtime/commands');
const { ensureN8n } = require('../scripts/runtime/n8n-install');
const { installPackageLikeUser } = require('../scripts/runtime/package');

const HELP = `Usage: npm run bench:load -- [options]

  --samples <n>         fresh processes per measurement (default 15)
  --n8n <version>       n8n whose n8n-workflow the package loads against (default ${DEFAULT_N8N_VERSION})
  --tarball <file>      benchmark this packed tarball (e.g. a published version) instead of the working tree
  --build / --no-build  rebuild always / never (default: only when dist/ is older than the sources)

Writes bench/results/load.json.`;

function du(dir) {
	const bytes = Number(require('node:child_process').execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
	const kb = Number(require('node:child_process').execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
	let files = 0;
	const walk = (p) => {
		for (const e of fs.readdirSync(p, { withFileTypes: true })) {
			if (e.isDirectory()) walk(path.join(p, e.name));
			else files++;
		}
	};
	walk(dir);
	return { bytes, diskKB: kb, files };
}

async function sample(nodeBin, pkgDir, n8nModules, mode) {
	const res = await runChecked(nodeBin, [path.join(__dirname, 'lib', 'load-sample.js'), pkgDir, n8nModules, mode], { cwd: os.tmpdir(), env: { PATH: process.env.PATH, HOME: process.env.HOME } });
	return JSON.parse(res.stdout.trim().split('\n').pop());
}

async function main() {
	const opts = c.parseArgs(
		process.argv.slice(2),
		{
			samples: { type: 'number', default: 15 },
			n8n: { type: 'string', default: DEFAULT_N8N_VERSION },
			build: { type: 'boolean', default: undefined },
			tarball: { type: 'string', default: '' },
		},
		HELP,
	);
	const t0 = Date.now();
	const [{ tarball, built, pack }, inst] = await Promise.all([c.buildAndPack({ build: opts.build, tarball: opts.tarball }), ensureN8n(opts.n8n)]);
	const machine = await c.machineInfo(opts.n8n);

	// installed like a user: into a temporary user folder, removed at the end
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
	c.onCleanup(() => fs.rmSync(userFolder, { recursive: true, force: true }));
	const installed = await installPackageLikeUser(userFolder, tarball);
	const pkgDir = installed.dir;
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const own = du(pkgDir);
	const depsDir = path.join(pkgDir, 'node_modules');
	const deps = fs.existsSync(depsDir) ? du(depsDir) : { bytes: 0, diskKB: 0, files: 0 };
	const nodesAll = du(nodesDir);
	const depNames = fs.existsSync(depsDir)
		? fs.readdirSync(depsDir).filter((d) => !d.startsWith('.')).flatMap((d) => (d.startsWith('@') ? fs.readdirSync(path.join(depsDir, d)).map((x) => `${d}/${x}`) : [d]))
		: [];
	const distOnly = du(path.join(pkgDir, 'dist'));

	// cold load
	const n8nModules = path.join(inst.dir, 'node_modules');
	const runtimes = [{ key: 'node24', label: `Node ${(await runChecked(inst.node, ['--version'])).stdout.trim()} (runs n8n ${opts.n8n})`, bin: inst.node }];
	if (inst.node !== process.execPath) runtimes.push({ key: 'host', label: `Node ${process.version} (host)`, bin: process.execPath });
	const modes = [
		{ key: 'package', label: 'credentials + node (n8n-workflow already loaded, as in n8n)' },
		{ key: 'total', label: 'same, n8n-workflow loaded inside the clock' },
		{ key: 'formdata', label: "of which require('form-data') (runtime dependency)" },
	];
	const load = {};
	for (const r of runtimes) {
		load[r.key] = { label: r.label };
		for (const m of modes) {
			const xs = [];
			try {
				await sample(r.bin, pkgDir, n8nModules, m.key); // discard the first (disk cache)
				for (let i = 0; i < opts.samples; i++) {
					const x = await sample(r.bin, pkgDir, n8nModules, m.key);
					if (x.n8nWorkflowCopies && x.n8nWorkflowCopies.length !== 1) throw new Error(`n8n-workflow loaded ${x.n8nWorkflowCopies.length} times: ${x.n8nWorkflowCopies.join(', ')}`);
					xs.push(x);
				}
			} catch (e) {
				load[r.key][m.key] = { error: e.message.split('\n').slice(0, 3).join(' ') };
				continue;
			}
			const perFile = {};
			if (xs[0].files) for (const f of Object.keys(xs[0].files)) perFile[f] = c.median(xs.map((x) => x.files[f]));
			load[r.key][m.key] = {
				msMedian: c.median(xs.map((x) => x.ms)),
				msMin: Math.min(...xs.map((x) => x.ms)),
				msMax: Math.max(...xs.map((x) => x.ms)),
				samples: xs.length,
				perFileMsMedian: xs[0].files ? perFile : undefined,
				packageModulesLoaded: xs[0].loadedModules,
			};
		}
	}

	console.log(`\nbench:load — ${pack.name}@${pack.version}\n`);
	console.log(
		c.table(
			[
				['what', 'size', 'files'],
				['tarball (npm pack)', `${(pack.size / 1024).toFixed(1)} kB`, String(pack.entryCount)],
				['  unpacked (npm pack unpackedSize)', `${(pack.unpackedSize / 1024).toFixed(1)} kB`, ''],
				['installed package folder, total', `${(own.bytes / 1024).toFixed(1)} kB (du ${own.diskKB} kB on disk)`, String(own.files)],
				['  of which dist/', `${(distOnly.bytes / 1024).toFixed(1)} kB`, String(distOnly.files)],
				[`  of which node_modules/ (${depNames.length} packages)`, `${(deps.bytes / 1024).toFixed(1)} kB (du ${deps.diskKB} kB)`, String(deps.files)],
				['~/.n8n/nodes folder after install', `${(nodesAll.bytes / 1024).toFixed(1)} kB (du ${nodesAll.diskKB} kB)`, String(nodesAll.files)],
			],
			{ alignRight: [1, 2] },
		),
	);
	console.log(`\nruntime dependencies installed: ${depNames.join(', ') || 'none'}`);
	console.log(`\ncold load, ms (median of ${opts.samples} fresh processes; min–max):`);
	const rows = [['runtime', 'what', 'median', 'min–max']];
	for (const r of runtimes) {
		for (const m of modes) {
			const x = load[r.key][m.key];
			rows.push([r.label, m.label, x.error ? 'error' : c.fmt(x.msMedian, 1), x.error ? x.error.slice(0, 60) : `${c.fmt(x.msMin, 1)}–${c.fmt(x.msMax, 1)}`]);
		}
	}
	console.log(c.table(rows, { alignRight: [2, 3] }));
	const pf = load.node24.package.perFileMsMedian;
	if (pf) {
		console.log('\nper file (Node 24, median ms):');
		console.log(c.table([['file', 'ms'], ...Object.entries(pf).map(([f, v]) => [f, c.fmt(v, 1)])], { alignRight: [1] }));
	}

	const file = c.writeResults('load', {
		benchmark: 'load',
		date: new Date().toISOString(),
		machine,
		git: c.gitState(),
		builtNow: built,
		tarball: { file: path.basename(tarball), bytes: pack.size, unpackedBytes: pack.unpackedSize, entryCount: pack.entryCount },
		installed: { packageFolder: own, dist: distOnly, nodeModules: deps, nodesFolder: nodesAll, runtimeDependencies: depNames, how: 'scripts/runtime/package.js installPackageLikeUser' },
		coldLoad: load,
		method: 'fresh process per sample; NODE_PATH = n8n node_modules; new (require(file).Class)() in a vm context per n8n.credentials / n8n.nodes entry, codex required; hrtime around the loads',
		totalSeconds: Math.round((Date.now() - t0) / 1000),
	});
	console.log(`\nresults: ${path.relative(c.ROOT, file)} (total ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

c.runMain(main);
