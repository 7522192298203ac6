#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:attachment`: large uploads through the Chatwoot (99digital) multipart path inside
 * a real n8n, the file arriving as binary data read from disk by n8n's Read/Write Files from Disk
 * node (file-backed binary data, n8n 2.x's default `filesystem` mode), sent by
 *   - this node (attachments = "data"),
 *   - this node on Zendesk Support (`zendesk`): each file the raw body of POST /api/v2/uploads,
 *     then a comment attaching its token — streamed the same way, without multipart,
 *   - n8n's HTTP Request node 4.2 doing the same multipart upload (form-data, binary field
 *     `attachments[]`, same text fields and header), with its default options (redirects followed)
 *     and with "Follow Redirects" off,
 * to a streaming loopback sink (bench/lib/sink-child.js) that checks path, header, size and SHA-256.
 * Cases: one 200 MB file; ten 20 MB files (ten items). Then the 200 MB case again with
 * N8N_DEFAULT_BINARY_DATA_MODE=database (same user folder, n8n restarted). While each execution runs,
 * VmRSS of the n8n process and its children is sampled from /proc, and the kernel's peak-RSS mark of
 * the n8n process (VmHWM, reset before each run) is read afterwards. See bench/README.md.
 */

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const c = require('./lib/common');
const { DEFAULT_N8N_VERSION } = require('../scripts/runtime/versions');
const { ensureN8n } = require('../scripts/runtime/n8n-install');
const { NODE_TYPE } = require('../scripts/runtime/package');
const { startN8n } = require('../scripts/runtime/n8n-process');
const { N8nRest } = require('../scripts/runtime/rest');

const HELP = `Usage: npm run bench:attachment -- [options]

  --rounds <n>          runs per contender and case, order alternated (default 3)
  --big-mb <n>          size of the single file (default 200)
  --small-mb <n>        size of each of the ten files (default 20)
  --small-count <n>     number of small files (default 10)
  --database            also the 200 MB case in N8N_DEFAULT_BINARY_DATA_MODE=database (default on;
                        --no-database skips it)
  --no-redirect-variant skip the HTTP Request run with "Follow Redirects" off
  --only <regex>        only the senders whose key matches (node, http, http-noredirect, zendesk)
  --cases <regex>       only the cases whose key matches (e.g. 1x200MB, 10x20MB)
  --n8n <version>       n8n version (default ${DEFAULT_N8N_VERSION})
  --tarball <file>      benchmark this packed tarball (e.g. a published version) instead of the working tree
  --build / --no-build  rebuild always / never (default: only when dist/ is older than the sources)

Writes bench/results/attachment.json. n8n's log: .cache/bench/attachment/n8n*.log.`;

const { CREDENTIALS } = require('../mocks').fixtures;
const TOKEN = CREDENTIALS.ninetyNineDigital.accessToken;
/** Zendesk Support: each file uploaded raw (POST /api/v2/uploads), then attached by token. */
const ZENDESK = CREDENTIALS.zendesk;
const ZENDESK_AUTH = `Basic ${Buffer.from(`${ZENDESK.email}/token:${ZENDESK.apiToken}`).toString('base64')}`;
const CRED_ZD = { id: 'benchCredZendesk', name: 'bench Zendesk (sink)', type: 'zendeskSupportApi' };
const ACCOUNT = 7;
const CRED_99 = { id: 'benchCred99Dig02', name: 'bench 99digital (sink)', type: 'ninetyNineDigitalApi' };
const NODE_NAME = 'Contender';
const READ_NAME = 'Read file';
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// input files (random bytes, hashed while written)

function makeFile(file, bytes) {
	const hash = crypto.createHash('sha256');
	const fd = fs.openSync(file, 'w');
	const chunk = 4 * MB;
	try {
		for (let written = 0; written < bytes; written += chunk) {
			const buf = crypto.randomBytes(Math.min(chunk, bytes - written));
			hash.update(buf);
			fs.writeSync(fd, buf);
		}
	} finally {
		fs.closeSync(fd);
	}
	return hash.digest('hex');
}

