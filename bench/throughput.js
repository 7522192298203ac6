#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:throughput`: 1,000 text messages to the loopback 99digital/Chatwoot mock, sent by
 *   - this node inside a running n8n (concurrency C and 1),
 *   - n8n's HTTP Request node 4.2 in the same n8n (same URL, api_access_token header, Accept and
 *     JSON body; optionally with the token in an httpHeaderAuth credential instead),
 *   - a plain Node `fetch` loop (the floor) at concurrency C and 1,
 * alternating the contenders over several rounds. See bench/README.md.
 */

const path = require('node:path');
const c = require('./lib/common');
const { DEFAULT_N8N_VERSION } = require('../scripts/runtime/versions');
const { ensureN8n } = require('../scripts/runtime/n8n-install');
const { NODE_TYPE } = require('../scripts/runtime/package');

const HELP = `Usage: npm run bench:throughput -- [options]

  --items <n>          messages per run (default 1000)
  --rounds <n>         measured rounds; every contender runs once per round, order rotated (default 5)
  --concurrency <n>    the node's Concurrency option and the fetch loop's (default 5, the node's default)
  --http-credential    also run the HTTP Request node with the token in an httpHeaderAuth credential
                       (default on; --no-http-credential skips it)
  --n8n <version>      n8n version (default ${DEFAULT_N8N_VERSION})
  --expression-engine <vm|legacy>   N8N_EXPRESSION_ENGINE for n8n (default: n8n's own default, vm in 2.41)
  --only <regex>       run only the contenders whose key matches (node-c5, node-key-c5, node-c1, http, http-cred,
                       n8n-floor, fetch-c5, fetch-c1)
  --cpu-prof <dir>     start n8n with --cpu-prof into <dir> (diagnostics; slows n8n down)
  --tarball <file>     benchmark this packed tarball (e.g. a published version) instead of the working tree
  --build / --no-build rebuild always / never (default: only when dist/ is older than the sources)

Writes bench/results/throughput.json. n8n's own log: .cache/bench/throughput/n8n.log.`;

const NODE_NAME = 'Contender';
const TOKEN = require('../mocks').fixtures.CREDENTIALS.ninetyNineDigital.accessToken;
const ACCOUNT = 7;
const CRED_99 = { id: 'benchCred99Dig01', name: 'bench 99digital', type: 'ninetyNineDigitalApi' };
const CRED_HEADER = { id: 'benchCredHeader1', name: 'bench api_access_token header', type: 'httpHeaderAuth' };

/**
 * Start (Manual Trigger, its output pinned to `items` items {conversationId, text}) → Contender.
 * Pinned data keeps n8n's task runner (Code node) out of the measured executions.
 */
function workflow(id, items, contender) {
	const trigger = {
		id: `${id}-t`,
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node = { id: `${id}-n`, name: NODE_NAME, position: [220, 0], ...contender };
	const pinned = [];
	for (let i = 0; i < items; i++) pinned.push({ json: { conversationId: (i % 999) + 1, text: `Benchmark message ${i}` } });
	return {
		id,
		name: `bench throughput ${id}`,
		active: false,
		nodes: [trigger, node],
		connections: { Start: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: { Start: pinned },
	};
}

function thisNode(concurrency, { keyed = false } = {}) {
	return {
		type: NODE_TYPE,
		typeVersion: 1,
		parameters: {
			platform: 'ninetyNineDigital',
			accountId: String(ACCOUNT),
			conversationId: { __rl: true, value: '={{ $json.conversationId }}', mode: 'id' },
			content: '={{ $json.text }}',
			messageType: 'outgoing',
			private: false,
			attachments: '',
			additionalFields: {},
			// A key per message and execution: every round sends anew, with n8n's store in the path.
			options: keyed ? { concurrency, deduplicationKey: '={{ $execution.id }}/{{ $itemIndex }}' } : { concurrency },
		},
		credentials: { ninetyNineDigitalApi: { id: CRED_99.id, name: CRED_99.name } },
	};
}

function httpRequestNode(baseUrl, { credential }) {
	const headers = [{ name: 'Accept', value: 'application/json' }];
	if (!credential) headers.unshift({ name: 'api_access_token', value: TOKEN });
	const node = {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `=${baseUrl}/api/v1/accounts/${ACCOUNT}/conversations/{{ $json.conversationId }}/messages`,
			authentication: credential ? 'genericCredentialType' : 'none',
			sendHeaders: true,
			headerParameters: { parameters: headers },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ content: $json.text, message_type: "outgoing", private: false }) }}',
			options: {},
		},
	};
	if (credential) {
		node.parameters.genericAuthType = 'httpHeaderAuth';
		node.credentials = { httpHeaderAuth: { id: CRED_HEADER.id, name: CRED_HEADER.name } };
	}
	return node;
}

