/**
 * The Events option on Zendesk Support (docs/triggers.md): the webhook subscribed to exactly the
 * ticket events chosen, registered anew when the choice changes; each change — made through this
 * package's Conversation Actions or in Zendesk — one execution with the normalised event item, read
 * from the envelope's `detail`; signed and deduplicated like messages; refused with a clear error
 * where only a Zendesk trigger connects the webhook.
 */
import { createHmac } from 'crypto';

import { changeAndHear, heardEvents as events, locator } from './helpers/changes';
import { runNode } from './helpers/engine';
import { WebhookTrigger } from './helpers/triggers';
import { credentialsFor, useMockVendors, ZENDESK_ADMIN } from './helpers/vendors';

const mocks = useMockVendors();
const zendesk = () => mocks().zendesk;
let trigger: WebhookTrigger | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

const TICKET = (name: string) => `zen:event-type:ticket.${name}`;

async function activeTrigger(parameters: Record<string, unknown> = {}) {
	trigger = await WebhookTrigger.start({ parameters: { platform: 'zendesk', ...parameters }, credentials: credentialsFor(mocks(), 'zendesk', ZENDESK_ADMIN) });
	await trigger.activate();
	return trigger;
}
const action = async (operation: string, ticketId: string, parameters: Record<string, unknown>) =>
	await changeAndHear(mocks(), 'zendesk', trigger!, operation, { conversationId: locator(ticketId), ...parameters });
const subscriptions = () => [...zendesk().webhooks.values()].map((webhook) => webhook.subscriptions);
const topics = () => zendesk().deliveries.map((delivery) => String(delivery.topic).replace('zen:event-type:ticket.', ''));

test('the default subscribes to comment_added alone, as before the option: a change is not even delivered', async () => {
	const active = await activeTrigger();
	expect(subscriptions()).toEqual([[TICKET('comment_added')]]);
	await action('setStatus', '101', { status: 'solved' });
	await zendesk().customerWrites({ ticketId: 102, body: 'still there?' });
	expect(topics()).toEqual(['comment_added']);
	expect(events(active)).toEqual([['message']]);
});

test('each event chosen: exactly its ticket events subscribed; each change one execution with the normalised item', async () => {
	const active = await activeTrigger({ events: ['conversationCreated', 'statusChanged', 'assigned', 'labelsChanged'] });
	expect(subscriptions()).toEqual([
		['created', 'status_changed', 'agent_assignment_changed', 'group_assignment_changed', 'tags_changed'].map(TICKET),
	]);

	await action('setStatus', '101', { status: 'pending' });
	const [delivery] = zendesk().deliveries;
	expect(active.executions).toHaveLength(1);
	expect(active.executions[0][0].json).toEqual({
		event: 'statusChanged',
		platform: 'zendesk',
		conversationId: '101',
		accountId: null,
		status: 'pending',
		assignee: null,
		team: null,
		labels: [],
		changedAt: new Date(String(delivery.json.time)).toISOString(),
		raw: delivery.json,
	});

	// Agent and group in one update: two ticket events of one change, one execution.
	await action('assign', '101', { agent: locator('tom@acme.example'), team: locator('billing') });
	expect(topics().slice(1)).toEqual(['agent_assignment_changed', 'group_assignment_changed']);
	expect(active.executions.at(-1)![0].json).toMatchObject({ event: 'assigned', status: 'pending', assignee: { id: '9003', name: null, email: null }, team: { id: '7002', name: null } });

	await action('addLabels', '101', { tags: 'vip, refund' });
	expect(active.executions.at(-1)![0].json).toMatchObject({ event: 'labelsChanged', labels: ['vip', 'refund'], assignee: { id: '9003' } });

	const started = await runNode({
		parameters: { platform: 'zendesk', zendeskOperation: 'startConversation', customerEmail: 'carla@customer.example', subject: 'A new ticket', content: 'Hello' } as never,
		credentials: credentialsFor(mocks(), 'zendesk'),
	});
	expect(started.error).toBeUndefined();
	await zendesk().deliveriesSettled();
	await active.settled();
	expect(active.executions.at(-1)![0].json).toMatchObject({ event: 'conversationCreated', conversationId: String(started.output![0].json.conversationId), status: 'open' });

	// A comment: not subscribed, not delivered.
	await zendesk().customerWrites({ ticketId: 101, body: 'not heard' });
	expect(events(active)).toEqual([['statusChanged'], ['assigned'], ['labelsChanged'], ['conversationCreated']]);
});

test('not chosen starts nothing; with New Customer Message the comment and the change each start one', async () => {
	const active = await activeTrigger({ events: ['newMessage', 'statusChanged'] });
	expect(subscriptions()).toEqual([[TICKET('comment_added'), TICKET('status_changed')]]);
	await zendesk().agentChanges(103, { assignee_id: 9003, tags: ['vip'] });
	expect(zendesk().deliveries).toEqual([]);
	await zendesk().agentChanges(103, { status: 'solved' });
	await zendesk().customerWrites({ ticketId: 103, body: 'Thanks!' });
	await active.settled();
	expect(events(active)).toEqual([['statusChanged'], ['message']]);
	// detail is the ticket after the change: the assignment made before is in the item.
	expect(active.executions[0][0].json).toMatchObject({ status: 'resolved', assignee: { id: '9003' }, labels: ['vip'] });
});

