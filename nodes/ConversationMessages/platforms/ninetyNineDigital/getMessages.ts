import { historyFields, historyItems, historyRequest } from '../../operations/history';
import type { Action } from '../../operations/types';
import { wholeNumber } from '../../params/checks';
import { ChatwootAction } from '../chatwoot/actions';
import { chatwootHistory } from '../chatwoot/history';

import { conversationField, sendAccountField } from './fields';

/** GET …/conversations/{id}/messages, paged backwards (vendor-actions.md §1.3): items in the triggers' shape. */
export const getMessages: Action = {
	operation: 'getMessages',
	fields: [
		sendAccountField,
		conversationField,
		...historyFields,
	],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const request = historyRequest(p);
		const chatwoot = new ChatwootAction(p, 'getMessages', 'ninetyNineDigital', `/api/v1/accounts/${accountId}`, accountId);
		return {
			orderingKey: `${accountId}/${conversationId}`,
			send: async (client) => {
				const messages = await chatwootHistory(chatwoot, client, conversationId, request);
				return await historyItems(p, request, { platform: 'ninetyNineDigital', conversationId: String(conversationId), accountId }, messages);
			},
		};
	},
};
