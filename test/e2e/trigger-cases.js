'use strict';
/**
 * The triggers in real n8n: each workflow is activated through n8n's REST API as the editor's
 * toggle does, the mock vendors send as the vendors send (registration, signed deliveries, HEAD
 * checks, lists to poll), and what counts is what n8n ran: executions, their items, and what the
 * mock vendor received back.
 */
const assert = require('node:assert/strict');
const { nodeOutput } = require('../../scripts/runtime/run-data');
const { sleep, until, finishedExecutions } = require('./waiting');

const cases = [];
const add = (name, run, opts = {}) => cases.push({ name, run, ...opts });

const triggerItems = (ctx, execution) => nodeOutput(execution, execution.workflowData.nodes[0].name).map((i) => i.json);

/** n8n answers every path with a "starting up" page at first, and publishes asynchronously: wait until the webhook is live. */
async function webhookLive(url) {
	await until(`${url} to be live`, async () => {
		const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => null);
		return res && res.status !== 404 && !(await res.text()).includes('starting up');
	});
}

add('trigger 99digital: activation registers the webhook at n8n\'s production URL; a customer writes → one execution, the auto-reply lands in the same conversation, no loop', async (ctx) => {
	const cw = ctx.mocks.ninetyNineDigital;
	const workflowId = 'cmExAutoReply001';
	await ctx.rest.activateWorkflow(workflowId);
	const webhook = await until('the webhook registration at the Chatwoot mock', () => [...cw.webhooks.values()][0]);
	const production = `${ctx.n8nUrl}/webhook/7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e01/webhook`;
	assert.ok(webhook.url.startsWith(`${production}?token=`), `registered ${webhook.url}, expected n8n's production URL ${production}`);
	assert.deepEqual(webhook.subscriptions, ['message_created']);
	await webhookLive(production);

	const { message, deliveries } = await cw.customerWrites({ conversationId: 42, content: 'Where is my parcel?' });
	assert.deepEqual(deliveries.map((d) => d.status), [200]);
	const [execution] = await until('one finished execution', async () => {
		const done = await finishedExecutions(ctx, workflowId);
		return done.length ? done : null;
	});
	assert.equal(execution.status, 'success', `execution ${execution.id} ended ${execution.status}`);
	const [item] = triggerItems(ctx, execution);
	assert.deepEqual(
		{ ...item, raw: undefined },
		{
			platform: 'ninetyNineDigital', conversationId: '42', accountId: 7, messageId: String(message.id), content: 'Where is my parcel?',
			sender: { type: 'customer', id: '1042', name: 'Contact 42', email: 'contact42@customer.example' },
			createdAt: message.created_at, private: false, attachments: [], status: 'open', assignee: null, team: null, raw: undefined,
		},
	);
	const reply = await until('the auto-reply at the mock', () => cw.messages.find((m) => m.messageType === 'outgoing'));
	assert.equal(reply.conversationId, 42);
	assert.equal(reply.content, 'Thanks Contact 42, we got your message ("Where is my parcel?") and will answer within the hour.');
	assert.equal(reply.sourceId, null, 'the reply carries no source_id (it would stop WhatsApp/SMS/email delivery)');
	// The reply is delivered back to n8n too (an outgoing message_created): it must start nothing.
	await until('the reply\'s own delivery', () => cw.deliveries.length === 2 && cw.deliveries[1].status !== null);
	assert.equal(cw.deliveries[1].status, 200);
	await sleep(1500);
	assert.equal((await ctx.rest.executions(workflowId)).length, 1, 'the agent\'s reply started an execution: the workflow would loop');

	// A forged delivery (no signature, no URL token) is refused and starts nothing.
	const forged = await fetch(production, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: deliveries[0].body });
	assert.equal(forged.status, 401);
	const wrongSig = await fetch(deliveries[0].url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Chatwoot-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-Chatwoot-Signature': 'sha256=00' }, body: deliveries[0].body });
	assert.equal(wrongSig.status, 401);
	// Chatwoot's redelivery of the same delivery id starts nothing twice.
	assert.equal((await cw.redeliver(deliveries[0])).status, 200);
	await sleep(1500);
	assert.equal((await ctx.rest.executions(workflowId)).length, 1);

	await ctx.rest.deactivateWorkflow(workflowId);
	await until('the webhook to be deleted at the mock', () => cw.webhooks.size === 0);
});

