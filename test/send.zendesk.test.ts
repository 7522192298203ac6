/**
 * Zendesk Support through n8n's engine to the strict mock (mocks/zendesk.js): replies and notes
 * with streamed files, bad input, Zendesk's errors and 429s, Continue On Fail, a lost answer settled
 * by reading the ticket back, and Create a Ticket exactly once with its Idempotency-Key.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { resolveCredentialTest, runCredentialTest } from './helpers/credentialTest';
import { CREDENTIAL_TYPES, deduplicationStore, inlineBinary, retryNode, runNode, storedBinary } from './helpers/engine';
import type { RunOptions } from './helpers/engine';
import { CREDENTIALS, credentialsFor, sha256, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
const zendesk = () => mocks().zendesk;
beforeEach(() => deduplicationStore.reset());

const REPLY = { platform: 'zendesk', conversationId: '102', content: 'Your order shipped' };
const START = { platform: 'zendesk', zendeskOperation: 'startConversation', customerEmail: 'carla@customer.example', subject: 'Order 1042', content: 'Your order 1042 shipped.' };
const FAST = { readBackDelay: 0 };

function options(parameters: IDataObject, extra: Partial<RunOptions> = {}): RunOptions {
	return {
		parameters: { ...parameters, options: { ...FAST, ...((parameters.options as IDataObject | undefined) ?? {}) } } as never,
		credentials: credentialsFor(mocks(), 'zendesk'),
		...extra,
	};
}

const send = async (parameters: IDataObject, extra: Partial<RunOptions> = {}) => await runNode(options(parameters, extra));
const writes = () => zendesk().requests.filter((request) => request.method === 'PUT' && /^\/api\/v2\/tickets\/\d+$/.test(request.path));
const creates = () => zendesk().requests.filter((request) => request.method === 'POST' && request.path === '/api/v2/tickets');
const uploads = () => zendesk().requests.filter((request) => request.path === '/api/v2/uploads');

describe('credential test: GET /api/v2/users/me, an agent passes', () => {
	/** n8n's credential tester applies the test's responseSuccessBody rules to the JSON answer. */
	async function testAs(override: Record<string, unknown>) {
		const [credentials] = Object.values(credentialsFor(mocks(), 'zendesk', override));
		const result = await runCredentialTest('zendeskSupportApi', credentials);
		const answer = zendesk().requests[zendesk().requests.length - 1].response as { user?: IDataObject };
		const rule = CREDENTIAL_TYPES.zendeskSupportApi.test?.rules?.find((candidate) => candidate.type === 'responseSuccessBody');
		const [, field] = String(rule?.properties.key).split('.');
		const refused = result.status === 200 && answer.user?.[field] === rule?.properties.value;
		return { status: result.status, passes: result.status === 200 && !refused, headers: result.headers };
	}

	test('an agent\'s token passes; an end user\'s and the anonymous answer fail; a wrong token is a 401', async () => {
		expect(await testAs({})).toMatchObject({ status: 200, passes: true });
		expect(await testAs({ email: CREDENTIALS.zendesk.endUserEmail, apiToken: CREDENTIALS.zendesk.endUserApiToken })).toMatchObject({ status: 200, passes: false });
		expect(await testAs({ authMethod: 'oauthAccessToken', accessToken: '' })).toMatchObject({ status: 401, passes: false });
		expect(await testAs({ apiToken: 'zdWRONGtoken123456' })).toMatchObject({ status: 401, passes: false });
	});

	test('the anonymous user (a request without credentials) is an end user too', async () => {
		const response = await fetch(`${zendesk().baseUrl}/api/v2/users/me`);
		expect(((await response.json()) as { user: IDataObject }).user).toMatchObject({ id: null, role: 'end-user' });
	});

	test('OAuth: the Bearer header; without a subdomain override it goes to https://{subdomain}.zendesk.com', async () => {
		expect((await testAs({ authMethod: 'oauthAccessToken', accessToken: CREDENTIALS.zendesk.accessToken })).headers.Authorization).toBe(`Bearer ${CREDENTIALS.zendesk.accessToken}`);
		const resolved = await resolveCredentialTest('zendeskSupportApi', { subdomain: 'acme', authMethod: 'oauthAccessToken', accessToken: 't', baseUrl: '' });
		expect(resolved.url).toBe('https://acme.zendesk.com/api/v2/users/me');
	});
});