/** n8n's per-item floor: Edit Fields evaluating the same two expressions per item, no request. */
function editFieldsNode(baseUrl) {
	return {
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'b3f1c2d4-0001-4a5b-9c8d-000000000001', name: 'url', type: 'string', value: `=${baseUrl}/api/v1/accounts/${ACCOUNT}/conversations/{{ $json.conversationId }}/messages` },
					{ id: 'b3f1c2d4-0002-4a5b-9c8d-000000000002', name: 'body', type: 'string', value: '={{ JSON.stringify({ content: $json.text, message_type: "outgoing", private: false }) }}' },
				],
			},
			options: {},
		},
	};
}

async function main() {
	const opts = c.parseArgs(
		process.argv.slice(2),
		{
			items: { type: 'number', default: 1000 },
			rounds: { type: 'number', default: 5 },
			concurrency: { type: 'number', default: 5 },
			httpCredential: { type: 'boolean', default: true },
			n8n: { type: 'string', default: DEFAULT_N8N_VERSION },
			expressionEngine: { type: 'string', default: '' },
			only: { type: 'string', default: '' },
			cpuProf: { type: 'string', default: '' },
			build: { type: 'boolean', default: undefined },
			tarball: { type: 'string', default: '' },
		},
		HELP,
	);
	const C = opts.concurrency;
	const N = opts.items;
	const WARM = Math.min(200, N);
	const t0 = Date.now();
	console.log(`bench:throughput — ${N} messages × ${opts.rounds} rounds, concurrency ${C}, n8n ${opts.n8n}`);

	const [{ tarball, built }, inst] = await Promise.all([c.buildAndPack({ build: opts.build, tarball: opts.tarball }), ensureN8n(opts.n8n)]);
	const machine = await c.machineInfo(opts.n8n);
	const mock = await c.startChild(path.join(__dirname, 'lib', 'mock-child.js'), { name: 'mock vendor' });
	const baseUrl = mock.info.baseUrl;
	const fetcher = await c.startChild(path.join(__dirname, 'lib', 'fetch-child.js'), { execPath: inst.node, name: 'fetch loop' });

	// contenders: n8n workflows (measured + warm-up) and fetch loops
	const n8nContenders = [
		{ key: `node-c${C}`, label: `this node, concurrency ${C}`, node: thisNode(C) },
		{ key: `node-key-c${C}`, label: `this node, concurrency ${C}, Deduplication Key`, node: thisNode(C, { keyed: true }) },
		{ key: 'node-c1', label: 'this node, concurrency 1', node: thisNode(1) },
		{ key: 'http', label: 'HTTP Request 4.2, token as plain header', node: httpRequestNode(baseUrl, { credential: false }) },
	];
	if (opts.httpCredential) {
		n8nContenders.push({ key: 'http-cred', label: 'HTTP Request 4.2, token in httpHeaderAuth credential', node: httpRequestNode(baseUrl, { credential: true }) });
	}
	n8nContenders.push({ key: 'n8n-floor', label: 'n8n floor: Edit Fields, same 2 expressions, no request', node: editFieldsNode(baseUrl), noRequest: true });
	if (C === 1) n8nContenders.splice(n8nContenders.findIndex((ct) => ct.key === 'node-c1'), 1);
	const only = opts.only ? new RegExp(opts.only) : null;
	if (only) for (let i = n8nContenders.length - 1; i >= 0; i--) if (!only.test(n8nContenders[i].key)) n8nContenders.splice(i, 1);
	const workflows = [];
	n8nContenders.forEach((ct, i) => {
		ct.id = `benchThrough${String(i).padStart(4, '0')}`;
		ct.warmId = `benchThrWarm${String(i).padStart(4, '0')}`;
		workflows.push(workflow(ct.id, N, ct.node), workflow(ct.warmId, WARM, ct.node));
	});
	const fetchContenders = [{ key: `fetch-c${C}`, label: `fetch loop, concurrency ${C}`, concurrency: C }];
	if (C !== 1) fetchContenders.push({ key: 'fetch-c1', label: 'fetch loop, sequential', concurrency: 1 });
	if (only) for (let i = fetchContenders.length - 1; i >= 0; i--) if (!only.test(fetchContenders[i].key)) fetchContenders.splice(i, 1);

	const { n8n, rest } = await c.setupN8n({
		name: 'throughput',
		version: opts.n8n,
		tarball,
		credentials: [
			{ ...CRED_99, data: { accessToken: TOKEN, baseUrl } },
			{ ...CRED_HEADER, data: { name: 'api_access_token', value: TOKEN } },
		],
		workflows,
		env: {
			...(opts.expressionEngine ? { N8N_EXPRESSION_ENGINE: opts.expressionEngine } : {}),
			...(opts.cpuProf ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(opts.cpuProf)}` } : {}),
		},
	});
	console.log(`set-up done in ${((Date.now() - t0) / 1000).toFixed(0)} s (n8n pid ${n8n.pid}, mock ${baseUrl})`);

	const runN8n = async (ct, id, items) => {
		await mock.call('reset');
		const cpu0 = c.cpuMsOfTree(n8n.pid);
		const res = await c.runWorkflow(rest, id, { timeoutMs: 240_000 });
		const cpuMs = c.cpuMsOfTree(n8n.pid) - cpu0;
		const exec = res.run;
		const nr = c.nodeRun(exec, NODE_NAME);
		const stats = await mock.call('stats');
		const problems = [];
		if (!res.ok) problems.push(`execution ${res.executionId} ended ${res.status}: ${JSON.stringify(exec.data && exec.data.resultData && exec.data.resultData.error && exec.data.resultData.error.message)}`);
		if (!nr) problems.push('no run data for the contender node');
		else if (nr.items.length !== items) problems.push(`${nr.items.length} output items, expected ${items}`);
		else if (!ct.noRequest && nr.items.some((it) => it.json.error !== undefined || typeof it.json.id !== 'number')) problems.push('an output item is not a created message');
		const expected = ct.noRequest ? 0 : items;
		if (stats.messages !== expected || (stats.statuses[200] || 0) !== expected) problems.push(`mock saw ${stats.messages} messages, statuses ${JSON.stringify(stats.statuses)}`);
		if (problems.length) throw new Error(`${ct.label}: ${problems.join('; ')}`);
		return { nodeMs: nr ? nr.executionTime : NaN, wallMs: c.execWallMs(exec), cpuMs, executionId: res.executionId, mockStats: stats };
	};
	const runFetch = async (ct, items) => {
		await mock.call('reset');
		const r = await fetcher.call('run', { baseUrl, token: TOKEN, items, concurrency: ct.concurrency, accountId: ACCOUNT });
		const stats = await mock.call('stats');
		if (r.statuses[200] !== items || stats.messages !== items) throw new Error(`${ct.label}: statuses ${JSON.stringify(r.statuses)}, mock saw ${stats.messages}`);
		return { nodeMs: r.ms, wallMs: r.ms, cpuMs: r.cpuMs };
	};

	// warm-up (not measured): JIT, connection pools, n8n's first-execution costs
	const tw = Date.now();
	for (const ct of n8nContenders) await runN8n(ct, ct.warmId, WARM);
	for (const ct of fetchContenders) await runFetch(ct, WARM);
	console.log(`warm-up done in ${((Date.now() - tw) / 1000).toFixed(0)} s; measuring …`);

	// one request as the mock sees it from each sender (same URL, header, body)
	const all = [...n8nContenders.map((ct) => ({ ...ct, kind: 'n8n' })), ...fetchContenders.map((ct) => ({ ...ct, kind: 'fetch' }))];
	const samples = Object.fromEntries(all.map((ct) => [ct.key, []]));
	for (let r = 0; r < opts.rounds; r++) {
		const order = all.map((_, i) => all[(i + r) % all.length]);
		if (r % 2) order.reverse();
		const line = [];
		for (const ct of order) {
			const s = ct.kind === 'n8n' ? await runN8n(ct, ct.id, N) : await runFetch(ct, N);
			samples[ct.key].push({ round: r + 1, nodeMs: s.nodeMs, wallMs: s.wallMs, cpuMs: s.cpuMs, executionId: s.executionId });
			line.push(`${ct.key} ${(s.nodeMs / N).toFixed(2)}`);
		}
		console.log(`round ${r + 1}/${opts.rounds} (ms/msg): ${line.join(' | ')}`);
	}

	// summary
	const summary = {};
	for (const ct of all) {
		const xs = samples[ct.key];
		summary[ct.key] = {
			label: ct.label,
			kind: ct.kind,
			msPerMessageMedian: c.median(xs.map((x) => x.nodeMs / N)),
			msPerMessageMin: Math.min(...xs.map((x) => x.nodeMs / N)),
			msPerMessageMax: Math.max(...xs.map((x) => x.nodeMs / N)),
			wallMsPerMessageMedian: ct.kind === 'n8n' ? c.median(xs.map((x) => x.wallMs / N)) : null,
			cpuMsPerMessageMedian: c.median(xs.map((x) => x.cpuMs / N)),
			runs: xs,
		};
	}
	const med = (k) => (summary[k] ? summary[k].msPerMessageMedian : NaN);
	const wmed = (k) => (summary[k] ? summary[k].wallMsPerMessageMedian : NaN);
	const cmed = (k) => (summary[k] ? summary[k].cpuMsPerMessageMedian : NaN);
	const nodeKey = `node-c${C}`;
	const ratios = {
		nodeVsHttpRequest: med(nodeKey) / med('http'),
		keyedVsUnkeyed: med(`node-key-c${C}`) / med(nodeKey),
		nodeVsHttpRequestWall: wmed(nodeKey) / wmed('http'),
		nodeVsHttpRequestWithCredential: med(nodeKey) / med('http-cred'),
		nodeVsFetchEqualConcurrency: med(nodeKey) / med(`fetch-c${C}`),
		nodeSequentialVsFetchSequential: C === 1 ? med(nodeKey) / med('fetch-c1') : med('node-c1') / med('fetch-c1'),
		httpRequestVsFetchEqualConcurrency: med('http') / med(`fetch-c${C}`),
		cpu: {
			nodeVsHttpRequest: cmed(nodeKey) / cmed('http'),
			nodeVsHttpRequestWithCredential: cmed(nodeKey) / cmed('http-cred'),
			nodeVsFetchEqualConcurrency: cmed(nodeKey) / cmed(`fetch-c${C}`),
			nodeVsN8nFloor: cmed(nodeKey) / cmed('n8n-floor'),
		},
	};
	// A ratio whose contenders were left out (--only) has no verdict: met is null, and nothing is printed for it.
	const atMost = (value, bound) => ({ target: `≤ ${bound}`, value, met: Number.isFinite(value) ? value <= bound : null });
	const verdict = (t) => (t.met === null ? '' : `${t.target} → ${t.met ? 'met' : 'MISSED'}`);
	const targets = {
		nodeAtMost1xHttpRequest: atMost(ratios.nodeVsHttpRequest, '1.0'),
		nodeWithin1_5xFetch: atMost(ratios.nodeVsFetchEqualConcurrency, '1.5'),
		keyedWithin1_25xUnkeyed: atMost(ratios.keyedVsUnkeyed, '1.25'),
	};

	console.log('\nms per message (median of rounds; min–max). "node time" = the contender node\'s executionTime');
	console.log('from n8n\'s execution data (fetch: the loop\'s own time); "execution wall" = startedAt→stoppedAt');
	console.log('of the whole execution (trigger with the items pinned + the contender + saving); "CPU" = CPU time');
	console.log('of the n8n process tree during the run (fetch: of the fetch process), less sensitive to a busy machine.\n');
	const rows = [['contender', 'node time', 'min–max', 'execution wall', 'CPU']];
	for (const ct of all) {
		const s = summary[ct.key];
		rows.push([s.label, c.fmt(s.msPerMessageMedian), `${c.fmt(s.msPerMessageMin)}–${c.fmt(s.msPerMessageMax)}`, s.kind === 'n8n' ? c.fmt(s.wallMsPerMessageMedian) : '(n/a)', c.fmt(s.cpuMsPerMessageMedian)]);
	}
	console.log(c.table(rows, { alignRight: [1, 2, 3, 4] }));
	console.log('\nratios (node time medians):');
	const rrows = [['ratio', 'value', 'target']];
	rrows.push([`this node (c=${C}) / HTTP Request`, c.fmt(ratios.nodeVsHttpRequest), verdict(targets.nodeAtMost1xHttpRequest)]);
	rrows.push([`  same, execution wall time`, c.fmt(ratios.nodeVsHttpRequestWall), '']);
	rrows.push([`with Deduplication Key / without (c=${C})`, c.fmt(ratios.keyedVsUnkeyed), verdict(targets.keyedWithin1_25xUnkeyed)]);
	if (opts.httpCredential) rrows.push([`this node (c=${C}) / HTTP Request with credential`, c.fmt(ratios.nodeVsHttpRequestWithCredential), '']);
	rrows.push([`this node (c=${C}) / fetch loop (c=${C})`, c.fmt(ratios.nodeVsFetchEqualConcurrency), verdict(targets.nodeWithin1_5xFetch)]);
	rrows.push(['this node (c=1) / fetch loop (sequential)', c.fmt(ratios.nodeSequentialVsFetchSequential), '']);
	rrows.push([`HTTP Request / fetch loop (c=${C})`, c.fmt(ratios.httpRequestVsFetchEqualConcurrency), '']);
	rrows.push([`CPU: this node / HTTP Request`, c.fmt(ratios.cpu.nodeVsHttpRequest), '']);
	if (opts.httpCredential) rrows.push([`CPU: this node / HTTP Request with credential`, c.fmt(ratios.cpu.nodeVsHttpRequestWithCredential), '']);
	rrows.push([`CPU: this node / fetch loop (c=${C})`, c.fmt(ratios.cpu.nodeVsFetchEqualConcurrency), '']);
	rrows.push([`CPU: this node / n8n floor (Edit Fields)`, c.fmt(ratios.cpu.nodeVsN8nFloor), '']);
	console.log(c.table(rrows, { alignRight: [1] }));
	console.log('\nNote: the HTTP Request node has no concurrency limit: it starts every item\'s request at once.');

	const file = c.writeResults('throughput', {
		benchmark: 'throughput',
		date: new Date().toISOString(),
		machine: { ...machine, loadAvgAtEnd: require('node:os').loadavg().map((x) => Number(x.toFixed(2))) },
		git: c.gitState(),
		builtNow: built,
		settings: { items: N, rounds: opts.rounds, concurrency: C, expressionEngine: opts.expressionEngine || 'n8n default', warmupItems: WARM, fetchNode: fetcher.info.node, mock: 'mocks/ startChatwootMock, own process' },
		reported: 'msPerMessageMedian = median over rounds of (contender node executionTime from n8n run data) / items; wallMsPerMessageMedian = execution startedAt→stoppedAt / items; cpuMsPerMessageMedian = CPU time (utime+stime, /proc) of the n8n process tree from run request to finished execution (incl. REST polling and saving) / items, fetch: process.cpuUsage of the fetch process',
		summary,
		ratios,
		targets,
		totalSeconds: Math.round((Date.now() - t0) / 1000),
	});
	console.log(`\nresults: ${path.relative(c.ROOT, file)} (total ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

c.runMain(main);