add('trigger 99digital: a customer writing the instant the webhook is stored (before n8n has activation\'s record) is heard — 50 activations, each message once; a forged delivery then is still refused', async (ctx) => {
	const cw = ctx.mocks.ninetyNineDigital;
	const workflowId = 'cmExAutoReply001';
	const production = `${ctx.n8nUrl}/webhook/7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e01/webhook`;
	const ACTIVATIONS = 50;
	const before = (await ctx.rest.executions(workflowId)).length;
	const written = [];
	const forgedStatuses = [];
	try {
		for (let i = 0; i < ACTIVATIONS; i++) {
			cw.onWebhookCreated = (webhook) => {
				// The genuine message, and a forged one to the same URL (right token, no signature), at the same instant.
				written.push(cw.customerWrites({ conversationId: 300 + i, content: `written at registration ${i}` }));
				written.push(
					fetch(webhook.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ event: 'message_created', id: 900000 + i, content: 'forged', message_type: 'incoming' }) })
						.then((res) => forgedStatuses.push(res.status)),
				);
			};
			await ctx.rest.activateWorkflow(workflowId);
			await until(`delivery ${i}`, () => written.length === 2 * (i + 1));
			await Promise.all(written);
			cw.onWebhookCreated = null;
			await ctx.rest.deactivateWorkflow(workflowId);
			await until('the webhook to be deleted at the mock', () => cw.webhooks.size === 0);
		}
	} finally {
		cw.onWebhookCreated = null;
	}
	const genuine = (await Promise.all(written)).filter((result) => result && result.deliveries);
	const statuses = genuine.map((result) => result.deliveries.map((delivery) => delivery.status)).flat();
	assert.deepEqual(statuses, new Array(ACTIVATIONS).fill(200), `deliveries at the instant of registration answered ${JSON.stringify(statuses)}`);
	assert.deepEqual(forgedStatuses, new Array(ACTIVATIONS).fill(401), `forged deliveries answered ${JSON.stringify(forgedStatuses)}`);
	const heard = await until(`${ACTIVATIONS} executions`, async () => {
		const done = (await finishedExecutions(ctx, workflowId)).slice(before);
		return done.length >= ACTIVATIONS ? done : null;
	}, 120_000);
	await sleep(1500);
	const contents = (await finishedExecutions(ctx, workflowId)).slice(before).map((execution) => triggerItems(ctx, execution)[0].content);
	assert.deepEqual(contents.sort(), Array.from({ length: ACTIVATIONS }, (_, i) => `written at registration ${i}`).sort(), 'each message heard exactly once');
	assert.equal(heard.length, ACTIVATIONS);
});

add('flagship: trigger (99digital) → n8n\'s AI Agent (OpenAI Chat Model on a mock API that calls its tool) → Send Conversation Message as the tool → the reply in the same conversation', async (ctx) => {
	const cw = ctx.mocks.ninetyNineDigital;
	const ai = ctx.mocks.openAi;
	const workflowId = 'cmExAiAgent00001';
	await ctx.rest.activateWorkflow(workflowId);
	await until('the webhook registration at the Chatwoot mock', () => cw.webhooks.size === 1);
	await webhookLive(`${ctx.n8nUrl}/webhook/7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e04/webhook`);
	const { deliveries } = await cw.customerWrites({ conversationId: 43, content: 'Hi, where is my parcel? Order 1042.' });
	assert.deepEqual(deliveries.map((d) => d.status), [200]);
	const [execution] = await until('the agent\'s execution to finish', async () => {
		const list = await finishedExecutions(ctx, workflowId);
		return list.length ? list : null;
	}, 60_000);
	const runError = execution.data.resultData.error;
	assert.equal(execution.status, 'success', `execution ${execution.id} ended ${execution.status}: ${runError ? runError.message : ''}`);
	const completions = ai.requests.filter((r) => r.body);
	assert.ok(completions.length >= 2, `the chat model was called ${completions.length} time(s), expected a tool call and a final answer`);
	const offered = completions[0].body.tools || [];
	assert.ok(offered.some((t) => t.function && t.function.parameters && t.function.parameters.properties && t.function.parameters.properties.reply), `the agent offered no tool with a "reply" parameter: ${JSON.stringify(offered.map((t) => t.function && t.function.name))}`);
	assert.ok(JSON.stringify(completions[0].body.messages).includes('Hi, where is my parcel? Order 1042.'), 'the customer\'s message did not reach the model');
	const reply = await until('the agent\'s reply at the mock', () => cw.messages.find((m) => m.messageType === 'outgoing'));
	assert.equal(reply.conversationId, 43);
	assert.equal(reply.content, ai.replyText);
	await sleep(1500);
	assert.equal((await ctx.rest.executions(workflowId)).length, 1, 'the agent\'s own reply started another execution');
	await ctx.rest.deactivateWorkflow(workflowId);
	await until('the webhook to be deleted at the mock', () => cw.webhooks.size === 0);
});

