/**
 * The Conversation Message Trigger on 99digital / Chatwoot: registration at activation, signed
 * deliveries sent by the strict mock as Chatwoot sends them, normalisation, filters, redelivery,
 * files through the storage redirect, deactivation.
 */
import { createHmac } from 'crypto';
import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ConversationMessageTrigger } from '../nodes/ConversationMessages/ConversationMessageTrigger.node';
import { WEBHOOK_PLATFORMS } from '../nodes/ConversationMessages/platforms/receivers';

import { ACTIONS_NODE_TYPE, runNode } from './helpers/engine';
import { restartedTrigger } from './helpers/restart';
import { WebhookTrigger } from './helpers/triggers';
import { CREDENTIALS, credentialsFor, sha256, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
let trigger: WebhookTrigger | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

async function activeTrigger(parameters: Record<string, unknown> = {}, credentialOverride: Record<string, unknown> = {}) {
	trigger = await WebhookTrigger.start({
		parameters: { platform: 'ninetyNineDigital', webhookSetup: 'register', accountId: '7', ...parameters },
		credentials: credentialsFor(mocks(), 'ninetyNineDigital', credentialOverride),
	});
	await trigger.activate();
	return trigger;
}

/**
 * The key the trigger signs its catch-up requests with, derived as the trigger derives it from the
 * access token — not the URL token, which Chatwoot holds and sends with every delivery.
 */
function catchUpKey(active: WebhookTrigger, accountId = '7') {
	const { workflowId, nodeId } = active.ids;
	return createHmac('sha256', CREDENTIALS.ninetyNineDigital.accessToken).update(`conversation-message-trigger-catch-up:${workflowId}:${nodeId}:${accountId}`).digest('hex');
}

function sign(secret: string, timestamp: string, body: string) {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

describe('activation', () => {
	test('registers an account webhook for message_created at the production URL, keeps id, secret and URL token', async () => {
		const active = await activeTrigger();
		const [webhook] = [...mocks().ninetyNineDigital.webhooks.values()];
		expect(webhook.subscriptions).toEqual(['message_created']);
		expect(webhook.url.startsWith(`${active.url}?token=`)).toBe(true);
		expect(webhook.name).toBe('n8n: Customer support');
		expect(active.staticData).toMatchObject({ webhookId: String(webhook.id), accountId: '7', secret: webhook.secret });
		expect(webhook.url).toBe(`${active.url}?token=${String(active.staticData.urlToken)}`);
		expect(await active.checkExists()).toBe(true);
	});

	test('re-registers when the webhook was deleted in Chatwoot, and removes stale ones of its own', async () => {
		const active = await activeTrigger();
		mocks().ninetyNineDigital.webhooks.clear();
		expect(await active.checkExists()).toBe(false);
		await active.activate();
		expect(mocks().ninetyNineDigital.webhooks.size).toBe(1);
		// A record lost (e.g. the workflow re-imported): the old registration is replaced, not doubled.
		delete active.staticData.webhookId;
		await active.activate();
		expect(mocks().ninetyNineDigital.webhooks.size).toBe(1);
	});

	test('deactivated before n8n saved the activation\'s record (n8n 2.41 right after a re-publish): the webhook at Chatwoot is still removed', async () => {
		const active = await activeTrigger();
		expect(mocks().ninetyNineDigital.webhooks.size).toBe(1);
		// What `delete` of the re-publish left in the static data, loaded again by the deactivation.
		for (const key of ['webhookId', 'accountId', 'secret', 'urlToken']) delete active.staticData[key];
		await active.deactivate();
		expect(mocks().ninetyNineDigital.webhooks.size).toBe(0);
	});

	test('re-created while the vendor still holds its webhook: the same webhook is reused (id, secret), not a new one', async () => {
		const active = await activeTrigger();
		const [webhook] = [...mocks().ninetyNineDigital.webhooks.values()];
		const posts = () => mocks().ninetyNineDigital.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/webhooks')).length;
		const posted = posts();
		// The record lost (not saved, or the workflow re-imported) while the webhook stays registered.
		for (const key of Object.keys(active.staticData)) delete active.staticData[key];
		expect(await active.checkExists()).toBe(false);
		await active.activate();
		expect(posts()).toBe(posted);
		expect([...mocks().ninetyNineDigital.webhooks.values()]).toEqual([webhook]);
		expect(active.staticData).toMatchObject({ webhookId: String(webhook.id), secret: webhook.secret, urlToken: webhook.url.split('?token=')[1] });
		const { deliveries } = await mocks().ninetyNineDigital.customerWrites({ content: 'after the re-creation' });
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
		expect(active.executions.map(([item]) => item.json.content)).toEqual(['after the re-creation']);
	});

	test('a webhook at this trigger\'s URL with another token or other subscriptions is replaced, not reused', async () => {
		const active = await activeTrigger();
		const webhooks = mocks().ninetyNineDigital.webhooks;
		const [own] = [...webhooks.values()];
		webhooks.set(own.id, { ...own, url: `${active.url}?token=${'1'.repeat(64)}` });
		delete active.staticData.webhookId;
		await active.activate();
		expect(webhooks.size).toBe(1);
		const [second] = [...webhooks.values()];
		expect(second.id).not.toBe(own.id);
		webhooks.set(second.id, { ...second, subscriptions: ['message_created', 'message_updated'] });
		delete active.staticData.webhookId;
		await active.activate();
		const [third] = [...webhooks.values()];
		expect(webhooks.size).toBe(1);
		expect(third.id).not.toBe(second.id);
		expect(third.subscriptions).toEqual(['message_created']);
	});

	test('with the Events option: reused when the held webhook has exactly the subscriptions chosen, replaced when they differ', async () => {
		const active = await activeTrigger({ events: ['newMessage', 'statusChanged'] });
		const webhooks = mocks().ninetyNineDigital.webhooks;
		const [own] = [...webhooks.values()];
		expect(own.subscriptions).toEqual(['message_created', 'conversation_status_changed']);
		delete active.staticData.webhookId;
		await active.activate();
		expect([...webhooks.values()]).toEqual([own]);
		active.parameters = { ...active.parameters, events: ['newMessage'] };
		delete active.staticData.webhookId;
		await active.activate();
		const [replaced] = [...webhooks.values()];
		expect(webhooks.size).toBe(1);
		expect(replaced.id).not.toBe(own.id);
		expect(replaced.subscriptions).toEqual(['message_created']);
	});

	test('an outdated secret in the record (an older copy saved over activation\'s): the secret Chatwoot holds decides', async () => {
		const active = await activeTrigger();
		active.staticData.secret = 'an-older-secret';
		const { deliveries } = await mocks().ninetyNineDigital.customerWrites({ content: 'signed with the current secret' });
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
		expect(active.executions.map(([item]) => item.json.content)).toEqual(['signed with the current secret']);
		// Signed with neither: still refused.
		const now = String(Math.floor(Date.now() / 1000));
		const body = deliveries[0].body.replace('signed with the current secret', 'forged').replace(`"id":${String(deliveries[0].json.id)}`, '"id":99997');
		const forged = await fetch(deliveries[0].url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign('neither-secret', now, body) }, body });
		expect(forged.status).toBe(401);
	});

	test('a non-administrator token gets an error that says an administrator is needed', async () => {
		trigger = await WebhookTrigger.start({
			parameters: { platform: 'ninetyNineDigital', webhookSetup: 'register', accountId: '7' },
			credentials: credentialsFor(mocks(), 'ninetyNineDigital', { accessToken: CREDENTIALS.ninetyNineDigital.agentAccessToken }),
		});
		trigger.staticData.webhookId = '1';
		trigger.staticData.accountId = '7';
		await expect(trigger.activate()).rejects.toThrow(
			"Registering the webhook needs an administrator's access token: 99digital (Chatwoot) answered 401: You are not authorized to do this action",
		);
		expect(mocks().ninetyNineDigital.webhooks.size).toBe(0);
	});

	test('deactivation deletes the webhook at the vendor; a webhook already gone is fine', async () => {
		const active = await activeTrigger();
		await active.deactivate();
		expect(mocks().ninetyNineDigital.webhooks.size).toBe(0);
		expect(active.staticData.webhookId).toBeUndefined();
		await active.close();
		const again = await activeTrigger();
		mocks().ninetyNineDigital.webhooks.clear();
		await expect(again.deactivate()).resolves.toBeUndefined();
	});
});

