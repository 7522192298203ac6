/**
 * The Conversation Message Trigger's Events option (issue 20 §3): the conversation's life —
 * created, status changed, assigned, labels changed — as the strict mocks announce it (Chatwoot's
 * account webhook events with `changed_attributes`, Intercom's notification topics), signed as
 * the vendors sign. Per platform × event: emitted once, not emitted when not chosen, the default
 * (new customer message only) unchanged, forged deliveries refused.
 */
import { createHmac } from 'crypto';

import { changeAndHear, heardEvents as events, locator } from './helpers/changes';
import { ACTIONS_NODE_TYPE, runNode } from './helpers/engine';
import { PollingTrigger, WebhookTrigger } from './helpers/triggers';
import { CREDENTIALS, credentialsFor, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
let trigger: WebhookTrigger | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});


describe('99digital / Chatwoot', () => {
	const cw = () => mocks().ninetyNineDigital;
	async function activeTrigger(parameters: Record<string, unknown> = {}) {
		trigger = await WebhookTrigger.start({
			parameters: { platform: 'ninetyNineDigital', webhookSetup: 'register', accountId: '7', ...parameters },
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		await trigger.activate();
		return trigger;
	}
	const subscriptions = () => [...cw().webhooks.values()].map((webhook) => webhook.subscriptions);
	const action = async (operation: string, parameters: Record<string, unknown>) =>
		await changeAndHear(mocks(), 'ninetyNineDigital', trigger!, operation, { accountId: '7', conversationId: locator('42'), ...parameters });

	test('the default hears new customer messages only: subscribes to message_created alone, changes start nothing', async () => {
		const active = await activeTrigger();
		expect(subscriptions()).toEqual([['message_created']]);
		expect(await cw().agentChanges(42, { status: 'resolved' })).toEqual([]);
		await cw().customerWrites({ conversationId: 42, content: 'still there?' });
		expect(events(active)).toEqual([['message']]);
	});

	test('Status Changed + Assigned: subscribes to exactly their events; each change is one execution with the event item', async () => {
		const active = await activeTrigger({ events: ['statusChanged', 'assigned'] });
		expect(subscriptions()).toEqual([['conversation_status_changed', 'conversation_updated']]);

		// Chatwoot announces a status change twice (status_changed and updated): one execution.
		const announced = await cw().agentChanges(42, { status: 'resolved' });
		expect(announced.map((delivery) => [delivery.event, delivery.status])).toEqual([
			['conversation_status_changed', 200],
			['conversation_updated', 200],
		]);
		await active.settled();
		expect(active.executions).toHaveLength(1);
		const [status] = active.executions[0];
		expect(status.json).toEqual({
			event: 'statusChanged',
			platform: 'ninetyNineDigital',
			conversationId: '42',
			// The push data names no account: the trigger's Account ID.
			accountId: 7,
			status: 'resolved',
			assignee: null,
			team: null,
			labels: [],
			changedAt: new Date(Number(announced[0].json.updated_at) * 1000).toISOString(),
			raw: announced[0].json,
		});
		expect(status.json.raw).toMatchObject({ changed_attributes: [{ status: { previous_value: 'open', current_value: 'resolved' } }] });

		await action('assign', { assignment: 'assign', agent: locator('2') });
		await action('assign', { assignment: 'assign', team: locator('8') });
		expect(events(active)).toEqual([['statusChanged'], ['assigned'], ['assigned']]);
		expect(active.executions[2][0].json).toMatchObject({
			event: 'assigned',
			status: 'resolved',
			assignee: { id: 2, name: 'Eli Agent' },
			team: { id: 8, name: 'Shipping' },
		});
		// Labels changed, not chosen: delivered (conversation_updated), starts nothing; a message: not even delivered.
		await action('addLabels', { labels: 'vip' });
		await cw().customerWrites({ conversationId: 42, content: 'not heard' });
		await active.settled();
		expect(events(active)).toHaveLength(3);
	});

	test('Labels Changed and Conversation Created, each once; the message too when New Customer Message is chosen', async () => {
		const active = await activeTrigger({ events: ['newMessage', 'conversationCreated', 'labelsChanged'] });
		expect(subscriptions()).toEqual([['message_created', 'conversation_created', 'conversation_updated']]);
		await action('addLabels', { labels: 'vip, refund' });
		expect(active.executions.at(-1)![0].json).toMatchObject({ event: 'labelsChanged', conversationId: '42', labels: ['vip', 'refund'] });
		const started = await runNode({
			parameters: {
				platform: 'ninetyNineDigital',
				chatwootOperation: 'startConversation',
				accountId: '7',
				inboxId: '3',
				contactBy: 'email',
				contactValue: 'noa@customer.example',
				content: 'Welcome',
			} as never,
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		expect(started.error).toBeUndefined();
		await cw().deliveriesSettled();
		await active.settled();
		const created = active.executions.find(([item]) => item.json.event === 'conversationCreated');
		expect(created?.[0].json).toMatchObject({ platform: 'ninetyNineDigital', accountId: 7, status: 'open' });
		// A status change is not chosen: its conversation_updated (status only) starts nothing.
		await cw().agentChanges(42, { status: 'pending' });
		await cw().customerWrites({ conversationId: 42, content: 'Hello' });
		await active.settled();
		expect(events(active)).toEqual([['labelsChanged'], ['conversationCreated'], ['message']]);
	});

	test('a redelivered or forged event starts nothing; the inbox filter applies to events', async () => {
		const active = await activeTrigger({ events: ['statusChanged'] });
		const [delivery] = await cw().agentChanges(42, { status: 'snoozed' });
		expect((await cw().redeliver(delivery)).status).toBe(200);
		// The same change again under another delivery id (e.g. an inbox webhook and an account webhook on this URL): once.
		const timestamp = String(Math.floor(Date.now() / 1000));
		const again = await fetch(delivery.url, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				'X-Chatwoot-Delivery': 'another-delivery',
				'X-Chatwoot-Timestamp': timestamp,
				'X-Chatwoot-Signature': `sha256=${createHmac('sha256', String(active.staticData.secret)).update(`${timestamp}.${delivery.body}`).digest('hex')}`,
			},
			body: delivery.body,
		});
		expect(again.status).toBe(200);
		const forged = await fetch(delivery.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: delivery.body });
		expect(forged.status).toBe(401);
		await active.settled();
		expect(events(active)).toEqual([['statusChanged']]);

		active.parameters = { ...active.parameters, inboxIds: ['999'] };
		await cw().agentChanges(42, { status: 'open' });
		await active.settled();
		expect(events(active)).toHaveLength(1);
	});

	test('"Only While the Bot Owns" filters messages, not events: the hand-off itself is heard', async () => {
		cw().seedConversation(42, { status: 'pending', assignee: { type: 'AgentBot', id: 5 } });
		const active = await activeTrigger({ events: ['newMessage', 'statusChanged'], onlyWhileBotOwns: true });
		await cw().agentChanges(42, { status: 'open', assignee: { type: 'User', id: 1 } });
		await cw().customerWrites({ conversationId: 42, content: 'to a person now' });
		await active.settled();
		expect(events(active)).toEqual([['statusChanged']]);
		expect(active.executions[0][0].json).toMatchObject({ status: 'open', assignee: { id: 1, name: 'Dana Agent' } });
	});

	test('a re-activation with other Events registers the webhook anew with the events they need', async () => {
		const active = await activeTrigger();
		const first = [...cw().webhooks.keys()];
		expect(await active.checkExists()).toBe(true);
		active.parameters = { ...active.parameters, events: ['newMessage', 'assigned'] };
		expect(await active.checkExists()).toBe(false);
		await active.activate();
		expect(subscriptions()).toEqual([['message_created', 'conversation_updated']]);
		expect([...cw().webhooks.keys()]).not.toEqual(first);
		expect(await active.checkExists()).toBe(true);
	});

	test('no event chosen: activation says so and registers nothing', async () => {
		await expect(activeTrigger({ events: [] })).rejects.toThrow('Events: choose at least one event to start the workflow');
		expect(cw().webhooks.size).toBe(0);
	});
});

describe('Intercom', () => {
	const ic = () => mocks().intercom;
	const ADMIN_TOPICS = ['conversation.admin.assigned', 'conversation.admin.closed', 'conversation.admin.opened', 'conversation.admin.snoozed', 'conversation.admin.unsnoozed'];
	async function activeTrigger(parameters: Record<string, unknown> = {}) {
		trigger = await WebhookTrigger.start({
			parameters: { platform: 'intercom', ...parameters },
			credentials: credentialsFor(mocks(), 'intercom', { clientSecret: CREDENTIALS.intercom.clientSecret }),
		});
		await trigger.activate();
		await ic().subscribeWebhook({ url: trigger.url, topics: ['conversation.user.created', 'conversation.user.replied', ...ADMIN_TOPICS] });
		return trigger;
	}
	const action = async (operation: string, conversationId: string, parameters: Record<string, unknown>) =>
		await changeAndHear(mocks(), 'intercom', trigger!, operation, { conversationId: locator(conversationId), ...parameters });

	test('the default: an admin closing or assigning starts nothing (delivered, not chosen); a customer message does', async () => {
		const active = await activeTrigger();
		await action('setStatus', '9', { status: 'closed' });
		await action('assign', '9', { assignment: 'assign', agent: locator('991267460') });
		expect(ic().deliveries.map((delivery) => [delivery.topic, delivery.status])).toEqual([
			['conversation.admin.closed', 200],
			['conversation.admin.assigned', 200],
		]);
		await ic().customerWrites({ content: 'Hello' });
		await active.settled();
		expect(events(active)).toEqual([['message']]);
	});

	test('Status Changed + Assigned: each topic once, as an event item; not the other', async () => {
		const active = await activeTrigger({ events: ['statusChanged', 'assigned'] });
		await action('setStatus', '9', { status: 'closed' });
		await action('setStatus', '9', { status: 'open' });
		await action('assign', '9', { assignment: 'assign', agent: locator('991267460'), team: locator('5017692') });
		await ic().customerWrites({ content: 'not chosen' });
		await active.settled();
		expect(events(active)).toEqual([['statusChanged'], ['statusChanged'], ['assigned'], ['assigned']]);
		const closed = ic().deliveries[0];
		expect(active.executions[0][0].json).toEqual({
			event: 'statusChanged',
			platform: 'intercom',
			conversationId: '9',
			accountId: null,
			status: 'resolved',
			assignee: null,
			team: null,
			labels: [],
			changedAt: new Date(Number(closed.json.created_at) * 1000).toISOString(),
			raw: closed.json,
		});
		expect(active.executions[1][0].json).toMatchObject({ status: 'open' });
		expect(active.executions[3][0].json).toMatchObject({ event: 'assigned', assignee: { id: '991267460' }, team: { id: '5017692' } });
		// Redelivered (same notification id) or forged: nothing more.
		expect((await ic().redeliver(closed)).status).toBe(200);
		const forged = await fetch(active.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': 'sha1=00' }, body: closed.body });
		expect(forged.status).toBe(401);
		await active.settled();
		expect(events(active)).toHaveLength(4);
	});

	test('Conversation Created with New Customer Message: one execution, the event and the first message', async () => {
		const active = await activeTrigger({ events: ['newMessage', 'conversationCreated'] });
		const { conversation } = await ic().customerWrites({ content: 'A new question' });
		await active.settled();
		expect(events(active)).toEqual([['conversationCreated', 'message']]);
		expect(active.executions[0][0].json).toMatchObject({ event: 'conversationCreated', conversationId: String(conversation.id), status: 'open' });
		expect(active.executions[0][1].json).toMatchObject({ content: 'A new question' });
	});
});

describe('Re:amaze (Conversation Message Polling Trigger): Status Changed, a change seen between two polls', () => {
	const rz = () => mocks().reamaze;
	const start = (parameters: Record<string, unknown> = {}) =>
		new PollingTrigger({ parameters: { platform: 'reamaze', ...parameters }, credentials: credentialsFor(mocks(), 'reamaze') });
	const setStatus = async (slug: string, status: string) => {
		const result = await runNode({
			nodeType: ACTIONS_NODE_TYPE,
			parameters: { platform: 'reamaze', resource: 'conversation', operation: 'setStatus', conversationId: locator(slug), status } as never,
			credentials: credentialsFor(mocks(), 'reamaze'),
		});
		expect(result.error).toBeUndefined();
	};
	const listed = () => rz().requests.filter((request) => request.path === '/api/v1/conversations' && request.method === 'GET');

	test('first activation emits nothing old; a status change is one item, once; messages are not read when not chosen', async () => {
		const poller = start({ events: ['statusChanged'] });
		expect(await poller.poll()).toBeNull();
		await setStatus('support-request-1', 'resolved');
		const [item, ...more] = (await poller.poll()) ?? [];
		expect(more).toEqual([]);
		expect(item.json).toEqual({
			event: 'statusChanged',
			platform: 'reamaze',
			conversationId: 'support-request-1',
			accountId: null,
			status: 'resolved',
			assignee: null,
			team: null,
			labels: [],
			changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			raw: expect.objectContaining({ slug: 'support-request-1', status: 2 }),
		});
		expect(await poller.poll()).toBeNull();
		expect(rz().requests.filter((request) => request.path === '/api/v1/messages')).toEqual([]);
		// Nothing changed: one page of conversations per poll.
		const before = listed().length;
		await poller.poll();
		expect(listed().length - before).toBe(1);
	});

	test('the default (new customer messages only) reads no conversation list and emits no change', async () => {
		const poller = start();
		await poller.poll();
		await setStatus('support-request-2', 'resolved');
		expect(await poller.poll()).toBeNull();
		expect(listed()).toEqual([]);
	});

	test('with New Customer Message: the change and the message in one execution; a change undone before the next poll is not seen', async () => {
		const poller = start({ events: ['newMessage', 'statusChanged'] });
		expect(await poller.poll()).toBeNull();
		await setStatus('refund-request', 'pending');
		rz().customerWrites({ slug: 'refund-request', body: 'Any news?' });
		const items = (await poller.poll()) ?? [];
		expect(items.map((item) => item.json.event ?? item.json.content)).toEqual(['statusChanged', 'Any news?']);
		expect(items[0].json).toMatchObject({ conversationId: 'refund-request', status: 'pending' });
		await setStatus('refund-request', 'resolved');
		await setStatus('refund-request', 'pending');
		expect(await poller.poll()).toBeNull();
	});

	test('the statuses seen survive a restart (static data saved with the workflow)', async () => {
		const poller = start({ events: ['statusChanged'] });
		await poller.poll();
		const saved = JSON.parse(JSON.stringify(poller.staticData)) as Record<string, unknown>;
		await setStatus('shipping-to-canada', 'pending');
		const restarted = new PollingTrigger({
			parameters: { platform: 'reamaze', events: ['statusChanged'] },
			credentials: credentialsFor(mocks(), 'reamaze'),
			staticData: { 'node:Trigger': saved } as never,
		});
		expect(((await restarted.poll()) ?? []).map((item) => [item.json.conversationId, item.json.status])).toEqual([['shipping-to-canada', 'pending']]);
	});

	test('Fetch Test Event shows the most recently changed conversation and leaves the cursor alone', async () => {
		const poller = start({ events: ['statusChanged'] });
		await setStatus('support-request-3', 'resolved');
		const items = (await poller.poll('manual')) ?? [];
		expect(items.map((item) => [item.json.event, item.json.conversationId, item.json.status])).toEqual([['statusChanged', 'support-request-3', 'resolved']]);
		expect(poller.staticData).toEqual({});
	});
});