describe('reply and internal note', () => {
	test('a public reply: PUT nested under ticket, as the credential\'s agent; the output names the comment', async () => {
		const result = await send(REPLY);
		expect(result.error).toBeUndefined();
		const [request] = writes();
		expect(request.path).toBe('/api/v2/tickets/102');
		expect(request.json).toEqual({ ticket: { comment: { body: 'Your order shipped', public: true } } });
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${CREDENTIALS.zendesk.email}/token:${CREDENTIALS.zendesk.apiToken}`).toString('base64')}`);
		const [message] = zendesk().messages;
		expect(message).toMatchObject({ conversationId: 102, body: 'Your order shipped', public: true, authorId: 9001 });
		expect(result.output?.[0].json).toMatchObject({ commentId: message.commentId, ticket: { id: 102 } });
	});

	test('an internal note as another author, HTML, with a status in the same update', async () => {
		const result = await send({ ...REPLY, visibility: 'internalNote', content: '<p>Refund <b>approved</b></p>', additionalFields: { authorId: '9003', html: true, status: 'pending' } });
		expect(result.error).toBeUndefined();
		expect(writes()[0].json).toEqual({ ticket: { status: 'pending', comment: { html_body: '<p>Refund <b>approved</b></p>', public: false, author_id: 9003 } } });
		expect(zendesk().messages[0]).toMatchObject({ public: false, authorId: 9003, status: 'pending' });
		expect(zendesk().tickets.get(102)?.status).toBe('pending');
	});

	test('the ticket by its address in the agent workspace', async () => {
		const result = await send({ ...REPLY, conversationId: { __rl: true, mode: 'url', value: 'https://acme.zendesk.com/agent/tickets/105' } });
		expect(result.error).toBeUndefined();
		expect(writes()[0].path).toBe('/api/v2/tickets/105');
	});

	test('OAuth access token: Bearer', async () => {
		const result = await send(REPLY, { credentials: credentialsFor(mocks(), 'zendesk', { authMethod: 'oauthAccessToken', accessToken: CREDENTIALS.zendesk.accessToken }) });
		expect(result.error).toBeUndefined();
		expect(writes()[0].headers.authorization).toBe(`Bearer ${CREDENTIALS.zendesk.accessToken}`);
	});
});

describe('files: uploaded first, streamed, then attached by token', () => {
	test('a stored and an inline file arrive byte-exact, each as the raw body of its upload, both tokens on the comment', async () => {
		const photo = Buffer.alloc(300_000, 7);
		const invoice = Buffer.from('%PDF-1.4 invoice 1042');
		const items: INodeExecutionData[] = [{
			json: {},
			binary: {
				photo: await storedBinary('zendesk-files', photo, 'photo.jpg', 'image/jpeg'),
				invoice: inlineBinary(invoice, 'invoice 1042.pdf', 'application/pdf'),
			},
		}];
		const result = await send({ ...REPLY, attachments: 'photo, invoice' }, { items });
		expect(result.error).toBeUndefined();
		expect(uploads().map((request) => [request.query.filename, request.contentType, request.declaredLength, request.transferEncoding])).toEqual([
			['photo.jpg', 'image/jpeg', photo.length, null],
			['invoice 1042.pdf', 'application/pdf', invoice.length, null],
		]);
		const tokens = uploads().map((request) => (request.response as { upload: { token: string } }).upload.token);
		expect((writes()[0].json as IDataObject).ticket).toEqual({ comment: { body: 'Your order shipped', public: true, uploads: tokens } });
		expect(zendesk().messages[0].files.map((file) => [file.filename, file.contentType, file.sha256])).toEqual([
			['photo.jpg', 'image/jpeg', sha256(photo)],
			['invoice 1042.pdf', 'application/pdf', sha256(invoice)],
		]);
	});

	test('an expired upload token is refused with Zendesk\'s reason (the mock expires tokens after 60 minutes)', async () => {
		zendesk().features.uploadTtlMs = -1;
		const items: INodeExecutionData[] = [{ json: {}, binary: { data: inlineBinary(Buffer.from('hello'), 'hello.txt', 'text/plain') } }];
		const result = await send({ ...REPLY, attachments: 'data' }, { items });
		expect(result.error?.message).toMatch(/^Zendesk answered 422: RecordInvalid: Record validation errors \(Upload token \S+ is invalid or has expired\) \(item 0\)$/);
		expect(zendesk().messages).toHaveLength(0);
	});
});

