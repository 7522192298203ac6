'use strict';
/**
 * Zendesk Support's trigger and Conversation Actions in real n8n: the trigger workflows are
 * activated through n8n's REST API as the editor's toggle does; the Zendesk mock holds the webhook
 * (and the Zendesk trigger) they register and sends signed deliveries as Zendesk does; a forged
 * delivery starts nothing; deactivation removes what activation made. The actions workflow runs
 * twice (the second writes nothing), and the AI agent answers on a ticket.
 */
const assert = require('node:assert/strict');
const { nodeOutput } = require('../../scripts/runtime/run-data');
const { sleep, until, finishedExecutions } = require('./waiting');

const cases = [];
const add = (name, run, opts = {}) => cases.push({ name, run, ...opts });

/** n8n answers every path with a "starting up" page at first, and publishes asynchronously: wait until the webhook is live. */
async function webhookLive(url) {
	await until(`${url} to be live`, async () => {
		const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => null);
		return res && res.status !== 404 && !(await res.text()).includes('starting up');
	});
}

/** Activates a Zendesk trigger workflow; answers the webhook it registered once n8n serves its URL. */
async function activated(ctx, workflowId, webhookId) {
	const zd = ctx.mocks.zendesk;
	await ctx.rest.activateWorkflow(workflowId);
	// n8n 2.x answers the activation before its hooks are done: the registration ends by reading users/me.
	await until('the registration at the Zendesk mock to finish', () => zd.requests.some((r) => r.path === '/api/v2/users/me' && r.status === 200));
	const webhook = [...zd.webhooks.values()][0];
	assert.ok(webhook, 'no webhook registered at the Zendesk mock');
	const production = `${ctx.n8nUrl}/webhook/${webhookId}/webhook`;
	assert.ok(webhook.endpoint.startsWith(`${production}?token=`), `registered ${webhook.endpoint}, expected n8n's production URL ${production}`);
	await webhookLive(production);
	return { webhook, production };
}

for (const [connectBy, workflowId, webhookId] of [
	['auto', 'cmTrgZendesk0001', 'b2f0c6d1-3e4a-4b5c-9d8e-7f6a5b4c3d21'],
	['trigger', 'cmTrgZendeskTrg1', 'b2f0c6d1-3e4a-4b5c-9d8e-7f6a5b4c3d22'],
]) {
	add(`trigger Zendesk (Connect By ${connectBy}): activation registers the signed webhook${connectBy === 'trigger' ? ' and a Zendesk trigger' : ''}; a customer's comment → one execution; forged → 401; deactivation removes what it made`, async (ctx) => {
		const zd = ctx.mocks.zendesk;
		zd.triggers.set('1', { id: 1, title: 'Notify the team', active: true, position: 1, conditions: { all: [{ field: 'role', operator: 'is', value: 'end_user' }], any: [] }, actions: [] });
		const { webhook, production } = await activated(ctx, workflowId, webhookId);
		assert.deepEqual(webhook.subscriptions, connectBy === 'trigger' ? ['conditional_ticket_events'] : ['zen:event-type:ticket.comment_added']);
		const ours = [...zd.triggers.values()].filter((t) => t.title !== 'Notify the team');
		assert.equal(ours.length, connectBy === 'trigger' ? 1 : 0, `Zendesk triggers of ours: ${JSON.stringify(ours)}`);

		const { comment, deliveries } = await zd.customerWrites({ ticketId: 110, body: 'Where is my parcel?' });
		assert.deepEqual(deliveries.map((d) => d.status), [200]);
		const [execution] = await until('one finished execution', async () => {
			const done = await finishedExecutions(ctx, workflowId);
			return done.length ? done : null;
		});
		assert.equal(execution.status, 'success', `execution ${execution.id} ended ${execution.status}`);
		const [item] = nodeOutput(execution, 'Trigger').map((i) => i.json);
		assert.deepEqual(
			{ ...item, raw: undefined, createdAt: undefined },
			{
				platform: 'zendesk', conversationId: '110', accountId: null, messageId: String(comment.id), content: 'Where is my parcel?',
				sender: { type: 'customer', id: '502', name: 'Rick Refund', email: 'rick@customer.example' },
				createdAt: undefined, private: false, attachments: [], status: 'open', assignee: null, team: null, raw: undefined,
			},
		);

		// Forged: the right URL but signed with another secret, or not signed: 401, nothing starts.
		const now = new Date().toISOString();
		const forged = await fetch(deliveries[0].url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Zendesk-Webhook-Signature-Timestamp': now, 'X-Zendesk-Webhook-Signature': 'bm90IHRoZSBzaWduYXR1cmU=' }, body: deliveries[0].body.replace('Where is', 'Forged: where is') });
		assert.equal(forged.status, 401);
		assert.equal((await fetch(production, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: deliveries[0].body })).status, 401);
		// Zendesk's redelivery (same invocation id) starts nothing twice.
		assert.equal((await zd.redeliver(deliveries[0])).status, 200);
		await sleep(1500);
		assert.equal((await ctx.rest.executions(workflowId)).length, 1, 'a forged delivery or a redelivery started an execution');

		await ctx.rest.deactivateWorkflow(workflowId);
		await until('the webhook and our Zendesk trigger removed at the mock', () => zd.webhooks.size === 0 && zd.triggers.size === 1);
		assert.deepEqual([...zd.triggers.keys()], ['1'], 'deactivation touched a Zendesk trigger it did not make');
	});
}

