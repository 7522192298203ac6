import type { Action } from '../../operations/types';
import { wholeNumber } from '../../params/checks';
import { ChatwootAction } from '../chatwoot/actions';

import { conversationField, sendAccountField } from './fields';

/** GET …/conversations/{id}: the conversation, normalised (vendor-actions.md §0, §1.2). */
export const getConversation: Action = {
	operation: 'getConversation',
	fields: [sendAccountField, conversationField],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const chatwoot = new ChatwootAction(p, 'getConversation', 'ninetyNineDigital', `/api/v1/accounts/${accountId}`, accountId);
		return {
			orderingKey: `${accountId}/${conversationId}`,
			send: async (client) => [{ json: await chatwoot.conversation(client, conversationId) }],
		};
	},
};
