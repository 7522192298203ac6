import { historyFields, historyItems, historyRequest } from '../../operations/history';
import type { Action } from '../../operations/types';
import { getThrough } from '../../transport/getJson';

import { ReamazeConversation } from './actions';
import { readHistory } from './conversation';
import { conversationField } from './fields';

/**
 * The conversation (for its customer, and a clear 404), then GET …/messages page by page from
 * the newest (vendor-actions.md §5): items in the polling trigger's shape.
 */
export const getMessages: Action = {
	operation: 'getMessages',
	fields: [conversationField, ...historyFields],

	prepare(p) {
		const conversation = ReamazeConversation.of(p);
		const request = historyRequest(p);
		return {
			orderingKey: conversation.slug,
			send: async (client) => {
				const author = ((await conversation.read(client)).author ?? {}) as { email?: unknown };
				const customerEmail = typeof author.email === 'string' ? author.email : null;
				const messages = await readHistory(getThrough(client, p.itemIndex), conversation.slug, customerEmail, request);
				return await historyItems(p, request, { platform: 'reamaze', conversationId: conversation.slug, accountId: null }, messages);
			},
		};
	},
};
