/**
 * The Conversation Message Trigger on Intercom catching up (issue 20 §2): what customers wrote
 * while the trigger was not listening — switched off and on, re-published after an edit of the
 * trigger, n8n restarted — read back through Intercom's conversation search and emitted once,
 * through n8n-core's hook and webhook contexts, against the strict Intercom mock.
 */
import { createHmac } from 'crypto';

import { runNode } from './helpers/engine';
import { restartedTrigger } from './helpers/restart';
import { WebhookTrigger } from './helpers/triggers';
import { CREDENTIALS, credentialsFor, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
let trigger: WebhookTrigger | undefined;
afterEach(async () => {
	await trigger?.settled();
	await trigger?.close();
	trigger = undefined;
});

const credentials = () => credentialsFor(mocks(), 'intercom', { clientSecret: CREDENTIALS.intercom.clientSecret });

async function until(condition: () => boolean, what: string) {
	for (let waited = 0; !condition(); waited += 50) {
		if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Active and subscribed in the Developer Hub, as a user sets it up. */
async function listening(parameters: Record<string, unknown> = {}, workflowId?: string) {
	trigger = await WebhookTrigger.start({ parameters: { platform: 'intercom', ...parameters }, credentials: credentials(), workflowId });
	await trigger.activate();
	await mocks().intercom.subscribeWebhook({ url: trigger.url });
	return trigger;
}

/** Switched off: n8n answers 404 at the URL, so Intercom's deliveries are lost (here: not sent). */
async function switchedOff(active: WebhookTrigger) {
	await active.deactivate();
	mocks().intercom.unsubscribeWebhook();
}

async function switchedOn(active: WebhookTrigger) {
	await active.activate();
	await mocks().intercom.subscribeWebhook({ url: active.url });
}

const contents = () => trigger!.executions.flatMap((items) => items.map((item) => item.json.content));
const searches = () => mocks().intercom.requests.filter((request) => request.method === 'POST' && request.path === '/conversations/search');
/** The catch-up has read Intercom and its execution, if any, has started. */
async function caughtUp(count = 1) {
	await until(() => searches().length >= count, 'the catch-up\'s search');
	await until(() => mocks().intercom.requests.at(-1)!.status !== undefined, 'the catch-up\'s reads');
	await new Promise((resolve) => setTimeout(resolve, 200));
	await trigger!.settled();
}
const adminReply = (conversationId: string, content: string, replyType: 'comment' | 'note' = 'comment') =>
	runNode({ parameters: { platform: 'intercom', intercomOperation: 'reply', conversationId, replyAs: 'admin', adminId: '991267459', replyType, content }, credentials: credentialsFor(mocks(), 'intercom') });

describe('Intercom: catching up after a pause', () => {
	test('the first activation emits nothing old; n8n now calls create (checkExists answers false), and still refuses a credential without a Client Secret', async () => {
		await mocks().intercom.customerWrites({ content: 'before the trigger existed' });
		const active = await listening();
		expect(await active.checkExists()).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(active.delivered.filter((record) => record.method === 'POST')).toEqual([]);
		expect(searches()).toHaveLength(0);
		await mocks().intercom.customerWrites({ content: 'first heard' });
		expect(contents()).toEqual(['first heard']);
		const withoutSecret = await WebhookTrigger.start({ parameters: { platform: 'intercom' }, credentials: credentialsFor(mocks(), 'intercom', {}) });
		await expect(withoutSecret.activate()).rejects.toThrow('The Intercom Messaging API credential has no Client Secret');
		await withoutSecret.close();
	});

	test('what customers wrote while the trigger was off is emitted once at the next activation — a new conversation\'s first message and replies — not agents\' replies or notes, nothing heard before again', async () => {
		const active = await listening();
		const first = await mocks().intercom.customerWrites({ content: 'heard 1' });
		const conversationId = String(first.conversation.id);
		await mocks().intercom.customerWrites({ conversationId, content: 'heard 2' });
		await switchedOff(active);
		const started = await mocks().intercom.customerWrites({ content: 'missed 1' });
		const reply = await mocks().intercom.customerWrites({ conversationId, content: 'missed 2' });
		await adminReply(conversationId, 'an agent replies');
		await adminReply(conversationId, 'a note', 'note');
		await mocks().intercom.customerWrites({ conversationId: String(started.conversation.id), content: 'missed 3' });
		await switchedOn(active);
		await until(() => contents().length === 5, 'the caught-up messages');
		await caughtUp();
		// One execution for what was missed, oldest first by the second (Intercom orders nothing finer
		// across conversations: here all in one second, so each conversation's own order).
		expect(active.executions.map((items) => items.length)).toEqual([1, 1, 3]);
		expect(contents().slice(0, 2)).toEqual(['heard 1', 'heard 2']);
		const caught = active.executions[2];
		expect(caught.map((item) => item.json.content).sort()).toEqual(['missed 1', 'missed 2', 'missed 3']);
		expect(caught.map((item) => item.json.content).filter((content) => content !== 'missed 2')).toEqual(['missed 1', 'missed 3']);
		const caughtSource = caught.find((item) => item.json.content === 'missed 1')!;
		const caughtReply = caught.find((item) => item.json.content === 'missed 2')!;
		expect(caughtSource.json).toMatchObject({
			platform: 'intercom',
			conversationId: String(started.conversation.id),
			accountId: null,
			messageId: started.conversation.sourceId,
			content: 'missed 1',
			sender: { type: 'customer', id: '6762f1571bb69f9f2193bb01', name: 'Joe Bloggs', email: 'joe@bloggs.example' },
			private: false,
			attachments: [],
			status: 'open',
			assignee: null,
			team: null,
		});
		expect(caughtReply.json).toMatchObject({ conversationId, messageId: reply.part.id, content: 'missed 2' });
		// Then deliveries as before; a second pause with nothing written emits nothing again.
		await mocks().intercom.customerWrites({ conversationId, content: 'after' });
		await switchedOff(active);
		await switchedOn(active);
		await caughtUp(2);
		expect(contents()).toHaveLength(6);
		expect(contents().at(-1)).toBe('after');
	});

	test('a message both delivered and caught up (in the window\'s clock slack) starts one execution', async () => {
		const active = await listening();
		await mocks().intercom.customerWrites({ content: 'delivered just before the pause' });
		// Re-published after an edit of the trigger: delete and create at once, the message seconds old.
		await active.deactivate();
		await active.activate();
		await caughtUp();
		expect(mocks().intercom.requests.filter((request) => request.method === 'GET' && /^\/conversations\/\d+$/.test(request.path))).toHaveLength(1);
		expect(contents()).toEqual(['delivered just before the pause']);
	});

	test('Catch Up After a Pause bounds how far back: a pause of three hours, the option at 60 minutes', async () => {
		const active = await listening({ options: { catchUpMinutes: 60 } });
		const { conversation } = await mocks().intercom.customerWrites({ content: 'heard' });
		await switchedOff(active);
		const now = Math.floor(Date.now() / 1000);
		// As if it had been switched off three hours ago, after an activation four hours ago.
		active.staticData.catchUpStoppedAt = now - 3 * 3600;
		active.staticData.catchUpListeningSince = now - 4 * 3600;
		const base = mocks().intercom.baseUrl;
		for (const [content, ago] of [['two hours ago', 7200], ['half an hour ago', 1800]] as const) {
			const answer = await fetch(`${base}/conversations/${String(conversation.id)}/reply`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${CREDENTIALS.intercom.accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json', 'Intercom-Version': '2.14' },
				body: JSON.stringify({ type: 'user', message_type: 'comment', intercom_user_id: '6762f1571bb69f9f2193bb01', body: content, created_at: now - ago }),
			});
			expect(answer.status).toBe(200);
		}
		await switchedOn(active);
		await caughtUp();
		expect(contents()).toEqual(['heard', 'half an hour ago']);
	});

	test('Only While the Bot Owns the Conversation applies to caught-up messages as to deliveries', async () => {
		const active = await listening({ onlyWhileBotOwns: true });
		const bots = await mocks().intercom.customerWrites({ content: 'heard' });
		const persons = await mocks().intercom.customerWrites({ content: 'heard too' });
		await switchedOff(active);
		mocks().intercom.seedConversation(persons.conversation.id, { adminAssigneeId: '991267460' });
		await mocks().intercom.customerWrites({ conversationId: String(bots.conversation.id), content: 'missed, the bot\'s' });
		await mocks().intercom.customerWrites({ conversationId: String(persons.conversation.id), content: 'missed, a person\'s' });
		await switchedOn(active);
		await caughtUp();
		expect(contents()).toEqual(['heard', 'heard too', 'missed, the bot\'s']);
	});

	test('Listen for Test Event (mode manual) catches nothing up, though a pause was noted', async () => {
		const active = await listening();
		await mocks().intercom.customerWrites({ content: 'heard' });
		await switchedOff(active);
		await mocks().intercom.customerWrites({ content: 'missed, not for a test listen' });
		await active.listenForTestEvent();
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(searches()).toHaveLength(0);
		expect(active.staticData.catchUpStoppedAt).toEqual(expect.any(Number));
		// The next real activation still catches the pause up.
		await switchedOn(active);
		await caughtUp();
		expect(contents()).toEqual(['heard', 'missed, not for a test listen']);
	});

	async function restarted(before: WebhookTrigger, workflowId: string): Promise<WebhookTrigger> {
		trigger = await restartedTrigger(before, { parameters: { platform: 'intercom' }, credentials: credentials(), workflowId });
		return trigger;
	}

	test('n8n restarted: what was written while it was down is emitted once, at the first delivery after it (2.41) or at its start (1.x: checkExists false, create in activation mode init)', async () => {
		const workflowId = 'intercom-restarted-workflow';
		const first = await listening({}, workflowId);
		const { conversation } = await mocks().intercom.customerWrites({ content: 'heard 1' });
		const conversationId = String(conversation.id);
		await mocks().intercom.customerWrites({ conversationId, content: 'heard 2' });
		await until(() => ((first.staticData.catchUpHeard as { keys?: unknown[] } | undefined)?.keys ?? []).length === 2, 'the note of what was heard');
		// n8n 2.41 restarts: no hook is called; the first delivery after it reads back what was written meanwhile.
		await first.close();
		for (const content of ['while down 1', 'while down 2']) await mocks().intercom.customerWrites({ conversationId, content });
		const second = await restarted(first, workflowId);
		await mocks().intercom.customerWrites({ conversationId, content: 'after the restart' });
		await until(() => second.executions.length === 2, 'the caught-up messages');
		await caughtUp();
		expect(second.executions.map((items) => items.map((item) => item.json.content))).toEqual([['after the restart'], ['while down 1', 'while down 2']]);
		await until(() => ((second.staticData.catchUpHeard as { keys?: unknown[] } | undefined)?.keys ?? []).length >= 3, 'the note of the caught-up messages');
		// n8n 1.x restarts: checkExists (init) answers false, so n8n calls create — a restart, not a pause.
		await mocks().intercom.customerWrites({ conversationId, content: 'while down again' });
		const third = await restarted(second, workflowId);
		await third.startOfN8n();
		await until(() => third.executions.length === 1, 'the caught-up message');
		await caughtUp(2);
		expect(third.executions.map((items) => items.map((item) => item.json.content))).toEqual([['while down again']]);
	});

	test('n8n 1.x restarted before the trigger heard anything: caught up from its activation', async () => {
		const workflowId = 'intercom-restarted-quiet';
		const first = await listening({}, workflowId);
		await first.close();
		// The activation's second is kept (the vendor counts in seconds): written a second later.
		await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
		await mocks().intercom.customerWrites({ content: 'while down' });
		const second = await restarted(first, workflowId);
		await second.startOfN8n();
		await until(() => second.executions.length === 1, 'the caught-up message');
		await caughtUp();
		expect(second.executions.map((items) => items.map((item) => item.json.content))).toEqual([['while down']]);
	});

	test('a catch-up request not signed with the key derived from the Client Secret, or stale, is refused and reads nothing', async () => {
		const active = await listening();
		const send = async (body: string, signature: string) =>
			(await fetch(active.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-conversation-catch-up': signature }, body })).status;
		const now = Math.floor(Date.now() / 1000);
		const body = JSON.stringify({ catchUp: { from: now - 3600, until: now }, id: 'x', signedAt: now });
		const signedWith = (key: string, text: string) => createHmac('sha256', key).update(`catch-up.${text}`).digest('hex');
		expect(await send(body, 'f'.repeat(64))).toBe(401);
		// The Client Secret itself is not the key: a forger who signs with another secret, or guesses the scheme without the label, is refused.
		expect(await send(body, signedWith(CREDENTIALS.intercom.clientSecret, body))).toBe(401);
		const key = createHmac('sha256', CREDENTIALS.intercom.clientSecret).update(`conversation-message-trigger:catch-up:${active.ids.workflowId}:${active.ids.nodeId}`).digest('hex');
		const stale = JSON.stringify({ catchUp: { from: now - 3600, until: now }, id: 'y', signedAt: now - 3600 });
		expect(await send(stale, signedWith(key, stale))).toBe(401);
		expect(searches()).toHaveLength(0);
		// The control: signed with the derived key and fresh, it is answered.
		expect(await send(body, signedWith(key, body))).toBe(200);
		expect(searches()).toHaveLength(1);
	});
});
