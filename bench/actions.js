#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:actions`: the Conversation Actions node against n8n's HTTP Request node doing the
 * same calls, in one running n8n, on the loopback 99digital/Chatwoot mock (its own process):
 *   - Get Messages: the whole history of a 1,000-message conversation (Return All) against the
 *     HTTP Request node paginating the same endpoint with its built-in pagination (`before` = the
 *     smallest id of the previous page, until a page is empty);
 *   - the hand-off: Assign (team) + Set Status open + a private note (Send Conversation Message)
 *     against three HTTP Request nodes (assignments, toggle_status with status, messages private).
 * Contenders alternate over several rounds; time per run (median), peak RSS of n8n, ratios. Every
 * run is checked (the same 1,000 message ids; the conversation really assigned, opened and noted),
 * else the benchmark stops. See bench/README.md.
 */

const os = require('node:os');
const path = require('node:path');
const c = require('./lib/common');
const { DEFAULT_N8N_VERSION } = require('../scripts/runtime/versions');
const { ensureN8n } = require('../scripts/runtime/n8n-install');
const { PACKAGE_NAME } = require('../scripts/runtime/package');

const HELP = `Usage: npm run bench:actions -- [options]

  --messages <n>       messages in the Get Messages conversation (default 1000)
  --rounds <n>         measured rounds; every contender runs once per round, order alternating (default 9)
  --only <regex>       run only the contenders whose key matches (messages-node, messages-http,
                       messages-http-cred, messages-http-split, handoff-node, handoff-http, handoff-http-cred)
  --http-version <v>   the HTTP Request node's typeVersion (default 4.5, what n8n 2.41 adds today; 4.2–4.5
                       share one implementation, bench:throughput uses 4.2)
  --n8n <version>      n8n version (default ${DEFAULT_N8N_VERSION})
  --cpu-prof <dir>     start n8n with --cpu-prof into <dir> (diagnostics; slows n8n down)
  --tarball <file>     benchmark this packed tarball (e.g. a published version) instead of the working tree
  --build / --no-build rebuild always / never (default: only when dist/ is older than the sources)

Writes bench/results/actions.json. n8n's own log: .cache/bench/actions/n8n.log.`;

const { fixtures } = require('../mocks');

const TOKEN = fixtures.CREDENTIALS.ninetyNineDigital.accessToken;
const NND = fixtures.NINETY_NINE_DIGITAL;
const ACCOUNT = NND.accountId;
/** Two of the mock's conversations: one gets the long history, the other is handed off. */
const HISTORY_CONVERSATION = 40;
const HANDOFF_CONVERSATION = 41;
const ESCALATIONS_TEAM = NND.teams.find((team) => team.name === 'Escalations').id;
const NOTE = 'Hand-off: the customer asks for a refund of order 1042; the bot could not help.';
const CRED_99 = { id: 'benchCred99Dig01', name: 'bench 99digital', type: 'ninetyNineDigitalApi' };
const CRED_HEADER = { id: 'benchCredHeader1', name: 'bench api_access_token header', type: 'httpHeaderAuth' };
const ACTIONS_TYPE = `${PACKAGE_NAME}.conversationActions`;
const SEND_TYPE = `${PACKAGE_NAME}.sendConversationMessage`;

