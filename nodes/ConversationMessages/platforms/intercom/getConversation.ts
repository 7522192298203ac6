import type { Action } from '../../operations/types';

import { IntercomAction, conversationField } from './actions';

/** GET /conversations/{id}: the conversation, normalised, its admin, team and contact named (vendor-actions.md §0, §4). */
export const getConversation: Action = {
	operation: 'getConversation',
	fields: [conversationField],

	prepare(p) {
		const intercom = new IntercomAction(p);
		const conversationId = intercom.conversationId();
		return {
			orderingKey: conversationId,
			send: async (client) => [{ json: await intercom.conversation(client, conversationId) }],
		};
	},
};
