/**
 * The Conversation Message Trigger on Zendesk Support (vendor-zendesk.md §9–11): registration of
 * a webhook subscribed to ticket.comment_added, or a webhook and a Zendesk trigger, reused by
 * paginated endpoint match; deliveries signed by the strict mock as Zendesk signs them (good,
 * forged, stale, tampered, unix timestamps); the registration window; redelivery; the comment
 * read back in every platform's item shape; agents' comments and notes; the bot stepping aside;
 * deactivation removing only what the node made.
 */
import { createHmac } from 'crypto';

import { runNode } from './helpers/engine';
import { WebhookTrigger } from './helpers/triggers';
import { CREDENTIALS, credentialsFor, useMockVendors, ZENDESK_ADMIN } from './helpers/vendors';

const mocks = useMockVendors();
const zendesk = () => mocks().zendesk;
let trigger: WebhookTrigger | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

const ADMIN_ID = '9002';
const BOT_AGENT = 9001;
const OTHER_AGENT = 9003;

async function activeTrigger(parameters: Record<string, unknown> = {}, credentialOverride: Record<string, unknown> = ZENDESK_ADMIN) {
	trigger = await WebhookTrigger.start({
		parameters: { platform: 'zendesk', ...parameters },
		credentials: credentialsFor(mocks(), 'zendesk', credentialOverride),
	});
	await trigger.activate();
	return trigger;
}

const sign = (secret: string, timestamp: string, body: string) => createHmac('sha256', secret).update(timestamp + body).digest('base64');
const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const post = async (url: string, headers: Record<string, string>, body: string) =>
	(await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })).status;
const contents = (active: WebhookTrigger) => active.executions.map(([item]) => item.json.content);
const ours = () => [...zendesk().webhooks.values()];

