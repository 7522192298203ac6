'use strict';
/**
 * The "a customer writes" page of `npm start`: a form (and a curl-able endpoint) that makes a mock
 * vendor behave as if a customer had written, so the triggers' round trip can be seen in a minute.
 *
 *   POST /customer-writes  platform=ninetyNineDigital&conversation=42&text=Hello  → what the vendor sent
 */
const http = require('node:http');

const PLATFORMS = {
	ninetyNineDigital: { label: '99digital / Chatwoot (delivered to registered webhooks)', conversation: '42' },
	engageLab: { label: 'EngageLab LiveDesk (delivered to the API channel\'s Webhook URL, set below)', conversation: '141' },
	intercom: { label: 'Intercom (delivered when a webhook was saved in the "Developer Hub" below)', conversation: '' },
	reamaze: { label: 'Re:amaze (polled by the trigger)', conversation: 'refund-request' },
	userEngage: { label: 'User.com (polled by the trigger)', conversation: '553' },
	zendesk: { label: 'Zendesk Support (a comment on a ticket, delivered to the webhooks the trigger registered)', conversation: '101' },
};

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function page(result = '') {
	const options = Object.entries(PLATFORMS).map(([value, p]) => `<option value="${value}">${escape(p.label)}</option>`).join('');
	return `<!doctype html><meta charset="utf-8"><title>A customer writes</title>
<style>body{font:15px system-ui;max-width:760px;margin:2em auto}label{display:block;margin:.6em 0}input,select{width:100%;padding:.3em}pre{background:#f4f4f4;padding:1em;white-space:pre-wrap}</style>
<h1>A customer writes</h1>
<p>The mock vendors of <code>npm start</code> act as if a customer had written. The example
<b>Example: auto-reply when a customer writes (99digital / Chatwoot)</b> is active: write on 99digital
and watch its execution and the reply in n8n.</p>
<form method="post" action="/customer-writes">
<label>Platform <select name="platform">${options}</select></label>
<label>Conversation (empty on Intercom: a new conversation) <input name="conversation" placeholder="42"></label>
<label>Message <input name="text" value="Hello, where is my order?"></label>
<button>Send as the customer</button></form>
<h2>Webhook settings a user would make at the vendor</h2>
<form method="post" action="/settings">
<label>LiveDesk API channel — Webhook URL <input name="engageLabWebhookUrl" placeholder="http://127.0.0.1:5678/webhook/…/webhook?token=…"></label>
<label>Intercom Developer Hub — webhook endpoint URL <input name="intercomWebhookUrl" placeholder="http://127.0.0.1:5678/webhook/…/webhook"></label>
<button>Save</button></form>
${result ? `<h2>What happened</h2><pre>${escape(result)}</pre>` : ''}`;
}

async function readForm(req) {
	let body = '';
	for await (const chunk of req) body += chunk;
	return Object.fromEntries(new URLSearchParams(body));
}

async function customerWrites(mocks, form) {
	const platform = form.platform in PLATFORMS ? form.platform : 'ninetyNineDigital';
	const text = form.text || 'Hello, where is my order?';
	const conversation = (form.conversation || PLATFORMS[platform].conversation).trim();
	const mock = mocks[platform];
	switch (platform) {
		case 'ninetyNineDigital': {
			const { deliveries } = await mock.customerWrites({ conversationId: Number(conversation) || 42, content: text });
			return deliveries.length
				? deliveries.map((d) => `delivered to ${d.url.replace(/token=[^&]+/, 'token=***')} → ${d.status ?? d.error}`).join('\n')
				: 'stored; no webhook is registered (activate a workflow with the Conversation Message Trigger)';
		}
		case 'engageLab': {
			const { delivery } = await mock.customerWrites({ conversationId: Number(conversation) || 141, content: text });
			return delivery ? `delivered to the API channel's Webhook URL → ${delivery.status ?? delivery.error}` : 'stored; the API channel has no Webhook URL yet (set it below)';
		}
		case 'intercom': {
			const { delivery } = await mock.customerWrites({ conversationId: conversation || undefined, content: text });
			return delivery ? `notification delivered → ${delivery.status ?? delivery.error}` : 'stored; no webhook is saved in the Developer Hub yet (set it below)';
		}
		case 'zendesk': {
			const { deliveries } = await mock.customerWrites({ ticketId: Number(conversation) || 101, body: text });
			return deliveries.length
				? deliveries.map((d) => `delivered to ${d.url.replace(/token=[^&]+/, 'token=***')} → ${d.status ?? d.error}`).join('\n')
				: 'comment added; no webhook is registered (activate a workflow with the Conversation Message Trigger on Zendesk, e.g. example 14)';
		}
		case 'reamaze':
			mock.customerWrites({ slug: conversation, body: text });
			return `message added to ${conversation}: the polling trigger picks it up at its next poll`;
		default:
			mock.customerWrites({ conversationId: Number(conversation) || 553, content: text });
			return `message added to conversation ${conversation}: the polling trigger picks it up at its next poll`;
	}
}

async function saveSettings(mocks, form) {
	const done = [];
	if (form.engageLabWebhookUrl) {
		mocks.engageLab.webhookUrl = form.engageLabWebhookUrl.trim();
		done.push('LiveDesk: Webhook URL saved');
	}
	if (form.intercomWebhookUrl) {
		await mocks.intercom.subscribeWebhook({
			url: form.intercomWebhookUrl.trim(),
			topics: ['conversation.user.created', 'conversation.user.replied', 'conversation.admin.replied', 'conversation.admin.noted'],
		});
		done.push('Intercom: webhook saved (its HEAD check passed)');
	}
	return done.join('\n') || 'nothing to save';
}

/** Starts the page on 127.0.0.1:port. Returns { url, close }. */
async function startCustomerPage(mocks, port) {
	const server = http.createServer(async (req, res) => {
		let result = '';
		try {
			if (req.method === 'POST' && req.url === '/customer-writes') result = await customerWrites(mocks, await readForm(req));
			else if (req.method === 'POST' && req.url === '/settings') result = await saveSettings(mocks, await readForm(req));
		} catch (e) {
			result = `failed: ${e.message}`;
		}
		const wantsText = /curl|text\/plain/.test(String(req.headers['user-agent'] || '') + String(req.headers.accept || ''));
		res.writeHead(200, { 'Content-Type': wantsText ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8' });
		res.end(wantsText ? `${result}\n` : page(result));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

module.exports = { startCustomerPage };
