'use strict';
/**
 * Conversation Actions in real n8n, one workflow per platform (test/e2e/workflows/actions-*.json):
 * the operations the platform offers, chained as a user would. What counts is what the mock
 * vendor saw — each write exactly once, in order, with its body — and the items the nodes put
 * out (the normalised conversation and contact). Then the same workflow runs again: the vendor
 * must see no write that changes its state (the mocks' `stateChanges`, and their contacts).
 */
const assert = require('node:assert/strict');
const { assertSubset, onlyJsonItems, assertNoError } = require('./assertions');

const cases = [];
const add = (name, run, opts = {}) => cases.push({ name, run, ...opts });

/** What a mock was asked to write, in order: [`METHOD path`, body]. Searches that POST a query only read. */
const writesOf = (mock) => mock.requests.filter((r) => r.method !== 'GET' && !/\/search$/.test(r.path)).map((r) => [`${r.method} ${r.path}`, r.json]);
const copy = (value) => JSON.parse(JSON.stringify(value));
const show = (value) => JSON.stringify(value, null, 1);

/** The one item a node put out. */
function sole(run, node) {
	const items = onlyJsonItems(run.out(node), node);
	assert.equal(items.length, 1, `${node}: ${items.length} items, one expected`);
	return items[0];
}

/** Items of Get Messages: the trigger's message shape, the latest `count`, oldest first. */
function assertMessages(run, node, { platform, conversationId, count }) {
	const messages = onlyJsonItems(run.out(node), node);
	assert.equal(messages.length, count, `${node}: Limit ${count}, got ${messages.length} messages`);
	for (const m of messages) {
		assertSubset(m, { platform, conversationId }, node);
		assert.ok(typeof m.messageId === 'string' && m.sender && typeof m.sender.type === 'string' && typeof m.content === 'string', `${node}: not the trigger's message shape: ${show(m)}`);
	}
	const times = messages.map((m) => Date.parse(m.createdAt));
	assert.deepEqual([...times].sort((a, b) => a - b), times, `${node}: not oldest first`);
}

/**
 * Runs the workflow twice. The first run's writes must be exactly `firstWrites`; the second run may
 * send only `againWrites` (re-statements a vendor's API forces, e.g. LiveDesk has no read to compare
 * with), and neither they nor anything else may change the vendor's state.
 */
async function runTwice(ctx, mock, workflowId, { firstWrites, againWrites = [] }) {
	const first = await ctx.runWorkflow(workflowId);
	assertNoError(first);
	assert.deepEqual(writesOf(mock), firstWrites, `the first run's writes: ${show(writesOf(mock))}`);
	const changes = copy(mock.stateChanges);
	const contacts = copy(mock.contacts);

	mock.requests.length = 0;
	const again = await ctx.runWorkflow(workflowId);
	assertNoError(again);
	assert.deepEqual(writesOf(mock), againWrites, `the second run's writes: ${show(writesOf(mock))}`);
	assert.deepEqual(copy(mock.stateChanges), changes, 'the second run changed a conversation at the vendor');
	assert.deepEqual(copy(mock.contacts), contacts, 'the second run changed the vendor\'s contacts');
	return { first, again, changes };
}

add('Conversation Actions on 99digital: Get, Assign, Set Status, Add Labels, Get Messages; a second run writes nothing', async (ctx) => {
	const cw = ctx.mocks.ninetyNineDigital;
	cw.seedHistory(30, 40);
	const conversation = '/api/v1/accounts/7/conversations/30';
	const { first: run, changes } = await runTwice(ctx, cw, 'cmE2eActions99D1', {
		firstWrites: [
			[`POST ${conversation}/assignments`, { team_id: 8 }],
			[`POST ${conversation}/assignments`, { assignee_id: 2 }],
			[`POST ${conversation}/toggle_status`, { status: 'resolved' }],
			[`POST ${conversation}/labels`, { labels: ['billing', 'vip'] }],
		],
	});
	assertSubset(sole(run, 'Get'), { platform: 'ninetyNineDigital', conversationId: '30', accountId: 7, status: 'open', assignee: null, team: null, labels: [] });
	assertSubset(sole(run, 'Assign'), { assignee: { id: 2, name: 'Eli Agent' }, team: { id: 8, name: 'Shipping' } });
	assertSubset(sole(run, 'Set Status'), { status: 'resolved' });
	assertSubset(sole(run, 'Add Labels'), { labels: ['billing', 'vip'] });
	assertMessages(run, 'Get Messages', { platform: 'ninetyNineDigital', conversationId: '30', count: 3 });
	assert.deepEqual(changes.map((c) => c.field).sort(), ['assignee', 'labels', 'status', 'teamId']);
});