add('trigger Zendesk Events = Status Changed + Assigned: subscribes to exactly their ticket events; a status change and an assignment → two executions with their event items; a comment is not delivered; forged → 401; re-published with Labels Changed, the webhook is registered anew', async (ctx) => {
	const zd = ctx.mocks.zendesk;
	const workflowId = 'cmTrgZendeskEvt1';
	const ticketEvent = (name) => `zen:event-type:ticket.${name}`;
	const { webhook } = await activated(ctx, workflowId, 'b2f0c6d1-3e4a-4b5c-9d8e-7f6a5b4c3d31');
	assert.deepEqual(webhook.subscriptions, ['status_changed', 'agent_assignment_changed', 'group_assignment_changed'].map(ticketEvent));

	const status = await zd.agentChanges(112, { status: 'solved' });
	assert.deepEqual(status.map((d) => d.status), [200]);
	await until('the status change\'s execution', async () => (await finishedExecutions(ctx, workflowId)).length === 1);
	const assigned = await zd.agentChanges(112, { assignee_id: 9003 });
	assert.deepEqual(assigned.map((d) => d.status), [200]);
	const executions = await until('two executions', async () => {
		const done = await finishedExecutions(ctx, workflowId);
		return done.length >= 2 ? done : null;
	});
	// A comment: not subscribed, not delivered. A redelivery and a forged delivery: nothing more starts.
	assert.deepEqual((await zd.customerWrites({ ticketId: 112, body: 'not heard' })).deliveries, []);
	assert.equal((await zd.redeliver(status[0])).status, 200);
	assert.equal((await fetch(status[0].url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: status[0].body })).status, 401);
	await sleep(1500);
	assert.equal((await ctx.rest.executions(workflowId)).length, 2, 'exactly two executions: one per change');
	for (const execution of executions) assert.equal(execution.status, 'success', `execution ${execution.id} ended ${execution.status}`);
	const [[statusItem], [assignItem]] = executions.map((execution) => nodeOutput(execution, 'Trigger').map((i) => i.json));
	assert.deepEqual({ ...statusItem, raw: undefined }, {
		event: 'statusChanged', platform: 'zendesk', conversationId: '112', accountId: null, status: 'resolved',
		assignee: null, team: null, labels: [], changedAt: new Date(status[0].json.time).toISOString(), raw: undefined,
	});
	assert.equal(statusItem.raw.type, ticketEvent('status_changed'));
	assert.deepEqual([assignItem.event, assignItem.status, assignItem.assignee], ['assigned', 'resolved', { id: '9003', name: null, email: null }]);

	// Re-published with another choice: the webhook is registered anew with exactly the new subscriptions.
	await ctx.rest.editAndPublish(workflowId, (nodes) => nodes.map((node) => (node.name === 'Trigger' ? { ...node, parameters: { ...node.parameters, events: ['newMessage', 'labelsChanged'] } } : node)));
	const renewed = await until('the webhook registered anew, the old one gone', () => {
		const held = [...zd.webhooks.values()];
		return held.length === 1 && held[0].id !== webhook.id ? held[0] : null;
	}, 60_000);
	assert.deepEqual(renewed.subscriptions, [ticketEvent('comment_added'), ticketEvent('tags_changed')]);
	await until('the tag change\'s execution', async () => {
		const done = await finishedExecutions(ctx, workflowId);
		if (done.length > 2) return done;
		await zd.agentChanges(112, { tags: [`vip-${done.length}-${Date.now()}`] });
		await sleep(1000);
		return null;
	});
	const latest = (await finishedExecutions(ctx, workflowId)).slice(2).map((execution) => nodeOutput(execution, 'Trigger')[0].json);
	assert.ok(latest.every((item) => item.event === 'labelsChanged' && item.conversationId === '112'), JSON.stringify(latest.map((item) => item.event)));
	await ctx.rest.deactivateWorkflow(workflowId);
	await until('the webhook removed at the mock', () => zd.webhooks.size === 0);
});

