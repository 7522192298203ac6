import { historyFields, historyItems, historyRequest } from '../../operations/history';
import type { Action } from '../../operations/types';

import { actionConversationField, UserEngageConversation } from './actions';

/**
 * The messages GET /conversations/{id}/ carries inline (vendor-actions.md §6), in the polling
 * trigger's item shape. User.com has no private notes, so Include Private Notes changes nothing.
 */
export const getMessages: Action = {
	operation: 'getMessages',
	fields: [actionConversationField, ...historyFields],

	prepare(p) {
		const conversation = UserEngageConversation.of(p);
		const request = historyRequest(p);
		return {
			orderingKey: String(conversation.id),
			send: async (client) => {
				const { messages } = await conversation.read(client);
				if (request.limit === undefined && messages.length > request.cap) throw request.tooLong(String(conversation.id));
				const wanted = request.limit === undefined ? messages : messages.slice(-request.limit);
				return await historyItems(p, request, { platform: 'userEngage', conversationId: String(conversation.id), accountId: null }, wanted);
			},
		};
	},
};
