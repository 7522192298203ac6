/**
 * n8n's Retry of a failed execution, without a Deduplication Key: the messages the failed run
 * delivered do not go out again. Each case runs a failing execution, then n8n's Retry of it (the
 * failed execution's data as stored, run in mode `retry`) through the real engine.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { RunOptions, RunResult } from './helpers/engine';
import { deduplicationStore, retryNode, runNode } from './helpers/engine';
import { credentialsFor, useMockVendors } from './helpers/vendors';
import type { RecordedRequest, VendorKey } from '../mocks';

const mocks = useMockVendors();
beforeEach(() => deduplicationStore.reset());

const orders = (count: number): INodeExecutionData[] =>
	Array.from({ length: count }, (_, n) => ({ json: { orderId: n, conversation: 1 + (n % 4) } }));
const contentOf = (orderId: number) => `Order ${orderId} shipped`;

const TARGET: Record<'ninetyNineDigital' | 'engageLab', Record<string, unknown>> = {
	ninetyNineDigital: { platform: 'ninetyNineDigital', accountId: '7' },
	engageLab: { platform: 'engageLab' },
};

function optionsFor(platform: keyof typeof TARGET, more: Partial<RunOptions> & { options?: Record<string, unknown> } = {}): RunOptions {
	const { options, ...rest } = more;
	return {
		parameters: {
			...TARGET[platform],
			conversationId: '={{ $json.conversation }}',
			content: '=Order {{ $json.orderId }} shipped',
			options: { maxRetries: 0, readBackDelay: 0, ...options },
		} as never,
		credentials: credentialsFor(mocks(), platform),
		items: orders(20),
		...rest,
	};
}

/** A vendor that answers `status` (storing nothing) to the messages of these orders until it recovers. */
function failing(platform: VendorKey, orderIds: number[], status = 500): { recover(): void } {
	let down = true;
	const isOneOf = (request: RecordedRequest) =>
		down && request.method === 'POST' && orderIds.some((orderId) => (request.json as { content?: string })?.content === contentOf(orderId));
	mocks()[platform].failNext({ status, times: 1000, match: isOneOf });
	return { recover: () => (down = false) };
}

/** How often the vendor holds each order's message. */
function copiesOf(platform: VendorKey, count: number): number[] {
	const contents = mocks()[platform].messages.map((message) => String(message.content));
	return Array.from({ length: count }, (_, n) => contents.filter((content) => content === contentOf(n)).length);
}

const skippedOrders = (result: RunResult) =>
	(result.output ?? []).flatMap((item, n) => (item.json.skipped === true ? [n] : []));

