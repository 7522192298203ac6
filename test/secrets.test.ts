/**
 * Every error path, with distinctive secret values: no secret, auth header value or Basic-auth
 * string may appear in an error message or description, an output item, the execution data n8n
 * stores, or any log line written while the node runs.
 */
import './helpers/debugLogs';

import { format } from 'util';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { inlineBinary, runNode } from './helpers/engine';
import { credentialsFor, useMockVendors } from './helpers/vendors';
import type { MockVendors, VendorKey } from '../mocks';
import { fixtures, startCaptureServer } from '../mocks';

const mocks = useMockVendors();

const MESSAGE: Record<VendorKey, Record<string, unknown>> = {
	userEngage: { platform: 'userEngage', conversationId: '5', content: 'Hi', agentId: '926' },
	engageLab: { platform: 'engageLab', conversationId: '5', content: 'Hi', attachments: 'data' },
	ninetyNineDigital: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '5', content: 'Hi', attachments: 'data' },
	intercom: { platform: 'intercom', intercomOperation: 'reply', conversationId: '524', replyAs: 'admin', adminId: '991267459', replyType: 'comment', content: 'Hi' },
	reamaze: { platform: 'reamaze', conversationId: 'refund-request', content: 'Hi' },
	zendesk: { platform: 'zendesk', conversationId: '102', content: 'Hi', attachments: 'data' },
};

type Scenario = [string, (vendors: MockVendors, platform: VendorKey) => void | Record<string, unknown>];

const SCENARIOS: Scenario[] = [
	['vendor 404', (vendors, platform) => {
		vendors[platform].failNext({ status: 404, body: { error: 'Resource could not be found' } });
	}],
	['vendor 422', (vendors, platform) => {
		vendors[platform].failNext({ status: 422, body: { error: 'Validation failed' } });
	}],
	['429 until the budget runs out', (vendors, platform) => {
		vendors[platform].rateLimitNext(3, { retryAfterSeconds: 0, resetInSeconds: 0 });
		return { options: { maxRetries: 1, maxRetryWaitSeconds: 2 } };
	}],
	['500 (then a read-back, where the platform has one)', (vendors, platform) => {
		vendors[platform].failNext({ status: 500, match: (request) => request.method === 'POST' });
		return { options: { maxRetries: 0, readBackDelay: 0 } };
	}],
	['dropped connection', (vendors, platform) => {
		vendors[platform].failNext({ dropConnection: true });
		return { options: { maxRetries: 0 } };
	}],
	['timeout', (vendors, platform) => {
		vendors[platform].failNext({ status: 503, delayMs: 1000, match: (request) => request.method === 'POST' });
		return { options: { timeout: 200, maxRetries: 0, readBackDelay: 0 } };
	}],
	['redirect to another host', (vendors, platform) => {
		vendors[platform].redirectNext('http://127.0.0.1:9/elsewhere');
	}],
	['validation error', () => ({ conversationId: '={{ "" }}' })],
	['credential with a bad base URL', () => ({ __baseUrl: 'ftp://127.0.0.1/x' })],
];

let logs: string[] = [];
const spies: jest.SpyInstance[] = [];
beforeEach(() => {
	logs = [];
	const capture = (...args: unknown[]) => {
		logs.push(format(...args));
		return true;
	};
	spies.push(jest.spyOn(process.stdout, 'write').mockImplementation(capture as never));
	spies.push(jest.spyOn(process.stderr, 'write').mockImplementation(capture as never));
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		spies.push(jest.spyOn(console, method).mockImplementation(capture));
	}
	// n8n's own logger, which nodes write to through `this.logger`.
	const logger = Container.get(Logger);
	for (const method of ['info', 'warn', 'error', 'debug'] as const) {
		spies.push(jest.spyOn(logger, method).mockImplementation(capture));
	}
});
afterEach(() => spies.splice(0).forEach((spy) => spy.mockRestore()));

function expectNoSecret(where: string, text: string) {
	for (const secret of fixtures.ALL_SECRETS) {
		if (text.includes(secret)) throw new Error(`${where} contains a secret (${secret.slice(0, 8)}…)`);
	}
}

function safeJson(value: unknown): string {
	const seen = new WeakSet();
	return JSON.stringify(value, (_key, inner: unknown) => {
		if (inner && typeof inner === 'object') {
			if (seen.has(inner)) return '[circular]';
			seen.add(inner);
		}
		if (inner instanceof Error) return { ...inner, message: inner.message, stack: inner.stack };
		return inner;
	});
}

describe.each(['userEngage', 'engageLab', 'ninetyNineDigital', 'intercom', 'reamaze'] as const)('%s', (platform) => {
	test.each(SCENARIOS)('%s: no secret anywhere', async (_name, arrange) => {
		for (const continueOnFail of [false, true]) {
			mocks().reset();
			const { __baseUrl, ...overrides } = arrange(mocks(), platform) ?? {};
			const credentials = credentialsFor(mocks(), platform, __baseUrl ? { baseUrl: __baseUrl as string } : {});
			const result = await runNode({
				parameters: { ...MESSAGE[platform], ...overrides } as never,
				items: [{ json: {}, binary: { data: inlineBinary(Buffer.from('secret-free file'), 'a.txt', 'text/plain') } }],
				credentials,
				continueOnFail,
			});
			const failure = continueOnFail ? result.output?.[0].json.error : result.error?.message;
			expect(failure).toBeTruthy();
			expectNoSecret('the error or output', safeJson({ error: result.error, output: result.output }));
			expectNoSecret('the execution data', safeJson(result.run));
			expectNoSecret('the logs', logs.join('\n'));
		}
	});
});

test('the log capture works: a rate-limit retry is logged, without the token', async () => {
	mocks().intercom.rateLimitNext(1, { resetInSeconds: 0 });
	const result = await runNode({ parameters: MESSAGE.intercom as never, credentials: credentialsFor(mocks(), 'intercom') });
	expect(result.error).toBeUndefined();
	expect(logs.join('\n')).toMatch(/Intercom rate-limited the request \(429\)/);
	expectNoSecret('the logs', logs.join('\n'));
});

test('the redirect target really receives nothing (not even the request)', async () => {
	const capture = await startCaptureServer();
	try {
		mocks().reamaze.redirectNext(`${capture.baseUrl}/x`);
		await runNode({ parameters: MESSAGE.reamaze as never, credentials: credentialsFor(mocks(), 'reamaze') });
		expect(capture.requests).toHaveLength(0);
	} finally {
		await capture.close();
	}
});