add('hand-off: trigger (99digital, Only While the Bot Owns the Conversation) → AI Agent reads the history, then hands off (Escalations team, Open, a private summary), each once; the customer\'s next message starts nothing', async (ctx) => {
	const cw = ctx.mocks.ninetyNineDigital;
	const ai = ctx.mocks.openAi;
	const workflowId = 'cmExAiHandOff001';
	const summary = 'Customer wants a refund for order 1042; the history shows no earlier answer. Please check the payment.';
	// An inbox with an agent bot: the conversation is pending and the bot owns it.
	cw.seedConversation(44, { status: 'pending', assignee: { type: 'AgentBot', id: 5 } });
	ai.script = [
		[{ tool: /^Get_the_conversation_history$/ }],
		[{ tool: /^Hand_off_assign_to_Escalations$/ }],
		[{ tool: /^Hand_off_set_status_Open$/ }],
		[{ tool: /^Hand_off_leave_a_summary_note$/, args: { summary } }],
	];
	await ctx.rest.activateWorkflow(workflowId);
	await until('the webhook registration at the Chatwoot mock', () => cw.webhooks.size === 1);
	await webhookLive(`${ctx.n8nUrl}/webhook/7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e05/webhook`);
	const { deliveries } = await cw.customerWrites({ conversationId: 44, content: 'I want a refund for order 1042, now.' });
	assert.deepEqual(deliveries.map((d) => d.status), [200]);
	const [execution] = await until('the agent\'s execution to finish', async () => {
		const list = await finishedExecutions(ctx, workflowId);
		return list.length ? list : null;
	}, 90_000);
	const runError = execution.data.resultData.error;
	assert.equal(execution.status, 'success', `execution ${execution.id} ended ${execution.status}: ${runError ? runError.message : ''}`);
	const completions = ai.requests.filter((r) => r.body);
	assert.equal(completions.length, 5, `the chat model was called ${completions.length} time(s): four tool turns and a final answer expected`);
	// The history tool's transcript reached the model before it handed off.
	const toolResults = JSON.stringify(completions[1].body.messages.filter((m) => m.role === 'tool'));
	assert.ok(toolResults.includes('customer: I want a refund for order 1042, now.'), `the history tool answered the model ${toolResults.slice(0, 400)}`);

	const at = (method, pattern) => cw.requests.filter((r) => r.method === method && pattern.test(r.path));
	assert.equal(at('GET', /^\/api\/v1\/accounts\/7\/conversations\/44\/messages$/).length, 1, 'the history was not read exactly once');
	assert.deepEqual(at('POST', /\/conversations\/44\/assignments$/).map((r) => r.json), [{ team_id: 10 }]);
	assert.deepEqual(at('POST', /\/conversations\/44\/toggle_status$/).map((r) => r.json), [{ status: 'open' }]);
	const written = cw.messages.filter((m) => m.conversationId === 44 && m.messageType === 'outgoing');
	assert.deepEqual(written.map((m) => [m.content, !!m.private]), [[summary, true]], 'the note, and no reply to the customer');
	const state = cw.conversationState(44);
	assert.deepEqual([state.status, state.teamId], ['open', 10]);

	// People own it now: the customer's next message starts nothing.
	const again = await cw.customerWrites({ conversationId: 44, content: 'Hello? Anyone there?' });
	assert.deepEqual(again.deliveries.map((d) => d.status), [200]);
	await sleep(2500);
	assert.equal((await ctx.rest.executions(workflowId)).length, 1, 'the customer\'s message after the hand-off started the bot again');
	await ctx.rest.deactivateWorkflow(workflowId);
	await until('the webhook to be deleted at the mock', () => cw.webhooks.size === 0);
});