test('another choice registers the webhook anew (deleted, then created with the new subscriptions and secret)', async () => {
	const active = await activeTrigger();
	const first = { ...active.staticData };
	expect(await active.checkExists()).toBe(true);
	active.parameters = { ...active.parameters, events: ['newMessage', 'labelsChanged'] };
	expect(await active.checkExists()).toBe(false);
	await active.activate();
	expect(subscriptions()).toEqual([[TICKET('comment_added'), TICKET('tags_changed')]]);
	expect(active.staticData.webhookId).not.toBe(first.webhookId);
	expect(active.staticData.secret).toBe(zendesk().webhooks.get(String(active.staticData.webhookId))!.secret);
	expect(await active.checkExists()).toBe(true);
	await zendesk().agentChanges(104, { tags: ['vip'] });
	await active.settled();
	expect(events(active)).toEqual([['labelsChanged']]);
	// Back to the default: comment_added alone again.
	active.parameters = { ...active.parameters, events: ['newMessage'] };
	await active.activate();
	expect(subscriptions()).toEqual([[TICKET('comment_added')]]);
});

test('a redelivered event starts nothing twice; a forged or unsigned one is answered 401', async () => {
	const active = await activeTrigger({ events: ['statusChanged'] });
	const [delivery] = await zendesk().agentChanges(105, { status: 'pending' });
	expect(delivery.status).toBe(200);
	expect((await zendesk().redeliver(delivery)).status).toBe(200);
	const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
	const post = async (headers: Record<string, string>, body: string) =>
		(await fetch(delivery.url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })).status;
	const forged = delivery.body.replace('"PENDING"', '"SOLVED"');
	expect(await post({ 'X-Zendesk-Webhook-Signature-Timestamp': now, 'X-Zendesk-Webhook-Signature': createHmac('sha256', 'not-the-secret').update(now + forged).digest('base64') }, forged)).toBe(401);
	expect(await post({}, forged)).toBe(401);
	// The same change under another invocation id (a second webhook on this URL): once, by what changed.
	const signed = createHmac('sha256', String(active.staticData.secret)).update(now + delivery.body).digest('base64');
	expect(await post({ 'X-Zendesk-Webhook-Invocation-Id': 'another', 'X-Zendesk-Webhook-Signature-Timestamp': now, 'X-Zendesk-Webhook-Signature': signed }, delivery.body)).toBe(200);
	await active.settled();
	expect(events(active)).toEqual([['statusChanged']]);
});

test('"Only While the Bot Owns" filters messages, not events: an agent taking the ticket is heard', async () => {
	const active = await activeTrigger({ events: ['newMessage', 'assigned'], onlyWhileBotOwns: true, botAgentId: '9001' });
	await action('assign', '106', { agent: locator('tom@acme.example') });
	await zendesk().customerWrites({ ticketId: 106, body: 'to a person now' });
	await active.settled();
	expect(events(active)).toEqual([['assigned']]);
	expect(active.executions[0][0].json).toMatchObject({ assignee: { id: '9003' } });
});

describe('where a Zendesk trigger connects the webhook, only New Customer Message', () => {
	test('Connect By "Zendesk Trigger" with a change chosen: activation fails naming the Events option, nothing registered', async () => {
		await expect(activeTrigger({ connectBy: 'trigger', events: ['newMessage', 'statusChanged'] })).rejects.toThrow(
			'Events: only New Customer Message can be heard here: Connect By "Zendesk Trigger" hears new comments only',
		);
		expect(zendesk().webhooks.size).toBe(0);
		expect(zendesk().triggers.size).toBe(0);
	});

	test('Automatic on an account without ticket events: the fallback serves messages only, so a change chosen fails with the reason', async () => {
		zendesk().webhookFeatures.ticketEvents = false;
		await expect(activeTrigger({ events: ['assigned'] })).rejects.toThrow(
			'Events: only New Customer Message can be heard here: this Zendesk account does not offer ticket event subscriptions (Zendesk answered 400',
		);
		expect(zendesk().webhooks.size).toBe(0);
		await trigger!.close();
		// A trigger-connected registration (the fallback) is not kept when a change is chosen later.
		const active = await activeTrigger();
		expect(active.staticData.connection).toBe('trigger');
		expect(await active.checkExists()).toBe(true);
		active.parameters = { ...active.parameters, events: ['newMessage', 'statusChanged'] };
		expect(await active.checkExists()).toBe(false);
		await expect(active.activate()).rejects.toThrow('does not offer ticket event subscriptions');
		// Its webhook and its Zendesk trigger were removed, not left notifying nothing.
		expect(zendesk().webhooks.size).toBe(0);
		expect(zendesk().triggers.size).toBe(0);
	});
});
