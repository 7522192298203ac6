'use strict';
/**
 * Issue 20 §2 in real n8n: a customer writes every 300 ms while the trigger's workflow is
 * re-published after an edit of a node after the trigger and after an edit of the trigger,
 * switched off and on, and n8n restarts — on 99digital
 * (Chatwoot: a webhook the trigger registers) and on Intercom (an app webhook set once in the
 * Developer Hub, delivering into n8n's 404s while the trigger does not listen). Every message
 * written is looked for in the executions n8n ran: lost (in none) and doubled (in more than one)
 * are counted per moment, and printed as the issue's table.
 */
const assert = require('node:assert/strict');
const { nodeOutput } = require('../../scripts/runtime/run-data');
const { sleep, until } = require('./waiting');

const cases = [];
const add = (name, run, opts = {}) => cases.push({ name, run, ...opts });
/** n8n under load answers 503 "Database is not ready!" for a moment (its SQLite ping timed out): ask again. */
async function patiently(what, call) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			if (attempt >= 20 || !/HTTP 503/.test(error.message)) throw error;
			console.log(`      ${what}: ${error.message.slice(0, 80)}, asking again`);
			await sleep(3000);
		}
	}
}

/**
 * Every message content the trigger emitted, over all finished executions of the workflow: from the
 * trigger's output, or — in an execution n8n marked `crashed` before the trigger's output was
 * recorded — from the item n8n holds for it (`crashed`: the message reached n8n, which then ended
 * its execution; see "n8n restart" below).
 */
async function heardContents(ctx, workflowId) {
	const contents = [];
	const crashed = [];
	/** content → when the first execution carrying it started (ms). */
	const firstEmittedAt = new Map();
	// Every execution, page after page: n8n lists at most 100 at once (a longer run counted the oldest as lost).
	const list = (await patiently('executions', () => ctx.rest.allExecutions(workflowId))).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
	for (const e of list) {
		const execution = await patiently('execution', () => ctx.rest.getExecution(e.id));
		const output = nodeOutput(execution, 'Trigger');
		const carried = (output || (e.status === 'crashed' ? startItems(execution, 'Trigger') : [])).map((item) => item.json.content);
		(output ? contents : crashed).push(...carried);
		// When n8n created the execution: the trigger emitted then. n8n 2.41 may start it only in its next
		// process (an execution created while it stopped ran 13 s later, after the restart).
		const at = Date.parse(e.createdAt || e.startedAt);
		for (const content of carried) firstEmittedAt.set(content, Math.min(firstEmittedAt.get(content) ?? Infinity, at));
	}
	return { contents, crashed, firstEmittedAt };
}

/** The items an execution was started with for a node, as n8n keeps them until the node has run. */
function startItems(execution, nodeName) {
	const stack = (execution.data && execution.data.executionData && execution.data.executionData.nodeExecutionStack) || [];
	const start = stack.find((entry) => entry.node && entry.node.name === nodeName);
	return (start && start.data && start.data.main && start.data.main[0]) || [];
}

/**
 * The customer's pace: every 300 ms by default. The issue measured at 100 ms (CM_CATCHUP_INTERVAL_MS=100),
 * but on a 2-core machine n8n itself cannot answer 10 deliveries a second for long with SQLite (its
 * write lock times out, and Chatwoot's 5 s timeout then loses deliveries while the trigger is active,
 * with or without the catch-up) — a loss that is not the trigger's.
 */
const INTERVAL_MS = Number(process.env.CM_CATCHUP_INTERVAL_MS || 300);

/** How long before a restart a message emitted may not be noted yet (see the assertion at the end). */
const NOTE_WINDOW_MS = 2000;

/** A customer writing at that pace into four conversations, each message named by its moment and number. */
function customerWriting(vendor, conversationIds) {
	let moment = 'steady';
	let n = 0;
	const written = [];
	const writes = [];
	const timer = setInterval(() => {
		const content = `${moment} #${n}`;
		written.push({ moment, content });
		writes.push(vendor.customerWrites({ conversationId: conversationIds[n % 4], content }).catch(() => undefined));
		n++;
	}, INTERVAL_MS);
	return {
		written,
		get moment() {
			return moment;
		},
		set moment(value) {
			moment = value;
		},
		async stop() {
			clearInterval(timer);
			await Promise.all(writes);
		},
	};
}

