'use strict';
/**
 * The loopback Chatwoot / 99digital mock (mocks/) in its own process, so that no contender
 * shares an event loop with the server it sends to. IPC commands: reset, stats.
 */
const { startChatwootMock } = require('../../mocks');
const { serveChild } = require('./common-child');

(async () => {
	const mock = await startChatwootMock({});
	serveChild(
		{
			reset: () => {
				mock.reset();
				return true;
			},
			stats: () => {
				const statuses = {};
				for (const r of mock.requests) statuses[r.status] = (statuses[r.status] || 0) + 1;
				const authed = mock.requests.filter((r) => r.authenticated).length;
				const sample = mock.messages[0];
				return {
					requests: mock.requests.length,
					messages: mock.messages.length,
					authenticated: authed,
					statuses,
					distinctConversations: new Set(mock.messages.map((m) => m.conversationId)).size,
					sample: sample ? { conversationId: sample.conversationId, content: sample.content, messageType: sample.messageType, private: sample.private } : null,
					sampleHeaders: mock.requests[0]
						? { accept: mock.requests[0].headers.accept, contentType: mock.requests[0].headers['content-type'] }
						: null,
				};
			},
		},
		{ baseUrl: mock.baseUrl },
	);
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
