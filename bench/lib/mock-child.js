'use strict';
/**
 * The loopback Chatwoot / 99digital mock (mocks/) in its own process, so that no contender
 * shares an event loop with the server it sends to. IPC commands: reset, stats, and for the
 * Conversation Actions bench seedHistory, seedConversation and conversation.
 */
const { startChatwootMock } = require('../../mocks');
const { serveChild } = require('./common-child');

/** "GET /api/v1/accounts/7/conversations/40/messages" → "GET …/conversations/:id/messages" (ids and the account prefix folded). */
const routeOf = (r) => `${r.method} ${r.path.replace(/^\/api\/v1\/accounts\/\d+/, '…').replace(/\/\d+(?=\/|$)/g, '/:id')}`;

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
				const routes = {};
				for (const r of mock.requests) {
					statuses[r.status] = (statuses[r.status] || 0) + 1;
					routes[routeOf(r)] = (routes[routeOf(r)] || 0) + 1;
				}
				const authed = mock.requests.filter((r) => r.authenticated).length;
				const sample = mock.messages[0];
				return {
					requests: mock.requests.length,
					messages: mock.messages.length,
					authenticated: authed,
					statuses,
					routes,
					distinctConversations: new Set(mock.messages.map((m) => m.conversationId)).size,
					sample: sample ? { conversationId: sample.conversationId, content: sample.content, messageType: sample.messageType, private: sample.private } : null,
					sampleHeaders: mock.requests[0]
						? { accept: mock.requests[0].headers.accept, contentType: mock.requests[0].headers['content-type'] }
						: null,
				};
			},
			/** A long history (mocks/history-seed.js) → the seeded ids, oldest first. */
			seedHistory: ({ conversationId, count }) => mock.seedHistory(conversationId, count).map((m) => m.id),
			/** A conversation's starting state (status, assignee, team, …), recorded as no change. */
			seedConversation: ({ conversationId, patch }) => {
				mock.seedConversation(conversationId, patch);
				return mock.conversationState(conversationId);
			},
			/** What a conversation is now, which of its fields were written, and the messages posted into it. */
			conversation: ({ conversationId }) => ({
				state: mock.conversationState(conversationId),
				changedFields: mock.stateChanges.filter((c) => c.conversationId === conversationId).map((c) => c.field),
				messages: mock.messages
					.filter((m) => m.conversationId === conversationId)
					.map((m) => ({ content: m.content, messageType: m.messageType, private: m.private })),
			}),
		},
		{ baseUrl: mock.baseUrl },
	);
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
