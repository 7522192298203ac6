/**
 * Conversation Actions on the Chatwoot family (99digital / any Chatwoot; LiveDesk's status and
 * contacts), through n8n's engine to the strict mocks: each operation's requests and output, a
 * second identical run that changes nothing, unknown ids, vendor errors, bot tokens, Continue On Fail.
 */
import { ConversationActions } from '../nodes/ConversationMessages/ConversationActions.node';

import { ACTIONS_NODE_TYPE, editorContext, runNode } from './helpers/engine';
import { ALL_SECRETS, CREDENTIALS, credentialsFor, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
const chatwoot = () => mocks().ninetyNineDigital;

type Parameters = Record<string, unknown>;
interface More {
	items?: Array<{ json: Record<string, unknown> }>;
	continueOnFail?: boolean;
	token?: string;
}

const run = async (parameters: Parameters, more: More = {}) =>
	await runNode({
		nodeType: ACTIONS_NODE_TYPE,
		parameters: { platform: 'ninetyNineDigital', accountId: '7', ...parameters } as never,
		credentials: credentialsFor(mocks(), 'ninetyNineDigital', more.token ? { accessToken: more.token } : {}),
		items: more.items as never,
		continueOnFail: more.continueOnFail,
	});
const writes = () => chatwoot().requests.filter((request) => request.method !== 'GET');
const noSecretIn = (value: unknown) => {
	const text = JSON.stringify(value);
	for (const secret of ALL_SECRETS) expect(text).not.toContain(secret);
};
/** Runs the same node twice: the second run must change nothing at the vendor. */
const idempotent = async (once: () => Promise<{ error?: unknown }>) => {
	const first = await once();
	expect(first.error).toBeUndefined();
	const changes = chatwoot().stateChanges.length;
	const writesBefore = writes().length;
	const second = await once();
	expect(second.error).toBeUndefined();
	expect(chatwoot().stateChanges).toHaveLength(changes);
	return { first, second, writesInSecond: writes().slice(writesBefore) };
};
/** Runs the same node twice (for what the mock keeps no state changes of: contacts): the writes of the second run. */
const idempotentWrites = async (once: () => Promise<{ error?: unknown; output?: Array<{ json: Record<string, unknown> }> }>) => {
	const first = await once();
	expect(first.error).toBeUndefined();
	const writesBefore = writes().length;
	const second = await once();
	expect(second.error).toBeUndefined();
	return { first, second, writesInSecond: writes().slice(writesBefore) };
};
const conversation = (operation: string, conversationId: unknown, parameters: Parameters = {}, more: More = {}) =>
	run({ resource: 'conversation', operation, conversationId: { __rl: true, mode: 'id', value: conversationId }, ...parameters }, more);

describe('Conversation → Get', () => {
	test('the conversation, normalised, with the vendor\'s own answer as raw', async () => {
		chatwoot().seedConversation(12, { status: 'pending', assignee: { type: 'User', id: 2 }, teamId: 8, labels: ['vip'], priority: 'high' });
		const result = await conversation('get', '12');
		expect(result.error).toBeUndefined();
		expect(chatwoot().requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/accounts/7/conversations/12']);
		const [item] = result.output!;
		expect(item.json).toEqual({
			platform: 'ninetyNineDigital',
			conversationId: '12',
			accountId: 7,
			status: 'pending',
			vendorStatus: 'pending',
			assignee: { id: 2, name: 'Eli Agent', email: 'eli.agent@acme.example' },
			team: { id: 8, name: 'Shipping' },
			labels: ['vip'],
			priority: 'high',
			contact: { id: 1012, name: 'Contact 12', email: 'contact12@customer.example', phone: null },
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			raw: expect.objectContaining({ id: 12, status: 'pending' }),
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('an unknown conversation: the vendor\'s 404 with its message, naming the item', async () => {
		const result = await conversation('get', '5000');
		expect(result.error?.message).toBe('99digital (Chatwoot) answered 404: Resource could not be found (item 0)');
	});

	test('an operation the platform lacks (saved by hand or another version): an error naming the parameter and the item, nothing sent', async () => {
		const result = await conversation('archive', '12');
		expect(result.error?.message).toBe('Operation "archive" is not a 99digital / Chatwoot conversation operation (item 0)');
		expect(chatwoot().requests).toHaveLength(0);
	});
});

describe('Conversation → Get Messages', () => {
	const seeded = () => chatwoot().seedHistory(40, 1000);

	test('Limit 50 (default): the latest 50 customer, agent and bot messages, oldest first, in the trigger\'s item shape', async () => {
		const history = seeded();
		const result = await conversation('getMessages', '40', { limit: 50 });
		expect(result.error).toBeUndefined();
		const public_ = history.filter((message) => !message.private);
		const expected = public_.slice(-50);
		expect(result.output!.map((item) => item.json.messageId)).toEqual(expected.map((message) => String(message.id)));
		const first = result.output![0].json;
		expect(Object.keys(first).sort()).toEqual(['accountId', 'attachments', 'content', 'conversationId', 'createdAt', 'messageId', 'platform', 'private', 'raw', 'sender'].sort());
		expect(first).toMatchObject({ platform: 'ninetyNineDigital', conversationId: '40', accountId: 7, private: false });
		const roles = new Set(result.output!.map((item) => (item.json.sender as { type: string }).type));
		expect(roles).toEqual(new Set(['customer', 'agent', 'bot']));
		for (const item of result.output!) expect(item.pairedItem).toEqual({ item: 0 });
		// pages of 20, read backwards: 3 reads for 50, private notes filtered by the server
		const reads = chatwoot().requests.filter((request) => request.path.endsWith('/messages'));
		expect(reads).toHaveLength(3);
		expect(reads[0].query).toEqual({ filter_internal_messages: 'true' });
		expect(reads[1].query.before).toBeDefined();
		expect(writes()).toHaveLength(0);
	});

	test('Return All reads the whole 1,000-message history; Include Private Notes keeps the notes', async () => {
		const history = seeded();
		const result = await conversation('getMessages', '40', { returnAll: true, options: { includePrivateNotes: true } });
		expect(result.error).toBeUndefined();
		expect(result.output!.map((item) => item.json.messageId)).toEqual(history.map((message) => String(message.id)));
		expect(result.output!.filter((item) => item.json.private)).toHaveLength(100);
	});

	test('private notes are filtered even by a server that ignores filter_internal_messages', async () => {
		seeded();
		chatwoot().features.filterInternalMessages = false;
		const result = await conversation('getMessages', '40', { limit: 30 });
		expect(result.output).toHaveLength(30);
		expect(result.output!.some((item) => item.json.private)).toBe(false);
	});

	test('Return All past Max Messages: the item fails naming the option', async () => {
		seeded();
		const result = await conversation('getMessages', '40', { returnAll: true, options: { maxMessages: 100 } });
		expect(result.error?.message).toBe('Max Messages is 100, and conversation 40 has more messages (item 0)');
	});

	test('As One Transcript: one item with role-tagged lines, oldest first', async () => {
		const history = seeded();
		const result = await conversation('getMessages', '40', { limit: 10, options: { asTranscript: true, includePrivateNotes: true } });
		expect(result.output).toHaveLength(1);
		const { transcript, messageCount } = result.output![0].json as { transcript: string; messageCount: number };
		expect(messageCount).toBe(10);
		const lines = transcript.split('\n');
		expect(lines).toHaveLength(10);
		const last = history[history.length - 1];
		expect(lines[9]).toMatch(new RegExp(`^(customer|agent|bot|note): ${last.content}`));
		expect(lines.some((line) => line.startsWith('note: Private note'))).toBe(true);
	});

	test('Download Attachments: files on the items as binary, as the trigger puts them', async () => {
		seeded();
		const result = await conversation('getMessages', '40', { limit: 25, options: { downloadAttachments: true } });
		const withFile = result.output!.filter((item) => (item.json.attachments as unknown[]).length);
		expect(withFile.length).toBeGreaterThan(0);
		expect(withFile[0].binary?.attachment_0).toBeDefined();
		expect((withFile[0].json.attachments as Array<{ binaryProperty?: string }>)[0].binaryProperty).toBe('attachment_0');
	});

	test('an agent bot\'s token: an error naming the operation and saying a user token is needed', async () => {
		const result = await conversation('getMessages', '40', {}, { token: CREDENTIALS.ninetyNineDigital.botAccessToken });
		expect(result.error?.message).toBe('Get Messages needs a user access token: 99digital (Chatwoot) answered 401: Access to this endpoint is not authorized for bots (item 0)');
		noSecretIn(result.error);
	});
});

describe('Conversation → Assign', () => {
	test('agent and team by name: team first, then the agent; a second run writes nothing', async () => {
		const { first, writesInSecond } = await idempotent(() => conversation('assign', '20', { agent: { __rl: true, mode: 'id', value: '={{ "Eli Agent" }}' }, team: { __rl: true, mode: 'list', value: '8' } }));
		const posts = writes().filter((request) => request.path.endsWith('/assignments'));
		expect(posts.map((request) => request.json)).toEqual([{ team_id: 8 }, { assignee_id: 2 }]);
		expect(writesInSecond).toEqual([]);
		expect(first.error).toBeUndefined();
		expect(chatwoot().conversationState(20)).toMatchObject({ teamId: 8, assignee: { type: 'User', id: 2 } });
	});

	test('the output is the conversation after the change', async () => {
		const result = await conversation('assign', '21', { agent: { __rl: true, mode: 'id', value: '3' } });
		expect(result.output![0].json).toMatchObject({ conversationId: '21', assignee: { id: 3, name: 'Gil Agent' } });
	});

	test('Unassign sends the key with null, and only when something is assigned', async () => {
		chatwoot().seedConversation(22, { assignee: { type: 'User', id: 2 }, teamId: 8 });
		await idempotent(() => conversation('assign', '22', { assignment: 'unassign', unassignFrom: ['agent', 'team'] }));
		expect(writes().map((request) => request.json)).toEqual([{ team_id: null }, { assignee_id: null }]);
		expect(chatwoot().conversationState(22)).toMatchObject({ teamId: null, assignee: null });
	});

	test('an unknown agent fails before any write, naming the parameter, the item and the account\'s agents', async () => {
		const result = await conversation('assign', '20', { agent: { __rl: true, mode: 'id', value: 'Nobody' }, team: { __rl: true, mode: 'id', value: '8' } });
		expect(result.error?.message).toBe('Agent "Nobody" is not an agent of this account (item 0)');
		expect(result.error?.description).toContain('Eli Agent (2)');
		expect(writes()).toHaveLength(0);
	});

	test('an agent bot\'s token cannot list agents: the name check says Assign needs a user token, before any write', async () => {
		const result = await conversation('assign', '20', { agent: { __rl: true, mode: 'id', value: 'Eli Agent' } }, { token: CREDENTIALS.ninetyNineDigital.botAccessToken });
		expect(result.error?.message).toBe('Assign needs a user access token: 99digital (Chatwoot) answered 401: Access to this endpoint is not authorized for bots (item 0)');
		expect(writes()).toHaveLength(0);
		noSecretIn(result);
	});

	test('Continue On Fail: a bad item becomes an error item in its place, the others run, paired in order', async () => {
		const result = await conversation(
			'assign',
			'={{ $json.id }}',
			{ team: { __rl: true, mode: 'id', value: '={{ $json.team }}' } },
			{ continueOnFail: true, items: [{ json: { id: 23, team: 'Billing' } }, { json: { id: 24, team: 'Nope' } }, { json: { id: 5000, team: '10' } }, { json: { id: 25, team: '10' } }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.output!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.output![0].json).toMatchObject({ team: { id: 9 } });
		expect(result.output![1].json.error).toBe('Team "Nope" is not a team of this account (item 1)');
		expect(result.output![2].json.error).toBe('99digital (Chatwoot) answered 404: Resource could not be found (item 2)');
		expect(result.output![3].json).toMatchObject({ team: { id: 10 } });
	});
});

describe('Conversation → Set Status', () => {
	test('always an explicit status; a second run (already so) writes nothing', async () => {
		const { writesInSecond } = await idempotent(() => conversation('setStatus', '30', { status: 'resolved' }));
		expect(writes().map((request) => request.json)).toEqual([{ status: 'resolved' }]);
		expect(writesInSecond).toEqual([]);
		expect(chatwoot().conversationState(30)?.status).toBe('resolved');
	});

	test('snoozed until a time: snoozed_until in unix seconds', async () => {
		const until = new Date(Date.now() + 3_600_000);
		await idempotent(() => conversation('setStatus', '31', { status: 'snoozed', snoozeUntil: until.toISOString() }));
		expect(writes().map((request) => request.json)).toEqual([{ status: 'snoozed', snoozed_until: Math.floor(until.getTime() / 1000) }]);
	});

	test('a snooze time in the past fails before any write', async () => {
		const result = await conversation('setStatus', '31', { status: 'snoozed', snoozeUntil: '2020-01-01T00:00:00Z' });
		expect(result.error?.message).toBe('Snooze Until is in the past: 2020-01-01T00:00:00.000Z (item 0)');
		expect(chatwoot().requests).toHaveLength(0);
	});

	test('an unknown status (by expression) fails before any write', async () => {
		const result = await conversation('setStatus', '31', { status: '={{ "closed" }}' });
		expect(result.error?.message).toBe('Status must be one of open, pending, resolved, snoozed, got "closed" (item 0)');
		expect(chatwoot().requests).toHaveLength(0);
	});
});

describe('Conversation → Add Labels / Remove Labels', () => {
	test('add keeps the labels the conversation has (read-modify-write), lowercases titles; a repeat writes nothing', async () => {
		chatwoot().seedConversation(33, { labels: ['billing'] });
		const { writesInSecond } = await idempotent(() => conversation('addLabels', '33', { labels: '={{ "VIP, refund" }}' }));
		expect(writes().map((request) => request.json)).toEqual([{ labels: ['billing', 'vip', 'refund'] }]);
		expect(writesInSecond).toEqual([]);
		expect(chatwoot().conversationState(33)?.labels).toEqual(['billing', 'vip', 'refund']);
	});

	test('remove keeps the others', async () => {
		chatwoot().seedConversation(34, { labels: ['billing', 'vip'] });
		const result = await conversation('removeLabels', '34', { labels: ['vip'] });
		expect(result.output![0].json.labels).toEqual(['billing']);
		expect(writes().map((request) => request.json)).toEqual([{ labels: ['billing'] }]);
	});

	test('a label the account does not have fails before any write', async () => {
		const result = await conversation('addLabels', '33', { labels: ['vip', 'nonsense'] });
		expect(result.error?.message).toBe('Label Names or IDs names "nonsense", not a label of this account (item 0)');
		expect(writes()).toHaveLength(0);
	});
});

describe('Conversation → Set Priority, Typing Indicator', () => {
	test('a priority, then None clears it with null (never "none"); repeats write nothing', async () => {
		await idempotent(() => conversation('setPriority', '35', { priority: 'urgent' }));
		await idempotent(() => conversation('setPriority', '35', { priority: 'none' }));
		expect(writes().map((request) => request.json)).toEqual([{ priority: 'urgent' }, { priority: null }]);
		expect(chatwoot().conversationState(35)?.priority).toBeNull();
	});

	test('typing on', async () => {
		const result = await conversation('setTyping', '36', { typing: 'on' });
		expect(result.output![0].json).toMatchObject({ conversationId: '36', typing: 'on', success: true });
		expect(chatwoot().typingEvents).toMatchObject([{ conversationId: 36, status: 'on' }]);
	});
});

describe('Contact → Find, Create or Update (99digital / Chatwoot)', () => {
	const contact = (operation: string, parameters: Parameters = {}, more: More = {}) => run({ resource: 'contact', operation, ...parameters }, more);

	test('Find by email: exact matches only (benoa@… contains noa@…), normalised', async () => {
		const result = await contact('find', { contactBy: 'email', contactValue: 'NOA@customer.example' });
		expect(result.error).toBeUndefined();
		expect(result.output!.map((item) => item.json.id)).toEqual([51]);
		expect(result.output![0].json).toMatchObject({ platform: 'ninetyNineDigital', accountId: 7, name: 'Noa Levi', email: 'noa@customer.example', phone: '+972501234567', identifier: 'crm-51' });
	});

	test('Find by phone number gives every exact match; by ID one, or none', async () => {
		const both = await contact('find', { contactBy: 'phoneNumber', contactValue: '+972521111111' });
		expect(both.output!.map((item) => item.json.id)).toEqual([53, 54]);
		const byId = await contact('find', { contactBy: 'id', contactValue: '55' });
		expect(byId.output!.map((item) => item.json.email)).toEqual(['nophone@customer.example']);
		const none = await contact('find', { contactBy: 'id', contactValue: '9999' });
		expect(none.error).toBeUndefined();
		expect(none.output ?? []).toEqual([]);
	});

	test('Create or Update an existing contact: PUT only what differs; a second run writes nothing', async () => {
		const { first, writesInSecond } = await idempotentWrites(() =>
			contact('upsert', { contactBy: 'email', contactValue: 'noa@customer.example', contactName: 'Noa Levi', customAttributes: '{"plan": "pro"}' }),
		);
		expect(writes().map((request) => [request.method, request.path, request.json])).toEqual([['PUT', '/api/v1/accounts/7/contacts/51', { custom_attributes: { plan: 'pro' } }]]);
		expect(writesInSecond).toEqual([]);
		expect(first.output![0].json).toMatchObject({ id: 51, created: false, customAttributes: { plan: 'pro' } });
	});

	test('Create or Update a new contact: created (and found, unchanged, the second time)', async () => {
		const { first, second, writesInSecond } = await idempotentWrites(() =>
			contact('upsert', { contactBy: 'identifier', contactValue: 'crm-900', contactName: 'New One', customAttributes: '{"tier": 2}' }),
		);
		expect(writes().map((request) => [request.method, request.json])).toEqual([['POST', { identifier: 'crm-900', custom_attributes: { tier: 2 }, name: 'New One' }]]);
		expect(first.output![0].json).toMatchObject({ created: true, identifier: 'crm-900', name: 'New One' });
		expect(second.output![0].json).toMatchObject({ created: false, identifier: 'crm-900' });
		expect(writesInSecond).toEqual([]);
	});

	test('a duplicate answer (422 "has already been taken", no id) searches again and updates', async () => {
		// The first search misses the contact (created meanwhile by someone else).
		chatwoot().failNext({ status: 200, body: { meta: { count: 0, current_page: 1 }, payload: [] }, match: (request) => request.path.endsWith('/contacts/search') });
		const result = await contact('upsert', { contactBy: 'email', contactValue: 'noa@customer.example', contactName: 'Noa L.' });
		expect(result.error).toBeUndefined();
		expect(writes().map((request) => [request.method, request.path, request.status])).toEqual([
			['POST', '/api/v1/accounts/7/contacts', 422],
			['PUT', '/api/v1/accounts/7/contacts/51', 200],
		]);
		expect(result.output![0].json).toMatchObject({ id: 51, name: 'Noa L.', created: false });
	});

	test('bad input fails before any request: an email that is not one', async () => {
		const result = await contact('upsert', { contactBy: 'email', contactValue: 'not-an-email' });
		expect(result.error?.message).toBe('Contact is not a valid email address: "not-an-email" (item 0)');
		expect(chatwoot().requests).toHaveLength(0);
	});
});

describe('EngageLab LiveDesk: Set Status, Contact Find / Create or Update only', () => {
	const engageLab = () => mocks().engageLab;
	const liveDesk = (parameters: Parameters) =>
		runNode({ nodeType: ACTIONS_NODE_TYPE, parameters: { platform: 'engageLab', ...parameters } as never, credentials: credentialsFor(mocks(), 'engageLab') });

	test('Set Status: explicit status; a repeat changes nothing; the output is LiveDesk\'s answer, normalised', async () => {
		const once = () => liveDesk({ resource: 'conversation', operation: 'setStatus', conversationId: { __rl: true, mode: 'id', value: '141' }, status: 'resolved' });
		const first = await once();
		expect(first.error).toBeUndefined();
		const changes = engageLab().stateChanges.length;
		await once();
		expect(engageLab().stateChanges).toHaveLength(changes);
		expect(engageLab().requests.map((request) => [request.method, request.path, request.json])).toEqual([
			['POST', '/api/v2/accounts/conversations/141/toggle_status', { status: 'resolved' }],
			['POST', '/api/v2/accounts/conversations/141/toggle_status', { status: 'resolved' }],
		]);
		expect(first.output![0].json).toMatchObject({ platform: 'engageLab', conversationId: '141', status: 'resolved' });
	});

	test('a transition LiveDesk refuses: its error, with its status', async () => {
		engageLab().seedConversation(142, { status: 'closed' });
		const result = await liveDesk({ resource: 'conversation', operation: 'setStatus', conversationId: { __rl: true, mode: 'id', value: '142' }, status: 'pending' });
		expect(result.error?.message).toBe('EngageLab LiveDesk answered 422: Cannot change status from closed to pending (item 0)');
	});

	test('what LiveDesk does not document is not offered', async () => {
		const result = await liveDesk({ resource: 'conversation', operation: 'get', conversationId: { __rl: true, mode: 'id', value: '141' } });
		expect(result.error?.message).toBe('Operation "get" is not an EngageLab LiveDesk conversation operation (item 0)');
		expect(engageLab().requests).toHaveLength(0);
	});

	test('Create or Update: created in the inbox, then PATCHed where it differs', async () => {
		const upsert = (name: string) =>
			liveDesk({ resource: 'contact', operation: 'upsert', contactBy: 'email', contactValue: 'new@customer.example', contactName: name, inboxId: '79', customAttributes: '{"vip": true}' });
		const created = await upsert('New');
		expect(created.output![0].json).toMatchObject({ platform: 'engageLab', created: true, email: 'new@customer.example' });
		const updated = await upsert('Renamed');
		expect(updated.output![0].json).toMatchObject({ created: false, name: 'Renamed' });
		const writes = engageLab().requests.filter((request) => request.method !== 'GET');
		expect(writes.map((request) => [request.method, request.json])).toEqual([
			['POST', { email: 'new@customer.example', custom_attributes: { vip: true }, inbox_id: 79, name: 'New' }],
			['PATCH', { name: 'Renamed' }],
		]);
	});

	test('Find: exact matches of the search', async () => {
		const result = await liveDesk({ resource: 'contact', operation: 'find', contactBy: 'identifier', contactValue: 'cust-101' });
		expect(result.output!.map((item) => item.json.id)).toEqual([101]);
	});
});

describe('pickers: agents, teams and labels of the chosen account', () => {
	const { methods } = new ConversationActions();
	const context = () =>
		editorContext({
			nodeType: ACTIONS_NODE_TYPE,
			parameters: { platform: 'ninetyNineDigital', resource: 'conversation', operation: 'assign', accountId: '7' } as never,
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});

	test('agents (searchable by name or email) and teams, as the assignment takes them', async () => {
		const agents = await methods.listSearch.searchChatwootAgents.call(context() as never, 'eli');
		expect(agents.results).toEqual([{ name: 'Eli Agent (eli.agent@acme.example)', value: '2' }]);
		const teams = await methods.listSearch.searchChatwootTeams.call(context() as never);
		expect(teams.results.map((team: { name: string }) => team.name)).toEqual(['Shipping', 'Billing', 'Escalations']);
		expect(chatwoot().requests.map((request) => request.path)).toEqual(['/api/v1/accounts/7/agents', '/api/v1/accounts/7/teams']);
	});

	test('labels by title', async () => {
		const labels = await methods.loadOptions.getChatwootLabels.call(context() as never);
		expect(labels.map((label) => label.value)).toEqual(['billing', 'vip', 'refund', 'bot-handoff']);
	});
});