describe('catching up after a pause (switched off and on, re-published after an edit of the trigger)', () => {
	test('the option is offered only where the platform can catch up', () => {
		const options = new ConversationMessageTrigger().description.properties.find((property) => property.name === 'options');
		const catchUp = (options?.options as INodeProperties[] | undefined)?.find((option) => option.name === 'catchUpMinutes');
		expect(catchUp?.default).toBe(60);
		expect(catchUp?.displayOptions?.show?.['/platform']).toEqual(WEBHOOK_PLATFORMS.filter((platform) => platform.receive.catchUp).map((platform) => platform.value));
		expect(catchUp?.displayOptions?.show?.['/platform']).toContain('ninetyNineDigital');
		expect(catchUp?.displayOptions?.show?.['/platform']).not.toContain('engageLab');
		// As n8n's editor decides: shown where the trigger registers its webhook, hidden where the URL was pasted by hand.
		const description = new ConversationMessageTrigger().description;
		const shown = (root: Record<string, unknown>) => NodeHelpers.displayParameter({ catchUpMinutes: 60 }, catchUp!, { typeVersion: 1 }, description, root as INodeParameters);
		expect(shown({ platform: 'ninetyNineDigital', webhookSetup: 'register' })).toBe(true);
		expect(shown({ platform: 'intercom' })).toBe(true);
		expect(shown({ platform: 'ninetyNineDigital', webhookSetup: 'existing' })).toBe(false);
		expect(shown({ platform: 'engageLab' })).toBe(false);
	});

	test('Existing Webhook or Agent Bot catches nothing up: switched to it from Register Automatically, the next delivery reads no history', async () => {
		const active = await activeTrigger();
		await mocks().ninetyNineDigital.customerWrites({ content: 'heard' });
		await until(() => contents().length === 1, 'the delivery');
		await active.deactivate();
		await mocks().ninetyNineDigital.customerWrites({ content: 'written while off, in another inbox maybe' });
		active.parameters = { platform: 'ninetyNineDigital', webhookSetup: 'existing', accountId: '7', webhookSecret: 'inbox-secret-123' };
		await active.activate();
		const reads = () => mocks().ninetyNineDigital.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/conversations')).length;
		const body = JSON.stringify({ event: 'message_created', id: 7002, message_type: 'incoming', content: 'via the pasted URL', created_at: new Date().toISOString(), private: false, sender: { id: 9, name: 'Zoe' }, conversation: { id: 12, inbox_id: 3 }, account: { id: 7 }, inbox: { id: 3 } });
		const now = String(Math.floor(Date.now() / 1000));
		const answer = await fetch(active.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign('inbox-secret-123', now, body) }, body });
		expect(answer.status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await active.settled();
		expect(contents()).toEqual(['heard', 'via the pasted URL']);
		expect(reads()).toBe(0);
	});

	async function until(condition: () => boolean, what: string) {
		for (let waited = 0; !condition(); waited += 50) {
			if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
	const contents = () => trigger!.executions.flatMap((items) => items.map((item) => item.json.content));
	const catchUps = () => trigger!.delivered.filter((record) => record.method === 'POST' && record.items !== undefined && record.items.length > 1).length;

	test('the first activation emits nothing old', async () => {
		await mocks().ninetyNineDigital.customerWrites({ content: 'before the trigger existed' });
		const active = await activeTrigger();
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(active.delivered).toEqual([]);
		await mocks().ninetyNineDigital.customerWrites({ content: 'first heard' });
		expect(contents()).toEqual(['first heard']);
	});

	test('what the customer wrote while the trigger was off is emitted once at the next activation, nothing heard before again', async () => {
		const active = await activeTrigger();
		await mocks().ninetyNineDigital.customerWrites({ conversationId: 1, content: 'heard 1' });
		await mocks().ninetyNineDigital.customerWrites({ conversationId: 2, content: 'heard 2' });
		await active.deactivate();
		expect(mocks().ninetyNineDigital.webhooks.size).toBe(0);
		for (const [conversationId, content] of [[1, 'missed 1'], [2, 'missed 2'], [1, 'missed 3']] as const) {
			const { deliveries } = await mocks().ninetyNineDigital.customerWrites({ conversationId, content });
			expect(deliveries).toEqual([]);
		}
		await active.activate();
		await until(() => contents().length === 5, 'the caught-up messages');
		expect(contents()).toEqual(['heard 1', 'heard 2', 'missed 1', 'missed 2', 'missed 3']);
		// One execution for what was missed, oldest first; then deliveries as before, and nothing twice.
		expect(active.executions.map((items) => items.length)).toEqual([1, 1, 3]);
		await mocks().ninetyNineDigital.customerWrites({ content: 'after' });
		await active.deactivate();
		await active.activate();
		await new Promise((resolve) => setTimeout(resolve, 500));
		await active.settled();
		expect(contents()).toEqual(['heard 1', 'heard 2', 'missed 1', 'missed 2', 'missed 3', 'after']);
		expect(catchUps()).toBe(1);
	});

	test('agents\' replies and private notes are filtered as deliveries are; Catch Up 0 emits nothing', async () => {
		const active = await activeTrigger({ options: { catchUpMinutes: 0 } });
		await active.deactivate();
		await mocks().ninetyNineDigital.customerWrites({ content: 'missed, not caught up' });
		// The vendor counts in seconds: activation in a later second than the message, as in life.
		await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
		await active.activate();
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(active.delivered).toEqual([]);
		active.parameters = { ...active.parameters, options: {} };
		await active.deactivate();
		await mocks().ninetyNineDigital.customerWrites({ content: 'missed 1' });
		const reply = { platform: 'ninetyNineDigital', accountId: '7', conversationId: '1', content: 'an agent replies', messageType: 'outgoing' };
		await runNode({ parameters: reply, credentials: credentialsFor(mocks(), 'ninetyNineDigital') });
		await runNode({ parameters: { ...reply, content: 'a note', private: true }, credentials: credentialsFor(mocks(), 'ninetyNineDigital') });
		await active.activate();
		await until(() => contents().length >= 1, 'the caught-up message');
		await active.settled();
		expect(contents()).toEqual(['missed 1']);
	});

	test('Only While the Bot Owns applies to caught-up messages as to deliveries, and they carry the conversation\'s state', async () => {
		mocks().ninetyNineDigital.seedConversation(42, { status: 'pending', assignee: { type: 'AgentBot', id: 5 } });
		mocks().ninetyNineDigital.seedConversation(43, { status: 'open', assignee: { type: 'User', id: 2 }, teamId: 8 });
		const active = await activeTrigger({ onlyWhileBotOwns: true });
		await active.deactivate();
		await mocks().ninetyNineDigital.customerWrites({ conversationId: 42, content: 'missed, the bot has it' });
		await mocks().ninetyNineDigital.customerWrites({ conversationId: 43, content: 'missed, a person has it' });
		await active.activate();
		await until(() => contents().length >= 1, 'the caught-up message');
		await new Promise((resolve) => setTimeout(resolve, 500));
		await active.settled();
		expect(contents()).toEqual(['missed, the bot has it']);
		expect(active.executions[0][0].json).toMatchObject({ conversationId: '42', status: 'pending', assignee: { type: 'bot', id: '5' }, team: null });
	});

	test('Events without New Customer Message: nothing is caught up, and the conversations are not read', async () => {
		const active = await activeTrigger({ events: ['statusChanged'] });
		const reads = () => mocks().ninetyNineDigital.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/conversations')).length;
		await active.deactivate();
		await mocks().ninetyNineDigital.customerWrites({ content: 'missed, not wanted' });
		await active.activate();
		// The activation's catch-up request is answered by the trigger itself: only then is the absence meaningful.
		await until(() => active.delivered.some((record) => record.method === 'POST' && record.status !== undefined), 'the catch-up request');
		await active.settled();
		expect(contents()).toEqual([]);
		expect(reads()).toBe(0);
	});

	async function restarted(before: WebhookTrigger, workflowId: string): Promise<WebhookTrigger> {
		const parameters = { platform: 'ninetyNineDigital', webhookSetup: 'register', accountId: '7' };
		trigger = await restartedTrigger(before, { parameters, credentials: credentialsFor(mocks(), 'ninetyNineDigital'), workflowId });
		return trigger;
	}

	test('n8n restarted: what was written while it was down is emitted once, at its start (1.x) or at the first delivery after it (2.41); what it heard before is noted and left out', async () => {
		const workflowId = 'restarted-workflow';
		trigger = await WebhookTrigger.start({
			parameters: { platform: 'ninetyNineDigital', webhookSetup: 'register', accountId: '7' },
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
			workflowId,
		});
		await trigger.activate();
		for (const content of ['heard 1', 'heard 2']) await mocks().ninetyNineDigital.customerWrites({ conversationId: 3, content });
		// After emitting, the trigger notes what it heard through its own URL (a call that starts nothing, so n8n saves it).
		const first = trigger;
		await until(() => ((first.staticData.catchUpHeard as { keys?: unknown[] } | undefined)?.keys ?? []).length === 2, 'the note of what was heard');
		expect((first.staticData.catchUpHeard as { keys: Array<[string, number]> }).keys.map(([key]) => key)).toEqual(
			expect.arrayContaining([expect.stringMatching(/^message:ninetyNineDigital:3:\d+$/)]),
		);
		// n8n 2.41 restarts: no hook is called; written while it was down, the first delivery after it reads them back.
		await first.close();
		for (const content of ['while down 1', 'while down 2']) await mocks().ninetyNineDigital.customerWrites({ conversationId: 4, content });
		const second = await restarted(first, workflowId);
		await mocks().ninetyNineDigital.customerWrites({ conversationId: 4, content: 'after the restart' });
		await until(() => second.executions.length === 2, 'the caught-up messages');
		await new Promise((resolve) => setTimeout(resolve, 300));
		await second.settled();
		expect(second.executions.map((items) => items.map((item) => item.json.content))).toEqual([['after the restart'], ['while down 1', 'while down 2']]);
		await until(() => JSON.stringify(second.staticData.catchUpHeard ?? '').includes(String(mocks().ninetyNineDigital.messages.at(-1)!.id)), 'the note of the caught-up messages');
		// n8n 1.x restarts: it asks checkExists (activation mode init), which reads back at once.
		for (const content of ['while down again']) await mocks().ninetyNineDigital.customerWrites({ conversationId: 5, content });
		const third = await restarted(second, workflowId);
		await third.startOfN8n();
		await until(() => third.executions.length === 1, 'the caught-up message');
		await new Promise((resolve) => setTimeout(resolve, 300));
		await third.settled();
		expect(third.executions.map((items) => items.map((item) => item.json.content))).toEqual([['while down again']]);
	});

	test('switched off and on while a note waits for n8n to save the activation: the next activation\'s notes are written (the waiting one ends with its activation)', async () => {
		const active = await activeTrigger();
		const noted = () => ((active.staticData.catchUpHeard as { keys?: Array<[string, number]> } | undefined)?.keys ?? []).map(([key]) => key);
		// n8n 2.41 has not saved this activation's record yet: its notes are refused (503) and asked again.
		active.staticData.catchUpListeningSince = 1;
		const first = (await mocks().ninetyNineDigital.customerWrites({ conversationId: 8, content: 'heard, note waiting' })).message;
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(noted()).toEqual([]);
		await active.deactivate();
		// The next activation in a later second (the activation mark counts in seconds).
		await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
		await active.activate();
		const second = (await mocks().ninetyNineDigital.customerWrites({ conversationId: 8, content: 'heard after switching on' })).message;
		await until(() => noted().length > 0, 'the next activation\'s note');
		// The first belongs to the activation that ended: a restart's catch-up starts at the next one, so it is not needed.
		expect(noted()).toEqual([`message:ninetyNineDigital:8:${String(second.id)}`]);
		expect(first.id).toBeLessThan(second.id);
		await active.settled();
	});

	test('switched off and on within one second while a note waits: the ended activation\'s note is not carried over to the next', async () => {
		const active = await activeTrigger();
		const noted = () => ((active.staticData.catchUpHeard as { keys?: Array<[string, number]> } | undefined)?.keys ?? []).map(([key]) => key);
		active.staticData.catchUpListeningSince = 1;
		await mocks().ninetyNineDigital.customerWrites({ conversationId: 8, content: 'heard, note waiting' });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(noted()).toEqual([]);
		// Both activations in the same second: told apart all the same.
		await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
		await active.deactivate();
		await active.activate();
		const second = (await mocks().ninetyNineDigital.customerWrites({ conversationId: 8, content: 'heard after switching on' })).message;
		await until(() => noted().length > 0, 'the next activation\'s note');
		await new Promise((resolve) => setTimeout(resolve, 700));
		expect(noted()).toEqual([`message:ninetyNineDigital:8:${String(second.id)}`]);
		await active.settled();
	});

	test('a catch-up leaves out the messages named as heard, though this process never emitted them', async () => {
		const active = await activeTrigger();
		const key = catchUpKey(active);
		await active.deactivate();
		const written = [];
		for (const content of ['noted elsewhere', 'not noted']) written.push((await mocks().ninetyNineDigital.customerWrites({ conversationId: 5, content })).message);
		const now = Math.floor(Date.now() / 1000);
		const body = JSON.stringify({ catchUp: { from: now - 60, until: now + 5, exclude: [`message:ninetyNineDigital:5:${String(written[0].id)}`] }, id: 'z', signedAt: now });
		const signature = createHmac('sha256', key).update(`catch-up.${body}`).digest('hex');
		const status = (await fetch(active.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-conversation-catch-up': signature }, body })).status;
		expect(status).toBe(200);
		expect(contents()).toEqual(['not noted']);
	});

	test('a catch-up request not signed by the trigger, or stale, is refused and reads nothing', async () => {
		const active = await activeTrigger();
		const reads = () => mocks().ninetyNineDigital.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/conversations')).length;
		const send = async (body: string, signature: string) =>
			(await fetch(active.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-conversation-catch-up': signature }, body })).status;
		const now = Math.floor(Date.now() / 1000);
		const body = JSON.stringify({ catchUp: { from: now - 3600, until: now }, id: 'x', signedAt: now });
		expect(await send(body, 'f'.repeat(64))).toBe(401);
		// Signed with the URL token, which Chatwoot (and whoever reads the account's webhooks) knows.
		const byUrlToken = createHmac('sha256', String(active.staticData.urlToken)).update(`catch-up.${body}`).digest('hex');
		expect(await send(body, byUrlToken)).toBe(401);
		const key = catchUpKey(active);
		const signed = (text: string) => createHmac('sha256', key).update(`catch-up.${text}`).digest('hex');
		const stale = JSON.stringify({ catchUp: { from: now - 3600, until: now }, id: 'y', signedAt: now - 3600 });
		expect(await send(stale, signed(stale))).toBe(401);
		expect(reads()).toBe(0);
		// The control: signed by the trigger's key and fresh, it is answered.
		expect(await send(body, signed(body))).toBe(200);
		expect(reads()).toBe(1);
	});
});

describe('the bot steps aside (Only While the Bot Owns the Conversation)', () => {
	const writes = (content: string) => mocks().ninetyNineDigital.customerWrites({ conversationId: 42, content });
	const contents = (active: WebhookTrigger) => active.executions.map(([item]) => item.json.content);

	test('fires while the conversation is pending and the agent bot owns it; the item shows status, assignee and team', async () => {
		mocks().ninetyNineDigital.seedConversation(42, { status: 'pending', assignee: { type: 'AgentBot', id: 5 } });
		const active = await activeTrigger({ onlyWhileBotOwns: true });
		await writes('Where is my parcel?');
		expect(contents(active)).toEqual(['Where is my parcel?']);
		expect(active.executions[0][0].json).toMatchObject({ status: 'pending', assignee: { type: 'bot', id: '5', name: 'Acme Bot', email: null }, team: null });
	});

	test('fires while pending and unassigned; not after the bot handed off (Set Status open, a team) nor once a person took it', async () => {
		mocks().ninetyNineDigital.seedConversation(42, { status: 'pending' });
		const active = await activeTrigger({ onlyWhileBotOwns: true });
		await writes('first');
		await runNode({
			nodeType: ACTIONS_NODE_TYPE,
			parameters: { platform: 'ninetyNineDigital', resource: 'conversation', operation: 'setStatus', accountId: '7', conversationId: { __rl: true, mode: 'id', value: '42' }, status: 'open' } as never,
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		await writes('after the hand-off');
		// Pending again (e.g. reopened for the bot), but a person is assigned: still the person's.
		mocks().ninetyNineDigital.seedConversation(42, { status: 'pending', assignee: { type: 'User', id: 2 }, teamId: 8 });
		await writes('a person has it');
		await mocks().ninetyNineDigital.deliveriesSettled();
		expect(mocks().ninetyNineDigital.deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
		expect(contents(active)).toEqual(['first']);
	});

	test('off (the default): every customer message starts the workflow, whoever owns the conversation', async () => {
		mocks().ninetyNineDigital.seedConversation(42, { status: 'open', assignee: { type: 'User', id: 2 }, teamId: 8 });
		const active = await activeTrigger();
		await writes('to a person');
		expect(contents(active)).toEqual(['to a person']);
		expect(active.executions[0][0].json).toMatchObject({
			status: 'open',
			assignee: { type: 'agent', id: '2', name: 'Eli Agent' },
			team: { id: '8', name: 'Shipping' },
		});
	});
});

describe('deliveries', () => {
	test('a customer writes → one execution with the normalised message', async () => {
		const active = await activeTrigger();
		const { message, deliveries } = await mocks().ninetyNineDigital.customerWrites({ conversationId: 42, content: 'Where is my parcel?' });
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
		expect(active.executions).toHaveLength(1);
		const [item] = active.executions[0];
		expect(item.json).toEqual({
			platform: 'ninetyNineDigital',
			conversationId: '42',
			accountId: 7,
			messageId: String(message.id),
			content: 'Where is my parcel?',
			sender: { type: 'customer', id: '1042', name: 'Contact 42', email: 'contact42@customer.example' },
			createdAt: message.created_at,
			private: false,
			attachments: [],
			// The conversation as the push data shows it (the mock's conversation 42 is open, unassigned).
			status: 'open',
			assignee: null,
			team: null,
			raw: message,
		});
		// Neither the credential nor the webhook's secret or URL token reaches the workflow's data.
		const data = JSON.stringify(active.executions);
		for (const secret of [CREDENTIALS.ninetyNineDigital.accessToken, String(active.staticData.secret), String(active.staticData.urlToken)]) {
			expect(data).not.toContain(secret);
		}
	});

	test('the bot\'s own replies start nothing by default, and do with Include Agent Messages', async () => {
		const active = await activeTrigger();
		const send = (await import('./helpers/engine')).runNode;
		const reply = { platform: 'ninetyNineDigital', accountId: '7', conversationId: '42', content: 'We are on it', messageType: 'outgoing' };
		await send({ parameters: reply, credentials: credentialsFor(mocks(), 'ninetyNineDigital') });
		await send({ parameters: { ...reply, content: 'Internal: check stock', private: true }, credentials: credentialsFor(mocks(), 'ninetyNineDigital') });
		// "Incoming" posted by this package looks like the customer to Chatwoot: still not heard.
		await send({ parameters: { ...reply, content: 'Forwarded from email', messageType: 'incoming' }, credentials: credentialsFor(mocks(), 'ninetyNineDigital') });
		await mocks().ninetyNineDigital.deliveriesSettled();
		expect(mocks().ninetyNineDigital.deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
		expect(active.executions).toHaveLength(0);

		active.parameters = { ...active.parameters, options: { includeAgentMessages: true } };
		await send({ parameters: reply, credentials: credentialsFor(mocks(), 'ninetyNineDigital') });
		await mocks().ninetyNineDigital.deliveriesSettled();
		expect(active.executions.map(([item]) => [item.json.content, (item.json.sender as { type: string }).type])).toEqual([['We are on it', 'agent']]);
	});

	test('private notes only with Include Private Notes', async () => {
		const active = await activeTrigger({ options: { includePrivateNotes: true } });
		const send = (await import('./helpers/engine')).runNode;
		await send({
			parameters: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '42', content: 'Note', private: true },
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		await mocks().ninetyNineDigital.deliveriesSettled();
		expect(active.executions.map(([item]) => [item.json.content, item.json.private])).toEqual([['Note', true]]);
	});

	test('wrong signature, stale timestamp, no signature, wrong URL token → 401, nothing starts', async () => {
		const active = await activeTrigger();
		const { deliveries } = await mocks().ninetyNineDigital.customerWrites({ content: 'genuine' });
		const [genuine] = deliveries;
		const secret = String(active.staticData.secret);
		const now = String(Math.floor(Date.now() / 1000));
		const stale = String(Math.floor(Date.now() / 1000) - 301);
		const post = async (url: string, headers: Record<string, string>, body = genuine.body) =>
			(await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })).status;
		expect(await post(genuine.url, { 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign('not-the-secret', now, genuine.body) })).toBe(401);
		expect(await post(genuine.url, { 'X-Chatwoot-Timestamp': stale, 'X-Chatwoot-Signature': sign(secret, stale, genuine.body) })).toBe(401);
		expect(await post(genuine.url, {})).toBe(401);
		// Signed over the body without the "<timestamp>." prefix (chatwoot#13809's mistake): refused.
		expect(await post(genuine.url, { 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': `sha256=${createHmac('sha256', secret).update(genuine.body).digest('hex')}` })).toBe(401);
		// A body changed after signing.
		const tampered = genuine.body.replace('genuine', 'tampered');
		expect(await post(genuine.url, { 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign(secret, now, genuine.body) }, tampered)).toBe(401);
		expect(await post(active.url, { 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign(secret, now, genuine.body) })).toBe(401);
		expect(active.executions).toHaveLength(1);
		// The control: a new message, correctly signed, is accepted.
		const next = genuine.body.replace('genuine', 'second message').replace(`"id":${genuine.json.id}`, '"id":99999');
		expect(await post(genuine.url, { 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign(secret, now, next), 'X-Chatwoot-Delivery': 'another-id' }, next)).toBe(200);
		expect(active.executions.map(([item]) => item.json.content)).toEqual(['genuine', 'second message']);
	});

	test('a delivery before the webhook sees activation\'s record (the instant of registration) is accepted when genuine', async () => {
		const active = await activeTrigger();
		const record = { ...active.staticData };
		// What n8n's webhook process sees while activation's static data is not yet in hand.
		for (const key of Object.keys(active.staticData)) delete active.staticData[key];
		const { deliveries } = await mocks().ninetyNineDigital.customerWrites({ content: 'written the instant the webhook was stored' });
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
		expect(active.executions.map(([item]) => item.json.content)).toEqual(['written the instant the webhook was stored']);
		const [genuine] = deliveries;
		const now = String(Math.floor(Date.now() / 1000));
		const post = async (url: string, headers: Record<string, string>, body = genuine.body) =>
			(await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })).status;
		const forged = genuine.body.replace('written the instant', 'forged').replace(`"id":${genuine.json.id}`, '"id":99998');
		const listings = () => mocks().ninetyNineDigital.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/webhooks')).length;
		const listed = listings();
		// The right URL token but no valid signature, or the signature of another secret: refused.
		expect(await post(genuine.url, { 'X-Chatwoot-Delivery': 'forged-1' }, forged)).toBe(401);
		expect(await post(genuine.url, { 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign('not-the-secret', now, forged), 'X-Chatwoot-Delivery': 'forged-2' }, forged)).toBe(401);
		// A wrong or missing URL token is refused before the vendor is asked anything.
		expect(await post(`${active.url}?token=${'0'.repeat(64)}`, { 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign(String(record.secret), now, forged) }, forged)).toBe(401);
		expect(await post(active.url, { 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign(String(record.secret), now, forged) }, forged)).toBe(401);
		expect(listings()).toBe(listed + 2);
		expect(active.executions).toHaveLength(1);
		// Once the record is in hand, deliveries are checked against it as before.
		Object.assign(active.staticData, record);
		await mocks().ninetyNineDigital.customerWrites({ content: 'later' });
		expect(active.executions.map(([item]) => item.json.content)).toEqual(['written the instant the webhook was stored', 'later']);
	});

	test('the URL token is the same at every activation of one trigger, and another trigger\'s differs', async () => {
		const first = await activeTrigger();
		const token = String(first.staticData.urlToken);
		expect(token).toMatch(/^[0-9a-f]{64}$/);
		await first.deactivate();
		await first.activate();
		expect(first.staticData.urlToken).toBe(token);
		// The activation after a pause asks its own URL for a catch-up: answered before the trigger goes.
		while (!first.delivered.some((record) => record.method === 'POST' && record.status)) await new Promise((resolve) => setTimeout(resolve, 20));
		await first.close();
		const other = await activeTrigger();
		expect(other.staticData.urlToken).toMatch(/^[0-9a-f]{64}$/);
		expect(other.staticData.urlToken).not.toBe(token);
	});

	test('a server older than v4.11.2 (no secret): the URL token protects the webhook', async () => {
		mocks().ninetyNineDigital.webhookSecrets = false;
		const active = await activeTrigger();
		expect(active.staticData.secret).toBeNull();
		const { deliveries } = await mocks().ninetyNineDigital.customerWrites({ content: 'unsigned but genuine' });
		expect(deliveries[0].headers['X-Chatwoot-Signature']).toBeUndefined();
		expect(deliveries[0].status).toBe(200);
		const forged = await fetch(active.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: deliveries[0].body });
		expect(forged.status).toBe(401);
		expect(active.executions).toHaveLength(1);
	});

	test('a redelivery (same X-Chatwoot-Delivery) starts nothing twice', async () => {
		const active = await activeTrigger();
		const { deliveries } = await mocks().ninetyNineDigital.customerWrites();
		const again = await mocks().ninetyNineDigital.redeliver(deliveries[0]);
		expect(again.status).toBe(200);
		expect(active.executions).toHaveLength(1);
	});

	test('other events and activity messages answer 200 and start nothing; malformed JSON gets 422', async () => {
		const active = await activeTrigger();
		const secret = String(active.staticData.secret);
		const url = `${active.url}?token=${String(active.staticData.urlToken)}`;
		const now = String(Math.floor(Date.now() / 1000));
		for (const body of [
			JSON.stringify({ event: 'conversation_status_changed', id: 42, status: 'resolved' }),
			JSON.stringify({ event: 'message_created', id: 5, message_type: 'activity', content: 'Conversation was resolved', conversation: { id: 42 } }),
		]) {
			const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign(secret, now, body) }, body });
			expect(response.status).toBe(200);
		}
		const malformed = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"event": "message_created",' });
		expect(malformed.status).toBe(422);
		expect(active.executions).toHaveLength(0);
	});

	test('inbox filter: only the chosen inboxes start the workflow', async () => {
		const active = await activeTrigger({ inboxIds: ['4'] });
		await mocks().ninetyNineDigital.customerWrites({ inboxId: 3, content: 'api inbox' });
		await mocks().ninetyNineDigital.customerWrites({ inboxId: 4, content: 'website' });
		expect(active.executions.map(([item]) => item.json.content)).toEqual(['website']);
	});

	test('Download Attachments: files follow the redirect to storage, byte-exact, and no credential goes there', async () => {
		const active = await activeTrigger({ options: { downloadAttachments: true } });
		const invoice = Buffer.from('%PDF-1.7 invoice 1042\n'.repeat(2000));
		const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
		await mocks().ninetyNineDigital.customerWrites({
			content: '',
			files: [
				{ filename: 'invoice 1042.pdf', contentType: 'application/pdf', data: invoice },
				{ filename: 'photo.png', contentType: 'image/png', data: photo },
			],
		});
		await active.settled();
		const [item] = active.executions[0];
		const attachments = item.json.attachments as Array<Record<string, unknown>>;
		expect(attachments.map((attachment) => [attachment.fileName, attachment.mimeType, attachment.size, attachment.binaryProperty])).toEqual([
			['invoice 1042.pdf', 'application/pdf', invoice.length, 'attachment_0'],
			['photo.png', 'image/png', photo.length, 'attachment_1'],
		]);
		expect(item.binary?.attachment_0).toMatchObject({ fileName: 'invoice 1042.pdf', mimeType: 'application/pdf' });
		expect(sha256(await active.binaryBuffer(item.binary!.attachment_0))).toBe(sha256(invoice));
		expect(sha256(await active.binaryBuffer(item.binary!.attachment_1))).toBe(sha256(photo));
		const storage = mocks().storage.requests;
		expect(storage).toHaveLength(2);
		for (const request of storage) {
			expect(request.headers.api_access_token).toBeUndefined();
			expect(request.headers.authorization).toBeUndefined();
			expect(JSON.stringify(request.headers)).not.toContain(CREDENTIALS.ninetyNineDigital.accessToken);
		}
	});

	test('a file over Max Attachment Size is not downloaded; the message still arrives and says why', async () => {
		const active = await activeTrigger({ options: { downloadAttachments: true, maxAttachmentSizeMb: 1 } });
		await mocks().ninetyNineDigital.customerWrites({
			content: 'big video',
			files: [{ filename: 'video.mp4', contentType: 'video/mp4', data: Buffer.alloc(1024 * 1024 + 1) }],
		});
		await active.settled();
		const [item] = active.executions[0];
		expect(item.binary).toEqual({});
		expect((item.json.attachments as Array<{ error: string }>)[0].error).toBe(
			'Not downloaded: video.mp4 is 1048577 bytes, more than the 1048576 bytes allowed',
		);
	});
});

describe('existing webhook or agent bot', () => {
	test('with the secret entered: signed deliveries accepted, others refused; nothing registered', async () => {
		trigger = await WebhookTrigger.start({
			parameters: { platform: 'ninetyNineDigital', webhookSetup: 'existing', accountId: '7', webhookSecret: 'inbox-secret-123' },
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		await trigger.activate();
		expect(mocks().ninetyNineDigital.requests).toHaveLength(0);
		const body = JSON.stringify({ event: 'message_created', id: 7001, message_type: 'incoming', content: 'via API inbox', created_at: '2026-12-01T10:00:00.000Z', private: false, sender: { id: 9, name: 'Zoe' }, conversation: { id: 12, inbox_id: 3 }, account: { id: 7 }, inbox: { id: 3 } });
		const now = String(Math.floor(Date.now() / 1000));
		const good = await fetch(trigger.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Chatwoot-Timestamp': now, 'X-Chatwoot-Signature': sign('inbox-secret-123', now, body) }, body });
		const bad = await fetch(trigger.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
		expect([good.status, bad.status]).toEqual([200, 401]);
		expect(trigger.executions.map(([item]) => [item.json.conversationId, item.json.content])).toEqual([['12', 'via API inbox']]);
	});
});
