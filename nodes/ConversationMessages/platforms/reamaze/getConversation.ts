import type { Action } from '../../operations/types';

import { normalisedConversation, ReamazeConversation } from './actions';
import { conversationField } from './fields';

/** GET /conversations/{slug}: the conversation, normalised (vendor-actions.md §0, §5). */
export const getConversation: Action = {
	operation: 'getConversation',
	fields: [conversationField],

	prepare(p) {
		const conversation = ReamazeConversation.of(p);
		return {
			orderingKey: conversation.slug,
			send: async (client) => [{ json: normalisedConversation(await conversation.read(client)) }],
		};
	},
};