/**
 * The moments, one after another, with the customer writing throughout; then the table, and the
 * assertions. `trigger` says how this platform's trigger is seen listening again.
 */
async function measure(ctx, { label, workflowId, vendor, conversationIds, trigger }) {
	const log = (what) => console.log(`      [${ctx.version}] ${label} ${new Date().toISOString().slice(11, 23)} ${what}`);
	// Each moment ends once the trigger listens again and has had 2 s of plain deliveries.
	const listening = async (moment) => {
		await trigger.listening(moment);
		log(`${moment}: listening again`);
		await sleep(2000);
	};
	const customer = customerWriting(vendor, conversationIds);
	const restart = { from: Infinity, until: Infinity };
	try {
		await sleep(2000);
		// The issue's first row: n8n re-publishes the workflow, the trigger's own settings unchanged.
		customer.moment = 're-publish after editing a node after the trigger';
		log(customer.moment);
		await patiently('publish', () => ctx.rest.editAndPublish(workflowId, (nodes) => nodes.map((node) => (node.name === 'Received' ? { ...node, notes: `edited ${Date.now()}` } : node))));
		await listening(customer.moment);
		customer.moment = 're-publish after editing the trigger';
		log(customer.moment);
		await patiently('publish', () => ctx.rest.editAndPublish(workflowId, (nodes) => nodes.map((node) => (node.name === 'Trigger' ? { ...node, parameters: { ...node.parameters, options: { maxAttachmentSizeMb: 26 } } } : node))));
		await trigger.republished();
		await listening(customer.moment);
		customer.moment = 'switch off and on';
		log(customer.moment);
		await patiently('deactivate', () => ctx.rest.deactivateWorkflow(workflowId));
		await trigger.stopped();
		await sleep(1000);
		await patiently('activate', () => ctx.rest.activateWorkflow(workflowId));
		await listening(customer.moment);
		customer.moment = 'n8n restart';
		log(customer.moment);
		restart.from = Date.now();
		await ctx.restartN8n();
		restart.until = Date.now();
		log('n8n is back');
		await sleep(3000);
		customer.moment = 'after';
		await sleep(1000);
	} finally {
		await customer.stop();
	}
	await vendor.deliveriesSettled();
	const expected = customer.written.length;
	const count = async () => {
		const { contents, crashed } = await heardContents(ctx, workflowId);
		return contents.length + crashed.length;
	};
	await until('the executions to settle', async () => {
		const first = await count();
		await sleep(3000);
		return (await count()) === first;
	}, 120_000);
	const { contents: heard, crashed, firstEmittedAt } = await heardContents(ctx, workflowId);
	const times = new Map();
	for (const content of [...heard, ...crashed]) times.set(content, (times.get(content) || 0) + 1);
	const rows = ['steady', 're-publish after editing a node after the trigger', 're-publish after editing the trigger', 'switch off and on', 'n8n restart', 'after'].map((moment) => {
		const mine = customer.written.filter((w) => w.moment === moment);
		const lost = mine.filter((w) => !times.has(w.content)).length;
		const doubled = mine.filter((w) => times.get(w.content) > 1).length;
		const crashedByN8n = mine.filter((w) => crashed.includes(w.content)).length;
		return { moment, written: mine.length, lost, doubled, crashedByN8n };
	});
	console.log(`      [${ctx.version}] ${label}, a message every ${INTERVAL_MS} ms — moment | lost/written | doubled | in an execution n8n marked crashed\n${rows.map((r) => `      [${ctx.version}] ${r.moment} | ${r.lost}/${r.written} | ${r.doubled} | ${r.crashedByN8n}`).join('\n')}`);
	assert.equal(customer.written.length, expected);
	assert.equal([...heard, ...crashed].filter((content) => !customer.written.some((w) => w.content === content)).length, 0, 'an execution carried a message nobody wrote');
	// A restart may emit again what was emitted in its last instant and not yet noted (docs/reliability.md,
	// "The windows that remain"): a message first emitted up to NOTE_WINDOW_MS before the restart began
	// (its note waits for n8n 2.41 to save the activation that heard it — longer on a loaded machine)
	// or while n8n was stopping — whatever moment it was written in. Any other message emitted twice fails the case.
	const inRestartWindow = (w) => firstEmittedAt.get(w.content) >= restart.from - NOTE_WINDOW_MS && firstEmittedAt.get(w.content) <= restart.until;
	for (const row of rows) {
		assert.equal(row.lost, 0, `${row.moment}: ${row.lost} of ${row.written} messages lost`);
		// n8n 1.123 serves webhooks a moment before its start-up recovery marks every execution still
		// running as crashed — those its own new process has just started too, and one running when it
		// stopped (docs/reliability.md, "The windows that remain"). The trigger emitted the message; n8n
		// keeps it in that execution. Elsewhere (by when it was emitted, not by its moment's label) none.
		const crashedElsewhere = customer.written.filter((w) => w.moment === row.moment && row.moment !== 'n8n restart' && crashed.includes(w.content) && !inRestartWindow(w));
		assert.equal(crashedElsewhere.length, 0, `${row.moment}: ${crashedElsewhere.length} messages in executions n8n marked crashed`);
	}
	const doubledElsewhere = customer.written.filter((w) => times.get(w.content) > 1 && !inRestartWindow(w));
	assert.deepEqual(doubledElsewhere.map((w) => w.content), [], 'messages doubled outside the restart\'s window');
	await ctx.rest.deactivateWorkflow(workflowId);
}

