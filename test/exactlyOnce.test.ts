/**
 * Exactly once: a failure that leaves it open whether the vendor stored the message is settled
 * by reading the conversation back, and a Deduplication Key kept in n8n's deduplication store
 * stops a message from going out twice across executions (Retry, a re-sent webhook).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { deduplicationStore, runNode } from './helpers/engine';
import { CREDENTIALS, credentialsFor, useMockVendors } from './helpers/vendors';
import type { VendorKey } from '../mocks';

const mocks = useMockVendors();
beforeEach(() => deduplicationStore.reset());

const MESSAGE: Record<VendorKey, Record<string, unknown>> = {
	userEngage: { platform: 'userEngage', conversationId: '5', content: '<p>Your order shipped</p>', agentId: '926' },
	engageLab: { platform: 'engageLab', conversationId: '5', content: 'Your order shipped' },
	ninetyNineDigital: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '5', content: 'Your order shipped' },
	intercom: { platform: 'intercom', intercomOperation: 'reply', conversationId: '524', replyAs: 'admin', adminId: '991267459', replyType: 'comment', content: 'Your order shipped' },
	reamaze: { platform: 'reamaze', conversationId: 'refund-request', content: 'Your order shipped' },
	zendesk: { platform: 'zendesk', conversationId: '102', content: 'Your order shipped' },
};

/** Read back at once in these tests: the settle wait is what the residual-race tests vary. */
const FAST = { readBackDelay: 0 };

interface SendOptions {
	options?: Record<string, unknown>;
	extra?: Record<string, unknown>;
	items?: INodeExecutionData[];
	credentials?: Record<string, unknown>;
	nodeId?: string;
	continueOnFail?: boolean;
}

async function send(platform: VendorKey, { options = {}, extra = {}, items, credentials, nodeId, continueOnFail }: SendOptions = {}) {
	return await runNode({
		parameters: { ...MESSAGE[platform], ...extra, options: { ...FAST, ...options } } as never,
		credentials: credentialsFor(mocks(), platform, credentials),
		items,
		nodeId,
		continueOnFail,
	});
}

const posts = (platform: VendorKey) => mocks()[platform].requests.filter((request) => request.method === 'POST');
const reads = (platform: VendorKey) => mocks()[platform].requests.filter((request) => request.method === 'GET');

