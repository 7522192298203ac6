import type { Action } from '../../operations/types';

import { actionConversationField, normalisedConversation, UserEngageConversation } from './actions';

/** GET /conversations/{id}/: the conversation, normalised (vendor-actions.md §0, §6). */
export const getConversation: Action = {
	operation: 'getConversation',
	fields: [actionConversationField],

	prepare(p) {
		const conversation = UserEngageConversation.of(p);
		return {
			orderingKey: String(conversation.id),
			send: async (client) => {
				const { conversation: read, messages } = await conversation.read(client);
				return [{ json: normalisedConversation(read, messages) }];
			},
		};
	},
};