/** n8n serves the URL (anything but 404 and "starting up": the trigger itself answers an unsigned POST). */
async function served(url) {
	const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => null);
	return Boolean(res && res.status !== 404 && !(await res.text()).includes('starting up'));
}

add('trigger 99digital: a customer writing every few hundred ms — re-published after an edit of the trigger, switched off and on, n8n restarted: nothing lost or doubled where the trigger catches up (table printed)', async (ctx) => {
	const cw = ctx.mocks.ninetyNineDigital;
	const workflowId = 'cmTrgCatchUp0001';
	const production = `${ctx.n8nUrl}/webhook/7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e09/webhook`;
	await ctx.rest.activateWorkflow(workflowId);
	await until('the webhook registration at the Chatwoot mock', () => cw.webhooks.size === 1);
	await until(`${production} to be live`, () => served(production));
	await measure(ctx, {
		label: '99digital',
		workflowId,
		vendor: cw,
		conversationIds: [600, 601, 602, 603],
		trigger: {
			listening: (moment) => until(`${moment}: the webhook registered again`, () => cw.webhooks.size === 1, 180_000),
			republished: () => until('the old webhook to be deleted', () => [...cw.webhooks.keys()].every((id) => id !== 1), 180_000),
			stopped: () => until('the webhook to be deleted', () => cw.webhooks.size === 0, 180_000),
		},
	});
});

add('trigger Intercom: a customer writing every few hundred ms — re-published after an edit of the trigger, switched off and on, n8n restarted: nothing lost or doubled where the trigger catches up (table printed)', async (ctx) => {
	const ic = ctx.mocks.intercom;
	const workflowId = 'cmTrgCatchUpIc01';
	const production = `${ctx.n8nUrl}/webhook/7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e0a/webhook`;
	// Four conversations the customer writes into, started before the trigger existed (so never emitted).
	const conversationIds = [];
	for (let i = 0; i < 4; i++) conversationIds.push(String((await ic.customerWrites({ content: `before the trigger ${i}` })).conversation.id));
	// The first activation emits nothing older than its own second: it starts a second later.
	await sleep(1100);
	await ctx.rest.activateWorkflow(workflowId);
	await until(`${production} to be live`, () => served(production));
	// The Developer Hub's HEAD check goes to the same path's HEAD webhook, which n8n may publish a moment later.
	await until('the HEAD webhook to be live', async () => (await fetch(production, { method: 'HEAD' }).catch(() => null))?.status === 200);
	// Set once in the Developer Hub: Intercom goes on delivering while n8n answers 404.
	await ic.subscribeWebhook({ url: production });
	await measure(ctx, {
		label: 'Intercom',
		workflowId,
		vendor: ic,
		conversationIds,
		trigger: {
			listening: (moment) => until(`${moment}: n8n serving the trigger's URL again`, () => served(production), 180_000),
			// n8n answers the publish once the trigger is re-created: nothing to wait for at Intercom.
			republished: async () => undefined,
			stopped: () => until('n8n to stop serving the URL', async () => !(await served(production)), 180_000),
		},
	});
});

module.exports = { cases };
