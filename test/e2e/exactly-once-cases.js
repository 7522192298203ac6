'use strict';
/**
 * Exactly once in real n8n: the Deduplication Key in n8n's own store (its database), an
 * execution that fails part-way, Retry through n8n's REST API as the executions list does it,
 * and the keys still there after a restart; without a key, the Retry skips what the failed
 * execution had sent.
 */
const assert = require('node:assert/strict');

const cases = [];
const add = (name, run, opts = {}) => cases.push({ name, run, ...opts });

const ORDERS = Array.from({ length: 100 }, (_, n) => 1000 + n);
const contentOf = (orderId) => `Order ${orderId} has shipped`;

add('exactly once: 100 orders, a 500 at item 57 fails the execution; Retry (REST) sends the rest, marks 0–56 as already sent; a re-run after an n8n restart sends nothing', async (ctx) => {
	const chatwoot = ctx.mocks.ninetyNineDigital;
	const posted = () => chatwoot.messages.map((m) => m.content).filter((c) => /^Order \d+ has shipped$/.test(c));
	// One conversation answers 500 once, before storing; the node reads it back, finds nothing, and
	// with Max Retries 0 fails saying the message was not sent.
	chatwoot.failNext({ status: 500, times: 1, match: (r) => r.method === 'POST' && r.json && r.json.content === contentOf(1057) });

	const first = await ctx.runWorkflow('cmE2eExactOnce01');
	assert.equal(first.status, 'error', `first run: ${first.status}`);
	assert.match(first.runError.message, /answered 500: .*\(item 57\)$/, first.runError.message);
	assert.match(first.runError.description || '', /not sent/, first.runError.description);
	const sentFirst = posted();
	assert.ok(!sentFirst.includes(contentOf(1057)), 'item 57 reached the conversation');
	for (const orderId of ORDERS.slice(0, 57)) assert.ok(sentFirst.includes(contentOf(orderId)), `order ${orderId} was not sent before the failure`);

	const retry = await ctx.retryExecution(first.execution.id);
	assert.equal(retry.status, 'success', `retry: ${retry.status} ${retry.runError ? retry.runError.message : ''}`);
	assert.equal(retry.execution.mode, 'retry');
	const out = retry.out('Tell each customer');
	assert.equal(out.length, 100, `retry output: ${out.length} items`);
	out.forEach((item, n) => {
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		assert.equal(paired.item, n, `retry item ${n} pairedItem`);
		if (n < 57) assert.deepEqual(item.json, { skipped: true, deduplicationKey: `${1000 + n}-shipped`, reason: 'Not sent: a message with this Deduplication Key was sent before' }, `retry item ${n}`);
	});
	assert.equal(out[57].json.skipped, undefined, `item 57 was not sent by the retry: ${JSON.stringify(out[57].json)}`);
	assert.equal(out[57].json.content, contentOf(1057));
	const afterRetry = posted();
	assert.deepEqual([...afterRetry].sort(), ORDERS.map(contentOf).sort(), 'every order exactly once after the retry');

	// The keys live in n8n's database: a restart keeps them, and the whole run again posts nothing.
	await ctx.restartN8n();
	const again = await ctx.runWorkflow('cmE2eExactOnce01');
	assert.equal(again.status, 'success');
	assert.ok(again.out('Tell each customer').every((item) => item.json.skipped === true), 'a re-run after the restart sent something');
	assert.equal(posted().length, 100);
});

const NO_KEY_ORDERS = Array.from({ length: 20 }, (_, n) => 2000 + n);

add('exactly once without a key: 20 orders, a persistent 500 at item 12 fails the execution; Retry (REST) after the vendor recovers sends only what had not gone out; a new run sends all again', async (ctx) => {
	const chatwoot = ctx.mocks.ninetyNineDigital;
	const copies = () => {
		const contents = chatwoot.messages.map((m) => m.content);
		return NO_KEY_ORDERS.map((orderId) => contents.filter((c) => c === contentOf(orderId)).length);
	};
	// Item 12's conversation answers 500 before storing until the vendor recovers; the node reads
	// it back, finds nothing, and with Max Retries 0 fails saying the message was not sent.
	let down = true;
	chatwoot.failNext({ status: 500, times: 1000, match: (r) => down && r.method === 'POST' && r.json && r.json.content === contentOf(2012) });

	const first = await ctx.runWorkflow('cmE2eExactOnce02');
	assert.equal(first.status, 'error', `first run: ${first.status}`);
	assert.match(first.runError.message, /answered 500: .*\(item 12\)$/, first.runError.message);
	assert.match(first.runError.description || '', /not sent/, first.runError.description);
	const sentFirst = copies().flatMap((n, item) => (n ? [item] : []));
	for (let item = 0; item < 12; item++) assert.ok(sentFirst.includes(item), `item ${item} was not sent before the failure`);
	assert.ok(!sentFirst.includes(12), 'item 12 reached the conversation');

	down = false;
	const retry = await ctx.retryExecution(first.execution.id);
	assert.equal(retry.status, 'success', `retry: ${retry.status} ${retry.runError ? retry.runError.message : ''}`);
	assert.equal(retry.execution.mode, 'retry');
	assert.deepEqual(copies(), NO_KEY_ORDERS.map(() => 1), 'every order exactly once after the retry');
	const out = retry.out('Tell each customer');
	assert.equal(out.length, 20, `retry output: ${out.length} items`);
	out.forEach((item, n) => {
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		assert.equal(paired.item, n, `retry item ${n} pairedItem`);
		if (sentFirst.includes(n)) assert.deepEqual(item.json, { skipped: true, reason: 'Not sent: the failed run this one retries sent it already' }, `retry item ${n}`);
		else assert.equal(item.json.content, contentOf(2000 + n), `retry item ${n}: ${JSON.stringify(item.json)}`);
	});

	// Only a Retry skips: the workflow run again is a deliberate repeat, and sends every order.
	const again = await ctx.runWorkflow('cmE2eExactOnce02');
	assert.equal(again.status, 'success');
	assert.ok(again.out('Tell each customer').every((item) => item.json.skipped === undefined), 'a new run skipped something');
	assert.deepEqual(copies(), NO_KEY_ORDERS.map(() => 2));
});

module.exports = { cases };
