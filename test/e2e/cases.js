'use strict';
/**
 * End-to-end cases run by scripts/e2e.js against a REAL n8n process (one per n8n version) with this
 * package installed like a user installs it, credentials pointed at the loopback mock vendors.
 *
 * Each case: { name, only?: (version) => boolean, run(ctx) } — throws (node:assert) on failure.
 * ctx: { version, major, rest (N8nRest, logged in), mocks, userFolder, fixtures,
 *        runWorkflow(id) → Run, executeCli(id) → Run }
 * Run: { status, ok, execution, out(node, output = 0) → items, error(node), runError, json }
 */

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { CREDENTIAL_REFS, WRONG_CREDENTIAL_REFS, PLATFORMS, SECRET_FIELD } = require('../../scripts/credentials');
const { PACKAGE_NAME, NODE_TYPE } = require('../../scripts/runtime/package');
const { assertSubset, onlyJsonItems, assertNoError } = require('./assertions');

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

// The bytes the example workflows build (examples/06-attachments.json, 07-list-of-items.json).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const CSV = Buffer.from('order,total,currency\n1042,19.99,EUR\n1043,5.00,EUR\n', 'utf8');
const INVOICE = Buffer.from('Invoice 1042\nItems: 1 x Blue mug\nTotal: 19.99 EUR\n', 'utf8');

/** POST/PUT requests a mock received (credential tests and look-ups excluded unless `all`). */
function writes(mock) {
	return mock.requests.filter((r) => r.method === 'POST' && !/\/search$/.test(r.path));
}

function assertNoSecretsIn(run, fixtures) {
	const text = JSON.stringify(run.execution);
	for (const secret of fixtures.ALL_SECRETS) {
		assert.ok(!text.includes(secret), `a credential secret (${secret.slice(0, 8)}…) appears in the execution data`);
	}
}

/** The error of a continue-on-fail item, whatever shape the node gives it. */
function itemError(item) {
	const j = item.json || {};
	if (typeof j.error === 'string') return j.error;
	if (j.error && typeof j.error === 'object') return `${j.error.message || ''} ${j.error.description || ''} ${JSON.stringify(j.error)}`;
	return undefined;
}

/** The error of the one item a node put out (with Continue On Fail a failure becomes that item). */
function soleError(run, node) {
	const items = run.out(node);
	assert.equal(items.length, 1, `${node}: ${items.length} items`);
	const err = itemError(items[0]);
	assert.ok(err, `${node}: expected an error item, got ${JSON.stringify(items[0].json)}`);
	return err;
}

const cases = [];
const add = (name, run, opts = {}) => cases.push({ name, run, ...opts });

// ─── the package inside n8n ──────────────────────────────────────────────────────────────────────