describe('bad input: the parameter and the item named, nothing sent', () => {
	test.each([
		['a ticket id that is not a number', { conversationId: 'abc' }, 'Ticket ID must be a positive whole number, got "abc" (item 0)'],
		['empty content', { content: '  ' }, 'Content is empty (item 0)'],
		['an author id that is not a number', { additionalFields: { authorId: 'jane' } }, 'Author ID must be a positive whole number, got "jane" (item 0)'],
		['a binary property the item lacks', { attachments: 'missing' }, 'Attachments names the binary property "missing", but this item has no binary data at all (item 0)'],
	])('%s', async (_, extra, message) => {
		const result = await send({ ...REPLY, ...extra });
		expect(result.error?.message).toBe(message);
		expect(zendesk().requests).toHaveLength(0);
	});

	test('Create a Ticket: a bad requester email, an empty subject', async () => {
		expect((await send({ ...START, customerEmail: 'carla' })).error?.message).toMatch(/^Requester Email .*\(item 0\)$/);
		expect((await send({ ...START, subject: '={{ $json.missing }}' })).error?.message).toBe('Subject is empty (item 0)');
		expect(zendesk().requests).toHaveLength(0);
	});
});

describe('Zendesk\'s errors and limits', () => {
	test('404: Zendesk\'s label and description, and its status', async () => {
		const result = await send({ ...REPLY, conversationId: '99999' });
		expect(result.error?.message).toBe('Zendesk answered 404: RecordNotFound: Not found (item 0)');
		expect(result.error?.httpCode).toBe('404');
	});

	test('a wrong token: 401 "Couldn\'t authenticate you", and the secret appears nowhere', async () => {
		const result = await send(REPLY, { credentials: credentialsFor(mocks(), 'zendesk', { apiToken: 'zdWRONGtoken123456' }) });
		expect(result.error?.message).toBe('Zendesk answered 401: Couldn\'t authenticate you (item 0)');
		expect(JSON.stringify(result.error)).not.toContain('zdWRONGtoken123456');
	});

	test('an end user\'s credential may not write: 403', async () => {
		const credentials = credentialsFor(mocks(), 'zendesk', { email: CREDENTIALS.zendesk.endUserEmail, apiToken: CREDENTIALS.zendesk.endUserApiToken });
		const result = await send(REPLY, { credentials });
		expect(result.error?.message).toBe('Zendesk answered 403: Forbidden: You do not have access to this page (item 0)');
	});

	test('the text/plain 429 is waited out after Retry-After, then the reply goes once', async () => {
		zendesk().rateLimitNext(1, { retryAfterSeconds: 1 });
		const started = Date.now();
		const result = await send(REPLY);
		expect(result.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(writes().map((request) => [request.status, request.responseHeaders?.['Content-Type']])).toEqual([
			[429, 'text/plain; charset=utf-8'],
			[200, 'application/json; charset=utf-8'],
		]);
		expect(zendesk().messages).toHaveLength(1);
	});

	test('30 updates per 10 minutes per ticket: the 31st is a 429 with Retry-After, and the item says so when the wait is beyond the budget', async () => {
		zendesk().features.ticketUpdates = { limit: 2, windowMs: 600_000 };
		const items = [0, 1, 2].map((n) => ({ json: { n } }));
		const result = await send({ ...REPLY, content: '=Update {{ $json.n }}', options: { maxRetryWaitSeconds: 5 } }, { items, continueOnFail: true });
		expect(result.output?.map((item) => item.json.error ?? 'sent')).toEqual(['sent', 'sent', expect.stringMatching(/^Zendesk answered 429: Too many updates to this ticket.*; gave up after 1 attempt/)]);
		expect(zendesk().messages).toHaveLength(2);
	});

	test('a full ticket (5000 comments): Zendesk\'s 422 with the advice to open a follow-up ticket', async () => {
		zendesk().seedComments(102, 4999);
		const result = await send(REPLY);
		expect(result.error?.message).toBe('Zendesk answered 422: RecordInvalid: Record validation errors (Ticket has reached the maximum of 5000 comments) (item 0)');
		expect(result.error?.description).toMatch(/at most 5000 comments.*follow-up ticket/);
	});

	test('a body not nested under ticket is answered 200 with nothing applied: the mock is strict about it', async () => {
		const response = await fetch(`${zendesk().baseUrl}/api/v2/tickets/102`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${CREDENTIALS.zendesk.accessToken}` },
			body: JSON.stringify({ comment: { body: 'flat', public: true } }),
		});
		expect(response.status).toBe(200);
		expect(((await response.json()) as { audit: { events: unknown[] } }).audit.events).toEqual([]);
		expect(zendesk().messages).toHaveLength(0);
	});

	test('Continue On Fail: an error item where the ticket does not exist, the others sent, in order, each paired with its input', async () => {
		const items = ['102', '99999', '103'].map((ticket) => ({ json: { ticket } }));
		const result = await send({ ...REPLY, conversationId: '={{ $json.ticket }}' }, { items, continueOnFail: true });
		expect(result.output?.map((item) => [item.pairedItem, item.json.error ?? (item.json.ticket as IDataObject | undefined)?.id])).toEqual([
			[{ item: 0 }, 102],
			[{ item: 1 }, 'Zendesk answered 404: RecordNotFound: Not found (item 1)'],
			[{ item: 2 }, 103],
		]);
	});
});

describe('a lost answer is settled by reading the ticket back', () => {
	test('stored, then 502 → found among the ticket\'s comments: one comment, the item succeeds', async () => {
		zendesk().failNext({ status: 502, afterCreate: true, match: (request) => request.method === 'PUT' });
		const result = await send(REPLY);
		expect(result.error).toBeUndefined();
		expect(zendesk().messages).toHaveLength(1);
		expect(writes()).toHaveLength(1);
		const reads = zendesk().requests.filter((request) => request.method === 'GET');
		expect(reads.map((request) => [request.path, request.query.sort_order, request.query.include])).toEqual([['/api/v2/tickets/102/comments', 'desc', 'users']]);
		expect(result.output?.[0].json).toMatchObject({ commentId: zendesk().messages[0].commentId, confirmedByReadBack: true });
	});

	test('503 before storing → not there → sent again (files uploaded anew): exactly one comment with its file', async () => {
		zendesk().failNext({ status: 503, match: (request) => request.method === 'PUT' });
		const items: INodeExecutionData[] = [{ json: {}, binary: { data: inlineBinary(Buffer.from('receipt'), 'receipt.txt', 'text/plain') } }];
		const result = await send({ ...REPLY, attachments: 'data' }, { items });
		expect(result.error).toBeUndefined();
		expect(writes().map((request) => request.status)).toEqual([503, 200]);
		expect(zendesk().messages).toHaveLength(1);
		expect(zendesk().messages[0].files).toHaveLength(1);
	});

	test('the same text twice into one ticket, the second answer lost: the read-back does not take the first item\'s comment', async () => {
		zendesk().failNext({ status: 502, afterCreate: true, match: (request) => request.method === 'PUT' && request.seq > 1 });
		const result = await send({ ...REPLY, options: { concurrency: 1 } }, { items: [{ json: {} }, { json: {} }] });
		expect(result.error).toBeUndefined();
		expect(zendesk().messages).toHaveLength(2);
		const [first, second] = zendesk().messages;
		expect(result.output?.map((item) => item.json.commentId)).toEqual([first.commentId, second.commentId]);
	});
});

describe('Create a Ticket, exactly once with Zendesk\'s Idempotency-Key', () => {
	test('the requester found by exact email; the ticket with its first comment; the key on the request', async () => {
		const result = await send(START);
		expect(result.error).toBeUndefined();
		const [search] = zendesk().requests;
		expect([search.method, search.path, search.query.query]).toEqual(['GET', '/api/v2/users/search', 'email:carla@customer.example']);
		const [create] = creates();
		expect(create.json).toEqual({ ticket: { subject: 'Order 1042', requester_id: 501, comment: { body: 'Your order 1042 shipped.', public: true } } });
		expect(create.headers['idempotency-key']).toMatch(/^n8n-[0-9a-f]{48}$/);
		const [message] = zendesk().messages;
		expect(message).toMatchObject({ startedConversation: true, requesterId: 501, authorId: 501 });
		expect(result.output?.[0].json).toMatchObject({ conversationId: message.conversationId, contact: { id: 501 }, idempotentReplay: false, idempotencyKey: create.headers['idempotency-key'] });
	});

	test('a requester Zendesk lacks is created (create_or_update); with creating off the item fails before any ticket', async () => {
		const created = await send({ ...START, customerEmail: 'noa@customer.example', customerName: 'Noa Levi' });
		expect(created.error).toBeUndefined();
		const upsert = zendesk().requests.find((request) => request.path === '/api/v2/users/create_or_update');
		expect(upsert?.json).toEqual({ user: { email: 'noa@customer.example', name: 'Noa Levi', role: 'end-user' } });
		expect((creates()[0].json as { ticket: IDataObject }).ticket.requester_id).toBe((upsert?.response as { user: { id: number } }).user.id);
		zendesk().reset();
		const refused = await send({ ...START, customerEmail: 'zoe@customer.example', createContactIfMissing: false });
		expect(refused.error?.message).toBe('Requester Email "zoe@customer.example" is not a Zendesk user (item 0)');
		expect(creates()).toHaveLength(0);
	});

	test('the search matches parts of addresses: only the exact one counts', async () => {
		const result = await send({ ...START, customerEmail: 'ick@customer.example', createContactIfMissing: false });
		expect(result.error?.message).toBe('Requester Email "ick@customer.example" is not a Zendesk user (item 0)');
		expect((zendesk().requests[0].response as { users: unknown[] }).users).toHaveLength(1); // rick@customer.example
	});

	test('a file on the first comment, every ticket field', async () => {
		const items: INodeExecutionData[] = [{ json: {}, binary: { data: inlineBinary(Buffer.from('label'), 'label.pdf', 'application/pdf') } }];
		const result = await send({
			...START,
			attachments: 'data',
			conversationFields: { status: 'open', priority: 'high', type: 'task', tags: 'a, b', groupId: '7001', assigneeId: '9003', externalId: 'order-1042', internalNote: true },
		}, { items });
		expect(result.error).toBeUndefined();
		const ticket = (creates()[0].json as { ticket: IDataObject }).ticket;
		expect(ticket).toMatchObject({ status: 'open', priority: 'high', type: 'task', tags: ['a', 'b'], group_id: 7001, assignee_id: 9003, external_id: 'order-1042' });
		expect(ticket.comment).toMatchObject({ public: false, uploads: [expect.any(String)] });
		expect(zendesk().messages[0].files.map((file) => file.filename)).toEqual(['label.pdf']);
	});

	test('a lost answer (502 after creating) is sent again with the same key: Zendesk answers the first ticket, one ticket in all', async () => {
		zendesk().failNext({ status: 502, afterCreate: true, match: (request) => request.path === '/api/v2/tickets' });
		const result = await send(START);
		expect(result.error).toBeUndefined();
		expect(creates().map((request) => [request.status, request.headers['idempotency-key'], request.responseHeaders?.['x-idempotency-lookup']])).toEqual([
			[502, expect.any(String), undefined],
			[201, creates()[0].headers['idempotency-key'], 'hit'],
		]);
		expect(zendesk().messages).toHaveLength(1);
		expect(result.output?.[0].json).toMatchObject({ conversationId: zendesk().messages[0].conversationId, idempotentReplay: true });
	});

	test('a timeout after creating, retries used up: n8n\'s Retry of the execution sends the same key → the one ticket', async () => {
		zendesk().failNext({ delayMs: 800, times: 2, match: (request) => request.path === '/api/v2/tickets' });
		const run = options(START);
		(run.parameters as IDataObject).options = { ...FAST, timeout: 300, maxRetries: 1 };
		const failed = await runNode(run);
		expect(failed.error?.message).toBe('Zendesk did not answer within 300 ms (item 0)');
		const retried = await retryNode(run, failed);
		expect(retried.error).toBeUndefined();
		const keys = new Set(creates().map((request) => request.headers['idempotency-key']));
		expect(keys.size).toBe(1);
		expect(zendesk().messages).toHaveLength(1);
		expect(retried.output?.[0].json).toMatchObject({ conversationId: zendesk().messages[0].conversationId, idempotentReplay: true });
	});

	test('a new execution is a deliberate repeat: a new key, a second ticket', async () => {
		await send(START);
		await send(START);
		expect(new Set(creates().map((request) => request.headers['idempotency-key'])).size).toBe(2);
		expect(zendesk().messages).toHaveLength(2);
	});

	test('the Deduplication Key makes the key: the same key from any execution; a second run is skipped by the key store', async () => {
		const keyed = { ...START, options: { deduplicationKey: 'order-1042-ticket' } };
		await send(keyed);
		const [first] = creates();
		expect(first.headers['idempotency-key']).toMatch(/^n8n-dk-[0-9a-f]{48}$/);
		const second = await send(keyed);
		expect(second.output?.[0].json).toMatchObject({ skipped: true });
		expect(creates()).toHaveLength(1);
	});

	test('a Retry of an item with files after a lost answer: new upload tokens make another body, Zendesk refuses the key, the earlier ticket is found among the requester\'s: one ticket', async () => {
		zendesk().failNext({ delayMs: 800, match: (request) => request.path === '/api/v2/tickets' });
		const items: INodeExecutionData[] = [{ json: {}, binary: { data: inlineBinary(Buffer.from('label'), 'label.pdf', 'application/pdf') } }];
		const run = options({ ...START, attachments: 'data', options: { timeout: 300, maxRetries: 0 } }, { items });
		const failed = await runNode(run);
		expect(failed.error?.message).toBe('Zendesk did not answer within 300 ms (item 0)');
		const retried = await retryNode(run, failed);
		expect(retried.error).toBeUndefined();
		// The first request created the ticket, its answer too late for the node; the Retry's was Zendesk's refusal of the key.
		expect(creates()).toHaveLength(2);
		expect(creates()[1].status).toBe(400);
		expect(uploads()).toHaveLength(2);
		const [ticket] = zendesk().messages;
		expect(zendesk().messages).toHaveLength(1);
		expect(retried.output?.[0].json).toMatchObject({ conversationId: ticket.conversationId, confirmedByReadBack: true, idempotentReplay: true });
		const lookup = zendesk().requests.find((request) => request.path === '/api/v2/users/501/tickets/requested');
		expect(lookup?.query).toMatchObject({ sort_by: 'created_at', sort_order: 'desc' });
	});

	test('the same key with another body and no such ticket of the requester\'s: Zendesk\'s 400 IdempotentRequestError, explained; no second ticket', async () => {
		const keyed = (subject: string) => ({ ...START, subject, options: { deduplicationKey: 'order-1042-ticket' } });
		await send(keyed('Order 1042'));
		deduplicationStore.reset(); // as if n8n's store had lost the key
		const result = await send(keyed('Order 1042, take two'));
		expect(result.error?.message).toMatch(/^Zendesk answered 400: IdempotentRequestError: Request parameters don't match/);
		expect(result.error?.description).toMatch(/already created its ticket with Idempotency-Key n8n-dk-.*not found among the requester's newest tickets/);
		expect(zendesk().messages).toHaveLength(1);
	});
});
