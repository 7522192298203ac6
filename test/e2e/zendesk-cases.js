'use strict';
/**
 * Zendesk Support in real n8n: a reply whose file the mock receives byte-exact (uploaded first,
 * then attached by token), an internal note, a ticket created; and Create a Ticket exactly once with
 * Zendesk's Idempotency-Key when the answer is lost — sent again inside the run, and across n8n's
 * Retry of the failed execution (through the REST API, as the executions list does it).
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

/** The file examples/13-zendesk-reply-and-ticket.json builds in its Code node. */
const RECEIPT = Buffer.from('Refund 1042\nAmount: 19.99 EUR\nStatus: approved\n', 'utf8');

const cases = [];
const add = (name, run, opts = {}) => cases.push({ name, run, ...opts });

function assertNoError(run) {
	if (run.runError) assert.fail(`run failed: ${run.runError.message}${run.runError.description ? ` — ${run.runError.description}` : ''}`);
	assert.equal(run.status, 'success', `run status ${run.status}`);
}

add('Zendesk credential test through n8n: an end user\'s token reaches users/me but fails the test (the credential\'s rule on user.role)', async (ctx) => {
	const { CREDENTIAL_REFS } = require('../../scripts/credentials');
	const ref = CREDENTIAL_REFS.zendesk;
	const { endUserEmail, endUserApiToken } = ctx.fixtures.CREDENTIALS.zendesk;
	const result = await ctx.rest.testCredential({ id: ref.id, name: ref.name, type: ref.type, data: { ...ctx.credentialData.zendesk, email: endUserEmail, apiToken: endUserApiToken } });
	assert.equal(result.status, 'Error', JSON.stringify(result));
	assert.match(result.message, /end user or the anonymous user/, result.message);
	const [request] = ctx.mocks.zendesk.requests;
	assert.deepEqual([request.path, request.status, request.authenticated], ['/api/v2/users/me', 200, true]);
});

const ticketCreates = (zendesk) => zendesk.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/tickets');

add('example: Zendesk – a reply with a file (uploaded raw, streamed, byte-exact), an internal note, a ticket for a requester created by email', async (ctx) => {
	const zendesk = ctx.mocks.zendesk;
	const run = await ctx.runWorkflow('cmExZendesk00001');
	assertNoError(run);

	const uploads = zendesk.requests.filter((r) => r.path === '/api/v2/uploads');
	assert.equal(uploads.length, 1, `uploads: ${uploads.length}`);
	assert.equal(uploads[0].query.filename, 'refund-1042.txt');
	assert.equal(uploads[0].contentType, 'text/plain');
	assert.equal(uploads[0].declaredLength, RECEIPT.length, 'the upload declares its length');
	assert.equal(sha256(uploads[0].rawBody), sha256(RECEIPT), 'the uploaded bytes differ from the file the workflow built');
	const token = uploads[0].response.upload.token;

	const [reply, note] = zendesk.requests.filter((r) => r.method === 'PUT');
	assert.equal(reply.path, '/api/v2/tickets/102');
	assert.deepEqual(reply.json, { ticket: { status: 'pending', comment: { body: 'Your refund for order 1042 is approved: the receipt is attached.', public: true, uploads: [token] } } });
	assert.equal(note.path, '/api/v2/tickets/102');
	assert.deepEqual(note.json, { ticket: { comment: { body: 'Refund approved by finance; receipt sent to the customer.', public: false } } });

	const comments = zendesk.messages.filter((m) => !m.startedConversation);
	assert.deepEqual(comments.map((m) => [m.conversationId, m.public, m.files.map((f) => [f.filename, f.sha256])]), [
		[102, true, [['refund-1042.txt', sha256(RECEIPT)]]],
		[102, false, []],
	]);
	assert.equal(run.out('Reply on Zendesk with a file')[0].json.commentId, comments[0].commentId);

	const [ticket] = zendesk.messages.filter((m) => m.startedConversation);
	assert.ok(ticket, 'no ticket was created');
	const out = run.out('Create a Zendesk ticket')[0].json;
	assert.equal(out.conversationId, ticket.conversationId);
	assert.equal(out.contact.email, 'noa@customer.example');
	assert.equal(out.idempotentReplay, false);
	assert.match(ticketCreates(zendesk)[0].headers['idempotency-key'], /^n8n-[0-9a-f]{48}$/);
	assert.deepEqual(ticket.ticket.tags, ['shipping', 'order-1234']);
});

add('Zendesk: Create a Ticket whose answer is lost (502 after creating) is sent again with the same Idempotency-Key: one ticket', async (ctx) => {
	const zendesk = ctx.mocks.zendesk;
	zendesk.failNext({ status: 502, afterCreate: true, match: (r) => r.method === 'POST' && r.path === '/api/v2/tickets' });
	const run = await ctx.runWorkflow('cmExZendesk00001');
	assertNoError(run);
	const creates = ticketCreates(zendesk);
	assert.deepEqual(creates.map((r) => r.status), [502, 201]);
	assert.equal(creates[1].headers['idempotency-key'], creates[0].headers['idempotency-key']);
	assert.equal(creates[1].responseHeaders['x-idempotency-lookup'], 'hit');
	assert.equal(zendesk.messages.filter((m) => m.startedConversation).length, 1, 'more than one ticket');
	assert.equal(run.out('Create a Zendesk ticket')[0].json.idempotentReplay, true);
});

add('Zendesk: a ticket create that times out fails the execution; Retry (REST) sends the same Idempotency-Key and gets the one ticket; a new run opens a new one', async (ctx) => {
	const zendesk = ctx.mocks.zendesk;
	// Zendesk creates the ticket but answers after the node's 1 s timeout (Max Retries 0).
	zendesk.failNext({ delayMs: 2500, match: (r) => r.method === 'POST' && r.path === '/api/v2/tickets' });
	const first = await ctx.runWorkflow('cmE2eZendeskKey1');
	assert.equal(first.status, 'error', `first run: ${first.status}`);
	// n8n 1.x hands the node its timeout without Node's error code: the node then says it could not send.
	assert.match(first.runError.message, ctx.major >= 2 ? /did not answer within 1000 ms/ : /did not answer within 1000 ms|Could not send the request to Zendesk/, first.runError.message);
	assert.equal(zendesk.messages.length, 1, 'the mock did not create the ticket');

	const retry = await ctx.retryExecution(first.execution.id);
	assert.equal(retry.status, 'success', `retry: ${retry.status} ${retry.runError ? retry.runError.message : ''}`);
	assert.equal(retry.execution.mode, 'retry');
	const creates = ticketCreates(zendesk);
	assert.equal(creates.length, 2);
	assert.equal(creates[1].headers['idempotency-key'], creates[0].headers['idempotency-key'], 'the Retry sent another key');
	const out = retry.out('Create a Zendesk ticket')[0].json;
	assert.equal(out.idempotentReplay, true);
	assert.equal(out.conversationId, zendesk.messages[0].conversationId);
	assert.equal(zendesk.messages.length, 1, 'the Retry opened a second ticket');

	const again = await ctx.runWorkflow('cmE2eZendeskKey1');
	assertNoError(again);
	assert.notEqual(ticketCreates(zendesk)[2].headers['idempotency-key'], creates[0].headers['idempotency-key'], 'a new execution reused the key');
	assert.equal(zendesk.messages.length, 2);
});

module.exports = { cases };
