'use strict';
/**
 * The Conversation Message Trigger in queue mode (a phase of scripts/queue-test.js): main receives
 * the deliveries, the workers run the executions, and the webhook registered at activation
 * survives a restart of main (no second registration, no gap).
 */
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./runtime/paths');
const { n8nCli, importWorkflows } = require('./runtime/n8n-cli');
const procs = require('./queue-procs');
const qn = require('./queue-n8n');

const AUTO_REPLY_ID = 'cmExAutoReply001';
const AUTO_REPLY_PATH = '7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e01/webhook';

function autoReplyWorkflow() {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', '08-auto-reply-99digital.json'), 'utf8'));
}

/** Imports and publishes the auto-reply example (while main is stopped: it activates it on start). */
async function publishAutoReply(cli) {
	await importWorkflows(cli, [autoReplyWorkflow()]);
	await n8nCli(cli, ['publish:workflow', `--id=${AUTO_REPLY_ID}`]);
}

async function executionsOf(pg) {
	const { rows } = await pg.query(`SELECT id::text AS id, status FROM execution_entity WHERE "workflowId" = $1 ORDER BY id`, [AUTO_REPLY_ID]);
	return rows;
}

async function waitFor(what, fn, timeoutMs = 30_000) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if (value) return value;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await procs.sleep(250);
	}
}

/**
 * A customer writes; the delivery reaches main; the execution must finish on a worker and the
 * reply reach the vendor. Returns { delivery, execution, worker, reply }.
 */
async function roundTrip({ mocks, pg, workers, content, known }) {
	const cw = mocks.ninetyNineDigital;
	for (const w of workers) w.offset = qn.logSize(w.logFile);
	const { deliveries } = await cw.customerWrites({ conversationId: 42, content });
	const execution = await waitFor('the execution of the delivery', async () => {
		const rows = (await executionsOf(pg)).filter((r) => !known.has(r.id));
		return rows.length && ['success', 'error', 'crashed'].includes(rows[0].status) ? rows[0] : null;
	});
	known.add(execution.id);
	const worker = workers.find((w) => qn.workerActivity(w.logFile, w.offset).started.has(execution.id));
	const reply = await waitFor('the reply at the vendor', () => cw.messages.find((m) => m.messageType === 'outgoing' && m.conversationId === 42 && m.content.includes(content)));
	return { delivery: deliveries[0], execution, worker, reply };
}

/**
 * Runs the checks. `restartMain()` stops main and starts it again with the same settings; it
 * resolves to the new main.
 */
async function triggerChecks({ main, workers, mocks, pg, check, say, restartMain }) {
	const cw = mocks.ninetyNineDigital;
	const known = new Set();
	const production = `${main.url}/webhook/${AUTO_REPLY_PATH}`;
	const registered = [...cw.webhooks.values()];
	check(
		'trigger in queue mode: main registered one webhook at its production URL on activation',
		registered.length === 1 && registered[0].url.startsWith(`${production}?token=`),
		registered.map((w) => w.url.replace(/token=[^&]+/, 'token=***')).join(', ') || 'no webhook registered',
	);
	const first = await roundTrip({ mocks, pg, workers, content: 'Queue mode: where is my parcel?', known });
	check(
		'trigger in queue mode: the delivery reached main (200), the execution ran on a worker, the reply reached the conversation',
		first.delivery.status === 200 && first.execution.status === 'success' && Boolean(first.worker) && Boolean(first.reply),
		`delivery ${first.delivery.status}, execution ${first.execution.id} ${first.execution.status} on ${first.worker ? first.worker.name : 'no worker'}`,
	);

	const webhookId = registered[0] && registered[0].id;
	const webhookRequests = () => cw.requests.filter((r) => /\/webhooks/.test(r.path)).map((r) => r.method);
	const before = webhookRequests().length;
	const t0 = Date.now();
	main = await restartMain();
	say(`main restarted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	const after = [...cw.webhooks.values()];
	const calls = webhookRequests().slice(before);
	check(
		'trigger in queue mode: the registration survives a restart of main on the same URL (kept, not created again)',
		after.length === 1 && after[0].id === webhookId && !calls.includes('POST') && !calls.includes('DELETE'),
		`webhooks at the vendor: ${after.map((w) => w.id).join(', ') || 'none'}; webhook API calls during the restart: ${calls.join(', ') || 'none'}`,
	);
	const second = await roundTrip({ mocks, pg, workers, content: 'After the restart: any news?', known });
	check(
		'trigger in queue mode: after the restart a new message starts one execution on a worker',
		second.delivery.status === 200 && second.execution.status === 'success' && Boolean(second.worker) && (await executionsOf(pg)).length === 2,
		`delivery ${second.delivery.status}, execution ${second.execution.id} ${second.execution.status} on ${second.worker ? second.worker.name : 'no worker'}`,
	);
	return main;
}

module.exports = { AUTO_REPLY_PATH, publishAutoReply, triggerChecks };