describe('activation', () => {
	test('a webhook subscribed to ticket.comment_added at the production URL (with its token); id, secret and API user kept', async () => {
		const active = await activeTrigger();
		const [webhook] = ours();
		expect(webhook).toMatchObject({ http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['zen:event-type:ticket.comment_added'] });
		expect(webhook.endpoint).toBe(`${active.url}?token=${String(active.staticData.urlToken)}`);
		expect(webhook.name).toBe('n8n: Customer support');
		expect(zendesk().triggers.size).toBe(0);
		expect(active.staticData).toEqual({ webhookId: webhook.id, connection: 'events', secret: webhook.secret, urlToken: expect.stringMatching(/^[0-9a-f]{64}$/), apiUserId: ADMIN_ID });
		expect(await active.checkExists()).toBe(true);
	});

	test('Connect By "Zendesk Trigger": a trigger-connected webhook and one trigger of ours, ids-only body, public end-user comments', async () => {
		const active = await activeTrigger({ connectBy: 'trigger' });
		const [webhook] = ours();
		expect(webhook.subscriptions).toEqual(['conditional_ticket_events']);
		const [zdTrigger] = [...zendesk().triggers.values()];
		expect(zdTrigger.title).toBe(`n8n Conversation Message Trigger ${String(active.staticData.urlToken).slice(0, 12)}`);
		expect(zdTrigger.conditions).toEqual({
			all: [
				{ field: 'comment_is_public', operator: 'is', value: 'true' },
				{ field: 'role', operator: 'is', value: 'end_user' },
			],
			any: [],
		});
		expect(zdTrigger.actions).toEqual([{ field: 'notification_webhook', value: [webhook.id, expect.any(String)] }]);
		expect(Object.keys(JSON.parse(zdTrigger.actions[0].value[1] as string))).toEqual(['ticket_id', 'actor_id', 'requester_id', 'assignee_id', 'group_id', 'status']);
		expect(active.staticData).toMatchObject({ connection: 'trigger', triggerId: String(zdTrigger.id) });
		expect(await active.checkExists()).toBe(true);
		// Other options, other conditions: activation replaces the trigger (and only ours).
		active.parameters = { ...active.parameters, options: { includePrivateNotes: true, includeAgentMessages: true } };
		expect(await active.checkExists()).toBe(false);
		await active.activate();
		expect([...zendesk().triggers.values()].map((t) => t.conditions.all)).toEqual([[{ field: 'comment_is_public', operator: 'is', value: 'not_relevant' }]]);
	});

	test('Automatic falls back to a Zendesk trigger where the account offers no ticket events', async () => {
		zendesk().webhookFeatures.ticketEvents = false;
		const active = await activeTrigger();
		expect(ours().map((webhook) => webhook.subscriptions)).toEqual([['conditional_ticket_events']]);
		expect(zendesk().triggers.size).toBe(1);
		expect(active.staticData.connection).toBe('trigger');
		await active.close();
		// Asked for ticket events explicitly, the refusal is the error.
		trigger = await WebhookTrigger.start({ parameters: { platform: 'zendesk', connectBy: 'events' }, credentials: credentialsFor(mocks(), 'zendesk', ZENDESK_ADMIN), workflowId: 'events-only' });
		await expect(trigger.activate()).rejects.toThrow('Zendesk answered 400');
	});

	test('a record lost: our webhook is found on a later page and reused, our stale trigger replaced, nobody else\'s touched', async () => {
		const active = await activeTrigger({ connectBy: 'trigger' });
		const [webhook] = ours();
		// 150 webhooks of others listed before ours, and a trigger of others.
		zendesk().webhooks.delete(webhook.id);
		for (let i = 0; i < 150; i++) zendesk().webhooks.set(`other-${i}`, { ...webhook, id: `other-${i}`, endpoint: `https://elsewhere.example/${i}`, secret: 'x' });
		zendesk().webhooks.set(webhook.id, webhook);
		const foreign = { ...[...zendesk().triggers.values()][0], id: 1, title: 'Notify the team' };
		zendesk().triggers.set('1', foreign);
		for (const key of Object.keys(active.staticData)) delete active.staticData[key];
		zendesk().requests.length = 0;
		await active.activate();
		expect(zendesk().requests.filter((request) => request.method === 'POST' && request.path === '/api/v2/webhooks')).toHaveLength(0);
		expect(zendesk().requests.filter((request) => request.path === '/api/v2/webhooks').map((request) => request.query['page[after]'] !== undefined)).toEqual([false, true]);
		expect(active.staticData.webhookId).toBe(webhook.id);
		expect([...zendesk().triggers.values()].map((t) => t.title).sort()).toEqual([expect.stringMatching(/^n8n Conversation Message Trigger /), 'Notify the team'].sort());
	});

	test('an agent\'s token (not an administrator) gets an error that says an administrator is needed', async () => {
		await expect(activeTrigger({}, {})).rejects.toThrow('Registering the webhook needs a Zendesk administrator: Zendesk answered 403');
		expect(zendesk().webhooks.size).toBe(0);
	});

	test('deactivation deletes our webhook and trigger, and only those; already gone is fine', async () => {
		const active = await activeTrigger({ connectBy: 'trigger' });
		zendesk().triggers.set('1', { ...[...zendesk().triggers.values()][0], id: 1, title: 'Notify the team' });
		await active.deactivate();
		expect(zendesk().webhooks.size).toBe(0);
		expect([...zendesk().triggers.keys()]).toEqual(['1']);
		expect(active.staticData).toEqual({});
		await active.activate();
		zendesk().webhooks.clear();
		zendesk().triggers.clear();
		await expect(active.deactivate()).resolves.toBeUndefined();
	});
});