add('Conversation Actions on Intercom: Get, Assign (as the token\'s admin), Set Status, Add/Remove Tags, Contact Create or Update, Find, Get Messages; a second run writes nothing', async (ctx) => {
	const ic = ctx.mocks.intercom;
	ic.seedHistory(12, 30);
	const me = '991267459';
	// Tagged "handoff" before: Remove Tags takes it off (removing a tag Add Tags adds would put it back on a second run).
	ic.seedConversation(12, { tags: [{ id: '17515', at: 1734537000, by: Number(me) }] });
	const { first: run, changes } = await runTwice(ctx, ic, 'cmE2eActionsIc01', {
		firstWrites: [
			['POST /conversations/12/parts', { message_type: 'assignment', type: 'team', admin_id: me, assignee_id: '5017692' }],
			['POST /conversations/12/parts', { message_type: 'assignment', type: 'admin', admin_id: me, assignee_id: '991267460' }],
			['POST /conversations/12/parts', { message_type: 'close', type: 'admin', admin_id: me }],
			['POST /conversations/12/tags', { id: '17513', admin_id: me }],
			['POST /conversations/12/tags', { id: '17514', admin_id: me }],
			['DELETE /conversations/12/tags/17515', { admin_id: me }],
			['POST /contacts', { role: 'user', email: 'jane@new.example', name: 'Jane New', custom_attributes: { plan: 'pro' } }],
		],
	});
	assertSubset(sole(run, 'Get'), {
		platform: 'intercom', conversationId: '12', status: 'open', vendorStatus: 'open', assignee: null, team: null, labels: ['handoff'],
		contact: { id: '6762f1571bb69f9f2193bb02', name: 'Lea Lead', email: 'lea@leads.example' },
	});
	assertSubset(sole(run, 'Assign'), { assignee: { id: '991267460', name: 'Ben Admin', email: 'ben.admin@acme.example' }, team: { id: '5017692', name: 'Escalations' } });
	assertSubset(sole(run, 'Set Status'), { status: 'resolved', vendorStatus: 'closed' });
	assertSubset(sole(run, 'Add Tags'), { labels: ['handoff', 'vip', 'refund'] });
	assertSubset(sole(run, 'Remove Tags'), { labels: ['vip', 'refund'] });
	const created = sole(run, 'Create or Update Contact');
	assertSubset(created, { created: true, email: 'jane@new.example', name: 'Jane New', customAttributes: { plan: 'pro' } });
	assertSubset(sole(run, 'Find Contact'), { id: created.id, email: 'jane@new.example' });
	assertMessages(run, 'Get Messages', { platform: 'intercom', conversationId: '12', count: 3 });
	assert.deepEqual(changes.map((c) => c.field), ['teamAssigneeId', 'adminAssigneeId', 'state', 'tags', 'tags', 'tags']);
});

