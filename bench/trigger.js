#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:trigger`: webhook deliveries per second into a running n8n, side by side in the
 * same n8n and run:
 *   - the Conversation Message Trigger (99digital / Chatwoot, "existing webhook" mode with a
 *     secret: every delivery's HMAC-SHA256 signature and timestamp checked, the message read,
 *     remembered for redeliveries, one execution started),
 *   - n8n's own Webhook node (POST, respond on received), without and with a Header Auth credential,
 * with the same Chatwoot `message_created` bodies, signed the way Chatwoot signs them, sent by one
 * loader at a fixed concurrency, contenders alternating over several rounds. Measured: deliveries
 * answered per second, and until the last execution of the round finished. See bench/README.md.
 */

const crypto = require('node:crypto');
const c = require('./lib/common');
const { DEFAULT_N8N_VERSION } = require('../scripts/runtime/versions');
const { ensureN8n } = require('../scripts/runtime/n8n-install');
const { PACKAGE_NAME } = require('../scripts/runtime/package');

const HELP = `Usage: npm run bench:trigger -- [options]

  --deliveries <n>     deliveries per round and contender (default 400)
  --rounds <n>         measured rounds; each contender once per round, order alternating (default 4)
  --concurrency <n>    deliveries in flight at once (default 10)
  --n8n <version>      n8n version (default ${DEFAULT_N8N_VERSION})
  --build / --no-build rebuild always / never (default: only when dist/ is older than the sources)

Writes bench/results/trigger.json. n8n's own log: .cache/bench/trigger/n8n.log.`;

const SECRET = 'bench-webhook-secret-5b1f';
const TRIGGER_HOOK = '0b7d3c1e-9a55-4e2b-8f11-6c0a1d2e3f01';
const HEADER_SECRET = 'bench-header-secret-9d2e';
const CONTENDERS = [
	{ key: 'trigger', label: 'Conversation Message Trigger (signature checked)', workflowId: 'benchTrigger0001', path: `${TRIGGER_HOOK}/webhook` },
	{ key: 'webhook', label: "n8n's Webhook node (no check)", workflowId: 'benchWebhook0001', path: 'bench-plain-webhook' },
	// Like for like: n8n's own way to protect a webhook, a credential n8n checks on every call
	// (and, as for any node with a credential, the credential permission check of each execution).
	{ key: 'webhookAuth', label: "n8n's Webhook node, Header Auth credential", workflowId: 'benchWebhookAuth', path: 'bench-auth-webhook', headers: { 'X-Bench-Auth': HEADER_SECRET } },
];