add('Conversation Actions on Zendesk: Get, Assign, Set Status, Add Tags, Set Priority, Get Messages; a second run writes nothing', async (ctx) => {
	const zd = ctx.mocks.zendesk;
	zd.seedComments(120, 10);
	const run = await ctx.runWorkflow('cmE2eActionsZd01');
	if (run.runError) assert.fail(`run failed: ${run.runError.message}`);
	const first = (node) => run.out(node)[0].json;
	assert.equal(first('Get').conversationId, '120');
	assert.deepEqual([first('Assign').assignee.id, first('Assign').team.name], ['9003', 'Billing']);
	assert.equal(first('Set Status').vendorStatus, 'pending');
	assert.deepEqual(first('Add Tags').labels, ['billing', 'vip']);
	assert.equal(first('Set Priority').priority, 'high');
	const messages = run.out('Get Messages').map((i) => i.json);
	assert.equal(messages.length, 3, 'Limit 3: the latest three comments');
	assert.ok(messages.every((m) => m.platform === 'zendesk' && m.conversationId === '120' && m.sender), 'Get Messages items are the trigger\'s message shape');
	const changes = zd.ticketChanges.length;
	assert.deepEqual(zd.ticketChanges.map((c) => c.field).sort(), ['assignee_id', 'group_id', 'priority', 'tags']);
	assert.equal(zd.tickets.get(120).status, 'pending');

	zd.requests.length = 0;
	const again = await ctx.runWorkflow('cmE2eActionsZd01');
	if (again.runError) assert.fail(`second run failed: ${again.runError.message}`);
	assert.deepEqual(zd.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`), [], 'the second run wrote to Zendesk');
	assert.equal(zd.ticketChanges.length, changes);
});

add('AI agent on Zendesk: trigger → n8n\'s AI Agent (OpenAI Chat Model on a mock API that calls its tool) → Send Conversation Message as the tool → one public reply on the ticket, which starts nothing', async (ctx) => {
	const zd = ctx.mocks.zendesk;
	const ai = ctx.mocks.openAi;
	const workflowId = 'cmExAiAgentZd001';
	await activated(ctx, workflowId, 'b2f0c6d1-3e4a-4b5c-9d8e-7f6a5b4c3d13');
	const { deliveries } = await zd.customerWrites({ ticketId: 111, body: 'Hi, where is my parcel? Order 1042.' });
	assert.deepEqual(deliveries.map((d) => d.status), [200]);
	const [execution] = await until('the agent\'s execution to finish', async () => {
		const list = await finishedExecutions(ctx, workflowId);
		return list.length ? list : null;
	}, 60_000);
	const runError = execution.data.resultData.error;
	assert.equal(execution.status, 'success', `execution ${execution.id} ended ${execution.status}: ${runError ? runError.message : ''}`);
	const completions = ai.requests.filter((r) => r.body);
	assert.ok(JSON.stringify(completions[0].body.messages).includes('Hi, where is my parcel? Order 1042.'), 'the customer\'s comment did not reach the model');
	const replies = await until('the agent\'s reply at the mock', () => {
		const found = zd.messages.filter((m) => m.conversationId === 111);
		return found.length ? found : null;
	});
	assert.equal(replies.length, 1, `the mock saw ${replies.length} replies`);
	assert.equal(replies[0].body, ai.replyText);
	assert.equal(replies[0].public, true);
	// The reply is delivered back to n8n (a comment by the credential's own user): it must start nothing.
	await until('the reply\'s own delivery', () => zd.deliveries.length === 2 && zd.deliveries[1].status !== null);
	assert.equal(zd.deliveries[1].status, 200);
	await sleep(1500);
	assert.equal((await ctx.rest.executions(workflowId)).length, 1, 'the agent\'s own reply started another execution');
	await ctx.rest.deactivateWorkflow(workflowId);
	await until('the webhook removed at the mock', () => zd.webhooks.size === 0);
});

module.exports = { cases };