function prepareFiles(dir, { bigMb, smallMb, smallCount }) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(path.join(dir, 'many'), { recursive: true });
	const big = { path: path.join(dir, `big-${bigMb}mb.bin`), size: bigMb * MB };
	big.sha256 = makeFile(big.path, big.size);
	const warm = { path: path.join(dir, 'warm-1mb.bin'), size: MB };
	warm.sha256 = makeFile(warm.path, warm.size);
	const small = [];
	for (let i = 0; i < smallCount; i++) {
		const f = { path: path.join(dir, 'many', `part-${String(i).padStart(2, '0')}-${smallMb}mb.bin`), size: smallMb * MB };
		f.sha256 = makeFile(f.path, f.size);
		small.push(f);
	}
	return { big, small, warm };
}

// ---------------------------------------------------------------------------------------------
// workflows

function workflow(id, fileSelector, contender) {
	return {
		id,
		name: `bench attachment ${id}`,
		active: false,
		nodes: [
			{ id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-r`,
				name: READ_NAME,
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: { operation: 'read', fileSelector, options: { dataPropertyName: 'data' } },
			},
			{ id: `${id}-n`, name: NODE_NAME, position: [440, 0], ...contender },
		],
		connections: {
			Start: { main: [[{ node: READ_NAME, type: 'main', index: 0 }]] },
			[READ_NAME]: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function thisNode() {
	return {
		type: NODE_TYPE,
		typeVersion: 1,
		parameters: {
			platform: 'ninetyNineDigital',
			accountId: String(ACCOUNT),
			conversationId: { __rl: true, value: '={{ $itemIndex + 1 }}', mode: 'id' },
			content: 'Benchmark upload',
			messageType: 'outgoing',
			private: false,
			attachments: 'data',
			additionalFields: {},
			options: {},
		},
		credentials: { ninetyNineDigitalApi: { id: CRED_99.id, name: CRED_99.name } },
	};
}

function zendeskNode() {
	return {
		type: NODE_TYPE,
		typeVersion: 1,
		parameters: {
			platform: 'zendesk',
			zendeskOperation: 'sendMessage',
			conversationId: { __rl: true, value: '={{ $itemIndex + 101 }}', mode: 'id' },
			content: 'Benchmark upload',
			visibility: 'regular',
			attachments: 'data',
			additionalFields: {},
			options: {},
		},
		credentials: { zendeskSupportApi: { id: CRED_ZD.id, name: CRED_ZD.name } },
	};
}

/** What the sink must have received for one case: a multipart message per file, or (Zendesk) an upload and a comment per file. */
function sinkProblems(ct, cs, requests) {
	const problems = [];
	if (ct.key === 'zendesk') {
		const uploads = requests.filter((r) => r.path.startsWith('/api/v2/uploads'));
		const comments = requests.filter((r) => r.method === 'PUT');
		if (uploads.length !== cs.files.length || comments.length !== cs.files.length || requests.length !== 2 * cs.files.length) {
			problems.push(`sink: ${uploads.length} uploads and ${comments.length} comments of ${requests.length} requests`);
		}
		for (const r of requests) if (!r.tokenOk || r.status >= 300) problems.push(`sink: ${r.method} ${r.path} answered ${r.status}${r.tokenOk ? '' : ' (wrong Authorization)'}`);
		for (const r of comments) if (r.fields.body !== 'Benchmark upload' || r.fields.uploads !== 1) problems.push(`sink: comment ${JSON.stringify(r.fields)}`);
		return { problems, files: uploads.flatMap((r) => r.files) };
	}
	const ok = requests.filter((r) => r.status === 200);
	if (ok.length !== cs.files.length || requests.length !== cs.files.length) problems.push(`sink: ${requests.length} requests, ${ok.length} answered 200`);
	for (const r of requests) {
		if (!r.tokenOk) problems.push(`sink: request without the right api_access_token (${r.path})`);
		if (r.fields.content !== 'Benchmark upload' || r.fields.message_type !== 'outgoing' || r.fields.private !== 'false') problems.push(`sink: text fields ${JSON.stringify(r.fields)}`);
		for (const f of r.files) if (f.field !== 'attachments[]') problems.push(`sink: file part named ${f.field}`);
	}
	return { problems, files: requests.flatMap((r) => r.files) };
}

function httpRequestNode(baseUrl, { followRedirects }) {
	const options = followRedirects ? {} : { redirect: { redirect: { followRedirects: false } } };
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `=${baseUrl}/api/v1/accounts/${ACCOUNT}/conversations/{{ $itemIndex + 1 }}/messages`,
			authentication: 'none',
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'api_access_token', value: TOKEN },
					{ name: 'Accept', value: 'application/json' },
				],
			},
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [
					{ parameterType: 'formData', name: 'content', value: 'Benchmark upload' },
					{ parameterType: 'formData', name: 'message_type', value: 'outgoing' },
					{ parameterType: 'formData', name: 'private', value: 'false' },
					{ parameterType: 'formBinaryData', name: 'attachments[]', inputDataFieldName: 'data' },
				],
			},
			options,
		},
	};
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const opts = c.parseArgs(
		process.argv.slice(2),
		{
			rounds: { type: 'number', default: 3 },
			bigMb: { type: 'number', default: 200 },
			smallMb: { type: 'number', default: 20 },
			smallCount: { type: 'number', default: 10 },
			database: { type: 'boolean', default: true },
			redirectVariant: { type: 'boolean', default: true },
			only: { type: 'string', default: '' },
			cases: { type: 'string', default: '' },
			n8n: { type: 'string', default: DEFAULT_N8N_VERSION },
			build: { type: 'boolean', default: undefined },
			tarball: { type: 'string', default: '' },
		},
		HELP,
	);
	const t0 = Date.now();
	console.log(`bench:attachment — 1 × ${opts.bigMb} MB and ${opts.smallCount} × ${opts.smallMb} MB, ${opts.rounds} round(s), n8n ${opts.n8n}`);

	const filesDir = path.join(c.BENCH_CACHE, 'attachment-files');
	c.onCleanup(() => fs.rmSync(filesDir, { recursive: true, force: true }));
	const [{ tarball, built }] = await Promise.all([c.buildAndPack({ build: opts.build, tarball: opts.tarball }), ensureN8n(opts.n8n)]);
	const tf = Date.now();
	const files = prepareFiles(filesDir, opts);
	console.log(`input files written and hashed in ${((Date.now() - tf) / 1000).toFixed(1)} s (${path.relative(c.ROOT, filesDir)}/)`);
	const machine = await c.machineInfo(opts.n8n);

	const sink = await c.startChild(path.join(__dirname, 'lib', 'sink-child.js'), { args: ['--token', TOKEN, '--account', String(ACCOUNT), '--zendesk-auth', ZENDESK_AUTH], name: 'multipart sink' });
	const baseUrl = sink.info.baseUrl;

	const contenders = [
		{ key: 'node', label: 'this node', node: thisNode() },
		{ key: 'http', label: 'HTTP Request 4.2 (default options)', node: httpRequestNode(baseUrl, { followRedirects: true }) },
		{ key: 'zendesk', label: 'this node, Zendesk (raw upload + comment)', node: zendeskNode() },
	];
	if (opts.redirectVariant) contenders.push({ key: 'http-noredirect', label: 'HTTP Request 4.2, Follow Redirects off', node: httpRequestNode(baseUrl, { followRedirects: false }), onlyCase: 0 });
	const cases = [
		{ key: `1x${opts.bigMb}MB`, label: `1 × ${opts.bigMb} MB`, selector: files.big.path, files: [files.big] },
		{ key: `${opts.smallCount}x${opts.smallMb}MB`, label: `${opts.smallCount} × ${opts.smallMb} MB`, selector: path.join(filesDir, 'many', '*.bin'), files: files.small },
	];
	if (opts.only) for (let i = contenders.length - 1; i >= 0; i--) if (!new RegExp(opts.only).test(contenders[i].key)) contenders.splice(i, 1);
	const runCases = opts.cases ? cases.filter((cs) => new RegExp(opts.cases).test(cs.key)) : cases;
	const warmCase = { key: 'warm', label: 'warm-up 1 MB', selector: files.warm.path, files: [files.warm] };
	const workflows = [];
	contenders.forEach((ct, i) =>
		[...cases, warmCase].forEach((cs, j) => {
			const id = `benchAttach${i}${j}0000`.slice(0, 16);
			workflows.push(workflow(id, cs.selector, ct.node));
			(ct.ids = ct.ids || {})[cs.key] = id;
		}),
	);

	const env = {
		N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
	};
	const { n8n: first, rest: firstRest, userFolder } = await c.setupN8n({
		name: 'attachment',
		version: opts.n8n,
		tarball,
		credentials: [
			{ ...CRED_99, data: { accessToken: TOKEN, baseUrl } },
			{ ...CRED_ZD, data: { subdomain: 'bench', authMethod: 'apiToken', email: ZENDESK.email, apiToken: ZENDESK.apiToken, baseUrl } },
		],
		workflows,
		env,
	});
	c.onCleanup(() => {
		// the binary data store holds a copy of every file read; keep only the logs
		const n8nDir = path.join(userFolder, '.n8n');
		const heavy = ['storage', 'binaryData'];
		if (fs.existsSync(n8nDir)) heavy.push(...fs.readdirSync(n8nDir).filter((f) => f.startsWith('database.sqlite')));
		for (const p of heavy) fs.rmSync(path.join(n8nDir, p), { recursive: true, force: true });
	});
	console.log(`set-up done in ${((Date.now() - t0) / 1000).toFixed(0)} s (n8n pid ${first.pid}, sink ${baseUrl})`);

	const runOne = async ({ n8n, rest }, ct, cs, mode) => {
		await sink.call('reset');
		await new Promise((r) => setTimeout(r, 1000)); // let n8n settle (GC, saving the previous run)
		const base = c.readStatusKb(n8n.pid);
		const kids = c.descendants(n8n.pid);
		const baseTree = base.rss + kids.reduce((s, k) => s + ((c.readStatusKb(k) || {}).rss || 0), 0);
		const sampler = c.startRssSampler(n8n.pid, 20);
		let res;
		let mem;
		try {
			res = await c.runWorkflow(rest, ct.ids[cs.key], { timeoutMs: 300_000 });
		} finally {
			mem = sampler.stop();
		}
		const exec = res.run;
		const up = c.nodeRun(exec, NODE_NAME);
		const rd = c.nodeRun(exec, READ_NAME);
		const { requests } = await sink.call('stats');

		const problems = [];
		if (!res.ok) problems.push(`execution ${res.executionId} ended ${res.status}: ${JSON.stringify(exec.data && exec.data.resultData && exec.data.resultData.error && exec.data.resultData.error.message)}`);
		if (up && up.items.length !== cs.files.length) problems.push(`${up.items.length} output items, expected ${cs.files.length}`);
		const sunk = sinkProblems(ct, cs, requests);
		problems.push(...sunk.problems);
		const received = new Map(sunk.files.map((f) => [f.sha256, f.size]));
		for (const f of cs.files) if (received.get(f.sha256) !== f.size) problems.push(`sink: ${path.basename(f.path)} did not arrive intact`);
		if (problems.length) throw new Error(`${ct.label}, ${cs.label}, ${mode}: ${[...new Set(problems)].join('; ')}`);

		const maxOf = (xs, k) => xs.reduce((m, s) => Math.max(m, s[k]), 0);
		const windowOf = (nr) => (nr ? mem.samples.filter((s) => s.t >= nr.startTime && s.t <= nr.startTime + nr.executionTime + 20) : []);
		const win = windowOf(up);
		const readWin = windowOf(rd);
		const atUploadStart = win.length ? win[0].main : NaN;
		const r = {
			mode,
			executionId: res.executionId,
			uploadMs: up.executionTime,
			readMs: rd ? rd.executionTime : null,
			wallMs: c.execWallMs(exec),
			baselineMainMB: base.rss / 1024,
			peakGrowthMainMB: (Math.max(mem.peakMainHwmKb || 0, maxOf(mem.samples, 'main')) - base.rss) / 1024,
			peakGrowthMainSource: mem.peakMainHwmKb ? 'VmHWM (reset before the run) and 20 ms VmRSS samples' : '20 ms VmRSS samples',
			peakGrowthDuringReadMB: readWin.length ? (maxOf(readWin, 'main') - base.rss) / 1024 : null,
			peakGrowthDuringUploadMB: win.length ? (maxOf(win, 'main') - base.rss) / 1024 : null,
			growthWithinUploadMB: win.length ? (maxOf(win, 'main') - atUploadStart) / 1024 : null,
			peakGrowthTreeMB: (maxOf(mem.samples, 'tree') - baseTree) / 1024,
			samples: mem.samples.length,
			sinkMs: requests.map((q) => q.ms),
			transferEncoding: [...new Set(requests.map((q) => q.transferEncoding || 'content-length'))],
		};
		return r;
	};

	const results = [];
	const print = (ct, cs, r) =>
		console.log(
			`  ${r.mode.padEnd(10)} ${cs.label.padEnd(11)} ${ct.label.padEnd(40)} upload ${(r.uploadMs / 1000).toFixed(2)} s, read ${(r.readMs / 1000).toFixed(2)} s, ` +
				`RSS +${r.peakGrowthMainMB.toFixed(0)} MB (read +${c.fmt(r.peakGrowthDuringReadMB, 0)}, upload +${c.fmt(r.peakGrowthDuringUploadMB, 0)}, upload from its start +${c.fmt(r.growthWithinUploadMB, 0)}, tree +${r.peakGrowthTreeMB.toFixed(0)} MB; base ${r.baselineMainMB.toFixed(0)} MB)`,
		);
	const inst = { n8n: first, rest: firstRest };
	// warm-up (not measured): the first execution of each node type loads code and grows n8n's heap
	for (const ct of contenders) await runOne(inst, ct, warmCase, 'warm-up');
	for (let round = 0; round < opts.rounds; round++) {
		for (const cs of runCases) {
			const order = (round % 2 ? [...contenders].reverse() : contenders).filter((ct) => ct.onlyCase === undefined || cases[ct.onlyCase] === cs);
			for (const ct of order) {
				const r = await runOne(inst, ct, cs, 'filesystem');
				results.push({ contender: ct.key, case: cs.key, round: round + 1, ...r });
				print(ct, cs, r);
			}
		}
	}
	await first.stop();

	if (opts.database) {
		// same user folder (package, credential, workflows), binary data kept in the SQLite database
		const n8n = await startN8n({
			version: opts.n8n,
			userFolder,
			env: { ...env, N8N_DEFAULT_BINARY_DATA_MODE: 'database' },
			logFile: path.join(userFolder, 'n8n-database-mode.log'),
		});
		c.onCleanup(() => n8n.stop());
		const rest = new N8nRest(n8n.url, { version: opts.n8n });
		await rest.login();
		const cs = cases[0];
		const dbContenders = contenders.filter((x) => x.key !== 'http-noredirect');
		for (const ct of dbContenders) await runOne({ n8n, rest }, ct, warmCase, 'warm-up');
		for (const ct of dbContenders) {
			try {
				const r = await runOne({ n8n, rest }, ct, cs, 'database');
				results.push({ contender: ct.key, case: cs.key, round: 1, ...r });
				print(ct, cs, r);
			} catch (e) {
				console.log(`  database   ${cs.label.padEnd(11)} ${ct.label.padEnd(40)} FAILED: ${e.message.split('\n')[0]}`);
				results.push({ contender: ct.key, case: cs.key, round: 1, mode: 'database', error: e.message.split('\n')[0] });
			}
		}
		await n8n.stop();
	}

	// summary: medians of upload time / wall, worst (max) RSS growth over rounds
	const summary = [];
	const modes = [...new Set(results.map((r) => r.mode))];
	for (const mode of modes) {
		for (const cs of cases) {
			for (const ct of contenders) {
				const rs = results.filter((r) => r.mode === mode && r.case === cs.key && r.contender === ct.key && !r.error);
				if (!rs.length) continue;
				summary.push({
					mode,
					case: cs.key,
					caseLabel: cs.label,
					contender: ct.key,
					label: ct.label,
					runs: rs.length,
					uploadSecondsMedian: c.median(rs.map((r) => r.uploadMs / 1000)),
					uploadSecondsMin: Math.min(...rs.map((r) => r.uploadMs / 1000)),
					readSecondsMedian: c.median(rs.map((r) => r.readMs / 1000)),
					wallSecondsMedian: c.median(rs.map((r) => r.wallMs / 1000)),
					peakRssGrowthMainMBMax: Math.max(...rs.map((r) => r.peakGrowthMainMB)),
					peakRssGrowthDuringReadMBMax: Math.max(...rs.map((r) => r.peakGrowthDuringReadMB ?? NaN)),
					peakRssGrowthDuringUploadMBMax: Math.max(...rs.map((r) => r.peakGrowthDuringUploadMB ?? NaN)),
					rssGrowthWithinUploadMBMax: Math.max(...rs.map((r) => r.growthWithinUploadMB ?? NaN)),
					peakRssGrowthTreeMBMax: Math.max(...rs.map((r) => r.peakGrowthTreeMB)),
				});
			}
		}
	}
	const find = (mode, cs, ct) => summary.find((s) => s.mode === mode && s.case === cs && s.contender === ct);
	const bigKey = cases[0].key;
	const nodeBig = find('filesystem', bigKey, 'node');
	const httpBig = find('filesystem', bigKey, 'http');
	const ratios = {};
	for (const cs of cases) {
		const n = find('filesystem', cs.key, 'node');
		const h = find('filesystem', cs.key, 'http');
		const hn = find('filesystem', cs.key, 'http-noredirect');
		ratios[cs.key] = {
			uploadNodeVsHttpRequest: n && h ? n.uploadSecondsMedian / h.uploadSecondsMedian : NaN,
			uploadNodeVsHttpRequestFastestRounds: n && h ? n.uploadSecondsMin / h.uploadSecondsMin : NaN,
			uploadNodeVsHttpRequestNoRedirect: n && hn ? n.uploadSecondsMedian / hn.uploadSecondsMedian : NaN,
			wallNodeVsHttpRequest: n && h ? n.wallSecondsMedian / h.wallSecondsMedian : NaN,
		};
	}
	const targets = {
		peakRssGrowthBelow64MB: { target: `< 64 MB for the ${opts.bigMb} MB file (filesystem mode)`, value: nodeBig && nodeBig.peakRssGrowthMainMBMax, met: Boolean(nodeBig && nodeBig.peakRssGrowthMainMBMax < 64) },
		uploadWithin1_2xHttpRequest: { target: '≤ 1.2 × HTTP Request (filesystem mode)', value: ratios[bigKey].uploadNodeVsHttpRequest, met: ratios[bigKey].uploadNodeVsHttpRequest <= 1.2 },
	};

	console.log('\nupload = the sending node\'s executionTime (n8n run data), median of rounds (fastest round); wall = whole execution');
	console.log('(Read/Write Files from Disk + upload + saving); RSS = peak growth of the n8n process over its RSS just');
	console.log('before the run (kernel VmHWM, reset before each run, and 20 ms samples), worst of the rounds;');
	console.log('"in read" / "in upload" = the peak sampled while Read/Write Files / the sending node ran (same');
	console.log('baseline); "upload Δ" = growth while the sending node ran over the RSS at its own start (what the');
	console.log('upload itself added); "+children" = n8n + its task runner, sampled.\n');
	const rows = [['binary mode', 'files', 'sender', 'upload s (min)', 'wall s', 'read s', 'RSS +MB', 'in read', 'in upload', 'upload Δ', '+children']];
	for (const s of summary) {
		rows.push([s.mode, s.caseLabel, s.label, `${c.fmt(s.uploadSecondsMedian)} (${c.fmt(s.uploadSecondsMin)})`, c.fmt(s.wallSecondsMedian), c.fmt(s.readSecondsMedian), c.fmt(s.peakRssGrowthMainMBMax, 0), c.fmt(s.peakRssGrowthDuringReadMBMax, 0), c.fmt(s.peakRssGrowthDuringUploadMBMax, 0), c.fmt(s.rssGrowthWithinUploadMBMax, 0), c.fmt(s.peakRssGrowthTreeMBMax, 0)]);
	}
	console.log(c.table(rows, { alignRight: [3, 4, 5, 6, 7, 8, 9, 10] }));
	console.log('\nratios (filesystem mode, upload time medians):');
	const rr = [['case', 'node / HTTP Request', 'same, fastest rounds', 'node / HTTP Request, no redirects', 'wall: node / HTTP Request']];
	for (const cs of cases) rr.push([cs.label, c.fmt(ratios[cs.key].uploadNodeVsHttpRequest), c.fmt(ratios[cs.key].uploadNodeVsHttpRequestFastestRounds), Number.isFinite(ratios[cs.key].uploadNodeVsHttpRequestNoRedirect) ? c.fmt(ratios[cs.key].uploadNodeVsHttpRequestNoRedirect) : '(not run)', c.fmt(ratios[cs.key].wallNodeVsHttpRequest)]);
	console.log(c.table(rr, { alignRight: [1, 2, 3, 4] }));
	console.log(`\ntargets (${opts.bigMb} MB, filesystem mode):`);
	console.log(`  peak RSS growth < 64 MB: ${c.fmt(targets.peakRssGrowthBelow64MB.value, 0)} MB → ${targets.peakRssGrowthBelow64MB.met ? 'met' : 'MISSED'}`);
	console.log(`  upload ≤ 1.2 × HTTP Request: ${c.fmt(targets.uploadWithin1_2xHttpRequest.value)} → ${targets.uploadWithin1_2xHttpRequest.met ? 'met' : 'MISSED'}`);
	if (httpBig) console.log(`  (HTTP Request's own peak RSS growth: ${c.fmt(httpBig.peakRssGrowthMainMBMax, 0)} MB)`);

	const file = c.writeResults('attachment', {
		benchmark: 'attachment',
		date: new Date().toISOString(),
		machine: { ...machine, loadAvgAtEnd: require('node:os').loadavg().map((x) => Number(x.toFixed(2))) },
		git: c.gitState(),
		builtNow: built,
		settings: { rounds: opts.rounds, bigMb: opts.bigMb, smallMb: opts.smallMb, smallCount: opts.smallCount, nodeOptions: 'defaults (concurrency 5)', sink: 'bench/lib/sink-child.js (busboy, streaming sha256, own process)' },
		reported: 'uploadSecondsMedian = median of the sending node executionTime; peakRssGrowthMainMBMax = max over rounds of (max(VmHWM after reset, sampled VmRSS) - VmRSS just before the run) of the n8n main process',
		summary,
		ratios,
		targets,
		targetNote: 'peakRssGrowthBelow64MB is judged on the whole execution (Read/Write Files from Disk included), the stricter figure; rssGrowthWithinUploadMBMax isolates the upload',
		runs: results,
		totalSeconds: Math.round((Date.now() - t0) / 1000),
	});
	console.log(`\nresults: ${path.relative(c.ROOT, file)} (total ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

c.runMain(main);