describe('read-back after a failure that leaves the outcome open', () => {
	const READ_BACK_PLATFORMS = ['ninetyNineDigital', 'intercom', 'userEngage'] as const;

	test.each(READ_BACK_PLATFORMS)('%s: created, then 502 → found by read-back: one message, the item succeeds', async (platform) => {
		mocks()[platform].failNext({ status: 502, body: 'Bad Gateway', afterCreate: true });
		const result = await send(platform);
		expect(result.error).toBeUndefined();
		expect(mocks()[platform].messages).toHaveLength(1);
		expect(posts(platform)).toHaveLength(1);
		expect(reads(platform)).toHaveLength(1);
		expect(result.output?.[0].json.confirmedByReadBack).toBe(true);
	});

	test.each(READ_BACK_PLATFORMS)('%s: 503 before storing → not found → sent again: exactly one message', async (platform) => {
		mocks()[platform].failNext({ status: 503, match: (request) => request.method === 'POST' });
		const result = await send(platform);
		expect(result.error).toBeUndefined();
		expect(posts(platform).map((request) => request.status)).toEqual([503, expect.any(Number)]);
		expect(reads(platform)).toHaveLength(1);
		expect(mocks()[platform].messages).toHaveLength(1);
		expect(result.output?.[0].json.confirmedByReadBack).toBeUndefined();
	});

	test.each(READ_BACK_PLATFORMS)('%s: dropped connection after storing → found by read-back', async (platform) => {
		mocks()[platform].failNext({ dropConnection: true, afterCreate: true });
		const result = await send(platform);
		expect(result.error).toBeUndefined();
		expect(mocks()[platform].messages).toHaveLength(1);
		expect(result.output?.[0].json.confirmedByReadBack).toBe(true);
	});

	test('99digital: the item carries the vendor\'s message as read back, the same id as created', async () => {
		mocks().ninetyNineDigital.failNext({ status: 500, afterCreate: true });
		const result = await send('ninetyNineDigital');
		const [created] = mocks().ninetyNineDigital.messages;
		expect(result.output?.[0].json).toMatchObject({ id: created.id, content: 'Your order shipped', message_type: 1, confirmedByReadBack: true });
	});

	test('Intercom: a reply confirmed by read-back has the shape of a reply answered at once (the conversation)', async () => {
		const answered = (await send('intercom')).output?.[0].json as IDataObject;
		mocks().intercom.failNext({ status: 502, body: 'Bad Gateway', afterCreate: true });
		const confirmed = (await send('intercom')).output?.[0].json as IDataObject;
		expect(confirmed.confirmedByReadBack).toBe(true);
		expect(confirmed).toMatchObject({ type: 'conversation', id: answered.id });
		expect(Object.keys(confirmed).sort()).toEqual([...Object.keys(answered), 'confirmedByReadBack'].sort());
		const parts = (confirmed.conversation_parts as IDataObject).conversation_parts as IDataObject[];
		expect(parts[parts.length - 1]).toMatchObject({ part_type: 'comment', body: 'Your order shipped' });
	});

	test('a timeout after the vendor stored the message → found by read-back (Intercom)', async () => {
		mocks().intercom.failNext({ delayMs: 1500, match: (request) => request.method === 'POST' });
		const result = await send('intercom', { options: { timeout: 300 } });
		expect(result.error).toBeUndefined();
		expect(mocks().intercom.messages).toHaveLength(1);
		expect(result.output?.[0].json.confirmedByReadBack).toBe(true);
	});

	test('not stored and no retries left → fails saying the message was NOT sent, with the vendor\'s status', async () => {
		mocks().userEngage.failNext({ status: 503, body: { detail: 'Service temporarily unavailable.' }, match: (request) => request.method === 'POST' });
		const result = await send('userEngage', { options: { maxRetries: 0 } });
		expect(result.error?.message).toBe('User.com answered 503: Service temporarily unavailable. (item 0)');
		expect(result.error?.httpCode).toBe('503');
		expect(result.error?.description).toMatch(/^The message was not sent: reading the conversation back showed it was not created/);
		expect(mocks().userEngage.messages).toHaveLength(0);
	});

	test.each([...READ_BACK_PLATFORMS, 'reamaze'] as const)('%s: the read-back fails too (5xx on every read) → "may exist", not sent again', async (platform) => {
		mocks()[platform].failNext({ status: 502, afterCreate: true, match: (request) => request.method === 'POST' });
		mocks()[platform].failNext({ status: 503, times: 10, match: (request) => request.method === 'POST' || request.method === 'GET' });
		const result = await send(platform, { options: { maxRetries: 1, maxRetryWaitSeconds: 5 } });
		expect(result.error?.description).toMatch(/may or may not have been created, and reading the conversation back failed too \(.*answered 503/);
		expect(mocks()[platform].messages).toHaveLength(1);
	});

	test('the read-back itself fails → the error still says the message may exist (a bot token cannot list messages)', async () => {
		mocks().ninetyNineDigital.failNext({ status: 500, afterCreate: true });
		const result = await send('ninetyNineDigital', { credentials: { accessToken: CREDENTIALS.ninetyNineDigital.botAccessToken } });
		expect(result.error?.message).toBe('99digital (Chatwoot) answered 500: Internal Server Error (item 0)');
		expect(result.error?.description).toMatch(/may or may not have been created, and reading the conversation back failed too \(99digital \(Chatwoot\) answered 401: .*\), so it was not sent again/);
		expect(result.error?.description).not.toContain(CREDENTIALS.ninetyNineDigital.botAccessToken);
		expect(mocks().ninetyNineDigital.messages).toHaveLength(1);
	});

	test('Re:amaze: 502 on every attempt after storing → found by its origin_id; never stored → "not sent"', async () => {
		// Stored, then 502; the retry repeats the origin_id (Re:amaze creates nothing new) and gets 503s.
		mocks().reamaze.failNext({ status: 502, body: 'Bad Gateway', afterCreate: true });
		mocks().reamaze.failNext({ status: 503, times: 10, match: (request) => request.method === 'POST' });
		const found = await send('reamaze', { options: { maxRetries: 1, maxRetryWaitSeconds: 5 } });
		expect(found.error).toBeUndefined();
		expect(found.output?.[0].json).toMatchObject({ body: 'Your order shipped', confirmedByReadBack: true });
		expect(mocks().reamaze.messages).toHaveLength(1);

		mocks().reset();
		mocks().reamaze.failNext({ status: 503, times: 10, match: (request) => request.method === 'POST' });
		const lost = await send('reamaze', { options: { maxRetries: 1, maxRetryWaitSeconds: 5 } });
		expect(lost.error?.description).toMatch(/^The message was not sent/);
		expect(mocks().reamaze.messages).toHaveLength(0);
	});

	test('two identical texts into one conversation: the read-back never takes the first item\'s message for the second\'s', async () => {
		let posted = 0;
		mocks().ninetyNineDigital.failNext({ status: 503, match: (request) => request.method === 'POST' && ++posted === 2 });
		const result = await send('ninetyNineDigital', { items: [{ json: {} }, { json: {} }] });
		expect(result.error).toBeUndefined();
		expect(mocks().ninetyNineDigital.messages).toHaveLength(2);
		expect(result.output?.map((item) => item.json.id)).toEqual(mocks().ninetyNineDigital.messages.map((message) => message.id));
	});

	test('EngageLab LiveDesk cannot be read back: a 5xx stays "may exist" and nothing is read', async () => {
		mocks().engageLab.failNext({ status: 500, afterCreate: true });
		const result = await send('engageLab');
		expect(result.error?.description).toMatch(/cannot be read back/);
		expect(reads('engageLab')).toHaveLength(0);
	});

	describe('the residual race: a vendor that stores the message after the read', () => {
		test('stored before the read (100 ms after a 502, read-back after 400 ms): one message', async () => {
			mocks().ninetyNineDigital.failNext({ status: 502, storeAfterMs: 100 });
			const result = await send('ninetyNineDigital', { options: { readBackDelay: 400 } });
			expect(result.output?.[0].json.confirmedByReadBack).toBe(true);
			expect(mocks().ninetyNineDigital.messages).toHaveLength(1);
		});

		test('stored after the read (1.5 s after a 502, read-back after 100 ms): sent again, two messages', async () => {
			mocks().ninetyNineDigital.failNext({ status: 502, storeAfterMs: 1500 });
			const result = await send('ninetyNineDigital', { options: { readBackDelay: 100 } });
			expect(result.error).toBeUndefined();
			await new Promise((resolve) => setTimeout(resolve, 1600));
			expect(mocks().ninetyNineDigital.messages).toHaveLength(2);
		});
	});
});

describe('Deduplication Key', () => {
	const keyed = (key = '={{ $json.orderId }}-shipped', more: Record<string, unknown> = {}) => ({ deduplicationKey: key, ...more });
	const orders = (...ids: Array<string | number>) => ids.map((orderId) => ({ json: { orderId } }));

	test('a key sent before is not sent again: the item says so, paired, in order', async () => {
		await send('ninetyNineDigital', { options: keyed(), items: orders(1, 2) });
		expect(mocks().ninetyNineDigital.messages).toHaveLength(2);

		const again = await send('ninetyNineDigital', { options: keyed(), items: orders(1, 3, 2) });
		expect(again.error).toBeUndefined();
		expect(mocks().ninetyNineDigital.messages).toHaveLength(3);
		expect(again.output?.map((item) => item.json.skipped ?? false)).toEqual([true, false, true]);
		expect(again.output?.[0].json).toEqual({
			skipped: true,
			deduplicationKey: '1-shipped',
			reason: 'Not sent: a message with this Deduplication Key was sent before',
		});
		expect(again.output?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('a key repeated within one run goes out once', async () => {
		const result = await send('intercom', { options: keyed(), items: orders(7, 7) });
		expect(mocks().intercom.messages).toHaveLength(1);
		expect(result.output?.[1].json).toMatchObject({ skipped: true, reason: 'Not sent: item 0 of this run has the same Deduplication Key' });
	});

	test('a message the vendor refused (4xx) gives its key back: the corrected re-run sends it', async () => {
		const refused = await send('ninetyNineDigital', { options: keyed(), items: orders(1), extra: { conversationId: '999999' } });
		expect(refused.error?.message).toMatch(/answered 404/);
		const corrected = await send('ninetyNineDigital', { options: keyed(), items: orders(1) });
		expect(corrected.error).toBeUndefined();
		expect(mocks().ninetyNineDigital.messages).toHaveLength(1);
	});

	test('Retry of a run that failed at item 12: 0–11 skipped, 12 on sent, every message exactly once', async () => {
		const items = orders(...Array.from({ length: 20 }, (_, n) => n));
		const options = keyed(undefined, { concurrency: 1, maxRetries: 0 });
		const parameters = { content: '=Order {{ $json.orderId }} shipped' };
		mocks().userEngage.failNext({ status: 500, match: (request) => request.method === 'POST' && String((request.json as { content?: string })?.content) === 'Order 12 shipped' });
		const first = await send('userEngage', { options, items, extra: parameters });
		expect(first.error?.message).toMatch(/answered 500: .*\(item 12\)$/);
		expect(first.error?.description).toMatch(/^The message was not sent/);
		expect(mocks().userEngage.messages).toHaveLength(12);

		const retry = await send('userEngage', { options, items, extra: parameters });
		expect(retry.error).toBeUndefined();
		expect(retry.output?.map((item) => item.json.skipped === true)).toEqual(items.map((_, n) => n < 12));
		const contents = mocks().userEngage.messages.map((message) => message.content);
		expect(contents).toEqual(items.map((_, n) => `Order ${n} shipped`));
	});

	test('an outcome nobody can settle (LiveDesk 500 after storing) keeps the key: a re-run does not post it twice', async () => {
		mocks().engageLab.failNext({ status: 500, afterCreate: true });
		const first = await send('engageLab', { options: keyed(), items: orders(5) });
		expect(first.error?.description).toMatch(/may have been created/);
		const again = await send('engageLab', { options: keyed(), items: orders(5) });
		expect(again.output?.[0].json.skipped).toBe(true);
		expect(mocks().engageLab.messages).toHaveLength(1);
	});

	test('scope: per node by default; "This Workflow" shares the keys between nodes', async () => {
		await send('reamaze', { options: keyed(), items: orders(1), nodeId: 'node-a' });
		await send('reamaze', { options: keyed(), items: orders(1), nodeId: 'node-b', extra: { additionalFields: { originId: 'other-node' } } });
		expect(mocks().reamaze.messages).toHaveLength(2);

		const workflowScope = keyed(undefined, { deduplicationScope: 'workflow' });
		await send('reamaze', { options: workflowScope, items: orders(2), nodeId: 'node-a' });
		const other = await send('reamaze', { options: workflowScope, items: orders(2), nodeId: 'node-b' });
		expect(other.output?.[0].json.skipped).toBe(true);
		expect(mocks().reamaze.messages).toHaveLength(3);
	});

	test('Re:amaze: the key is also its origin_id (unless Origin ID is set)', async () => {
		await send('reamaze', { options: keyed(), items: orders(42) });
		expect(mocks().reamaze.messages[0].originId).toBe('42-shipped');
	});

	test('two runs with the same key at the same moment in one n8n process: one message', async () => {
		const [a, b] = await Promise.all([
			send('ninetyNineDigital', { options: keyed(), items: orders(9) }),
			send('ninetyNineDigital', { options: keyed(), items: orders(9) }),
		]);
		expect(mocks().ninetyNineDigital.messages).toHaveLength(1);
		expect([a, b].map((run) => run.output?.[0].json.skipped === true).sort()).toEqual([false, true]);
	});

	describe('another n8n process (a queue-mode worker) rewrites the store record in the same moment', () => {
		test('it claimed the same key: this run\'s mark is gone, the key is there → not sent here', async () => {
			deduplicationStore.writeStaleAfterNextCall(['conversation-message:9-shipped', 'conversation-message-claim:the-other-worker:9-shipped']);
			const result = await send('ninetyNineDigital', { options: keyed(), items: orders(9) });
			expect(result.error).toBeUndefined();
			expect(result.output?.[0].json.skipped).toBe(true);
			expect(mocks().ninetyNineDigital.messages).toHaveLength(0);
		});

		test('it recorded another key and dropped this one: claimed again, sent once, both keys kept', async () => {
			deduplicationStore.writeStaleAfterNextCall(['conversation-message:other-order']);
			const result = await send('ninetyNineDigital', { options: keyed(), items: orders(9) });
			expect(result.output?.[0].json.skipped).toBeUndefined();
			expect(mocks().ninetyNineDigital.messages).toHaveLength(1);
			// The other key, this one, and the marks of this run's two claims (the first was looked for, so written again).
			expect(deduplicationStore.size('test-workflow', 'send-node')).toBe(4);
			const again = await send('ninetyNineDigital', { options: keyed(), items: orders(9) });
			expect(again.output?.[0].json.skipped).toBe(true);
		});
	});

	test('concurrent runs with different keys lose none of them (the store is called in turn)', async () => {
		await Promise.all(Array.from({ length: 8 }, (_, n) => send('ninetyNineDigital', { options: keyed(), items: orders(n) })));
		// Eight keys, and each claim's mark.
		expect(deduplicationStore.size('test-workflow', 'send-node')).toBe(16);
		await Promise.all(Array.from({ length: 8 }, (_, n) => send('ninetyNineDigital', { options: keyed(), items: orders(n) })));
		expect(mocks().ninetyNineDigital.messages).toHaveLength(8);
	});

	test('beyond Deduplication Keys Kept (and room for claims in progress) the oldest keys are forgotten, and would be sent again', async () => {
		const options = keyed(undefined, { deduplicationKeysKept: 1, concurrency: 50 });
		const many = orders(...Array.from({ length: 110 }, (_, n) => n));
		await send('userEngage', { options, items: many });
		// One key kept and room for 100 marks: the newest 100 keys and the claim's mark.
		expect(deduplicationStore.size('test-workflow', 'send-node')).toBe(101);
		const again = await send('userEngage', { options, items: orders(109, 0) });
		expect(again.output?.map((item) => item.json.skipped === true)).toEqual([true, false]);
	});

	test('an empty key is an error naming the parameter and the item; with Continue On Fail the others go out', async () => {
		const items = [{ json: { orderId: 1 } }, { json: {} }, { json: { orderId: 3 } }];
		const stopped = await send('ninetyNineDigital', { options: keyed('={{ $json.orderId ?? "" }}'), items });
		expect(stopped.error?.message).toBe('Deduplication Key is empty (item 1)');
		expect(mocks().ninetyNineDigital.messages).toHaveLength(0);

		const continued = await send('ninetyNineDigital', { options: keyed('={{ $json.orderId ?? "" }}'), items, continueOnFail: true });
		expect(continued.output?.map((item) => item.json.error ?? 'sent')).toEqual(['sent', 'Deduplication Key is empty (item 1)', 'sent']);
		expect(mocks().ninetyNineDigital.messages).toHaveLength(2);
	});

	test('n8n\'s store fails once (two workers writing its first record at once) → the call is tried again, the message goes out', async () => {
		deduplicationStore.failAfter(0, 1, new Error('duplicate key value violates unique constraint "PK_ca04b9d8dc72de268fe07a65773"'));
		const result = await send('intercom', { options: keyed(), items: orders(1) });
		expect(result.error).toBeUndefined();
		expect(mocks().intercom.messages).toHaveLength(1);
	});

	test('n8n\'s store unreachable → a clear error and nothing sent', async () => {
		deduplicationStore.failWith(new Error('SQLITE_BUSY: database is locked'));
		const result = await send('intercom', { options: keyed(), items: orders(1) });
		expect(result.error?.message).toBe("Could not check the Deduplication Keys in n8n's deduplication store: SQLITE_BUSY: database is locked");
		expect(mocks().intercom.messages).toHaveLength(0);
	});

	test('the store fails after the key was recorded (looking for the mark): nothing sent, the key given back, a re-run sends', async () => {
		// The node tries a store call three times before giving up.
		deduplicationStore.failAfter(1, 3, new Error('Connection terminated unexpectedly'));
		const stopped = await send('ninetyNineDigital', { options: keyed(), items: orders(4) });
		expect(stopped.error?.message).toBe("Could not check the Deduplication Keys in n8n's deduplication store: Connection terminated unexpectedly");
		expect(mocks().ninetyNineDigital.messages).toHaveLength(0);
		const rerun = await send('ninetyNineDigital', { options: keyed(), items: orders(4) });
		expect(rerun.output?.[0].json.skipped).toBeUndefined();
		expect(mocks().ninetyNineDigital.messages).toHaveLength(1);
	});

	test('without a key nothing is recorded, and a re-run sends again as before', async () => {
		await send('ninetyNineDigital');
		await send('ninetyNineDigital');
		expect(mocks().ninetyNineDigital.messages).toHaveLength(2);
		expect(deduplicationStore.size('test-workflow', 'send-node')).toBe(0);
	});
});