describe('Retry without a Deduplication Key', () => {
	test('20 items, a persistent 500 at item 12: the Retry after the vendor recovers sends the rest, every message exactly once', async () => {
		const vendor = failing('ninetyNineDigital', [12]);
		const options = optionsFor('ninetyNineDigital');
		const failed = await runNode(options);
		expect(failed.error?.message).toMatch(/answered 500: .*\(item 12\)$/);
		expect(failed.error?.description).toMatch(/^The message was not sent/);
		const sentBefore = copiesOf('ninetyNineDigital', 20).flatMap((copies, n) => (copies ? [n] : []));
		expect(sentBefore).toEqual(expect.arrayContaining(Array.from({ length: 12 }, (_, n) => n)));
		expect(sentBefore).not.toContain(12);

		vendor.recover();
		const retry = await retryNode(options, failed);
		expect(retry.run.mode).toBe('retry');
		expect(retry.error).toBeUndefined();
		expect(copiesOf('ninetyNineDigital', 20)).toEqual(Array(20).fill(1));
		expect(skippedOrders(retry)).toEqual(sentBefore);
		expect(retry.output?.[0]).toEqual({
			json: { skipped: true, reason: 'Not sent: the failed run this one retries sent it already' },
			pairedItem: { item: 0 },
		});
		expect(retry.output?.[12].json).toMatchObject({ content: contentOf(12) });
		expect(retry.output?.map((item) => item.pairedItem)).toEqual(Array.from({ length: 20 }, (_, n) => ({ item: n })));
		// Nothing of this went to n8n's deduplication store.
		expect(deduplicationStore.size('test-workflow', 'send-node')).toBe(0);
	});

	test('a Retry of a Retry: each skips what every run before it delivered', async () => {
		const first = failing('ninetyNineDigital', [5]);
		const options = optionsFor('ninetyNineDigital', { options: { concurrency: 1 } });
		const failed = await runNode(options);
		expect(failed.error?.message).toMatch(/\(item 5\)$/);

		first.recover();
		const second = failing('ninetyNineDigital', [12]);
		const failedAgain = await retryNode(options, failed);
		expect(failedAgain.error?.message).toMatch(/\(item 12\)$/);

		second.recover();
		const retry = await retryNode(options, failedAgain);
		expect(retry.error).toBeUndefined();
		expect(skippedOrders(retry)).toEqual(Array.from({ length: 12 }, (_, n) => n));
		expect(copiesOf('ninetyNineDigital', 20)).toEqual(Array(20).fill(1));
	});

	test('a message whose answer was lost in the failed run (it may exist) is not sent again, and its item says so', async () => {
		// LiveDesk cannot be read back: a 500 after storing leaves item 2 "may exist", and stops the run.
		let posted = 0;
		mocks().engageLab.failNext({ status: 500, afterCreate: true, match: (request) => request.method === 'POST' && ++posted === 3 });
		const options = optionsFor('engageLab', { items: orders(5), options: { concurrency: 1 } });
		const failed = await runNode(options);
		expect(failed.error?.message).toMatch(/answered 500: .*\(item 2\)$/);
		expect(failed.error?.description).toMatch(/may have been created/);

		const retry = await retryNode(options, failed);
		expect(retry.error).toBeUndefined();
		expect(retry.output?.[2].json).toEqual({
			skipped: true,
			reason: "Not sent: the failed run this one retries may have sent it (the vendor's answer was lost); check the conversation",
		});
		expect(skippedOrders(retry)).toEqual([0, 1, 2]);
		expect(copiesOf('engageLab', 5)).toEqual([1, 1, 1, 1, 1]);
	});

	test('items the vendor refused in the failed run, or that it did not reach, go out in the Retry', async () => {
		const vendor = failing('ninetyNineDigital', [1], 422);
		const options = optionsFor('ninetyNineDigital', { items: orders(4), options: { concurrency: 1 } });
		const failed = await runNode(options);
		expect(failed.error?.message).toMatch(/answered 422: .*\(item 1\)$/);
		expect(copiesOf('ninetyNineDigital', 4)).toEqual([1, 0, 0, 0]);

		vendor.recover();
		const retry = await retryNode(options, failed);
		expect(retry.error).toBeUndefined();
		expect(skippedOrders(retry)).toEqual([0]);
		expect(copiesOf('ninetyNineDigital', 4)).toEqual([1, 1, 1, 1]);
	});

	test('n8n feeds the Retry other content at a position (its input ran again): that is another message, and is sent', async () => {
		const vendor = failing('ninetyNineDigital', [2]);
		const options = optionsFor('ninetyNineDigital', { items: orders(4), options: { concurrency: 1 } });
		const failed = await runNode(options);
		const stack = failed.run.data.executionData?.nodeExecutionStack ?? [];
		expect(stack.map((entry) => entry.node.name)).toEqual(['Send']);
		(stack[0].data.main[0] as INodeExecutionData[])[0].json.orderId = 100;

		vendor.recover();
		const retry = await retryNode(options, failed);
		expect(skippedOrders(retry)).toEqual([1]);
		expect(mocks().ninetyNineDigital.messages.map((message) => message.content)).toEqual([0, 1, 100, 2, 3].map(contentOf));
	});

	test('a deliberate repeat is not a Retry: the same items run again as a new execution go out again', async () => {
		const vendor = failing('ninetyNineDigital', [3]);
		const options = optionsFor('ninetyNineDigital', { items: orders(5), options: { concurrency: 1 } });
		await runNode(options);
		expect(copiesOf('ninetyNineDigital', 5)).toEqual([1, 1, 1, 0, 0]);
		vendor.recover();
		const rerun = await runNode(options);
		expect(rerun.error).toBeUndefined();
		expect(skippedOrders(rerun)).toEqual([]);
		expect(copiesOf('ninetyNineDigital', 5)).toEqual([2, 2, 2, 1, 1]);
	});

	test("only a Retry skips: the failed execution's data continued in another mode sends everything again", async () => {
		const vendor = failing('ninetyNineDigital', [3]);
		const options = optionsFor('ninetyNineDigital', { items: orders(5), options: { concurrency: 1 } });
		const failed = await runNode(options);
		vendor.recover();
		const continued = await retryNode(options, failed, 'manual');
		expect(skippedOrders(continued)).toEqual([]);
		expect(copiesOf('ninetyNineDigital', 5)).toEqual([2, 2, 2, 1, 1]);
	});

	test('the node setting Retry On Fail: the next try within the execution skips what the failed try sent', async () => {
		mocks().ninetyNineDigital.failNext({ status: 500, times: 1, match: (request) => request.method === 'POST' && (request.json as { content?: string })?.content === contentOf(3) });
		const result = await runNode(optionsFor('ninetyNineDigital', { items: orders(6), options: { concurrency: 1 }, retryOnFail: { maxTries: 2 } }));
		expect(result.error).toBeUndefined();
		expect(skippedOrders(result)).toEqual([0, 1, 2]);
		expect(copiesOf('ninetyNineDigital', 6)).toEqual([1, 1, 1, 1, 1, 1]);
	});

	test('with a Deduplication Key the key decides, as before: the skipped items name their key', async () => {
		const vendor = failing('ninetyNineDigital', [2]);
		const options = optionsFor('ninetyNineDigital', { items: orders(4), options: { concurrency: 1, deduplicationKey: '={{ $json.orderId }}-shipped' } });
		const failed = await runNode(options);
		expect(failed.error?.message).toMatch(/\(item 2\)$/);
		vendor.recover();
		const retry = await retryNode(options, failed);
		expect(retry.output?.[0].json).toEqual({ skipped: true, deduplicationKey: '0-shipped', reason: 'Not sent: a message with this Deduplication Key was sent before' });
		expect(skippedOrders(retry)).toEqual([0, 1]);
		expect(copiesOf('ninetyNineDigital', 4)).toEqual([1, 1, 1, 1]);
	});
});
