'use strict';
/**
 * The trigger's Events option in real n8n (issue 20 §3): a 99digital trigger that hears status
 * changes and assignments, activated through n8n's REST API; the Chatwoot mock announces changes
 * as Chatwoot does (conversation_status_changed and conversation_updated with changed_attributes,
 * signed), and what counts is the executions n8n ran and their items.
 */
const assert = require('node:assert/strict');
const { nodeOutput } = require('../../scripts/runtime/run-data');
const { sleep, until, finishedExecutions } = require('./waiting');

const cases = [];
const add = (name, run, opts = {}) => cases.push({ name, run, ...opts });

const triggerItems = (execution) => nodeOutput(execution, 'Trigger').map((i) => i.json);

/** Activates a trigger workflow and waits until its registration is at the mock and n8n answers its URL. */
async function activated(ctx, workflowId, webhookId) {
	const cw = ctx.mocks.ninetyNineDigital;
	await ctx.rest.activateWorkflow(workflowId);
	const webhook = await until('the webhook registration at the Chatwoot mock', () => [...cw.webhooks.values()][0]);
	const production = `${ctx.n8nUrl}/webhook/${webhookId}/webhook`;
	await until(`${production} to be live`, async () => {
		const res = await fetch(production, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => null);
		return res && res.status !== 404 && !(await res.text()).includes('starting up');
	});
	return webhook;
}

add('trigger 99digital Events = Status Changed + Assigned: a status change and an assignment → two executions with their event items; a customer message starts one only when New Customer Message is chosen', async (ctx) => {
	const cw = ctx.mocks.ninetyNineDigital;
	const workflowId = 'cmTrgEvents99D01';
	const webhook = await activated(ctx, workflowId, '7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e21');
	assert.deepEqual(webhook.subscriptions, ['conversation_status_changed', 'conversation_updated'], 'the registration subscribes to exactly what the option needs');

	const status = await cw.agentChanges(42, { status: 'resolved' });
	assert.deepEqual(status.map((d) => [d.event, d.status]), [['conversation_status_changed', 200], ['conversation_updated', 200]]);
	await until('the status change\'s execution', async () => (await finishedExecutions(ctx, workflowId)).length === 1);
	const assigned = await cw.agentChanges(42, { assignee: { type: 'User', id: 2 }, teamId: 8 });
	assert.deepEqual(assigned.map((d) => [d.event, d.status]), [['conversation_updated', 200]]);
	const executions = await until('two executions', async () => {
		const done = await finishedExecutions(ctx, workflowId);
		return done.length >= 2 ? done : null;
	});
	// A customer writes: not subscribed, so not even delivered; nothing more starts.
	await cw.customerWrites({ conversationId: 42, content: 'not heard' });
	await sleep(1500);
	assert.equal((await ctx.rest.executions(workflowId)).length, 2, 'exactly two executions: one per change, none for the message');
	for (const execution of executions) assert.equal(execution.status, 'success', `execution ${execution.id} ended ${execution.status}`);
	const [[statusItem], [assignItem]] = executions.map(triggerItems);
	assert.deepEqual({ ...statusItem, raw: undefined }, {
		event: 'statusChanged', platform: 'ninetyNineDigital', conversationId: '42', accountId: 7, status: 'resolved',
		assignee: null, team: null, labels: [], changedAt: new Date(status[0].json.updated_at * 1000).toISOString(), raw: undefined,
	});
	assert.deepEqual(statusItem.raw.changed_attributes, [{ status: { previous_value: 'open', current_value: 'resolved' } }]);
	assert.equal(assignItem.event, 'assigned');
	assert.deepEqual([assignItem.status, assignItem.assignee.id, assignItem.assignee.name, assignItem.team], ['resolved', 2, 'Eli Agent', { id: 8, name: 'Shipping' }]);
	// Forged (no signature) → 401, nothing starts.
	const forged = await fetch(status[0].url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: status[0].body });
	assert.equal(forged.status, 401);
	await ctx.rest.deactivateWorkflow(workflowId);
	await until('the webhook to be deleted at the mock', () => cw.webhooks.size === 0);

	// The same account with New Customer Message chosen too: the message starts an execution, as a message item.
	const other = 'cmTrgEvents99D02';
	const withMessages = await activated(ctx, other, '7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e22');
	assert.deepEqual(withMessages.subscriptions, ['message_created', 'conversation_status_changed']);
	const { deliveries } = await cw.customerWrites({ conversationId: 42, content: 'heard now' });
	assert.deepEqual(deliveries.map((d) => d.status), [200]);
	const [heard] = await until('the message\'s execution', async () => {
		const done = await finishedExecutions(ctx, other);
		return done.length ? done : null;
	});
	const items = triggerItems(heard);
	assert.deepEqual(items.map((item) => [item.event, item.content]), [[undefined, 'heard now']]);
	await ctx.rest.deactivateWorkflow(other);
	await until('the webhook to be deleted at the mock', () => cw.webhooks.size === 0);
});

module.exports = { cases };
