/**
 * Rate limits, server errors, timeouts, dropped connections and redirects: nothing is lost,
 * nothing is sent twice unless the user opted in, and waits follow the vendor's own hints.
 */
import { createServer } from 'net';

import type { INodeExecutionData } from 'n8n-workflow';

import { runNode } from './helpers/engine';
import { credentialsFor, useMockVendors } from './helpers/vendors';
import type { CaptureServer, VendorKey } from '../mocks';
import { startCaptureServer } from '../mocks';

const mocks = useMockVendors();

const MESSAGE: Record<VendorKey, Record<string, unknown>> = {
	userEngage: { platform: 'userEngage', conversationId: '5', content: 'Hi', agentId: '926' },
	engageLab: { platform: 'engageLab', conversationId: '5', content: 'Hi' },
	ninetyNineDigital: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '5', content: 'Hi' },
	intercom: { platform: 'intercom', intercomOperation: 'reply', conversationId: '524', replyAs: 'admin', adminId: '991267459', replyType: 'comment', content: 'Hi' },
	reamaze: { platform: 'reamaze', conversationId: 'refund-request', content: 'Hi' },
	zendesk: { platform: 'zendesk', conversationId: '102', content: 'Hi' },
};

async function send(platform: VendorKey, options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
	return await runNode({
		parameters: { ...MESSAGE[platform], ...extra, options } as never,
		credentials: credentialsFor(mocks(), platform),
	});
}

