/**
 * Conversation Actions on the polled platforms, Re:amaze and User.com, through n8n's engine to
 * the strict mocks: each operation's requests and output, a second identical run that changes
 * nothing (the mocks' stateChanges), unknown ids, vendor errors, input checked before any
 * write, Continue On Fail in item order, and Get Messages over a 1,000-message history.
 */
import { ConversationActions } from '../nodes/ConversationMessages/ConversationActions.node';

import { ACTIONS_NODE_TYPE, editorContext, runNode } from './helpers/engine';
import type { RecordedRequest } from './helpers/vendors';
import { credentialsFor, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
const reamaze = () => mocks().reamaze;
const userEngage = () => mocks().userEngage;

type Parameters = Record<string, unknown>;
interface More {
	items?: Array<{ json: Record<string, unknown> }>;
	continueOnFail?: boolean;
}

const runOn = (platform: 'reamaze' | 'userEngage') => async (parameters: Parameters, more: More = {}) =>
	await runNode({
		nodeType: ACTIONS_NODE_TYPE,
		parameters: { platform, ...parameters } as never,
		credentials: credentialsFor(mocks(), platform),
		items: more.items as never,
		continueOnFail: more.continueOnFail,
	});
const locator = (value: unknown) => ({ __rl: true, mode: 'id', value });
const writes = (requests: RecordedRequest[]) => requests.filter((request) => request.method !== 'GET');
const lines = (requests: RecordedRequest[]) =>
	requests.map((request) => `${request.method} ${request.path}${request.query.page ? `?page=${String(request.query.page)}` : ''}`);

describe('Re:amaze', () => {
	const run = runOn('reamaze');
	const conversation = (operation: string, slug: unknown, parameters: Parameters = {}, more: More = {}) =>
		run({ resource: 'conversation', operation, conversationId: locator(slug), ...parameters }, more);
	const SLUG = 'support-request-1';

	describe('Conversation → Get', () => {
		test('the conversation, normalised: status integer as a word, assignee by email, tags as labels, the author as contact', async () => {
			reamaze().seedConversation(SLUG, { status: 1, assignee: 'tom@acme.example', tagList: ['vip'] });
			const result = await conversation('get', SLUG);
			expect(result.error).toBeUndefined();
			expect(lines(reamaze().requests)).toEqual([`GET /api/v1/conversations/${SLUG}`]);
			expect(result.output![0].json).toEqual({
				platform: 'reamaze',
				conversationId: SLUG,
				accountId: null,
				status: 'pending',
				vendorStatus: 1,
				assignee: { id: null, name: 'Tom Tier2', email: 'tom@acme.example' },
				team: null,
				labels: ['vip'],
				priority: null,
				contact: { id: null, name: 'Customer 1', email: 'customer1@customer.example', phone: null },
				createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				raw: expect.objectContaining({ slug: SLUG, status: 1 }),
			});
			expect(result.output![0].pairedItem).toEqual({ item: 0 });
		});

		test("an unknown conversation: the vendor's 404 with its message, naming the item", async () => {
			const result = await conversation('get', 'no-such-conversation');
			expect(result.error?.message).toBe('Re:amaze answered 404: Not Found (item 0)');
		});

		test('Continue On Fail: one item per input item, in order, the failed one in its place', async () => {
			const items = [SLUG, 'no-such-conversation', 'support-request-2'].map((slug) => ({ json: { slug } }));
			const result = await run(
				{ resource: 'conversation', operation: 'get', conversationId: locator('={{ $json.slug }}') },
				{ items, continueOnFail: true },
			);
			expect(result.error).toBeUndefined();
			expect(result.output!.map((item) => [item.pairedItem, item.json.conversationId ?? item.json.error])).toEqual([
				[{ item: 0 }, SLUG],
				[{ item: 1 }, 'Re:amaze answered 404: Not Found (item 1)'],
				[{ item: 2 }, 'support-request-2'],
			]);
		});
	});

	describe('Conversation → Set Status', () => {
		test('resolved: one PUT with the status integer; the same run again reads and writes nothing', async () => {
			const first = await conversation('setStatus', SLUG, { status: 'resolved' });
			expect(first.error).toBeUndefined();
			expect(writes(reamaze().requests).map((request) => request.json)).toEqual([{ conversation: { status: 2 } }]);
			expect(first.output![0].json).toMatchObject({ status: 'resolved', vendorStatus: 2 });
			const changes = reamaze().stateChanges.length;
			expect(changes).toBe(1);

			reamaze().requests.length = 0;
			const again = await conversation('setStatus', SLUG, { status: 'resolved' });
			expect(again.output![0].json).toMatchObject({ status: 'resolved' });
			expect(writes(reamaze().requests)).toEqual([]);
			expect(reamaze().stateChanges).toHaveLength(changes);
		});

		test('snoozed: status 5 with hold_until; a time in the past fails before anything is sent', async () => {
			const until = new Date(Date.now() + 86_400_000).toISOString();
			const result = await conversation('setStatus', SLUG, { status: 'snoozed', snoozeUntil: until });
			expect(result.error).toBeUndefined();
			expect(writes(reamaze().requests).map((request) => request.json)).toEqual([{ conversation: { status: 5, hold_until: until } }]);
			expect(reamaze().conversationState(SLUG)).toMatchObject({ status: 5, holdUntil: until });

			reamaze().requests.length = 0;
			const past = await conversation('setStatus', SLUG, { status: 'snoozed', snoozeUntil: '2020-01-01T00:00:00Z' });
			expect(past.error?.message).toBe('Snooze Until is in the past (2020-01-01T00:00:00.000Z) (item 0)');
			expect(reamaze().requests).toEqual([]);

			const missing = await conversation('setStatus', SLUG, { status: 'snoozed' });
			expect(missing.error?.message).toBe('Snooze Until is empty (item 0)');
			expect(reamaze().requests).toEqual([]);
		});

		test('Status Code overrides the integer sent (the mapping is unconfirmed); the vendor refusing it comes back with status and message', async () => {
			const result = await conversation('setStatus', SLUG, { status: 'resolved', additionalFields: { statusCode: 6 } });
			expect(writes(reamaze().requests).map((request) => request.json)).toEqual([{ conversation: { status: 6 } }]);
			expect(result.output![0].json).toMatchObject({ status: 'resolved', vendorStatus: 6 });

			reamaze().features.settableStatuses = [0, 2, 5];
			const refused = await conversation('setStatus', SLUG, { status: 'pending' });
			expect(refused.error?.message).toBe('Re:amaze answered 422: Validation failed: Status is not included in the list (item 0)');
		});
	});

	describe('Conversation → Assign', () => {
		test('to a staff member by email (checked against GET /staff); again: nothing written', async () => {
			const first = await conversation('assign', SLUG, { agent: { __rl: true, mode: 'list', value: 'Tom@acme.example' } });
			expect(first.error).toBeUndefined();
			expect(writes(reamaze().requests).map((request) => request.json)).toEqual([{ conversation: { assignee: { email: 'tom@acme.example' } } }]);
			expect(first.output![0].json.assignee).toEqual({ id: null, name: 'Tom Tier2', email: 'tom@acme.example' });

			reamaze().requests.length = 0;
			await conversation('assign', SLUG, { agent: { __rl: true, mode: 'email', value: 'tom@acme.example' } });
			expect(writes(reamaze().requests)).toEqual([]);
			expect(reamaze().stateChanges).toHaveLength(1);
		});

		test('an unknown staff email on one item stops the node before any item writes', async () => {
			const items = [{ json: { email: 'tom@acme.example' } }, { json: { email: 'nobody@acme.example' } }];
			const result = await run(
				{ resource: 'conversation', operation: 'assign', conversationId: locator(SLUG), agent: { __rl: true, mode: 'email', value: '={{ $json.email }}' } },
				{ items },
			);
			expect(result.error?.message).toBe('Agent "nobody@acme.example" is not a staff member of this Re:amaze account (item 1)');
			expect(writes(reamaze().requests)).toEqual([]);
		});

		describe('picker: staff', () => {
			const { methods } = new ConversationActions();
			test('staff from GET /staff, searchable by name or email, valued by email as Assign takes it', async () => {
				const context = editorContext({
					nodeType: ACTIONS_NODE_TYPE,
					parameters: { platform: 'reamaze', resource: 'conversation', operation: 'assign' } as never,
					credentials: credentialsFor(mocks(), 'reamaze'),
				});
				const staff = await methods.listSearch.searchReamazeStaff.call(context as never, 'tier2');
				expect(staff.results).toEqual([{ name: 'Tom Tier2 (tom@acme.example)', value: 'tom@acme.example' }]);
				const everyone = await methods.listSearch.searchReamazeStaff.call(context as never);
				expect(everyone.results.map((member) => member.value)).toEqual(['agent@acme.example', 'olga@acme.example', 'tom@acme.example']);
				expect(lines(reamaze().requests)).toEqual(['GET /api/v1/staff?page=1', 'GET /api/v1/staff?page=1']);
			});
		});
	});

	describe('Conversation → Add Tags / Remove Tags', () => {
		test('the list is read, changed and written whole; tags already there (or already gone) write nothing', async () => {
			reamaze().seedConversation(SLUG, { tagList: ['vip', 'billing'] });
			const added = await conversation('addTags', SLUG, { tags: 'refund, vip' });
			expect(writes(reamaze().requests).map((request) => request.json)).toEqual([{ conversation: { tag_list: ['vip', 'billing', 'refund'] } }]);
			expect(added.output![0].json.labels).toEqual(['vip', 'billing', 'refund']);

			reamaze().requests.length = 0;
			await conversation('addTags', SLUG, { tags: 'refund' });
			expect(writes(reamaze().requests)).toEqual([]);

			const removed = await conversation('removeTags', SLUG, { tags: 'billing,refund' });
			expect(writes(reamaze().requests).map((request) => request.json)).toEqual([{ conversation: { tag_list: ['vip'] } }]);
			expect(removed.output![0].json.labels).toEqual(['vip']);

			reamaze().requests.length = 0;
			await conversation('removeTags', SLUG, { tags: 'billing' });
			expect(writes(reamaze().requests)).toEqual([]);
			expect(reamaze().stateChanges.map((change) => change.to)).toEqual([['vip', 'billing', 'refund'], ['vip']]);
		});

		test('no tags: an error naming the parameter, nothing sent', async () => {
			const result = await conversation('addTags', SLUG, { tags: ' , ' });
			expect(result.error?.message).toBe('Tags is empty (item 0)');
			expect(reamaze().requests).toEqual([]);
		});
	});

	describe('Conversation → Get Messages', () => {
		const SEEDED = 1000;
		beforeEach(() => {
			reamaze().seedHistory(SLUG, SEEDED);
		});

		test('Limit (default 50): the latest 50, oldest first, in the trigger\'s item shape, reading only the newest pages', async () => {
			const result = await conversation('getMessages', SLUG);
			expect(result.error).toBeUndefined();
			expect(lines(reamaze().requests)).toEqual([
				`GET /api/v1/conversations/${SLUG}`,
				`GET /api/v1/conversations/${SLUG}/messages?page=1`,
				`GET /api/v1/conversations/${SLUG}/messages?page=2`,
			]);
			const messages = result.output!.map((item) => item.json);
			expect(messages).toHaveLength(50);
			expect(messages[49].content).toBe(`Agent reply ${SEEDED}`);
			expect(messages.some((message) => message.private)).toBe(false);
			expect(messages.map((message) => message.createdAt)).toEqual(messages.map((message) => message.createdAt).slice().sort());
			expect(Object.keys(messages[0]).sort()).toEqual(
				['platform', 'conversationId', 'accountId', 'messageId', 'content', 'sender', 'createdAt', 'private', 'attachments', 'raw'].sort(),
			);
			const customer = messages.find((message) => (message.content as string).startsWith('Customer'))!;
			expect(customer).toMatchObject({ platform: 'reamaze', conversationId: SLUG, accountId: null, sender: { type: 'customer', email: 'customer1@customer.example' } });
			expect(messages.find((message) => (message.content as string).startsWith('Agent'))).toMatchObject({ sender: { type: 'agent' } });
		});

		test('Return All: every page, notes only when asked for; over Max Messages the item fails', async () => {
			const all = await conversation('getMessages', SLUG, { returnAll: true });
			// The conversation's first message, and the seeded ones but the tenth that are notes.
			expect(all.output).toHaveLength(1 + SEEDED - SEEDED / 10);
			expect(all.output![0].json.content).toBe('First message of Support request 1');

			const withNotes = await conversation('getMessages', SLUG, { returnAll: true, options: { includePrivateNotes: true } });
			expect(withNotes.output).toHaveLength(1 + SEEDED);
			expect(withNotes.output!.filter((item) => item.json.private)).toHaveLength(SEEDED / 10);

			const capped = await conversation('getMessages', SLUG, { returnAll: true, options: { maxMessages: 500 } });
			expect(capped.error?.message).toBe(`Max Messages is 500, and conversation ${SLUG} has more messages (item 0)`);
		});

		test('As One Transcript: one item, a role-tagged line per message', async () => {
			const result = await conversation('getMessages', SLUG, { limit: 10, options: { asTranscript: true, includePrivateNotes: true } });
			expect(result.output).toHaveLength(1);
			const { transcript, messageCount, conversationId } = result.output![0].json as { transcript: string; messageCount: number; conversationId: string };
			expect(conversationId).toBe(SLUG);
			expect(messageCount).toBe(10);
			const tagged = transcript.split('\n');
			expect(tagged).toHaveLength(10);
			expect(tagged[tagged.length - 1]).toBe(`agent: Agent reply ${SEEDED} [file: photo.png]`);
			expect(tagged.some((line) => line.startsWith('note: Private note'))).toBe(true);
			expect(tagged.some((line) => line.startsWith('customer: Customer message'))).toBe(true);
		});
	});

	describe('Contact → Find / Create or Update', () => {
		test('Find: exact email matches only (the search also matches parts); none → no item', async () => {
			const found = await run({ resource: 'contact', operation: 'find', email: 'customer1@customer.example' });
			expect(found.output!.map((item) => item.json.email)).toEqual(['customer1@customer.example']);
			expect(found.output![0].json).toMatchObject({ platform: 'reamaze', name: 'Customer 1', customAttributes: {} });
			const none = await run({ resource: 'contact', operation: 'find', email: 'customer1@customer' });
			expect(none.output ?? []).toEqual([]);
		});

		test('Create or Update: created, then updated only when something differs', async () => {
			const parameters = { resource: 'contact', operation: 'upsert', email: 'new@customer.example', name: 'New One', customAttributes: '{"plan":"gold"}' };
			const created = await run(parameters);
			expect(created.output![0].json).toMatchObject({ email: 'new@customer.example', name: 'New One', customAttributes: { plan: 'gold' }, created: true });
			expect(writes(reamaze().requests).map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/v1/contacts']);

			reamaze().requests.length = 0;
			const same = await run(parameters);
			expect(same.output![0].json).toMatchObject({ created: false, customAttributes: { plan: 'gold' } });
			expect(writes(reamaze().requests)).toEqual([]);

			const changed = await run({ ...parameters, customAttributes: '{"plan":"platinum"}' });
			expect(changed.output![0].json).toMatchObject({ created: false, customAttributes: { plan: 'platinum' } });
			expect(writes(reamaze().requests).map((request) => [`${request.method} ${request.path}`, request.json])).toEqual([
				['PUT /api/v1/contacts/new%40customer.example', { contact: { data: { plan: 'platinum' } } }],
			]);
		});

		test('nested custom attributes: an error naming the parameter, nothing sent', async () => {
			const result = await run({ resource: 'contact', operation: 'upsert', email: 'new@customer.example', customAttributes: '{"address":{"city":"Oslo"}}' });
			expect(result.error?.message).toBe('Custom Attributes "address" is not a text, number or true/false value (item 0)');
			expect(reamaze().requests).toEqual([]);
		});
	});
});

describe('User.com', () => {
	const run = runOn('userEngage');
	const conversation = (operation: string, id: unknown, parameters: Parameters = {}, more: More = {}) =>
		run({ resource: 'conversation', operation, conversationId: locator(id), ...parameters }, more);
	const ID = 553;

	describe('Conversation → Get', () => {
		test.each(['flat', 'results'] as const)('the conversation, normalised, whether it comes %s', async (envelope) => {
			userEngage().features.conversationEnvelope = envelope;
			const result = await conversation('get', String(ID));
			expect(result.error).toBeUndefined();
			expect(result.output![0].json).toEqual({
				platform: 'userEngage',
				conversationId: String(ID),
				accountId: null,
				status: 'open',
				vendorStatus: 'active',
				assignee: { id: 926, name: null, email: null },
				team: null,
				labels: [],
				priority: null,
				contact: { id: 322842, name: 'John Doe', email: 'johndoe@response.example', phone: null },
				createdAt: '2024-03-01T10:00:00.000Z',
				updatedAt: '2024-03-01T10:05:00.000Z',
				raw: expect.objectContaining({ id: ID, active: true }),
			});
		});

		test("an unknown conversation: the vendor's 404, naming the item", async () => {
			const result = await conversation('get', '5000');
			expect(result.error?.message).toBe('User.com answered 404: Not found. (item 0)');
		});
	});

	describe('Conversation → Get Messages', () => {
		test.each(['flat', 'results'] as const)('the latest N, oldest first, in the trigger\'s item shape; Return All over Max Messages fails (%s)', async (envelope) => {
			userEngage().features.conversationEnvelope = envelope;
			userEngage().seedHistory(ID, 1000);
			const latest = await conversation('getMessages', String(ID), { limit: 20 });
			expect(latest.error).toBeUndefined();
			expect(latest.output).toHaveLength(20);
			expect(latest.output![19].json).toMatchObject({ platform: 'userEngage', conversationId: String(ID), content: 'Agent reply 1000', sender: { type: 'agent' } });
			expect(latest.output![18].json).toMatchObject({ content: 'Customer message 999', sender: { type: 'customer', id: '322842' } });

			const all = await conversation('getMessages', String(ID), { returnAll: true });
			expect(all.output).toHaveLength(1002);
			const capped = await conversation('getMessages', String(ID), { returnAll: true, options: { maxMessages: 1000 } });
			expect(capped.error?.message).toBe(`Max Messages is 1000, and conversation ${ID} has more messages (item 0)`);
		});
	});

	describe('Conversation → Set Status', () => {
		test('closed: PATCH with `active` (always sent); again: nothing written', async () => {
			const first = await conversation('setStatus', String(ID), { status: 'closed' });
			expect(first.error).toBeUndefined();
			expect(writes(userEngage().requests).map((request) => [`${request.method} ${request.path}`, request.json])).toEqual([
				[`PATCH /api/public/conversations/${ID}/`, { active: false }],
			]);
			expect(first.output![0].json).toMatchObject({ status: 'resolved', vendorStatus: 'inactive' });

			userEngage().requests.length = 0;
			await conversation('setStatus', String(ID), { status: 'closed' });
			expect(writes(userEngage().requests)).toEqual([]);
			expect(userEngage().stateChanges.map((change) => [change.field, change.to])).toEqual([['active', false]]);
		});
	});

	describe('Conversation → Assign', () => {
		test('by agent ID, sending the current `active`, read back; again: nothing written', async () => {
			const first = await conversation('assign', String(ID), { agentId: '927' });
			expect(first.error).toBeUndefined();
			expect(writes(userEngage().requests).map((request) => request.json)).toEqual([{ active: true, assigned_to: 927 }]);
			expect(first.output![0].json.assignee).toMatchObject({ id: 927 });

			userEngage().requests.length = 0;
			await conversation('assign', String(ID), { agentId: '927' });
			expect(writes(userEngage().requests)).toEqual([]);
			expect(userEngage().stateChanges.map((change) => [change.field, change.to])).toEqual([['agent', 927]]);
		});

		test('a closed conversation stays closed; a bad Agent ID on one item stops the node before any write', async () => {
			await conversation('setStatus', String(ID), { status: 'closed' });
			userEngage().requests.length = 0;
			await conversation('assign', String(ID), { agentId: '927' });
			expect(writes(userEngage().requests).map((request) => request.json)).toEqual([{ active: false, assigned_to: 927 }]);

			userEngage().requests.length = 0;
			const items = [{ json: { agent: '926' } }, { json: { agent: 'Alice' } }];
			const result = await run({ resource: 'conversation', operation: 'assign', conversationId: locator(String(ID)), agentId: '={{ $json.agent }}' }, { items });
			expect(result.error?.message).toMatch(/^Agent ID .* \(item 1\)$/);
			expect(userEngage().requests).toEqual([]);
		});
	});

	describe('Contact → Find / Create or Update', () => {
		test('Find by email: the user, attributes by name; none → no item', async () => {
			const found = await run({ resource: 'contact', operation: 'find', email: 'johndoe@response.example' });
			expect(found.output!.map((item) => item.json)).toEqual([
				expect.objectContaining({ platform: 'userEngage', id: 322842, name: 'John Doe', email: 'johndoe@response.example', customAttributes: {} }),
			]);
			const none = await run({ resource: 'contact', operation: 'find', email: 'nobody@response.example' });
			expect(none.error).toBeUndefined();
			expect(none.output ?? []).toEqual([]);
		});

		test('Create or Update by Custom ID: created, then updated; an attribute the app lacks is the vendor\'s error with its status', async () => {
			const parameters = { resource: 'contact', operation: 'upsert', customId: 'customer-4711', email: 'new@response.example', firstName: 'Nora', lastName: 'New', customAttributes: '{"plan":"gold"}' };
			const created = await run(parameters);
			expect(created.error).toBeUndefined();
			expect(writes(userEngage().requests).map((request) => request.json)).toEqual([
				{ custom_id: 'customer-4711', email: 'new@response.example', first_name: 'Nora', last_name: 'New', plan: 'gold' },
			]);
			expect(created.output![0].json).toMatchObject({ name: 'Nora New', email: 'new@response.example', customAttributes: { plan: 'gold' }, created: true });

			const again = await run({ ...parameters, customAttributes: '{"plan":"platinum"}' });
			expect(again.output![0].json).toMatchObject({ customAttributes: { plan: 'platinum' }, created: false });
			expect(userEngage().contacts.filter((user) => user.custom_id === 'customer-4711')).toHaveLength(1);

			const refused = await run({ ...parameters, customAttributes: '{"favourite_colour":"teal"}' });
			expect(refused.error?.message).toMatch(/^User\.com answered 400: .*favourite_colour.*Attribute does not exist\..* \(item 0\)$/);
		});

		test('a standard field given as a custom attribute: an error naming the parameter, nothing sent', async () => {
			const result = await run({ resource: 'contact', operation: 'upsert', customId: 'c-1', customAttributes: '{"email":"x@y.example"}' });
			expect(result.error?.message).toBe('Custom Attributes "email" is a field of its own, not a custom attribute (item 0)');
			expect(userEngage().requests).toEqual([]);
		});
	});
});