describe('deliveries', () => {
	for (const connectBy of ['events', 'trigger']) {
		test(`${connectBy}: a customer writes → one execution with the comment read back, in every platform's shape`, async () => {
			const active = await activeTrigger({ connectBy });
			zendesk().tickets.get(101)!.group_id = 7001;
			const { comment, deliveries } = await zendesk().customerWrites({ ticketId: 101, body: 'Where is my parcel?' });
			expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
			expect(deliveries[0].headers).toMatchObject({
				'X-Zendesk-Webhook-Signature': expect.any(String),
				'X-Zendesk-Webhook-Signature-Timestamp': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				'X-Zendesk-Webhook-Id': ours()[0].id,
				'X-Zendesk-Webhook-Invocation-Id': expect.any(String),
				'X-Zendesk-Account-Id': expect.any(String),
			});
			expect(active.executions).toHaveLength(1);
			const [item] = active.executions[0];
			expect(item.json).toEqual({
				platform: 'zendesk',
				conversationId: '101',
				accountId: null,
				messageId: String(comment.id),
				content: 'Where is my parcel?',
				sender: { type: 'customer', id: '501', name: 'Carla Customer', email: 'carla@customer.example' },
				createdAt: comment.created_at.replace('Z', '.000Z'),
				private: false,
				attachments: [],
				status: 'open',
				assignee: null,
				team: { id: '7001', name: null },
				raw: expect.objectContaining({ id: comment.id, body: 'Where is my parcel?' }),
			});
			const data = JSON.stringify(active.executions);
			for (const secret of [CREDENTIALS.zendesk.adminApiToken, String(active.staticData.secret), String(active.staticData.urlToken)]) expect(data).not.toContain(secret);
		});
	}

	test('forged, wrong secret, stale (ISO and unix), unsigned, tampered, wrong token → 401, nothing starts', async () => {
		const active = await activeTrigger();
		const { deliveries } = await zendesk().customerWrites({ ticketId: 102, body: 'genuine' });
		const [genuine] = deliveries;
		const secret = String(active.staticData.secret);
		const now = isoNow();
		const staleIso = new Date(Date.now() - 301_000).toISOString();
		const staleUnix = String(Math.floor(Date.now() / 1000) - 301);
		const headers = (timestamp: string, signature: string) => ({ 'X-Zendesk-Webhook-Signature-Timestamp': timestamp, 'X-Zendesk-Webhook-Signature': signature });
		expect(await post(genuine.url, headers(now, sign('not-the-secret', now, genuine.body)), genuine.body)).toBe(401);
		expect(await post(genuine.url, headers(staleIso, sign(secret, staleIso, genuine.body)), genuine.body)).toBe(401);
		expect(await post(genuine.url, headers(staleUnix, sign(secret, staleUnix, genuine.body)), genuine.body)).toBe(401);
		expect(await post(genuine.url, {}, genuine.body)).toBe(401);
		// Signed over the body alone (no timestamp in front): refused.
		expect(await post(genuine.url, headers(now, createHmac('sha256', secret).update(genuine.body).digest('base64')), genuine.body)).toBe(401);
		expect(await post(genuine.url, headers(now, sign(secret, now, genuine.body)), genuine.body.replace('genuine', 'tampered'))).toBe(401);
		expect(await post(active.url, headers(now, sign(secret, now, genuine.body)), genuine.body)).toBe(401);
		expect(active.executions).toHaveLength(1);
		// The control: signed right, with a unix timestamp, is accepted (its comment was heard once already).
		const unixNow = String(Math.floor(Date.now() / 1000));
		expect(await post(genuine.url, headers(unixNow, sign(secret, unixNow, genuine.body)), genuine.body)).toBe(200);
		zendesk().webhookFeatures.timestampFormat = 'unix';
		await zendesk().customerWrites({ ticketId: 102, body: 'second, unix-stamped' });
		expect(contents(active)).toEqual(['genuine', 'second, unix-stamped']);
	});

	test('a delivery before the webhook sees activation\'s record is accepted when genuine; forged ones are not', async () => {
		zendesk().webhookFeatures.ticketEvents = true;
		const active = await activeTrigger();
		const record = { ...active.staticData };
		for (const key of Object.keys(active.staticData)) delete active.staticData[key];
		const { deliveries } = await zendesk().customerWrites({ ticketId: 103, body: 'written the instant the webhook was stored' });
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
		expect(contents(active)).toEqual(['written the instant the webhook was stored']);
		const [genuine] = deliveries;
		const now = isoNow();
		const forged = genuine.body.replace('"id":"', '"id":"forged-');
		const requestsBefore = zendesk().requests.length;
		expect(await post(`${active.url}?token=${'0'.repeat(64)}`, { 'X-Zendesk-Webhook-Signature-Timestamp': now, 'X-Zendesk-Webhook-Signature': sign(String(record.secret), now, forged) }, forged)).toBe(401);
		expect(await post(active.url, { 'X-Zendesk-Webhook-Signature-Timestamp': now, 'X-Zendesk-Webhook-Signature': sign(String(record.secret), now, forged) }, forged)).toBe(401);
		// A wrong or missing token costs Zendesk nothing.
		expect(zendesk().requests.length).toBe(requestsBefore);
		expect(await post(genuine.url, { 'X-Zendesk-Webhook-Id': String(record.webhookId), 'X-Zendesk-Webhook-Signature-Timestamp': now, 'X-Zendesk-Webhook-Signature': sign('not-the-secret', now, forged) }, forged)).toBe(401);
		expect(active.executions).toHaveLength(1);
	});

	test('a redelivery (same invocation id) starts nothing twice; a failed read-back answers 503 and Zendesk\'s retry is heard once', async () => {
		const active = await activeTrigger();
		const { deliveries } = await zendesk().customerWrites({ ticketId: 104, body: 'once' });
		expect((await zendesk().redeliver(deliveries[0])).status).toBe(200);
		expect(active.executions).toHaveLength(1);
		// The read is retried once on its own; failing twice, the delivery is answered 503.
		zendesk().failNext({ status: 500, times: 2, match: (request) => request.path.endsWith('/comments') });
		const sent = zendesk().deliveries.length;
		await zendesk().customerWrites({ ticketId: 104, body: 'after a hiccup' });
		expect(zendesk().deliveries.slice(sent).map((delivery) => [delivery.status, delivery.redelivery])).toEqual([
			[503, false],
			[200, true],
		]);
		expect(contents(active)).toEqual(['once', 'after a hiccup']);
	});

	test('the bot\'s own replies and agents\' comments start nothing by default; notes and agents with the options', async () => {
		const active = await activeTrigger();
		const reply = async (content: string, extra: Record<string, unknown> = {}) => {
			const result = await runNode({
				parameters: { platform: 'zendesk', zendeskOperation: 'sendMessage', conversationId: { __rl: true, mode: 'id', value: '105' }, content, ...extra } as never,
				credentials: credentialsFor(mocks(), 'zendesk'),
			});
			expect(result.error).toBeUndefined();
			await zendesk().deliveriesSettled();
		};
		await reply('We are on it');
		await zendesk().customerWrites({ ticketId: 105, body: 'From the other agent', authorId: OTHER_AGENT });
		await zendesk().customerWrites({ ticketId: 105, body: 'Internal: check stock', public: false });
		expect(zendesk().deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
		expect(active.executions).toHaveLength(0);
		active.parameters = { ...active.parameters, options: { includeAgentMessages: true, includePrivateNotes: true } };
		await reply('Second reply');
		await zendesk().customerWrites({ ticketId: 105, body: 'A note', public: false, authorId: OTHER_AGENT });
		expect(active.executions.map(([item]) => [item.json.content, (item.json.sender as { type: string }).type, item.json.private])).toEqual([
			['Second reply', 'agent', false],
			['A note', 'agent', true],
		]);
	});

	test('Only While the Bot Owns the Conversation: unassigned or the bot\'s, the bot\'s group; not once an agent took it or it is solved', async () => {
		const active = await activeTrigger({ onlyWhileBotOwns: true, botAgentId: String(BOT_AGENT), botGroupId: '7001' });
		const ticket = zendesk().tickets.get(106)!;
		const write = (body: string) => zendesk().customerWrites({ ticketId: 106, body });
		await write('unassigned');
		ticket.assignee_id = BOT_AGENT;
		ticket.group_id = 7001;
		await write('the bot has it');
		ticket.group_id = 7002;
		await write('another group');
		ticket.group_id = 7001;
		ticket.assignee_id = OTHER_AGENT;
		await write('a person has it');
		ticket.assignee_id = null;
		ticket.status = 'hold';
		await write('on hold');
		expect(contents(active)).toEqual(['unassigned', 'the bot has it']);
		expect(active.executions[1][0].json).toMatchObject({ assignee: { type: 'agent', id: String(BOT_AGENT) }, team: { id: '7001' } });
	});

	test('events other than comment_added answer 200 and start nothing; malformed JSON gets 422', async () => {
		const active = await activeTrigger();
		const url = ours()[0].endpoint;
		const secret = String(active.staticData.secret);
		const body = JSON.stringify({ type: 'zen:event-type:ticket.status_changed', id: 'e-1', subject: 'zen:ticket:101', detail: { id: '101' }, event: {} });
		const now = isoNow();
		expect(await post(url, { 'X-Zendesk-Webhook-Signature-Timestamp': now, 'X-Zendesk-Webhook-Signature': sign(secret, now, body) }, body)).toBe(200);
		expect(await post(url, {}, '{"type": "zen:event-type:ticket.comment_added",')).toBe(422);
		expect(active.executions).toHaveLength(0);
	});
});
