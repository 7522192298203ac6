import type { Action } from '../../operations/types';
import { wholeNumber } from '../../params/checks';
import { ChatwootAction } from '../chatwoot/actions';
import { changeLabels, checkLabels, labelsField, readLabels } from '../chatwoot/labels';

import { conversationField, sendAccountField } from './fields';

/** Removes labels, keeping the conversation's others: read, change, write the whole list (Chatwoot replaces it), and only when it changes. */
export const removeLabels: Action = {
	operation: 'removeLabels',
	fields: [sendAccountField, conversationField, labelsField],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const titles = readLabels(p);
		const chatwoot = new ChatwootAction(p, 'removeLabels', 'ninetyNineDigital', `/api/v1/accounts/${accountId}`, accountId);
		return {
			orderingKey: `${accountId}/${conversationId}`,
			check: async (client) => await checkLabels(p, chatwoot, client, titles),
			send: async (client) => [{ json: await changeLabels(chatwoot, client, conversationId, (current) => current.filter((title) => !titles.includes(title))) }],
		};
	},
};