add('Conversation Actions on Re:amaze: Get, Assign, Set Status, Add/Remove Tags, Contact Create or Update, Find, Get Messages; a second run writes nothing', async (ctx) => {
	const rm = ctx.mocks.reamaze;
	const slug = 'support-request-1';
	rm.seedHistory(slug, 30);
	// Tagged "billing" before: Remove Tags takes it off (removing a tag Add Tags adds would put it back on a second run).
	rm.seedConversation(slug, { tagList: ['billing'] });
	const conversation = `PUT /api/v1/conversations/${slug}`;
	const { first: run, changes } = await runTwice(ctx, rm, 'cmE2eActionsRm01', {
		firstWrites: [
			[conversation, { conversation: { assignee: { email: 'tom@acme.example' } } }],
			[conversation, { conversation: { status: 2 } }],
			[conversation, { conversation: { tag_list: ['billing', 'vip', 'refund'] } }],
			[conversation, { conversation: { tag_list: ['vip', 'refund'] } }],
			['POST /api/v1/contacts', { contact: { email: 'new@customer.example', name: 'New One', data: { plan: 'gold' } } }],
		],
	});
	assertSubset(sole(run, 'Get'), {
		platform: 'reamaze', conversationId: slug, status: 'open', vendorStatus: 0, assignee: null, labels: ['billing'],
		contact: { name: 'Customer 1', email: 'customer1@customer.example' },
	});
	assertSubset(sole(run, 'Assign'), { assignee: { id: null, name: 'Tom Tier2', email: 'tom@acme.example' } });
	assertSubset(sole(run, 'Set Status'), { status: 'resolved', vendorStatus: 2 });
	assertSubset(sole(run, 'Add Tags'), { labels: ['billing', 'vip', 'refund'] });
	assertSubset(sole(run, 'Remove Tags'), { labels: ['vip', 'refund'] });
	assertSubset(sole(run, 'Create or Update Contact'), { created: true, email: 'new@customer.example', name: 'New One', customAttributes: { plan: 'gold' } });
	assertSubset(sole(run, 'Find Contact'), { email: 'new@customer.example', name: 'New One' });
	assertMessages(run, 'Get Messages', { platform: 'reamaze', conversationId: slug, count: 3 });
	assert.deepEqual(changes.map((c) => c.field), ['assignee', 'status', 'tagList', 'tagList']);
});

add('Conversation Actions on User.com: Get, Assign, Set Status, Contact Create or Update, Find, Get Messages; a second run changes nothing', async (ctx) => {
	const ue = ctx.mocks.userEngage;
	ue.seedHistory(553, 30);
	const upsert = ['POST /api/public/users/update_or_create/', { custom_id: 'customer-4711', email: 'new@response.example', first_name: 'Nora', last_name: 'New', plan: 'gold' }];
	const { first: run, changes } = await runTwice(ctx, ue, 'cmE2eActionsUe01', {
		firstWrites: [
			['PATCH /api/public/conversations/553/', { active: true, assigned_to: 927 }],
			['PATCH /api/public/conversations/553/', { active: false }],
			upsert,
		],
		// update_or_create is the only way to write a user by your ID: it states the values again.
		againWrites: [upsert],
	});
	assertSubset(sole(run, 'Get'), {
		platform: 'userEngage', conversationId: '553', status: 'open', vendorStatus: 'active', assignee: { id: 926 },
		contact: { id: 322842, name: 'John Doe', email: 'johndoe@response.example' },
	});
	assertSubset(sole(run, 'Assign'), { assignee: { id: 927 } });
	assertSubset(sole(run, 'Set Status'), { status: 'resolved', vendorStatus: 'inactive' });
	const created = sole(run, 'Create or Update Contact');
	assertSubset(created, { created: true, name: 'Nora New', email: 'new@response.example', customAttributes: { plan: 'gold' } });
	assertSubset(sole(run, 'Find Contact'), { id: created.id, email: 'new@response.example' });
	assertMessages(run, 'Get Messages', { platform: 'userEngage', conversationId: '553', count: 3 });
	assert.deepEqual(changes.map((c) => [c.field, c.to]), [['agent', 927], ['active', false]]);
});

add('Conversation Actions on EngageLab LiveDesk: Set Status, Contact Create or Update, Find; a second run changes nothing', async (ctx) => {
	const ld = ctx.mocks.engageLab;
	const setStatus = ['POST /api/v2/accounts/conversations/141/toggle_status', { status: 'resolved' }];
	const { first: run, changes } = await runTwice(ctx, ld, 'cmE2eActionsEl01', {
		firstWrites: [
			setStatus,
			['POST /api/v2/accounts/contacts', { email: 'new@customer.example', custom_attributes: { vip: true }, inbox_id: 79, name: 'New Customer' }],
		],
		// LiveDesk documents no read of a conversation: the status is stated again, explicitly (never a toggle).
		againWrites: [setStatus],
	});
	assertSubset(sole(run, 'Set Status'), { platform: 'engageLab', conversationId: '141', status: 'resolved' });
	const created = sole(run, 'Create or Update Contact');
	assertSubset(created, { platform: 'engageLab', created: true, email: 'new@customer.example', name: 'New Customer' });
	assertSubset(sole(run, 'Find Contact'), { id: created.id, email: 'new@customer.example' });
	assert.deepEqual(changes.map((c) => [c.field, c.to]), [['status', 'resolved']]);
});

module.exports = { cases };
