/**
 * Conversation Actions on Intercom, through n8n's engine to the strict mock (vendor-actions.md
 * §4): each operation's requests and output, the acting admin (GET /me once per run), a second
 * identical run that changes nothing, unknown ids and names, vendor errors, validation before any
 * write, Continue On Fail, Get Messages over a history longer than the 500 parts Intercom returns.
 */
import type { IDataObject } from 'n8n-workflow';

import { ConversationActions } from '../nodes/ConversationMessages/ConversationActions.node';

import { ACTIONS_NODE_TYPE, editorContext, runNode } from './helpers/engine';
import type { RecordedRequest } from './helpers/vendors';
import { credentialsFor, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
const intercom = () => mocks().intercom;

type Parameters = Record<string, unknown>;
interface More {
	items?: Array<{ json: Record<string, unknown> }>;
	continueOnFail?: boolean;
}

const ME = '991267459';
const BEN = '991267460';
const ESCALATIONS = '5017692';
const VIP = '17513';
const REFUND = '17514';
const HOUR = 3600;

const run = async (parameters: Parameters, more: More = {}) =>
	await runNode({
		nodeType: ACTIONS_NODE_TYPE,
		parameters: { platform: 'intercom', ...parameters } as never,
		credentials: credentialsFor(mocks(), 'intercom'),
		items: more.items as never,
		continueOnFail: more.continueOnFail,
	});
const conversation = (operation: string, conversationId: unknown, parameters: Parameters = {}, more: More = {}) =>
	run({ resource: 'conversation', operation, conversationId: { __rl: true, mode: 'id', value: conversationId }, ...parameters }, more);
const contact = (operation: string, parameters: Parameters, more: More = {}) => run({ resource: 'contact', operation, ...parameters }, more);
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

const line = (request: RecordedRequest) => `${request.method} ${request.path}`;
const requested = () => intercom().requests.map(line);
const writes = () => intercom().requests.filter((request) => request.method !== 'GET' && request.path !== '/contacts/search');

describe('Conversation → Get', () => {
	test('the conversation normalised: closed reads "resolved", the admin, team and contact named, raw kept', async () => {
		intercom().seedConversation(12, {
			state: 'closed',
			adminAssigneeId: BEN,
			teamAssigneeId: ESCALATIONS,
			tags: [{ id: VIP, at: 1734537000, by: Number(ME) }],
		});
		const result = await conversation('get', '12');
		expect(result.error).toBeUndefined();
		expect(requested()).toEqual(['GET /conversations/12', 'GET /admins', 'GET /teams', 'GET /contacts/6762f1571bb69f9f2193bb02']);
		const [item] = result.output!;
		expect(item.json).toEqual({
			platform: 'intercom',
			conversationId: '12',
			accountId: null,
			status: 'resolved',
			vendorStatus: 'closed',
			assignee: { id: BEN, name: 'Ben Admin', email: 'ben.admin@acme.example' },
			team: { id: ESCALATIONS, name: 'Escalations' },
			labels: ['vip'],
			priority: null,
			contact: { id: '6762f1571bb69f9f2193bb02', name: 'Lea Lead', email: 'lea@leads.example', phone: null },
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			raw: expect.objectContaining({ id: '12', state: 'closed', admin_assignee_id: Number(BEN) }),
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('an unknown conversation: the vendor\'s 404 with its message, naming the item', async () => {
		const result = await conversation('get', '5000');
		expect(result.error?.message).toBe('Intercom answered 404: Resource Not Found (item 0)');
	});

	test('what Intercom lacks is not offered: priority, typing, a pending status', async () => {
		expect((await conversation('setPriority', '12')).error?.message).toBe('Operation "setPriority" is not an Intercom conversation operation (item 0)');
		expect((await conversation('setTyping', '12')).error?.message).toBe('Operation "setTyping" is not an Intercom conversation operation (item 0)');
		expect((await conversation('setStatus', '12', { status: 'pending' })).error?.message).toBe(
			'Status must be one of open, closed, snoozed, got "pending" (item 0)',
		);
		expect(intercom().requests).toHaveLength(0);
	});
});

describe('Conversation → Get Messages', () => {
	const TRIGGER_KEYS = ['accountId', 'attachments', 'content', 'conversationId', 'createdAt', 'messageId', 'platform', 'private', 'raw', 'sender'];

	test('Limit: the latest 50, oldest first, in the trigger\'s item shape, private notes left out', async () => {
		intercom().seedHistory(5, 1000);
		const result = await conversation('getMessages', '5');
		expect(result.error).toBeUndefined();
		expect(requested()).toEqual(['GET /conversations/5']);
		const items = result.output!;
		expect(items).toHaveLength(50);
		for (const item of items) expect(Object.keys(item.json).sort()).toEqual(TRIGGER_KEYS);
		expect(items.every((item) => item.json.private === false)).toBe(true);
		// 1000 seeded parts; every tenth is a note: the latest 50 non-notes end with message 1000.
		// Every tenth part is a note: the latest 50 others run from part 946 to part 1000.
		expect(items[0].json.content).toBe('Agent reply 946');
		expect(items[49].json.content).toBe('Agent reply 1000');
		const times = items.map((item) => Date.parse(item.json.createdAt as string));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect(items[0].json).toMatchObject({ platform: 'intercom', conversationId: '5', accountId: null });
		const bot = items.find((item) => /^Bot answer/.test(item.json.content as string));
		expect((bot?.json.sender as IDataObject).type).toBe('bot');
		expect(new Set(items.map((item) => JSON.stringify(item.pairedItem)))).toEqual(new Set(['{"item":0}']));
	});

	test('Return All: the first message and every part Intercom returned (its 500 most recent), and a hint that older parts are missing', async () => {
		intercom().seedHistory(5, 1000);
		const result = await conversation('getMessages', '5', { returnAll: true, options: { includePrivateNotes: true } });
		expect(result.error).toBeUndefined();
		const items = result.output!;
		expect(items).toHaveLength(501);
		expect(items[0].json.content).toBe('Seeded conversation 5');
		expect(items[1].json.content).toBe('Customer message 501');
		expect(items.filter((item) => item.json.private === true)).toHaveLength(50);
		const hints = (result.run.data.resultData.runData.Send?.[0] as { hints?: Array<{ message: string }> }).hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([expect.stringContaining('has 1000 parts; Intercom returns only the 500 most recent')]);
	});

	test('As One Transcript: one item, role-tagged lines, and the cut said in the output', async () => {
		intercom().seedHistory(5, 1000);
		const result = await conversation('getMessages', '5', { returnAll: true, options: { asTranscript: true, includePrivateNotes: true } });
		expect(result.error).toBeUndefined();
		const [item, ...rest] = result.output!;
		expect(rest).toHaveLength(0);
		expect(item.json).toMatchObject({ platform: 'intercom', conversationId: '5', messageCount: 501, historyCut: { partsReturned: 500, partsTotal: 1000 } });
		const lines = (item.json.transcript as string).split('\n');
		expect(lines).toHaveLength(501);
		expect(lines[0]).toBe('customer: Seeded conversation 5');
		expect(lines[1]).toBe('customer: Customer message 501');
		expect(lines.filter((text) => text.startsWith('note: '))).toHaveLength(50);
		expect(lines.some((text) => text.startsWith('bot: Bot answer'))).toBe(true);
		expect(lines.find((text) => text.includes('[file: '))).toMatch(/^\w+: .* \[file: (receipt\.pdf|photo\.png)\]$/);
	});

	test('a short history: nothing cut, nothing said; Limit larger than the history gives all of it', async () => {
		intercom().seedHistory(6, 30);
		const result = await conversation('getMessages', '6', { limit: 100, options: { asTranscript: true } });
		expect(result.output![0].json).toMatchObject({ messageCount: 28 });
		expect(result.output![0].json.historyCut).toBeUndefined();
	});

	test('Return All over Max Messages fails the item, naming the option', async () => {
		intercom().seedHistory(5, 300);
		const result = await conversation('getMessages', '5', { returnAll: true, options: { maxMessages: 100 } });
		expect(result.error?.message).toBe('Max Messages is 100, and conversation 5 has more messages (item 0)');
	});

	test('Download Attachments: the files on the items as binary data, as the trigger does', async () => {
		intercom().seedHistory(5, 50);
		const result = await conversation('getMessages', '5', { limit: 50, options: { downloadAttachments: true } });
		const withFiles = result.output!.filter((item) => item.binary);
		expect(withFiles).toHaveLength(2);
		expect(Object.values(withFiles[0].binary!)[0]).toMatchObject({ fileName: 'receipt.pdf', mimeType: 'application/pdf' });
	});
});

describe('Conversation → Assign', () => {
	test('an admin and a team (by name): one call each, as the token\'s own admin (GET /me, once), never with a body; a repeat writes nothing', async () => {
		const parameters = { assignment: 'assign', agent: locator('Ben Admin'), team: locator('escalations') };
		const result = await conversation('assign', '7', parameters);
		expect(result.error).toBeUndefined();
		const posts = writes();
		expect(posts.map((request) => request.json)).toEqual([
			{ message_type: 'assignment', type: 'team', admin_id: ME, assignee_id: ESCALATIONS },
			{ message_type: 'assignment', type: 'admin', admin_id: ME, assignee_id: BEN },
		]);
		expect(requested().filter((request) => request === 'GET /me')).toHaveLength(1);
		expect(result.output![0].json).toMatchObject({ assignee: { id: BEN, name: 'Ben Admin' }, team: { id: ESCALATIONS, name: 'Escalations' } });
		const changes = intercom().stateChanges.length;
		expect(changes).toBe(2);

		intercom().requests.length = 0;
		const again = await conversation('assign', '7', parameters);
		expect(again.error).toBeUndefined();
		expect(writes()).toHaveLength(0);
		expect(intercom().stateChanges).toHaveLength(changes);
	});

	test('Unassign sends "0"; Act As Admin (by email) is the admin_id', async () => {
		intercom().seedConversation(8, { adminAssigneeId: BEN, teamAssigneeId: ESCALATIONS });
		const result = await conversation('assign', '8', { assignment: 'unassign', unassignFrom: ['agent', 'team'], actAsAdmin: locator('ben.admin@acme.example') });
		expect(result.error).toBeUndefined();
		expect(writes().map((request) => request.json)).toEqual([
			{ message_type: 'assignment', type: 'team', admin_id: BEN, assignee_id: '0' },
			{ message_type: 'assignment', type: 'admin', admin_id: BEN, assignee_id: '0' },
		]);
		expect(requested()).not.toContain('GET /me');
		expect(intercom().conversationState(8)).toMatchObject({ adminAssigneeId: null, teamAssigneeId: null });
		expect(result.output![0].json).toMatchObject({ assignee: null, team: null });
	});

	test('an unknown admin or team: an error naming the parameter and the item, before any write', async () => {
		const admin = await conversation('assign', '7', { agent: locator('Nobody Here') });
		expect(admin.error?.message).toBe('Admin names "Nobody Here", not an admin of this Intercom workspace (item 0)');
		expect(admin.error?.description).toContain('Ben Admin (991267460)');
		const team = await conversation('assign', '7', { team: locator('Night Shift') });
		expect(team.error?.message).toBe('Team names "Night Shift", not a team of this Intercom workspace (item 0)');
		const acting = await conversation('assign', '7', { team: locator(ESCALATIONS), actAsAdmin: locator('999') });
		expect(acting.error?.message).toBe('Act As Admin names "999", not an admin of this Intercom workspace (item 0)');
		expect(writes()).toHaveLength(0);
	});

	test('neither an admin nor a team: an error before anything is sent', async () => {
		const result = await conversation('assign', '7', {});
		expect(result.error?.message).toBe('Admin and Team are both empty (item 0)');
		expect(intercom().requests).toHaveLength(0);
	});
});

describe('Conversation → Set Status', () => {
	test('closed: message_type close as the admin, no body; a repeat writes nothing', async () => {
		const result = await conversation('setStatus', '9', { status: 'closed' });
		expect(result.error).toBeUndefined();
		expect(writes().map((request) => request.json)).toEqual([{ message_type: 'close', type: 'admin', admin_id: ME }]);
		expect(result.output![0].json).toMatchObject({ status: 'resolved', vendorStatus: 'closed' });
		intercom().requests.length = 0;
		await conversation('setStatus', '9', { status: 'closed' });
		expect(writes()).toHaveLength(0);
		expect(intercom().stateChanges.map((change) => change.field)).toEqual(['state']);
	});

	test('snoozed until a time: snoozed_until in unix seconds; open reopens it', async () => {
		const until = new Date((Math.floor(Date.now() / 1000) + 2 * HOUR) * 1000).toISOString();
		const snoozed = await conversation('setStatus', '9', { status: 'snoozed', snoozeUntil: until });
		expect(snoozed.error).toBeUndefined();
		expect(writes()[0].json).toEqual({ message_type: 'snoozed', admin_id: ME, snoozed_until: Date.parse(until) / 1000 });
		expect(intercom().conversationState(9)).toMatchObject({ state: 'snoozed', snoozedUntil: Date.parse(until) / 1000 });
		await conversation('setStatus', '9', { status: 'snoozed', snoozeUntil: until });
		expect(writes()).toHaveLength(1);
		await conversation('setStatus', '9', { status: 'open' });
		expect(writes()[1].json).toEqual({ message_type: 'open', admin_id: ME });
		expect(intercom().conversationState(9)).toMatchObject({ state: 'open' });
	});

	test('snoozed without a time (Intercom snoozes only until one): an error before anything is sent', async () => {
		const result = await conversation('setStatus', '9', { status: 'snoozed' });
		expect(result.error?.message).toBe('Snooze Until is empty (item 0)');
		expect(intercom().requests).toHaveLength(0);
	});

	test('a snooze time in the past: an error naming the parameter and the item, nothing sent for any item', async () => {
		const result = await conversation(
			'setStatus',
			'={{ $json.id }}',
			{ status: '={{ $json.status }}', snoozeUntil: '={{ $json.until }}' },
			{ items: [{ json: { id: '9', status: 'closed' } }, { json: { id: '10', status: 'snoozed', until: '2020-01-01T00:00:00Z' } }] },
		);
		expect(result.error?.message).toBe('Snooze Until is in the past: 2020-01-01T00:00:00.000Z (item 1)');
		expect(intercom().requests).toHaveLength(0);
	});
});

describe('Conversation → Add Tags / Remove Tags', () => {
	test('add: only the tags the conversation lacks, by id, names resolved through GET /tags; a repeat writes nothing', async () => {
		intercom().seedConversation(11, { tags: [{ id: VIP, at: 1734537000, by: Number(ME) }] });
		const result = await conversation('addLabels', '11', { labels: ['vip', REFUND, 'Handoff'] });
		expect(result.error).toBeUndefined();
		expect(writes().map((request) => [line(request), request.json])).toEqual([
			['POST /conversations/11/tags', { id: REFUND, admin_id: ME }],
			['POST /conversations/11/tags', { id: '17515', admin_id: ME }],
		]);
		expect(result.output![0].json.labels).toEqual(['vip', 'refund', 'handoff']);
		intercom().requests.length = 0;
		await conversation('addLabels', '11', { labels: 'vip, refund' });
		expect(writes()).toHaveLength(0);
	});

	test('remove: DELETE per tag the conversation has, the admin in a JSON body; the other tags stay', async () => {
		intercom().seedConversation(11, { tags: [{ id: VIP, at: 1734537000, by: Number(ME) }, { id: REFUND, at: 1734537001, by: Number(ME) }] });
		const result = await conversation('removeLabels', '11', { labels: ['refund', '17515'] });
		expect(result.error).toBeUndefined();
		expect(writes().map((request) => [line(request), request.json])).toEqual([['DELETE /conversations/11/tags/17514', { admin_id: ME }]]);
		expect(result.output![0].json.labels).toEqual(['vip']);
		const changes = intercom().stateChanges.length;
		await conversation('removeLabels', '11', { labels: ['refund'] });
		expect(intercom().stateChanges).toHaveLength(changes);
	});

	test('an unknown tag: an error naming the parameter and the item, before any write', async () => {
		const result = await conversation('addLabels', '11', { labels: ['vip', 'no-such-tag'] });
		expect(result.error?.message).toBe('Tag Names or IDs names "no-such-tag", not a tag of this Intercom workspace (item 0)');
		expect(writes()).toHaveLength(0);
	});
});

describe('vendor errors and Continue On Fail', () => {
	test('a vendor error on a write: its status and message, naming the item', async () => {
		intercom().failNext({
			status: 403,
			body: { type: 'error.list', errors: [{ code: 'api_plan_restricted', message: 'Active subscription needed.' }] },
			match: (request) => request.method === 'POST',
		});
		const result = await conversation('setStatus', '9', { status: 'closed' });
		expect(result.error?.message).toBe('Intercom answered 403: Active subscription needed. (item 0)');
		expect(result.error?.message).not.toContain('icSECRET');
	});

	test('Continue On Fail: a failing item gives an error item, the others their output, paired, in order', async () => {
		const result = await conversation(
			'setStatus',
			'={{ $json.id }}',
			{ status: 'closed' },
			{ continueOnFail: true, items: [{ json: { id: '20' } }, { json: { id: '5000' } }, { json: { id: 'x/y' } }, { json: { id: '21' } }] },
		);
		expect(result.error).toBeUndefined();
		const output = result.output!;
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(output[0].json).toMatchObject({ conversationId: '20', vendorStatus: 'closed' });
		expect(output[1].json.error).toBe('Intercom answered 404: Resource Not Found (item 1)');
		expect(output[2].json.error).toMatch(/^Conversation ID .* \(item 2\)$/);
		expect(output[3].json).toMatchObject({ conversationId: '21', vendorStatus: 'closed' });
		expect(intercom().conversationState(20)?.state).toBe('closed');
		expect(intercom().conversationState(21)?.state).toBe('closed');
	});
});

describe('Contact → Find', () => {
	test('by email, exactly: every match (a user and a lead may share one), normalised', async () => {
		const result = await contact('find', { contactLookup: 'email', contactValue: 'shared@customer.example' });
		expect(result.error).toBeUndefined();
		expect(result.output!.map((item) => item.json.id)).toEqual(['6762f1571bb69f9f2193bb03', '6762f1571bb69f9f2193bb04']);
		expect(result.output![0].json).toMatchObject({ platform: 'intercom', accountId: null, name: 'Sam Shared', email: 'shared@customer.example', identifier: 'cust-shared', raw: expect.objectContaining({ role: 'user' }) });
		expect(intercom().requests[0].json).toEqual({ query: { field: 'email', operator: '=', value: 'shared@customer.example' } });
	});

	test('by external ID and by Intercom ID; no match gives no item', async () => {
		expect((await contact('find', { contactLookup: 'externalId', contactValue: 'cust-42' })).output!.map((item) => item.json.name)).toEqual(['No Email User']);
		expect((await contact('find', { contactLookup: 'id', contactValue: '6762f1571bb69f9f2193bb01' })).output!.map((item) => item.json.name)).toEqual(['Joe Bloggs']);
		expect((await contact('find', { contactLookup: 'email', contactValue: 'nobody@nowhere.example' })).output).toEqual([]);
		expect((await contact('find', { contactLookup: 'id', contactValue: '0000000000000000000000ff' })).output).toEqual([]);
	});
});

describe('Contact → Create or Update', () => {
	const jane = { contactLookup: 'email', contactValue: 'jane@new.example', additionalFields: { name: 'Jane New', customAttributes: '{"plan":"pro"}' } };

	test('a new email creates the contact; a repeat finds it and writes nothing', async () => {
		const created = await contact('upsert', jane);
		expect(created.error).toBeUndefined();
		expect(created.output![0].json).toMatchObject({ created: true, email: 'jane@new.example', name: 'Jane New', customAttributes: { plan: 'pro' } });
		expect(writes().map((request) => [line(request), request.json])).toEqual([
			['POST /contacts', { role: 'user', email: 'jane@new.example', name: 'Jane New', custom_attributes: { plan: 'pro' } }],
		]);
		intercom().requests.length = 0;
		const again = await contact('upsert', jane);
		expect(again.output![0].json).toMatchObject({ created: false, id: created.output![0].json.id });
		expect(writes()).toHaveLength(0);
	});

	test('search lags behind creation: the 409 names the contact, which is then updated', async () => {
		await contact('upsert', jane);
		intercom().features.searchLagMs = 60_000;
		intercom().requests.length = 0;
		const result = await contact('upsert', { ...jane, additionalFields: { customAttributes: '{"tier":"gold"}' } });
		expect(result.error).toBeUndefined();
		expect(result.output![0].json).toMatchObject({ created: false, customAttributes: { plan: 'pro', tier: 'gold' } });
		expect(writes().map(line)).toEqual(['POST /contacts', expect.stringMatching(/^PUT \/contacts\/[0-9a-f]{24}$/)]);
		expect(writes()[1].json).toEqual({ custom_attributes: { plan: 'pro', tier: 'gold' } });
		expect(intercom().contacts.filter((known) => known.email === 'jane@new.example')).toHaveLength(1);
	});

	test('an existing contact: only what differs is sent, its custom attributes kept even where Intercom replaces them', async () => {
		intercom().features.contactAttributes = 'replace';
		await contact('upsert', { contactLookup: 'externalId', contactValue: '70', additionalFields: { customAttributes: '{"plan":"pro"}' } });
		intercom().requests.length = 0;
		const result = await contact('upsert', { contactLookup: 'externalId', contactValue: '70', additionalFields: { name: 'Joe B.', customAttributes: '{"seats":3}' } });
		expect(writes().map((request) => [line(request), request.json])).toEqual([
			['PUT /contacts/6762f1571bb69f9f2193bb01', { name: 'Joe B.', custom_attributes: { plan: 'pro', seats: 3 } }],
		]);
		expect(result.output![0].json).toMatchObject({ created: false, name: 'Joe B.', customAttributes: { plan: 'pro', seats: 3 } });
	});

	test('an email shared by several contacts: an error naming the parameter and the item, nothing written', async () => {
		const result = await contact('upsert', { contactLookup: 'email', contactValue: 'shared@customer.example', additionalFields: { name: 'X' } });
		expect(result.error?.message).toBe('Contact "shared@customer.example" matches 2 Intercom contacts (item 0)');
		expect(writes()).toHaveLength(0);
	});
});

describe('pickers: admins, teams and tags of the workspace', () => {
	const { methods } = new ConversationActions();
	const context = () =>
		editorContext({
			nodeType: ACTIONS_NODE_TYPE,
			parameters: { platform: 'intercom', resource: 'conversation', operation: 'assign' } as never,
			credentials: credentialsFor(mocks(), 'intercom'),
		});

	test('admins (searchable by name or email) and teams, as Assign and Act As Admin take them', async () => {
		const admins = await methods.listSearch.searchIntercomAdmins.call(context() as never, 'ben');
		expect(admins.results).toEqual([{ name: 'Ben Admin (ben.admin@acme.example)', value: BEN }]);
		const teams = await methods.listSearch.searchIntercomTeams.call(context() as never);
		expect(teams.results.map((team: { name: string }) => team.name)).toEqual(['Support', 'Escalations', 'Bot']);
		expect(requested()).toEqual(['GET /admins', 'GET /teams']);
	});

	test('tags by id, named', async () => {
		const tags = await methods.loadOptions.getIntercomTags.call(context() as never);
		expect(tags).toEqual([
			{ name: 'vip', value: VIP },
			{ name: 'refund', value: REFUND },
			{ name: 'handoff', value: '17515' },
		]);
	});
});
