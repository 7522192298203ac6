/**
 * Conversation Actions on Zendesk Support, through n8n's engine to the strict mock
 * (vendor-zendesk.md §7–8): each operation's requests and output, a second identical run that
 * writes nothing, unknown ids and names stopped before any write, vendor errors, Continue On Fail,
 * Get Messages over a history longer than a page, the contact actions.
 */
import { ConversationActions } from '../nodes/ConversationMessages/ConversationActions.node';

import { ACTIONS_NODE_TYPE, editorContext, runNode } from './helpers/engine';
import type { RecordedRequest } from './helpers/vendors';
import { credentialsFor, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
const zendesk = () => mocks().zendesk;

type Parameters = Record<string, unknown>;
interface More {
	items?: Array<{ json: Record<string, unknown> }>;
	continueOnFail?: boolean;
}

const run = async (parameters: Parameters, more: More = {}) =>
	await runNode({
		nodeType: ACTIONS_NODE_TYPE,
		parameters: { platform: 'zendesk', ...parameters } as never,
		credentials: credentialsFor(mocks(), 'zendesk'),
		items: more.items as never,
		continueOnFail: more.continueOnFail,
	});
const ticket = (operation: string, ticketId: unknown, parameters: Parameters = {}, more: More = {}) =>
	run({ resource: 'conversation', operation, conversationId: { __rl: true, mode: 'id', value: ticketId }, ...parameters }, more);
const contact = (operation: string, parameters: Parameters) => run({ resource: 'contact', operation, ...parameters });
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

const line = (request: RecordedRequest) => `${request.method} ${request.path}`;
const requested = () => zendesk().requests.map(line);
const writes = () => zendesk().requests.filter((request) => request.method !== 'GET');

/** Runs it twice: the second run must send no write and change nothing. */
async function twice(action: () => ReturnType<typeof run>) {
	const first = await action();
	expect(first.error).toBeUndefined();
	const changed = zendesk().ticketChanges.length;
	zendesk().requests.length = 0;
	const second = await action();
	expect(second.error).toBeUndefined();
	expect(writes().map(line)).toEqual([]);
	expect(zendesk().ticketChanges.length).toBe(changed);
	expect(second.output!.map((item) => item.json)).toEqual(first.output!.map((item) => item.json));
	return first;
}

describe('Conversation → Get', () => {
	test('the ticket normalised: status, agent and group named, tags, priority, requester; raw kept', async () => {
		Object.assign(zendesk().tickets.get(101)!, { status: 'hold', assignee_id: 9003, group_id: 7002, tags: ['vip'], priority: 'high' });
		const result = await ticket('get', '101');
		expect(result.error).toBeUndefined();
		expect(requested()).toEqual(['GET /api/v2/tickets/101', 'GET /api/v2/users', 'GET /api/v2/groups', 'GET /api/v2/users/501']);
		expect(result.output![0].json).toEqual({
			platform: 'zendesk',
			conversationId: '101',
			accountId: null,
			status: 'pending',
			vendorStatus: 'hold',
			assignee: { id: '9003', name: 'Tom Tier2', email: 'tom@acme.example' },
			team: { id: '7002', name: 'Billing' },
			labels: ['vip'],
			priority: 'high',
			subject: 'Order 1042 is missing an item',
			contact: { id: '501', name: 'Carla Customer', email: 'carla@customer.example', phone: null },
			createdAt: '2024-01-01T09:00:00.000Z',
			updatedAt: '2024-01-01T09:00:00.000Z',
			raw: expect.objectContaining({ id: 101, status: 'hold' }),
		});
		// Agents are listed with both roles, as the pickers list them.
		expect(zendesk().requests[1].query['role[]']).toEqual(['agent', 'admin']);
	});

	test('an unknown ticket: Zendesk\'s 404 with its message, naming the item; Continue On Fail keeps the others', async () => {
		const result = await ticket('get', '9999');
		expect(result.error?.message).toBe('Zendesk answered 404: RecordNotFound: Not found (item 0)');
		const items = [{ json: { id: '9999' } }, { json: { id: '102' } }];
		const batch = await ticket('get', '={{ $json.id }}', {}, { items, continueOnFail: true });
		expect(batch.output!.map((item) => item.json.error ?? item.json.conversationId)).toEqual(['Zendesk answered 404: RecordNotFound: Not found (item 0)', '102']);
	});
});

describe('Conversation → Get Messages', () => {
	test('the latest comments oldest first, notes left out unless asked; paged over a long history', async () => {
		zendesk().seedComments(102, 250);
		// Seeded comment 246 is a private note (the mock's every fifth agent comment): left out.
		const latest = await ticket('getMessages', '102', { limit: 5 });
		expect(latest.output!.map((item) => item.json.content)).toEqual(['Seeded comment 245', 'Seeded comment 247', 'Seeded comment 248', 'Seeded comment 249', 'Seeded comment 250']);
		expect(latest.output![0].json).toMatchObject({ platform: 'zendesk', conversationId: '102', sender: { type: 'customer', id: '502' }, private: false });
		const all = await ticket('getMessages', '102', { returnAll: true, options: { includePrivateNotes: true } });
		expect(all.output).toHaveLength(251);
		expect(all.output![0].json.content).toBe('First message of Support request 2');
		expect(zendesk().requests.filter((request) => request.path.endsWith('/comments')).length).toBeGreaterThanOrEqual(4);
		const capped = await ticket('getMessages', '102', { returnAll: true, options: { maxMessages: 100 } });
		expect(capped.error?.message).toBe('Max Messages is 100, and conversation 102 has more messages (item 0)');
	});

	test('As One Transcript: one item, a line per comment', async () => {
		zendesk().addComment(103, { authorId: 9001, body: 'We will check' });
		const result = await ticket('getMessages', '103', { options: { asTranscript: true } });
		expect(result.output).toHaveLength(1);
		expect(result.output![0].json).toEqual({
			platform: 'zendesk',
			conversationId: '103',
			accountId: null,
			messageCount: 2,
			transcript: 'customer: First message of Support request 3\nagent: We will check',
		});
	});
});

describe('Conversation → Assign', () => {
	test('an agent by email and a group by name, in one update; a repeat writes nothing', async () => {
		const first = await twice(() => ticket('assign', '104', { agent: locator('tom@acme.example'), team: locator('billing') }));
		expect(zendesk().ticketChanges.map(({ field, to }) => [field, to])).toEqual([
			['assignee_id', 9003],
			['group_id', 7002],
		]);
		expect(first.output![0].json).toMatchObject({ assignee: { id: '9003', name: 'Tom Tier2' }, team: { id: '7002', name: 'Billing' } });
	});

	test('Unassign from the agent and the group sends null; an unknown agent fails before any write', async () => {
		Object.assign(zendesk().tickets.get(105)!, { assignee_id: 9003, group_id: 7001 });
		const result = await ticket('assign', '105', { assignment: 'unassign', unassignFrom: ['agent', 'team'] });
		expect(result.error).toBeUndefined();
		expect(writes().map((request) => request.json)).toEqual([{ ticket: { assignee_id: null, group_id: null } }]);
		zendesk().requests.length = 0;
		const unknown = await ticket('assign', '105', { agent: locator('nobody@acme.example') });
		expect(unknown.error?.message).toBe('Agent names "nobody@acme.example", not an agent of this Zendesk account (item 0)');
		expect(writes()).toEqual([]);
	});
});

describe('Conversation → Set Status and Set Priority', () => {
	test('Set Status pending, stated not toggled; a repeat writes nothing; closed is not offered', async () => {
		const first = await twice(() => ticket('setStatus', '106', { status: 'pending' }));
		expect(first.output![0].json).toMatchObject({ status: 'pending', vendorStatus: 'pending' });
		const closed = await ticket('setStatus', '106', { status: 'closed' });
		expect(closed.error?.message).toMatch(/^Status must be one of open, pending, hold, solved/);
	});

	test('Set Priority urgent, then None clears it with null; repeats write nothing', async () => {
		await twice(() => ticket('setPriority', '107', { priority: 'urgent' }));
		await twice(() => ticket('setPriority', '107', { priority: 'none' }));
		expect(zendesk().ticketChanges.map(({ field, to }) => [field, to])).toEqual([
			['priority', 'urgent'],
			['priority', null],
		]);
	});
});

describe('Conversation → Add Tags and Remove Tags', () => {
	test('adds through the tag endpoint only what is missing, removes only what is there; repeats write nothing', async () => {
		zendesk().tickets.get(108)!.tags = ['vip'];
		await twice(() => ticket('addLabels', '108', { tags: 'VIP, refund,ai-handling' }));
		expect(zendesk().tickets.get(108)!.tags).toEqual(['vip', 'refund', 'ai-handling']);
		zendesk().requests.length = 0;
		await ticket('removeLabels', '108', { tags: 'ai-handling, never-there' });
		expect(writes().map((request) => [line(request), request.json])).toEqual([['DELETE /api/v2/tickets/108/tags', { tags: ['ai-handling'] }]]);
		expect(zendesk().tickets.get(108)!.tags).toEqual(['vip', 'refund']);
	});

	test('a tag with a space fails the item before anything is sent', async () => {
		const result = await ticket('addLabels', '108', { tags: 'needs review' });
		expect(result.error?.message).toBe('Tags has "needs review", a tag with a space (item 0)');
		expect(zendesk().requests).toEqual([]);
	});
});

describe('Contact → Find and Create or Update', () => {
	test('Find: exact email matches only (the search also matches parts of addresses)', async () => {
		const found = await contact('find', { email: 'CARLA@customer.example' });
		expect(found.output!.map((item) => item.json)).toEqual([expect.objectContaining({ platform: 'zendesk', id: '501', name: 'Carla Customer', role: 'end-user' })]);
		const none = await contact('find', { email: 'customer.example@nowhere.example' });
		expect(none.output).toEqual([]);
	});

	test('Create or Update: created once, then the same user; an unchanged name writes nothing', async () => {
		const created = await contact('upsert', { email: 'new.person@customer.example', name: 'New Person' });
		expect(created.output![0].json).toMatchObject({ email: 'new.person@customer.example', name: 'New Person', created: true });
		zendesk().requests.length = 0;
		const again = await contact('upsert', { email: 'new.person@customer.example', name: 'New Person' });
		expect(again.output![0].json).toMatchObject({ id: created.output![0].json.id, created: false });
		expect(writes()).toEqual([]);
		const renamed = await contact('upsert', { email: 'new.person@customer.example', name: 'New P. Person' });
		expect(renamed.output![0].json).toMatchObject({ id: created.output![0].json.id, name: 'New P. Person', created: false });
	});
});

describe('pickers', () => {
	test('agents (agents and admins, no end users) and groups from Zendesk', async () => {
		const context = editorContext({ nodeType: ACTIONS_NODE_TYPE, parameters: { platform: 'zendesk' }, credentials: credentialsFor(mocks(), 'zendesk') });
		const methods = new ConversationActions().methods.listSearch;
		const agents = await methods.searchZendeskAgents.call(context);
		expect(agents.results.map((result) => result.value)).toEqual(['9001', '9002', '9003']);
		const groups = await methods.searchZendeskGroups.call(context, 'bill');
		expect(groups.results).toEqual([{ name: 'Billing', value: '7002' }]);
	});
});