add('package installed like a user (only runtime deps, no second n8n-workflow)', async (ctx) => {
	const dir = path.join(ctx.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	assert.equal(manifest.devDependencies, undefined);
	assert.equal(manifest.peerDependencies, undefined);
	const deps = fs.readdirSync(path.join(dir, 'node_modules')).filter((d) => !d.startsWith('.'));
	assert.deepEqual(deps, ['form-data'], `top-level node_modules of the installed package: ${deps}`);
	const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [path.join(d, e.name), ...walk(path.join(d, e.name))] : []));
	assert.ok(!walk(path.join(dir, 'node_modules')).some((p) => /n8n-workflow$/.test(p)), 'n8n-workflow was installed next to the package');
	const root = JSON.parse(fs.readFileSync(path.join(ctx.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
	assert.equal(root.dependencies[PACKAGE_NAME], manifest.version);
});

add('n8n loaded the node, its AI-tool variant and every credential type', async (ctx) => {
	const types = await ctx.rest.nodeTypes();
	const names = new Set(types.map((t) => t.name));
	assert.ok(names.has(NODE_TYPE), `${NODE_TYPE} is not among the ${types.length} loaded node types`);
	assert.ok(names.has(`${NODE_TYPE}Tool`), `${NODE_TYPE}Tool (usableAsTool variant) is not registered`);
	const node = types.find((t) => t.name === NODE_TYPE);
	assert.equal(node.displayName, 'Send Conversation Message');
	const credTypes = (await ctx.rest.request('GET', '/types/credentials.json')).json.map((c) => c.name);
	for (const p of PLATFORMS) assert.ok(credTypes.includes(CREDENTIAL_REFS[p].type), `credential type ${CREDENTIAL_REFS[p].type} not loaded`);
});

// ─── the editor's pickers (loadOptions / listSearch) through n8n's REST API ─────────────────────

function pickerRequest(ctx, platform, parameters, path, methodName, extra = {}) {
	const ref = CREDENTIAL_REFS[platform];
	return {
		nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
		path,
		methodName,
		currentNodeParameters: { platform, ...parameters },
		credentials: { [ref.type]: { id: ref.id, name: ref.name } },
		...extra,
	};
}

add('editor pickers: Intercom admins and 99digital accounts (POST /rest/dynamic-node-parameters/options)', async (ctx) => {
	const admins = (
		await ctx.rest.request('POST', '/rest/dynamic-node-parameters/options',
			pickerRequest(ctx, 'intercom', { intercomOperation: 'reply', replyAs: 'admin' }, 'parameters.adminId', 'getIntercomAdmins'))
	).json.data;
	assert.deepEqual(admins.map((o) => String(o.value)).sort(), ['991267459', '991267460'], JSON.stringify(admins));
	const accounts = (
		await ctx.rest.request('POST', '/rest/dynamic-node-parameters/options',
			pickerRequest(ctx, 'ninetyNineDigital', {}, 'parameters.accountId', 'getChatwootAccounts'))
	).json.data;
	assert.ok(accounts.some((o) => String(o.value) === '7'), `account 7 missing: ${JSON.stringify(accounts)}`);
});

add('editor pickers: conversation lists with search and paging (POST /rest/dynamic-node-parameters/resource-locator-results)', async (ctx) => {
	const rlc = (platform, params, method, extra) =>
		ctx.rest
			.request('POST', '/rest/dynamic-node-parameters/resource-locator-results', pickerRequest(ctx, platform, params, 'parameters.conversationId', method, extra))
			.then((r) => r.json.data);
	const rm = await rlc('reamaze', {}, 'searchReamazeConversations', { filter: 'refund' });
	assert.ok(rm.results.some((r) => r.value === 'refund-request'), `Re:amaze search "refund": ${JSON.stringify(rm.results)}`);
	const cw1 = await rlc('ninetyNineDigital', { accountId: '7' }, 'searchChatwootConversations');
	assert.ok(cw1.results.length > 0 && cw1.paginationToken, `99digital page 1: ${cw1.results.length} results, token ${cw1.paginationToken}`);
	const cw2 = await rlc('ninetyNineDigital', { accountId: '7' }, 'searchChatwootConversations', { paginationToken: cw1.paginationToken });
	assert.ok(cw2.results.length > 0, '99digital page 2 is empty');
	assert.ok(!cw2.results.some((r) => cw1.results.some((q) => q.value === r.value)), '99digital page 2 repeats page 1');
	const ic = await rlc('intercom', { intercomOperation: 'reply' }, 'searchIntercomConversations');
	assert.ok(ic.results.length > 0, 'Intercom conversation list is empty');
});

// ─── credential tests through the editor's endpoint ─────────────────────────────────────────────

for (const p of PLATFORMS) {
	add(`credential test (POST /rest/credentials/test): ${CREDENTIAL_REFS[p].type} good secret → OK, wrong secret → Error`, async (ctx) => {
		const ref = CREDENTIAL_REFS[p];
		const good = ctx.credentialData[p];
		const ok = await ctx.rest.testCredential({ id: ref.id, name: ref.name, type: ref.type, data: good });
		assert.equal(ok.status, 'OK', `good secret: ${JSON.stringify(ok)}`);
		const bad = await ctx.rest.testCredential({
			id: ref.id,
			name: ref.name,
			type: ref.type,
			data: { ...good, [SECRET_FIELD[p]]: ctx.fixtures.WRONG_SECRET },
		});
		assert.equal(bad.status, 'Error', `wrong secret: ${JSON.stringify(bad)}`);
		assert.ok(!JSON.stringify(bad).includes(ctx.fixtures.WRONG_SECRET), 'the test result echoes the secret');
		const seen = ctx.mocks[p].requests;
		assert.ok(seen.length >= 2, `${p} mock saw ${seen.length} request(s) for two credential tests`);
		assert.equal(seen[0].authenticated, true, 'good secret was not accepted by the mock');
		assert.equal(seen[seen.length - 1].authenticated, false, 'wrong secret was accepted by the mock');
	});
}

// ─── examples/ ──────────────────────────────────────────────────────────────────────────────────

add('example: User.com – send a message', async (ctx) => {
	const run = await ctx.runWorkflow('cmExUserEngage01');
	assertNoError(run);
	assert.deepEqual(onlyJsonItems(run.out('Send to User.com'), 'output'), [{ success: true, statusCode: 201 }]);
	const reqs = writes(ctx.mocks.userEngage);
	assert.equal(reqs.length, 1);
	assert.equal(reqs[0].path, '/api/public/message/');
	assert.deepEqual(reqs[0].json, {
		conversation: 42,
		content: 'Hi <b>John</b>, your refund has been issued.',
		user: 926,
		source: 3,
		source_context: { ticket: 'T-1001', origin: 'n8n' },
	});
	assert.equal(reqs[0].authenticated, true);
});

add('example: EngageLab LiveDesk – reply and private note', async (ctx) => {
	const run = await ctx.runWorkflow('cmExEngageLab001');
	assertNoError(run);
	const [reply] = onlyJsonItems(run.out('Send to EngageLab'), 'reply');
	assertSubset(reply, { conversation_id: 141, content: 'Thanks for waiting – an agent has picked up your request.', private: false, content_attributes: { in_reply_to: 29 } });
	const [note] = onlyJsonItems(run.out('Private note on EngageLab'), 'note');
	assertSubset(note, { conversation_id: 141, private: true });
	const reqs = writes(ctx.mocks.engageLab);
	assert.deepEqual(reqs.map((r) => r.path), ['/api/v2/accounts/conversations/141/messages', '/api/v2/accounts/conversations/141/messages']);
	assert.deepEqual(reqs[0].json, { content: 'Thanks for waiting – an agent has picked up your request.', content_attributes: { in_reply_to: 29 } });
	assertSubset(reqs[1].json, { content: 'Customer is on the premium plan.', private: true });
});

add('example: 99digital (Chatwoot) – send a message', async (ctx) => {
	const run = await ctx.runWorkflow('cmEx99Digital001');
	assertNoError(run);
	const [msg] = onlyJsonItems(run.out('Send to 99digital'), 'output');
	assertSubset(msg, { conversation_id: 12, content: 'Your order 1042 has shipped.', message_type: 1, echo_id: 'n8n-example-1042', private: false });
	const reqs = writes(ctx.mocks.ninetyNineDigital);
	assert.equal(reqs.length, 1);
	assert.equal(reqs[0].path, '/api/v1/accounts/7/conversations/12/messages');
	assertSubset(reqs[0].json, { content: 'Your order 1042 has shipped.', message_type: 'outgoing', echo_id: 'n8n-example-1042' });
});

add('example: tell a customer their order shipped (99digital: start a conversation; a re-run opens none)', async (ctx) => {
	const run = await ctx.runWorkflow('cmExOrderShipped');
	assertNoError(run);
	const [started] = onlyJsonItems(run.out('Start a conversation'), 'start');
	const content = 'Hi Noa Levi, your order 1042 has shipped. Track it here: https://track.example/1042';
	assertSubset(started, { contact: { id: 51, email: 'noa@customer.example' }, conversation: { inbox_id: 3, status: 'pending' }, message: { content, conversation_id: started.conversationId } });
	const reqs = writes(ctx.mocks.ninetyNineDigital);
	assert.deepEqual(reqs.map((r) => r.path), ['/api/v1/accounts/7/conversations', `/api/v1/accounts/7/conversations/${started.conversationId}/messages`]);
	assert.deepEqual(reqs[0].json, { inbox_id: 3, contact_id: 51, status: 'pending' });
	// The Deduplication Key in n8n's store: a second run opens no second conversation.
	const again = await ctx.runWorkflow('cmExOrderShipped');
	assertNoError(again);
	assertSubset(again.out('Start a conversation')[0].json, { skipped: true, deduplicationKey: 'order-1042-shipped' });
	assert.equal(ctx.mocks.ninetyNineDigital.conversations.size, 1);
});

add('example: start a conversation on LiveDesk, Intercom (admin message), Re:amaze, User.com', async (ctx) => {
	const run = await ctx.runWorkflow('cmExStartConvAll');
	assertNoError(run);
	const [liveDesk] = onlyJsonItems(run.out('LiveDesk: start'), 'LiveDesk');
	assertSubset(liveDesk, { contact: { id: 102 }, message: { content: 'Your order 1042 has shipped.', conversation_id: liveDesk.conversationId } });
	const [intercom] = onlyJsonItems(run.out('Intercom: admin message'), 'Intercom');
	assertSubset(intercom, { contact: { id: '6762f1571bb69f9f2193bb01' }, message: { type: 'admin_message', message_type: 'email', subject: 'Order 1042' } });
	assert.equal(intercom.conversationId, intercom.message.conversation_id);
	const [reamaze] = onlyJsonItems(run.out('Re:amaze: start'), 'Re:amaze');
	assertSubset(reamaze, { conversationId: 'order-1042-shipped', conversation: { subject: 'Order 1042 shipped' } });
	const [userEngage] = onlyJsonItems(run.out('User.com: start'), 'User.com');
	assertSubset(userEngage, { contact: { id: 322843 }, conversation: { active: true, agent: 926 } });
	assert.deepEqual(writes(ctx.mocks.engageLab).map((r) => r.path), ['/api/v2/accounts/conversations', `/api/v2/accounts/conversations/${liveDesk.conversationId}/messages`]);
	assertSubset(ctx.mocks.intercom.requests.find((r) => r.path === '/messages').json, { from: { type: 'admin', id: '991267459' }, to: { type: 'user', id: '6762f1571bb69f9f2193bb01' }, create_conversation_without_contact_reply: true });
	assertSubset(writes(ctx.mocks.reamaze)[0].json, { conversation: { category: 'support', user: { email: 'noa@customer.example' } } });
	assert.equal(writes(ctx.mocks.userEngage)[0].path, '/api/public/users/322843/conversations/');
	assertNoSecretsIn(run, ctx.fixtures);
});

add('example: Intercom – admin reply, note, contact-initiated conversation', async (ctx) => {
	const run = await ctx.runWorkflow('cmExIntercom0001');
	assertNoError(run);
	assertSubset(run.out('Reply as admin')[0].json, { type: 'conversation', id: '5' });
	assertSubset(run.out('Internal note')[0].json, { type: 'conversation', id: '5' });
	assertSubset(run.out('Contact starts a conversation')[0].json, { type: 'user_message', body: 'Hi, I have a question about my invoice.' });
	const replies = ctx.mocks.intercom.requests.filter((r) => r.path === '/conversations/5/reply');
	assert.equal(replies.length, 2);
	assertSubset(replies[0].json, { type: 'admin', admin_id: '991267459', message_type: 'comment', body: 'Hello from the support team!' });
	assertSubset(replies[1].json, { type: 'admin', admin_id: '991267460', message_type: 'note', body: 'Checked the order: shipped on Monday.' });
	const created = ctx.mocks.intercom.requests.filter((r) => r.method === 'POST' && r.path === '/conversations');
	assert.equal(created.length, 1);
	assertSubset(created[0].json, { from: { type: 'user', id: '6762f1571bb69f9f2193bb01' }, body: 'Hi, I have a question about my invoice.' });
});

add('example: Re:amaze – reply and internal note', async (ctx) => {
	const run = await ctx.runWorkflow('cmExReamaze00001');
	assertNoError(run);
	assertSubset(run.out('Reply on Re:amaze')[0].json, { body: 'Your refund is on its way.', visibility: 0 });
	assertSubset(run.out('Internal note on Re:amaze')[0].json, { body: 'Refund approved by finance.', visibility: 1, user: { email: 'finance@acme.example' } });
	const reqs = writes(ctx.mocks.reamaze);
	assert.equal(reqs.length, 2);
	for (const r of reqs) assert.equal(r.path, '/api/v1/conversations/refund-request/messages');
	assertSubset(reqs[0].json, { message: { body: 'Your refund is on its way.', visibility: 0, suppress_autoresolve: true } });
	assertSubset(reqs[1].json, { message: { body: 'Refund approved by finance.', visibility: 1, user: { name: 'Finance Bot', email: 'finance@acme.example' } } });
	assert.equal(reqs[0].headers.accept, 'application/json', 'Re:amaze needs exactly Accept: application/json');
});

add('example: attachments – files built in the workflow arrive byte-exact', async (ctx) => {
	const run = await ctx.runWorkflow('cmExAttachment01');
	assertNoError(run);
	// The Convert to File output is a file-backed binary in 2.x (filesystem mode).
	const converted = run.out('Convert to File')[0].binary.invoice;
	if (ctx.major >= 2) assert.ok(converted.id && /^filesystem/.test(converted.id), `expected a file-backed binary, got ${JSON.stringify(converted)}`);

	const nnd = writes(ctx.mocks.ninetyNineDigital);
	assert.equal(nnd.length, 1);
	const files = nnd[0].files.map((f) => ({ field: f.field, filename: f.filename, contentType: f.contentType, sha256: f.sha256 }));
	assert.deepEqual(files, [
		{ field: 'attachments[]', filename: 'chart.png', contentType: 'image/png', sha256: sha256(PNG) },
		{ field: 'attachments[]', filename: 'report.csv', contentType: 'text/csv', sha256: sha256(CSV) },
	]);
	assert.equal(nnd[0].fields.content, 'Chart and data for order 1042');

	const el = writes(ctx.mocks.engageLab);
	assert.equal(el.length, 1);
	assert.deepEqual(el[0].files.map((f) => [f.field, f.filename, f.sha256]), [['attachments[]', 'invoice-1042.txt', sha256(INVOICE)]]);
	assert.equal(el[0].fields.content, 'Here is your invoice.');

	const ic = ctx.mocks.intercom.requests.filter((r) => r.path === '/conversations/5/reply');
	assert.equal(ic.length, 1);
	const att = ic[0].json.attachment_files;
	assert.equal(att.length, 1);
	assert.equal(att[0].name, 'invoice-1042.txt');
	assert.equal(sha256(Buffer.from(att[0].data, 'base64')), sha256(INVOICE));
	assertNoSecretsIn(run, ctx.fixtures);
});

add('example: one message per item of a list, with expressions', async (ctx) => {
	const run = await ctx.runWorkflow('cmExBatchList001');
	assertNoError(run);
	const expected = [
		['Rick', 'refund-request', 1042],
		['Nora', 'shipping-to-canada', 1043],
		['Pat', 'password-reset-not-arriving', 1044],
		['Carla', 'order-1042-missing-item', 1045],
		['Joe', 'conversations-are-awesome', 1046],
	];
	const out = run.out('Notify each customer');
	assert.equal(out.length, 5);
	out.forEach((item, i) => {
		const [name, slug, order] = expected[i];
		assertSubset(item.json, { body: `Hi ${name}, order ${order} is on its way.`, origin_id: `order-${order}`, conversation: { slug } }, `item ${i}`);
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		assert.equal(typeof paired === 'number' ? paired : paired.item, i, `item ${i} pairedItem`);
	});
	const reqs = writes(ctx.mocks.reamaze);
	assert.equal(reqs.length, 5);
	const got = reqs.map((r) => `${r.path}|${r.json.message.body}`).sort();
	const want = expected.map(([name, slug, order]) => `/api/v1/conversations/${slug}/messages|Hi ${name}, order ${order} is on its way.`).sort();
	assert.deepEqual(got, want);
});

add(
	'2.x binaryMode "combined": attachments named by their path in the item (_files.x) arrive byte-exact',
	async (ctx) => {
		const run = await ctx.runWorkflow('cmE2eCombinedBin');
		assertNoError(run);
		const files = run.out('Build two files (Code)')[0].json._files;
		assert.ok(files && files.image && files.image.id, `Code node output was not moved to json._files: ${JSON.stringify(run.out('Build two files (Code)')[0]).slice(0, 300)}`);
		const nnd = writes(ctx.mocks.ninetyNineDigital);
		assert.equal(nnd.length, 1);
		assert.deepEqual(nnd[0].files.map((f) => [f.filename, f.sha256]), [['chart.png', sha256(PNG)], ['report.csv', sha256(CSV)]]);
		const el = writes(ctx.mocks.engageLab);
		assert.equal(el.length, 1);
		assert.deepEqual(el[0].files.map((f) => [f.filename, f.sha256]), [['invoice-1042.txt', sha256(INVOICE)]]);
	},
	{ only: (version) => Number(version.split('.')[0]) >= 2 },
);

// ─── failure paths ──────────────────────────────────────────────────────────────────────────────

add('failure: wrong secret on every platform (continue on fail) → error items, nothing posted, no secret leaked', async (ctx) => {
	const run = await ctx.runWorkflow('cmE2eWrongCred01');
	assertNoError(run);
	for (const p of PLATFORMS) {
		const err = soleError(run, p);
		assert.match(err, /401|403|auth|credential|forbidden|token|login/i, `${p}: error does not say it is an authorisation problem: ${err}`);
		const reqs = ctx.mocks[p].requests;
		assert.ok(reqs.length >= 1, `${p}: the vendor got no request`);
		assert.ok(reqs.every((r) => !r.authenticated), `${p}: a request was authenticated`);
		assert.equal(ctx.mocks[p].messages.length, 0, `${p}: a message was created`);
	}
	assertNoSecretsIn(run, ctx.fixtures);
});

add('failure: unknown conversation on every platform (continue on fail) → error items naming the problem', async (ctx) => {
	const run = await ctx.runWorkflow('cmE2eUnknownCv01');
	assertNoError(run);
	for (const p of PLATFORMS) {
		const err = soleError(run, p);
		assert.match(err, /404|not found|does not exist|unknown/i, `${p}: ${err}`);
		assert.equal(ctx.mocks[p].messages.length, 0, `${p}: a message was created`);
	}
});

add('failure: a failing node (no continue on fail) stops the workflow with the vendor error', async (ctx) => {
	const run = await ctx.runWorkflow('cmE2eHardFail001');
	assert.equal(run.status, 'error');
	assert.ok(run.runError, 'no run error');
	assert.match(`${run.runError.message} ${run.runError.description || ''}`, /404|not found/i, run.runError.message);
	assert.equal(run.execution.data.resultData.lastNodeExecuted, 'Send to 99digital');
	assert.equal(run.out('Never reached'), undefined, 'the next node ran');
	assert.equal(writes(ctx.mocks.ninetyNineDigital).length, 1);
});

add('failure: vendor validation errors reach the user', async (ctx) => {
	const run = await ctx.runWorkflow('cmE2eValidation1');
	assertNoError(run);
	const checks = [
		['userEngage: agent does not exist', /Invalid pk/i, 'userEngage'],
		['99digital: template without name', /template_params|name/i, 'ninetyNineDigital'],
		['intercom: unknown admin', /admin not found|admin_not_found/i, 'intercom'],
	];
	for (const [node, re, vendor] of checks) {
		const err = soleError(run, node);
		assert.match(err, re, `${node}: the vendor's message is missing: ${err}`);
		assert.equal(ctx.mocks[vendor].messages.length, 0, `${vendor}: a message was created`);
		assert.ok(ctx.mocks[vendor].requests.some((r) => r.status >= 400 && r.status < 500), `${vendor}: no 4xx answered`);
	}
});

add('failure: a batch of 12 with one bad item (continue on fail, and error output)', async (ctx) => {
	const run = await ctx.runWorkflow('cmE2eBatchCof001');
	assertNoError(run);
	const el = run.out('EngageLab batch');
	assert.equal(el.length, 12, `EngageLab batch: ${el.length} items`);
	el.forEach((item, i) => {
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		assert.equal(typeof paired === 'number' ? paired : paired.item, i, `item ${i} pairedItem`);
		if (i === 7) assert.ok(itemError(item), `item 7 should be an error item: ${JSON.stringify(item.json)}`);
		else assertSubset(item.json, { content: `Batch message ${i}`, conversation_id: 100 + i }, `item ${i}`);
	});
	assert.equal(ctx.mocks.engageLab.messages.length, 11);

	const ok = run.out('Re:amaze batch (error output)', 0);
	const failed = run.out('Re:amaze batch (error output)', 1);
	const stray = ok.filter((i) => itemError(i));
	assert.ok(
		failed.length === 1 && ok.length === 11,
		`"On Error: Continue (using error output)": ${ok.length} item(s) on the success output, ${failed.length} on the error output (want 11 / 1).` +
			(stray.length
				? ` The failed item stayed on the success output with json keys [${Object.keys(stray[0].json)}] and item.error ${stray[0].error ? 'set' : 'unset'}:` +
					' n8n moves an item to the error output only when item.error is set, or when its json keys are' +
					(ctx.major >= 2 ? ' all within error/message/details (n8n-core 2.41).' : ' exactly {error} or {error, message} (n8n-core 1.123).')
				: ''),
	);
	const fp = Array.isArray(failed[0].pairedItem) ? failed[0].pairedItem[0] : failed[0].pairedItem;
	assert.equal(typeof fp === 'number' ? fp : fp.item, 7);
	assert.equal(run.out('Failed items').length, 1);
	assert.deepEqual(ok.map((i) => i.json.body), Array.from({ length: 12 }, (_, i) => `Batch message ${i}`).filter((_, i) => i !== 7));
	assert.equal(ctx.mocks.reamaze.messages.length, 11);
});

// ─── the CLI path (n8n execute) ─────────────────────────────────────────────────────────────────

add('CLI: n8n execute --id runs an example and prints the run', async (ctx) => {
	const run = await ctx.executeCli('cmExReamaze00001');
	assertNoError(run);
	assertSubset(run.out('Reply on Re:amaze')[0].json, { body: 'Your refund is on its way.' });
	assert.equal(writes(ctx.mocks.reamaze).length, 2);
});

// ─── the triggers, activated as a user activates them ──────────────────────────────────────────
cases.push(...require('./trigger-cases').cases);
cases.push(...require('./events-cases').cases);

// ─── Conversation Actions, one workflow per platform, each run twice ────────────────────────────
cases.push(...require('./actions-cases').cases);

// ─── exactly once: keys in n8n's store, Retry through the REST API ──────────────────────────────
cases.push(...require('./exactly-once-cases').cases);
cases.push(...require('./catchup-cases').cases);

// ─── Zendesk Support: files, and a ticket exactly once with its Idempotency-Key ─────────────────
cases.push(...require('./zendesk-cases').cases);
// Zendesk's trigger (self-registered, signed), Conversation Actions and the AI reply flow.
cases.push(...require('./zendesk-listen-cases').cases);

module.exports = { cases, assertSubset, sha256, CREDENTIAL_REFS, WRONG_CREDENTIAL_REFS };