describe('429: waits as the vendor asks, then sends once', () => {
	test.each([
		['userEngage', 'Retry-After and the throttle text', { retryAfterSeconds: 1 }],
		['intercom', 'X-RateLimit-Reset', { resetInSeconds: 1 }],
		['reamaze', 'Retry-After', { retryAfterSeconds: 1 }],
		['ninetyNineDigital', 'no hint (rack-attack): backoff', {}],
		['engageLab', 'no hint: backoff', {}],
	] as const)('%s (%s)', async (platform, _hint, limit) => {
		mocks()[platform].rateLimitNext(1, limit);
		const result = await send(platform);
		expect(result.error).toBeUndefined();
		expect(mocks()[platform].requests.map((request) => request.status)).toEqual([429, expect.any(Number)]);
		expect(mocks()[platform].messages).toHaveLength(1);
	});

	test('gives up after Max Retries with the vendor\'s message and status', async () => {
		mocks().intercom.rateLimitNext(5, { resetInSeconds: 0 });
		const result = await send('intercom', { maxRetries: 2 });
		expect(result.error?.message).toBe(
			'Intercom answered 429: Exceeded rate limit of 167 in 10_seconds; gave up after 3 attempts and 0 s of waiting (item 0)',
		);
		expect(result.error?.httpCode).toBe('429');
		expect(result.error?.description).toMatch(/Max Retries/);
		expect(mocks().intercom.requests).toHaveLength(3);
		expect(mocks().intercom.messages).toHaveLength(0);
	});

	test('does not wait longer than Max Retry Wait: a 2-minute Retry-After fails at once', async () => {
		mocks().reamaze.rateLimitNext(1, { retryAfterSeconds: 120 });
		const result = await send('reamaze', { maxRetryWaitSeconds: 60 });
		expect(result.error?.message).toMatch(/^Re:amaze answered 429: .*gave up after 1 attempt and 0 s of waiting \(item 0\)$/);
		expect(mocks().reamaze.requests).toHaveLength(1);
	});

	test('one 429 holds back the whole parallel batch, not just its own item', async () => {
		mocks().ninetyNineDigital.rateLimitNext(1);
		const result = await runNode({
			parameters: { ...MESSAGE.ninetyNineDigital, conversationId: '={{ $json.c }}', content: '=Message {{ $json.c }}', options: { concurrency: 5 } } as never,
			items: Array.from({ length: 10 }, (_, index) => ({ json: { c: 10 + index } })),
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		expect(result.error).toBeUndefined();
		const { requests, messages } = mocks().ninetyNineDigital;
		expect(messages).toHaveLength(10);
		const limited = requests.find((request) => request.status === 429)!;
		const limitedAt = Date.parse(limited.time);
		// Requests already in flight when the 429 came may land; none may start during the pause.
		const startedDuringPause = requests.filter(
			(request) => request.seq > limited.seq + 4 && Date.parse(request.time) < limitedAt + 800,
		);
		expect(startedDuringPause).toEqual([]);
	});
});

describe('5xx and lost connections: never a blind retry', () => {
	test('a 500 after the message was created, where nothing can read it back (LiveDesk): not retried, the error says it may exist', async () => {
		mocks().engageLab.failNext({ status: 500, afterCreate: true });
		const result = await send('engageLab');
		expect(result.error?.message).toMatch(/^EngageLab LiveDesk answered 500: .* \(item 0\)$/);
		expect(result.error?.description).toMatch(/may have been created; it was not sent again because this conversation cannot be read back/);
		expect(mocks().engageLab.requests).toHaveLength(1);
		expect(mocks().engageLab.messages).toHaveLength(1);
	});

	test('a dropped connection after the message was created is not retried', async () => {
		mocks().engageLab.failNext({ dropConnection: true, afterCreate: true });
		const result = await send('engageLab');
		expect(result.error?.message).toMatch(/^Could not reach EngageLab LiveDesk at 127\.0\.0\.1:\d+: the connection was closed before an answer came \(item 0\)$/);
		expect(result.error?.description).toMatch(/may or may not have been created/);
		expect(mocks().engageLab.requests).toHaveLength(1);
		expect(mocks().engageLab.messages).toHaveLength(1);
	});

	test('"Retry on Server Errors" opts in to retrying a 5xx where nothing can read the message back', async () => {
		mocks().engageLab.failNext({ status: 503 });
		const result = await send('engageLab', { retryOnServerErrors: true });
		expect(result.error).toBeUndefined();
		expect(mocks().engageLab.requests.map((request) => request.status)).toEqual([503, 200]);
		expect(mocks().engageLab.messages).toHaveLength(1);
	});

	test('Re:amaze after a 5xx reads the conversation for the origin_id before anything is sent again', async () => {
		mocks().reamaze.failNext({ status: 502, body: 'Bad Gateway', afterCreate: true });
		const result = await send('reamaze');
		expect(result.error).toBeUndefined();
		expect(mocks().reamaze.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
		expect(mocks().reamaze.messages).toHaveLength(1);
		expect(result.output?.[0].json).toMatchObject({ body: 'Hi', confirmedByReadBack: true });
	});

	test('Re:amaze after a 5xx that stored nothing sends again, with the same origin_id', async () => {
		mocks().reamaze.failNext({ status: 503, match: (request) => request.method === 'POST' });
		const result = await send('reamaze');
		expect(result.error).toBeUndefined();
		const posts = mocks().reamaze.requests.filter((request) => request.method === 'POST');
		const originIds = posts.map((request) => (request.json as { message: { origin_id: string } }).message.origin_id);
		expect(originIds).toHaveLength(2);
		expect(originIds[1]).toBe(originIds[0]);
		expect(mocks().reamaze.messages).toHaveLength(1);
	});

	test('a vendor slower than the timeout gives a clear timeout error and no retry', async () => {
		mocks().engageLab.failNext({ delayMs: 1500 });
		const result = await send('engageLab', { timeout: 300 });
		expect(result.error?.message).toBe('EngageLab LiveDesk did not answer within 300 ms (item 0)');
		expect(result.error?.description).toMatch(/may or may not have been created/);
		expect(mocks().engageLab.requests).toHaveLength(1);
	});

	test('a refused connection (nothing sent) is retried, then reported', async () => {
		const port = await closedPort();
		const result = await runNode({
			parameters: { ...MESSAGE.ninetyNineDigital, options: { maxRetries: 1 } } as never,
			credentials: credentialsFor(mocks(), 'ninetyNineDigital', { baseUrl: `http://127.0.0.1:${port}` }),
		});
		expect(result.error?.message).toBe(`Could not reach 99digital (Chatwoot) at 127.0.0.1:${port}: the connection was refused (item 0)`);
		expect(result.error?.description).toMatch(/^Nothing was sent\. Tried 2 times \(ECONNREFUSED\)\./);
	});
});

describe('a redirect to another host never receives the credential', () => {
	let capture: CaptureServer;
	beforeAll(async () => (capture = await startCaptureServer()));
	afterAll(async () => await capture.close());
	beforeEach(() => capture.reset());

	test.each(['userEngage', 'engageLab', 'ninetyNineDigital', 'intercom', 'reamaze'] as const)('%s', async (platform) => {
		mocks()[platform].redirectNext(`${capture.baseUrl}/collect`);
		const result = await send(platform);
		expect(result.error?.message).toMatch(/answered 307 \(a redirect to http:\/\/127\.0\.0\.1:\d+\), which is not followed so the credential is never sent elsewhere \(item 0\)$/);
		expect(capture.requests).toHaveLength(0);
		expect(mocks()[platform].messages).toHaveLength(0);
	});
});

describe('a 100-item batch with every kind of failure, under Continue On Fail', () => {
	test('one output per input, in order, paired; every good message created exactly once', async () => {
		const items = Array.from({ length: 100 }, (_, n) => {
			if (n % 17 === 3) return { json: { n, conversation: 'not-a-number' } }; // validation
			if (n % 19 === 7) return { json: { n, conversation: 5000 + n } }; // 404
			if (n % 23 === 11) return { json: { n, conversation: 1 + (n % 40), fail: true } }; // 500, found by read-back
			return { json: { n, conversation: 1 + (n % 40) } };
		});
		const { ninetyNineDigital } = mocks();
		ninetyNineDigital.rateLimitNext(3);
		ninetyNineDigital.failNext({
			status: 500,
			body: { error: 'Something went wrong' },
			afterCreate: true,
			times: 10,
			match: (request) => String((request.json as { content?: string })?.content).endsWith('[fail]'),
		});
		const result = await runNode({
			parameters: {
				...MESSAGE.ninetyNineDigital,
				conversationId: '={{ $json.conversation }}',
				content: '=Message {{ $json.n }}{{ $json.fail ? " [fail]" : "" }}',
				options: { concurrency: 8 },
			} as never,
			items,
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const output = result.output!;
		expect(output).toHaveLength(100);
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));

		const expected = items.map(({ json }) => {
			if (json.conversation === 'not-a-number') return `error:Conversation ID must be a positive whole number, got "not-a-number" (item ${json.n})`;
			if (typeof json.conversation === 'number' && json.conversation >= 5000) return `error:99digital (Chatwoot) answered 404: Resource could not be found (item ${json.n})`;
			if ('fail' in json) return `confirmed:Message ${json.n} [fail]`;
			return `sent:Message ${json.n}`;
		});
		const outcome = (item: INodeExecutionData) => {
			if (item.json.error) return `error:${item.json.error}`;
			return `${item.json.confirmedByReadBack ? 'confirmed' : 'sent'}:${item.json.content}`;
		};
		expect(output.map(outcome)).toEqual(expected);
		expect(expected.filter((entry) => entry.startsWith('error:')).length).toBeGreaterThanOrEqual(10);

		const created = ninetyNineDigital.messages.map((message) => message.content as string);
		const good = expected.filter((entry) => !entry.startsWith('error:')).map((entry) => entry.slice(entry.indexOf(':') + 1));
		expect([...created].sort()).toEqual([...good].sort());
		expect(new Set(created).size).toBe(created.length);
		// Within each conversation, messages arrived in item order.
		for (let conversation = 1; conversation <= 40; conversation++) {
			const numbers = ninetyNineDigital.messages
				.filter((message) => String(message.conversationId) === String(conversation))
				.map((message) => Number(String(message.content).split(' ')[1]));
			expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
		}
		expect(ninetyNineDigital.requests.filter((request) => request.status === 429)).toHaveLength(3);
	});
});

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
