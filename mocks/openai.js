'use strict';
/**
 * An OpenAI-compatible chat-completions API on loopback, for the flagship flow (trigger → n8n's AI
 * Agent → Send Conversation Message as the agent's tool). It plays a model that uses its tool:
 *
 *   POST /v1/chat/completions  Bearer <API key>; JSON {model, messages, tools?, stream?}
 *     - tools offered and no tool result yet → one tool call: the first tool, its first parameter
 *       set to `mock.replyText` (what the "model" decided to answer)
 *     - a tool result in the messages → a final assistant message
 *   or, when a test sets `mock.script` (turns: [[{tool: RegExp, args?}], …]), turn N (N = the
 *   assistant messages so far) calls the offered tools matching that turn's entries, one call
 *   each, `args` as given (default {}); past the last turn → the final message. So the hand-off
 *   flow reads the history first, then hands off, as a model would.
 *   Answers as JSON, or as server-sent events when `stream` is true. Anything else → OpenAI's 4xx.
 */
const http = require('node:http');

const API_KEY = 'sk-mockSECRETa7f19c0d2b8e4f6a9c31';

const error = (res, status, message, type = 'invalid_request_error') => {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify({ error: { message, type, param: null, code: null } }));
};

async function startOpenAiMock({ port = 0 } = {}) {
	const mock = { requests: [], script: null, replyText: 'Your parcel left our warehouse today; you will get it tomorrow.', baseUrl: null, apiKey: API_KEY };
	let seq = 0;
	const server = http.createServer(async (req, res) => {
		let raw = '';
		for await (const chunk of req) raw += chunk;
		const record = { method: req.method, path: req.url, headers: req.headers, body: null };
		mock.requests.push(record);
		if (req.headers.authorization !== `Bearer ${API_KEY}`) return error(res, 401, 'Incorrect API key provided.', 'invalid_api_key');
		if (req.method !== 'POST' || req.url.split('?')[0] !== '/v1/chat/completions') return error(res, 404, `Unknown request URL: ${req.method} ${req.url}`);
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			return error(res, 400, 'We could not parse the JSON body of your request.');
		}
		record.body = body;
		if (typeof body.model !== 'string' || !Array.isArray(body.messages) || !body.messages.length) {
			return error(res, 400, "'model' and 'messages' are required properties");
		}
		const tools = Array.isArray(body.tools) ? body.tools : [];
		const toolAnswered = body.messages.some((m) => m.role === 'tool');
		let message;
		let finish;
		const turn = mock.script ? mock.script[body.messages.filter((m) => m.role === 'assistant').length] : undefined;
		if (turn) {
			const offered = tools.map((t) => t.function || {});
			const missing = turn.find(({ tool }) => !offered.some((f) => tool.test(f.name || '')));
			if (missing) return error(res, 400, `mock script: no offered tool matches ${missing.tool}; offered: ${offered.map((f) => f.name).join(', ')}`);
			const calls = turn.map(({ tool, args = {} }) => ({
				id: `call_${++seq}`, type: 'function', function: { name: offered.find((f) => tool.test(f.name || '')).name, arguments: JSON.stringify(args) },
			}));
			message = { role: 'assistant', content: null, tool_calls: calls };
			finish = 'tool_calls';
		} else if (mock.script) {
			message = { role: 'assistant', content: 'I handed the conversation over to a colleague.' };
			finish = 'stop';
		} else if (tools.length && !toolAnswered) {
			const fn = tools[0].function || {};
			const first = Object.keys((fn.parameters && fn.parameters.properties) || {})[0];
			const args = first ? { [first]: mock.replyText } : {};
			message = { role: 'assistant', content: null, tool_calls: [{ id: `call_${++seq}`, type: 'function', function: { name: fn.name, arguments: JSON.stringify(args) } }] };
			finish = 'tool_calls';
		} else {
			message = { role: 'assistant', content: 'I answered the customer in their conversation.' };
			finish = 'stop';
		}
		const id = `chatcmpl-mock${++seq}`;
		const created = Math.floor(Date.now() / 1000);
		if (body.stream) {
			res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
			const delta = message.tool_calls
				? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((t, index) => ({ index, ...t })) }
				: { role: 'assistant', content: message.content };
			const chunk = (choice) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [choice] })}\n\n`;
			res.write(chunk({ index: 0, delta, finish_reason: null }));
			res.write(chunk({ index: 0, delta: {}, finish_reason: finish }));
			res.end('data: [DONE]\n\n');
			return;
		}
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify({
			id, object: 'chat.completion', created, model: body.model,
			choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
			usage: { prompt_tokens: 42, completion_tokens: 12, total_tokens: 54 },
		}));
	});
	await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
	mock.port = server.address().port;
	mock.baseUrl = `http://127.0.0.1:${mock.port}/v1`;
	mock.reset = () => { mock.requests.length = 0; mock.script = null; };
	mock.close = () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
	return mock;
}

module.exports = { startOpenAiMock, OPENAI_API_KEY: API_KEY };
