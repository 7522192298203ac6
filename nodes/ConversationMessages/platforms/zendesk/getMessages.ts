import { historyFields, historyItems, historyRequest } from '../../operations/history';
import type { Action } from '../../operations/types';
import { getThrough } from '../../transport/getJson';

import { ZendeskAction } from './actions';
import { readHistory } from './conversation';
import { ticketField } from './fields';

/**
 * GET /api/v2/tickets/{id}/comments, newest first by cursor until the latest N are had (or all,
 * up to Max Messages), returned oldest first in the trigger's item shape (vendor-zendesk.md §7).
 */
export const getMessages: Action = {
	operation: 'getMessages',
	wording: { description: 'Get the latest comments of a ticket, oldest first, or its whole history as one transcript' },
	fields: [ticketField, ...historyFields],

	prepare(p) {
		const ticketId = new ZendeskAction(p).ticketId();
		const request = historyRequest(p);
		return {
			orderingKey: ticketId,
			send: async (client) => {
				const messages = await readHistory(getThrough(client, p.itemIndex), ticketId, request);
				return await historyItems(p, request, { platform: 'zendesk', conversationId: ticketId, accountId: null }, messages);
			},
		};
	},
};