/** Start (Manual Trigger) → nodes[0] → nodes[1] → …, each node as saved in a workflow (name, type, parameters, …). */
function workflow(id, nodes) {
	const all = [{ id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	nodes.forEach((node, i) => all.push({ id: `${id}-${i}`, position: [220 * (i + 1), 0], ...node }));
	const connections = {};
	for (let i = 0; i + 1 < all.length; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name: `bench actions ${id}`, active: false, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

const conversationLocator = (id) => ({ __rl: true, value: String(id), mode: 'id' });
const withCredential99 = (node) => ({ ...node, credentials: { ninetyNineDigitalApi: { id: CRED_99.id, name: CRED_99.name } } });

/** The package's nodes, as a user saves them. */
const ours = {
	getMessages: () =>
		withCredential99({
			name: 'Get Messages',
			type: ACTIONS_TYPE,
			typeVersion: 1,
			parameters: {
				platform: 'ninetyNineDigital', resource: 'conversation', operation: 'getMessages', accountId: String(ACCOUNT),
				conversationId: conversationLocator(HISTORY_CONVERSATION), returnAll: true,
				// The HTTP Request contender reads every message too: notes included, the same 1,000.
				options: { includePrivateNotes: true },
			},
		}),
	assign: () =>
		withCredential99({
			name: 'Assign',
			type: ACTIONS_TYPE,
			typeVersion: 1,
			parameters: {
				platform: 'ninetyNineDigital', resource: 'conversation', operation: 'assign', accountId: String(ACCOUNT),
				conversationId: conversationLocator(HANDOFF_CONVERSATION), assignment: 'assign',
				agent: { __rl: true, mode: 'list', value: '' }, team: { __rl: true, mode: 'id', value: String(ESCALATIONS_TEAM) },
			},
		}),
	setStatus: () =>
		withCredential99({
			name: 'Set Status',
			type: ACTIONS_TYPE,
			typeVersion: 1,
			parameters: {
				platform: 'ninetyNineDigital', resource: 'conversation', operation: 'setStatus', accountId: String(ACCOUNT),
				conversationId: conversationLocator(HANDOFF_CONVERSATION), status: 'open',
			},
		}),
	note: () =>
		withCredential99({
			name: 'Private Note',
			type: SEND_TYPE,
			typeVersion: 1,
			parameters: {
				platform: 'ninetyNineDigital', accountId: String(ACCOUNT), conversationId: conversationLocator(HANDOFF_CONVERSATION),
				content: NOTE, messageType: 'outgoing', private: true, attachments: '', additionalFields: {},
			},
		}),
};

/**
 * n8n's HTTP Request node with the token as a plain header (the fastest way it sends it), or in an
 * httpHeaderAuth credential (the way a user keeps a secret). `via`: {baseUrl, version, credential}.
 */
function httpRequest(name, { baseUrl, version, credential }, { method, urlPath, body, options = {} }) {
	const headers = [{ name: 'Accept', value: 'application/json' }];
	if (!credential) headers.unshift({ name: 'api_access_token', value: TOKEN });
	const node = {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: version,
		parameters: {
			method,
			url: `${baseUrl}/api/v1/accounts/${ACCOUNT}/conversations/${urlPath}`,
			authentication: credential ? 'genericCredentialType' : 'none',
			sendHeaders: true,
			headerParameters: { parameters: headers },
			...(body ? { sendBody: true, specifyBody: 'json', jsonBody: JSON.stringify(body) } : {}),
			options,
		},
	};
	if (credential) {
		node.parameters.genericAuthType = 'httpHeaderAuth';
		node.credentials = { httpHeaderAuth: { id: CRED_HEADER.id, name: CRED_HEADER.name } };
	}
	return node;
}

/**
 * Chatwoot's history as a user paginates it with the HTTP Request node: the first request without
 * `before` ($pageCount 0), then `before` = the smallest id of the previous page, until a page is
 * empty (MessageFinder answers 20 per page, oldest first).
 */
const HISTORY_PAGINATION = {
	pagination: {
		pagination: {
			paginationMode: 'updateAParameterInEachRequest',
			parameters: { parameters: [{ type: 'qs', name: 'before', value: '={{ $pageCount ? Math.min(...$response.body.payload.map((m) => m.id)) : undefined }}' }] },
			paginationCompleteWhen: 'other',
			completeExpression: '={{ $response.body.payload.length === 0 }}',
		},
	},
};

const http = {
	getMessages: (via) => httpRequest('Get Messages (HTTP Request)', via, { method: 'GET', urlPath: `${HISTORY_CONVERSATION}/messages`, options: HISTORY_PAGINATION }),
	/** n8n's Split Out: the pages' payloads as an item per message, as the node outputs them. */
	splitPages: () => ({ name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'payload', include: 'noOtherFields', options: {} } }),
	assign: (via) => httpRequest('Assign (HTTP Request)', via, { method: 'POST', urlPath: `${HANDOFF_CONVERSATION}/assignments`, body: { team_id: ESCALATIONS_TEAM } }),
	setStatus: (via) => httpRequest('Set Status (HTTP Request)', via, { method: 'POST', urlPath: `${HANDOFF_CONVERSATION}/toggle_status`, body: { status: 'open' } }),
	note: (via) =>
		httpRequest('Private Note (HTTP Request)', via, { method: 'POST', urlPath: `${HANDOFF_CONVERSATION}/messages`, body: { content: NOTE, message_type: 'outgoing', private: true } }),
	handOff: (via) => [http.assign(via), http.setStatus(via), http.note(via)],
};

/** Message ids in a contender's output: the node's items, the HTTP Request node's pages, Split Out's items. */
const idsOut = {
	node: (items) => items.map((item) => Number(item.json.messageId)),
	pages: (items) => items.flatMap((item) => (Array.isArray(item.json.payload) ? item.json.payload.map((m) => Number(m.id)) : [])),
	split: (items) => items.map((item) => Number(item.json.id)),
};

function contenders(baseUrl, version) {
	const plain = { baseUrl, version, credential: false };
	const credential = { baseUrl, version, credential: true };
	return [
		{ bench: 'messages', key: 'messages-node', label: 'Conversation Actions → Get Messages (Return All)', nodes: [ours.getMessages()], ids: idsOut.node },
		{ bench: 'messages', key: 'messages-http', label: `HTTP Request ${version}, pagination, token as plain header`, nodes: [http.getMessages(plain)], ids: idsOut.pages },
		{ bench: 'messages', key: 'messages-http-cred', label: `HTTP Request ${version}, pagination, httpHeaderAuth credential`, nodes: [http.getMessages(credential)], ids: idsOut.pages },
		{ bench: 'messages', key: 'messages-http-split', label: 'HTTP Request (plain header) + Split Out: an item per message', nodes: [http.getMessages(plain), http.splitPages()], ids: idsOut.split },
		{ bench: 'handoff', key: 'handoff-node', label: 'Assign (team) + Set Status + Send Conversation Message (private)', nodes: [ours.assign(), ours.setStatus(), ours.note()] },
		{ bench: 'handoff', key: 'handoff-http', label: `3 × HTTP Request ${version}, token as plain header`, nodes: http.handOff(plain) },
		{ bench: 'handoff', key: 'handoff-http-cred', label: `3 × HTTP Request ${version}, httpHeaderAuth credential`, nodes: http.handOff(credential) },
	];
}

/** The conversation before a hand-off: the bot owns it, pending, no team — so every run really writes. */
const BOT_OWNED = { status: 'pending', assignee: { type: 'AgentBot', id: NND.bot.id }, teamId: null, snoozedUntil: null };

async function main() {
	const opts = c.parseArgs(
		process.argv.slice(2),
		{
			messages: { type: 'number', default: 1000 },
			rounds: { type: 'number', default: 9 },
			httpVersion: { type: 'number', default: 4.5 },
			only: { type: 'string', default: '' },
			n8n: { type: 'string', default: DEFAULT_N8N_VERSION },
			cpuProf: { type: 'string', default: '' },
			build: { type: 'boolean', default: undefined },
			tarball: { type: 'string', default: '' },
		},
		HELP,
	);
	const N = opts.messages;
	const t0 = Date.now();
	console.log(`bench:actions — Get Messages of ${N} messages and the hand-off, ${opts.rounds} rounds, n8n ${opts.n8n}`);

	const [{ tarball, built }] = await Promise.all([c.buildAndPack({ build: opts.build, tarball: opts.tarball }), ensureN8n(opts.n8n)]);
	const machine = await c.machineInfo(opts.n8n);
	const mock = await c.startChild(path.join(__dirname, 'lib', 'mock-child.js'), { name: 'mock vendor' });
	const baseUrl = mock.info.baseUrl;

	const only = opts.only ? new RegExp(opts.only) : null;
	const all = contenders(baseUrl, opts.httpVersion).filter((ct) => !only || only.test(ct.key));
	if (!all.length) throw new Error(`--only ${opts.only} matches no contender`);
	all.forEach((ct, i) => {
		ct.id = `benchActions${String(i).padStart(4, '0')}`;
		ct.nodeNames = ct.nodes.map((node) => node.name);
	});

	const { n8n, rest } = await c.setupN8n({
		name: 'actions',
		version: opts.n8n,
		tarball,
		credentials: [
			{ ...CRED_99, data: { accessToken: TOKEN, baseUrl } },
			{ ...CRED_HEADER, data: { name: 'api_access_token', value: TOKEN } },
		],
		workflows: all.map((ct) => workflow(ct.id, ct.nodes)),
		env: opts.cpuProf ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(opts.cpuProf)}` } : {},
	});
	console.log(`set-up done in ${((Date.now() - t0) / 1000).toFixed(0)} s (n8n pid ${n8n.pid}, mock ${baseUrl})`);

	/** Sets the mock up for the contender's bench, runs the workflow, checks what it did, measures. */
	const runOnce = async (ct) => {
		await mock.call('reset');
		const seeded = ct.bench === 'messages' ? await mock.call('seedHistory', { conversationId: HISTORY_CONVERSATION, count: N }) : null;
		if (ct.bench === 'handoff') await mock.call('seedConversation', { conversationId: HANDOFF_CONVERSATION, patch: BOT_OWNED });
		const base = c.readStatusKb(n8n.pid);
		const sampler = c.startRssSampler(n8n.pid, 20);
		const cpu0 = c.cpuMsOfTree(n8n.pid);
		const res = await c.runWorkflow(rest, ct.id, { timeoutMs: 240_000 });
		const cpuMs = c.cpuMsOfTree(n8n.pid) - cpu0;
		const mem = sampler.stop();
		const exec = res.run;
		const problems = [];
		if (!res.ok) problems.push(`execution ${res.executionId} ended ${res.status}: ${JSON.stringify(exec.data && exec.data.resultData && exec.data.resultData.error && exec.data.resultData.error.message)}`);
		const runs = ct.nodeNames.map((name) => c.nodeRun(exec, name));
		if (runs.some((r) => !r)) problems.push('a contender node has no run data');
		const stats = await mock.call('stats');
		if (stats.requests !== (stats.statuses[200] || 0)) problems.push(`the mock answered ${JSON.stringify(stats.statuses)}`);
		if (!problems.length && ct.bench === 'messages') {
			const got = ct.ids(runs[runs.length - 1].items);
			const want = [...seeded].sort((a, b) => a - b);
			const same = got.length === want.length && [...got].sort((a, b) => a - b).every((id, i) => id === want[i]);
			if (!same) problems.push(`${got.length} messages out (${new Set(got).size} distinct), expected the ${want.length} seeded`);
		}
		if (!problems.length && ct.bench === 'handoff') {
			const after = await mock.call('conversation', { conversationId: HANDOFF_CONVERSATION });
			const notes = after.messages.filter((m) => m.private && m.content === NOTE);
			if (after.state.teamId !== ESCALATIONS_TEAM || after.state.status !== 'open') problems.push(`conversation is ${JSON.stringify(after.state)}`);
			if (!after.changedFields.includes('teamId') || !after.changedFields.includes('status')) problems.push(`fields written: ${after.changedFields.join(', ') || 'none'}`);
			if (notes.length !== 1 || after.messages.length !== 1) problems.push(`${after.messages.length} messages posted, ${notes.length} the private note`);
		}
		if (problems.length) throw new Error(`${ct.label}: ${problems.join('; ')}`);
		const peakKb = Math.max(mem.peakMainHwmKb || 0, ...mem.samples.map((s) => s.main));
		return {
			nodeMs: runs.reduce((sum, r) => sum + r.executionTime, 0),
			perNodeMs: runs.map((r) => r.executionTime),
			wallMs: c.execWallMs(exec),
			cpuMs,
			peakRssMB: peakKb / 1024,
			rssGrowthMB: (peakKb - base.rss) / 1024,
			requests: stats.requests,
			routes: stats.routes,
			executionId: res.executionId,
		};
	};

	// warm-up (not measured): JIT, connection pools, n8n's first-execution costs
	const tw = Date.now();
	for (const ct of all) await runOnce(ct);
	console.log(`warm-up done in ${((Date.now() - tw) / 1000).toFixed(0)} s; measuring …`);

	const samples = Object.fromEntries(all.map((ct) => [ct.key, []]));
	for (let r = 0; r < opts.rounds; r++) {
		const order = all.map((_, i) => all[(i + r) % all.length]);
		if (r % 2) order.reverse();
		const line = [];
		for (const ct of order) {
			const s = await runOnce(ct);
			samples[ct.key].push({ round: r + 1, ...s });
			line.push(`${ct.key} ${s.nodeMs} ms`);
		}
		console.log(`round ${r + 1}/${opts.rounds}: ${line.join(' | ')}`);
	}

	const summary = {};
	for (const ct of all) {
		const xs = samples[ct.key];
		summary[ct.key] = {
			bench: ct.bench,
			label: ct.label,
			nodes: ct.nodeNames,
			nodeMsMedian: c.median(xs.map((x) => x.nodeMs)),
			nodeMsMin: Math.min(...xs.map((x) => x.nodeMs)),
			nodeMsMax: Math.max(...xs.map((x) => x.nodeMs)),
			perNodeMsMedian: ct.nodeNames.map((_, i) => c.median(xs.map((x) => x.perNodeMs[i]))),
			wallMsMedian: c.median(xs.map((x) => x.wallMs)),
			cpuMsMedian: c.median(xs.map((x) => x.cpuMs)),
			peakRssMBMedian: c.median(xs.map((x) => x.peakRssMB)),
			rssGrowthMBMedian: c.median(xs.map((x) => x.rssGrowthMB)),
			rssGrowthMBMax: Math.max(...xs.map((x) => x.rssGrowthMB)),
			requests: xs[0].requests,
			routes: xs[0].routes,
			runs: xs.map(({ routes, ...rest }) => rest),
		};
	}
	const ratio = (a, b, field) => (summary[a] && summary[b] ? summary[a][field] / summary[b][field] : NaN);
	const versus = (a, b) => ({
		time: ratio(a, b, 'nodeMsMedian'),
		wall: ratio(a, b, 'wallMsMedian'),
		cpu: ratio(a, b, 'cpuMsMedian'),
		peakRss: ratio(a, b, 'peakRssMBMedian'),
		rssGrowth: ratio(a, b, 'rssGrowthMBMedian'),
	});
	const ratios = {
		messagesVsHttpRequest: versus('messages-node', 'messages-http'),
		messagesVsHttpRequestWithCredential: versus('messages-node', 'messages-http-cred'),
		messagesVsHttpRequestAndSplitOut: versus('messages-node', 'messages-http-split'),
		handoffVsHttpRequests: versus('handoff-node', 'handoff-http'),
		handoffVsHttpRequestsWithCredential: versus('handoff-node', 'handoff-http-cred'),
	};
	// null: that bench was left out (--only)
	const target = (value) => ({ target: '≤ 1.0 (time)', value: Number.isFinite(value) ? value : null, met: Number.isFinite(value) ? value <= 1.0 : null });
	const targets = { getMessages: target(ratios.messagesVsHttpRequest.time), handoff: target(ratios.handoffVsHttpRequests.time) };

	console.log('\nmedian of the rounds. "time" = the contender nodes\' executionTime from n8n\'s execution data (summed');
	console.log('over a workflow\'s nodes); "execution wall" = startedAt→stoppedAt of the whole execution (with saving it);');
	console.log('"CPU" = the n8n process tree\'s CPU time from the run request to the finished execution; "peak RSS" = the');
	console.log('n8n process\'s peak (VmHWM reset before the run, and 20 ms samples), "+MB" its growth over the RSS before.\n');
	const rows = [['contender', 'time ms', 'min–max', 'exec wall', 'CPU ms', 'peak RSS MB', '+MB (max)', 'requests', 'time / request']];
	for (const ct of all) {
		const s = summary[ct.key];
		rows.push([s.label, c.fmt(s.nodeMsMedian, 0), `${c.fmt(s.nodeMsMin, 0)}–${c.fmt(s.nodeMsMax, 0)}`, c.fmt(s.wallMsMedian, 0), c.fmt(s.cpuMsMedian, 0), c.fmt(s.peakRssMBMedian, 0), `${c.fmt(s.rssGrowthMBMedian, 0)} (${c.fmt(s.rssGrowthMBMax, 0)})`, String(s.requests), c.fmt(s.nodeMsMedian / s.requests, 1)]);
	}
	console.log(c.table(rows, { alignRight: [1, 2, 3, 4, 5, 6, 7, 8] }));
	console.log('\nratios (medians), ours / theirs:');
	const rrows = [['ratio', 'time', 'wall', 'CPU', 'peak RSS', '+MB', 'target']];
	const ratioRow = (label, r, t) => rrows.push([label, c.fmt(r.time), c.fmt(r.wall), c.fmt(r.cpu), c.fmt(r.peakRss), c.fmt(r.rssGrowth), t ? `${t.target} → ${t.met ? 'met' : 'MISSED'}` : '']);
	ratioRow('Get Messages / HTTP Request', ratios.messagesVsHttpRequest, targets.getMessages);
	ratioRow('Get Messages / HTTP Request with credential', ratios.messagesVsHttpRequestWithCredential);
	ratioRow('Get Messages / HTTP Request + Split Out', ratios.messagesVsHttpRequestAndSplitOut);
	ratioRow('hand-off / 3 HTTP Requests', ratios.handoffVsHttpRequests, targets.handoff);
	ratioRow('hand-off / 3 HTTP Requests with credential', ratios.handoffVsHttpRequestsWithCredential);
	console.log(c.table(rrows.filter((r) => r[1] !== '—'), { alignRight: [1, 2, 3, 4, 5] }));
	console.log('\nper node (median ms) and the requests each workflow sent:');
	for (const ct of all) {
		const s = summary[ct.key];
		console.log(`  ${ct.key}: ${ct.nodeNames.map((name, i) => `${name} ${c.fmt(s.perNodeMsMedian[i], 0)}`).join(', ')}`);
		console.log(`    ${Object.entries(s.routes).map(([route, n]) => `${n} × ${route}`).join(', ')}`);
	}

	const file = c.writeResults('actions', {
		benchmark: 'actions',
		date: new Date().toISOString(),
		machine: { ...machine, loadAvgAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))) },
		git: c.gitState(),
		builtNow: built,
		settings: { messages: N, rounds: opts.rounds, httpRequestVersion: opts.httpVersion, historyConversation: HISTORY_CONVERSATION, handoffConversation: HANDOFF_CONVERSATION, mock: 'mocks/ startChatwootMock, own process' },
		reported: 'nodeMsMedian = median over rounds of the sum of the contender nodes\' executionTime; wallMsMedian = execution startedAt→stoppedAt; cpuMsMedian = CPU time (utime+stime, /proc) of the n8n process tree from the run request to the finished execution (incl. REST polling and saving); peakRssMBMedian = max(VmHWM after reset, 20 ms VmRSS samples) of the n8n main process; rssGrowthMB = that peak - VmRSS just before the run',
		summary,
		ratios,
		targets,
		totalSeconds: Math.round((Date.now() - t0) / 1000),
	});
	console.log(`\nresults: ${path.relative(c.ROOT, file)} (total ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

c.runMain(main);