function workflows() {
	const trigger = {
		id: CONTENDERS[0].workflowId,
		name: 'bench: Conversation Message Trigger',
		active: false,
		nodes: [{
			id: 'bench-trigger-node', name: 'Trigger', type: `${PACKAGE_NAME}.conversationMessageTrigger`, typeVersion: 1, position: [0, 0],
			webhookId: TRIGGER_HOOK,
			parameters: { platform: 'ninetyNineDigital', webhookSetup: 'existing', accountId: '7', webhookSecret: SECRET, options: {} },
			credentials: { ninetyNineDigitalApi: { id: 'benchCred99Dig01', name: 'bench 99digital' } },
		}],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	const webhook = {
		id: CONTENDERS[1].workflowId,
		name: "bench: n8n's Webhook node",
		active: false,
		nodes: [{
			id: 'bench-webhook-node', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0],
			webhookId: '0b7d3c1e-9a55-4e2b-8f11-6c0a1d2e3f02',
			parameters: { httpMethod: 'POST', path: CONTENDERS[1].path, responseMode: 'onReceived', options: {} },
		}],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	const webhookAuth = {
		...webhook,
		id: CONTENDERS[2].workflowId,
		name: "bench: n8n's Webhook node with Header Auth",
		nodes: [{
			...webhook.nodes[0], id: 'bench-webhook-auth-node', webhookId: '0b7d3c1e-9a55-4e2b-8f11-6c0a1d2e3f03',
			parameters: { httpMethod: 'POST', path: CONTENDERS[2].path, authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
			credentials: { httpHeaderAuth: { id: 'benchCredHeader1', name: 'bench header auth' } },
		}],
	};
	return [trigger, webhook, webhookAuth];
}

let messageId = 1_000_000;
/** A Chatwoot `message_created` delivery as Chatwoot sends it: body, timestamp, signature, delivery id. */
function delivery() {
	const id = ++messageId;
	const body = JSON.stringify({
		event: 'message_created', id, content: `Customer message ${id}`, content_type: 'text', content_attributes: {}, additional_attributes: {},
		message_type: 'incoming', private: false, created_at: new Date().toISOString(), source_id: null,
		sender: { id: 1042, name: 'Contact 42', email: 'contact42@customer.example', phone_number: null, identifier: null, thumbnail: '' },
		inbox: { id: 3, name: 'API Inbox' }, account: { id: 7, name: 'Acme Online' },
		conversation: { id: 42, inbox_id: 3, status: 'open', channel: 'Channel::Api', messages: [{ id, content: `Customer message ${id}`, message_type: 0 }] },
	});
	const ts = String(Math.floor(Date.now() / 1000));
	const signature = `sha256=${crypto.createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}`;
	return { body, headers: { 'Content-Type': 'application/json', 'X-Chatwoot-Timestamp': ts, 'X-Chatwoot-Signature': signature, 'X-Chatwoot-Delivery': crypto.randomUUID() } };
}

async function load(url, count, concurrency, extraHeaders = {}) {
	const statuses = {};
	let next = 0;
	const t0 = process.hrtime.bigint();
	const worker = async () => {
		while (next < count) {
			next++;
			const { body, headers } = delivery();
			const res = await fetch(url, { method: 'POST', headers: { ...headers, ...extraHeaders }, body });
			await res.arrayBuffer();
			statuses[res.status] = (statuses[res.status] || 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { ms: Number(process.hrtime.bigint() - t0) / 1e6, statuses };
}

async function executionCount(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status: ['success'] }));
	const data = (await rest.request('GET', `/rest/executions?filter=${filter}&limit=1`)).json.data;
	return data.count;
}

async function main() {
	const opts = c.parseArgs(
		process.argv.slice(2),
		{
			deliveries: { type: 'number', default: 400 },
			rounds: { type: 'number', default: 4 },
			concurrency: { type: 'number', default: 10 },
			n8n: { type: 'string', default: DEFAULT_N8N_VERSION },
			build: { type: 'boolean', default: undefined },
		},
		HELP,
	);
	const N = opts.deliveries;
	const t0 = Date.now();
	console.log(`bench:trigger — ${N} deliveries × ${opts.rounds} rounds per contender, concurrency ${opts.concurrency}, n8n ${opts.n8n}`);
	const [{ tarball, built }] = await Promise.all([c.buildAndPack({ build: opts.build }), ensureN8n(opts.n8n)]);
	const machine = await c.machineInfo(opts.n8n);
	const { n8n, rest } = await c.setupN8n({
		name: 'trigger',
		version: opts.n8n,
		tarball,
		credentials: [
			{ id: 'benchCred99Dig01', name: 'bench 99digital', type: 'ninetyNineDigitalApi', data: { accessToken: 'not-used-by-existing-mode', baseUrl: 'http://127.0.0.1:9' } },
			{ id: 'benchCredHeader1', name: 'bench header auth', type: 'httpHeaderAuth', data: { name: 'X-Bench-Auth', value: HEADER_SECRET } },
		],
		workflows: workflows(),
	});
	for (const ct of CONTENDERS) {
		await rest.activateWorkflow(ct.workflowId);
		ct.url = `${n8n.url}/webhook/${ct.path}`;
		// Published asynchronously: wait until the webhook answers 200 to a genuine delivery.
		for (let tries = 0; ; tries++) {
			const { body, headers } = delivery();
			const res = await fetch(ct.url, { method: 'POST', headers: { ...headers, ...(ct.headers || {}) }, body }).catch(() => null);
			if (res && res.status === 200 && !(await res.text()).includes('starting up')) break;
			if (tries > 300) throw new Error(`${ct.label}: webhook at ${ct.url} never answered 200`);
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	console.log(`set-up done in ${((Date.now() - t0) / 1000).toFixed(0)} s (n8n pid ${n8n.pid})`);

	const runRound = async (ct) => {
		const before = await executionCount(rest, ct.workflowId);
		const cpu0 = c.cpuMsOfTree(n8n.pid);
		const t = Date.now();
		const { ms, statuses } = await load(ct.url, N, opts.concurrency, ct.headers);
		if (statuses[200] !== N) throw new Error(`${ct.label}: answers ${JSON.stringify(statuses)}, expected ${N} × 200`);
		for (;;) {
			if ((await executionCount(rest, ct.workflowId)) - before >= N) break;
			if (Date.now() - t > 300_000) throw new Error(`${ct.label}: executions did not finish within 300 s`);
			await new Promise((r) => setTimeout(r, 100));
		}
		return { answeredMs: ms, allExecutedMs: Date.now() - t, cpuMs: c.cpuMsOfTree(n8n.pid) - cpu0 };
	};
	// warm-up (not measured)
	for (const ct of CONTENDERS) await runRound(ct);
	const samples = Object.fromEntries(CONTENDERS.map((ct) => [ct.key, []]));
	for (let r = 0; r < opts.rounds; r++) {
		const order = CONTENDERS.map((_, i) => CONTENDERS[(i + r) % CONTENDERS.length]);
		const line = [];
		for (const ct of order) {
			const s = await runRound(ct);
			samples[ct.key].push(s);
			line.push(`${ct.key} ${(N / (s.answeredMs / 1000)).toFixed(0)}/s answered, ${(N / (s.allExecutedMs / 1000)).toFixed(0)}/s executed`);
		}
		console.log(`round ${r + 1}/${opts.rounds}: ${line.join(' | ')}`);
	}
	const summary = {};
	for (const ct of CONTENDERS) {
		const xs = samples[ct.key];
		summary[ct.key] = {
			label: ct.label,
			answeredPerSecondMedian: c.median(xs.map((x) => N / (x.answeredMs / 1000))),
			executedPerSecondMedian: c.median(xs.map((x) => N / (x.allExecutedMs / 1000))),
			cpuMsPerDeliveryMedian: c.median(xs.map((x) => x.cpuMs / N)),
			runs: xs,
		};
	}
	// time per delivery, trigger / a Webhook node: ≤ 1.2 is the target
	const versus = (other) => ({
		answered: summary[other].answeredPerSecondMedian / summary.trigger.answeredPerSecondMedian,
		executed: summary[other].executedPerSecondMedian / summary.trigger.executedPerSecondMedian,
		cpu: summary.trigger.cpuMsPerDeliveryMedian / summary[other].cpuMsPerDeliveryMedian,
	});
	const ratios = { vsPlainWebhook: versus('webhook'), vsWebhookWithHeaderAuth: versus('webhookAuth') };
	const rows = [['contender', 'answered / s', 'executed / s', 'CPU ms / delivery']];
	for (const ct of CONTENDERS) {
		const s = summary[ct.key];
		rows.push([s.label, c.fmt(s.answeredPerSecondMedian), c.fmt(s.executedPerSecondMedian), c.fmt(s.cpuMsPerDeliveryMedian)]);
	}
	console.log(`\n${c.table(rows, { alignRight: [1, 2, 3] })}`);
	for (const [name, r] of [['plain Webhook node', ratios.vsPlainWebhook], ['Webhook node with Header Auth', ratios.vsWebhookWithHeaderAuth]]) {
		console.log(`time per delivery, trigger / ${name}: answered ${c.fmt(r.answered)}×, executed ${c.fmt(r.executed)}×, CPU ${c.fmt(r.cpu)}× (target ≤ 1.2: ${r.executed <= 1.2 ? 'met' : 'MISSED'})`);
	}
	const file = c.writeResults('trigger', {
		benchmark: 'trigger',
		date: new Date().toISOString(),
		machine: { ...machine, loadAvgAtEnd: require('node:os').loadavg().map((x) => Number(x.toFixed(2))) },
		git: c.gitState(),
		builtNow: built,
		settings: { deliveries: N, rounds: opts.rounds, concurrency: opts.concurrency },
		reported: 'answeredPerSecond = deliveries / time until the last one was answered; executedPerSecond = deliveries / time until n8n counted as many new successful executions; cpuMsPerDelivery = CPU time of the n8n process tree over the round / deliveries',
		summary,
		ratios,
		totalSeconds: Math.round((Date.now() - t0) / 1000),
	});
	console.log(`\nresults: ${require('node:path').relative(c.ROOT, file)} (total ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

c.runMain(main);