add('trigger Intercom: the Developer Hub\'s HEAD check passes through n8n; signed notifications start one execution each, forged ones none', async (ctx) => {
	const ic = ctx.mocks.intercom;
	const workflowId = 'cmTrgIntercom001';
	await ctx.rest.activateWorkflow(workflowId);
	const production = `${ctx.n8nUrl}/webhook/7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e02/webhook`;
	await webhookLive(production);
	// The Developer Hub's HEAD check goes to the same path's HEAD webhook, which n8n may publish a moment later.
	await until('the HEAD webhook to be live', async () => (await fetch(production, { method: 'HEAD' }).catch(() => null))?.status === 200);
	await ic.subscribeWebhook({ url: production });
	const created = await ic.customerWrites({ content: 'Hi, where is my order?' });
	const replied = await ic.customerWrites({ conversationId: created.conversation.id, content: 'It is order 1042' });
	assert.deepEqual([created.delivery.status, replied.delivery.status], [200, 200]);
	const forged = await fetch(production, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': 'sha1=0000' }, body: created.delivery.body });
	assert.equal(forged.status, 401);
	const done = await until('two finished executions', async () => {
		const list = await finishedExecutions(ctx, workflowId);
		return list.length >= 2 ? list : null;
	});
	await sleep(1000);
	assert.equal((await ctx.rest.executions(workflowId)).length, 2);
	assert.deepEqual(done.map((e) => triggerItems(ctx, e).map((i) => [i.conversationId, i.content, i.sender.type])), [
		[[created.conversation.id, 'Hi, where is my order?', 'customer']],
		[[created.conversation.id, 'It is order 1042', 'customer']],
	]);
	await ctx.rest.deactivateWorkflow(workflowId);
});

add('trigger EngageLab LiveDesk: the URL with its token pasted into the API channel; a customer\'s file arrives as binary data', async (ctx) => {
	const ld = ctx.mocks.engageLab;
	const workflowId = 'cmTrgLiveDesk001';
	await ctx.rest.activateWorkflow(workflowId);
	const production = `${ctx.n8nUrl}/webhook/7d1c9e52-8b3a-4f60-a2d4-1e5b6c7d8e03/webhook`;
	await webhookLive(`${production}?token=probe`);
	ld.webhookUrl = `${production}?token=wrong`;
	assert.equal((await ld.customerWrites()).delivery.status, 401);
	ld.webhookUrl = `${production}?token=ld-e2e-token-8c41d2`;
	const receipt = Buffer.from('receipt 1042 '.repeat(500));
	const { message, delivery } = await ld.customerWrites({ conversationId: 141, content: 'Here is my receipt', files: [{ filename: 'receipt.jpg', contentType: 'image/jpeg', data: receipt }] });
	assert.equal(delivery.status, 200);
	const [execution] = await until('one finished execution', async () => {
		const list = await finishedExecutions(ctx, workflowId);
		return list.length ? list : null;
	});
	const [out] = nodeOutput(execution, 'Trigger');
	assert.equal(out.json.messageId, String(message.id));
	assert.equal(out.json.attachments[0].binaryProperty, 'attachment_0');
	assert.equal(out.binary.attachment_0.fileName, 'receipt.jpg');
	assert.equal(out.binary.attachment_0.mimeType, 'image/jpeg');
	assert.ok(ctx.mocks.storage.requests.length === 1 && !ctx.mocks.storage.requests[0].headers.authorization, 'the file was fetched from storage without the credential');
	await ctx.rest.deactivateWorkflow(workflowId);
});

/** Waits for the first poll (which only notes the cursor) by the requests the mock saw. */
async function firstPoll(what, requests, path) {
	await until(`the first poll of ${what}`, () => requests.some((r) => r.path === path && r.status === 200), 25_000);
	await sleep(500);
}

add('polling trigger Re:amaze: the first poll emits no history, new customer messages exactly once, also across an n8n restart', async (ctx) => {
	const rm = ctx.mocks.reamaze;
	const workflowId = 'cmTrgReamaze0001';
	await ctx.rest.activateWorkflow(workflowId);
	await firstPoll('Re:amaze', rm.requests, '/api/v1/messages');
	assert.equal((await ctx.rest.executions(workflowId)).length, 0, 'the first poll started an execution (history flood)');
	rm.customerWrites({ slug: 'refund-request', body: 'Any news on my refund?' });
	const [first] = await until('an execution with the new message', async () => {
		const list = await finishedExecutions(ctx, workflowId);
		return list.length ? list : null;
	}, 25_000);
	assert.deepEqual(triggerItems(ctx, first).map((i) => [i.conversationId, i.content]), [['refund-request', 'Any news on my refund?']]);

	await ctx.restartN8n();
	rm.customerWrites({ slug: 'shipping-to-canada', body: 'Written while n8n was restarting' });
	const all = await until('a second execution after the restart', async () => {
		const list = await finishedExecutions(ctx, workflowId);
		return list.length >= 2 ? list : null;
	}, 40_000);
	await sleep(11_000); // one more poll: nothing may come twice
	assert.equal((await ctx.rest.executions(workflowId)).length, 2);
	assert.deepEqual(triggerItems(ctx, all[1]).map((i) => i.content), ['Written while n8n was restarting']);
	await ctx.rest.deactivateWorkflow(workflowId);
});

add('polling trigger User.com: quiet first poll; a customer\'s new message starts one execution', async (ctx) => {
	const ue = ctx.mocks.userEngage;
	const workflowId = 'cmTrgUserEng0001';
	await ctx.rest.activateWorkflow(workflowId);
	await firstPoll('User.com', ue.requests, '/api/public/conversations/');
	ue.customerWrites({ conversationId: 554, content: '<p>Is my order on its way?</p>' });
	const [execution] = await until('an execution with the new message', async () => {
		const list = await finishedExecutions(ctx, workflowId);
		return list.length ? list : null;
	}, 25_000);
	assert.deepEqual(triggerItems(ctx, execution).map((i) => [i.conversationId, i.content, i.sender.type]), [['554', 'Is my order on its way?', 'customer']]);
	await ctx.rest.deactivateWorkflow(workflowId);
});

module.exports = { cases };
