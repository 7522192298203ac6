import type { Action } from '../../operations/types';

import { ZendeskAction } from './actions';
import { ticketField } from './fields';

/** GET /api/v2/tickets/{id}: the ticket, normalised, its agent, group and requester named (vendor-zendesk.md §8). */
export const getConversation: Action = {
	operation: 'getConversation',
	wording: { description: 'Get the status, assignee, group, tags, priority and requester of a ticket' },
	fields: [ticketField],

	prepare(p) {
		const zendesk = new ZendeskAction(p);
		const ticketId = zendesk.ticketId();
		return {
			orderingKey: ticketId,
			send: async (client) => [{ json: await zendesk.normalised(client, await zendesk.ticket(client, ticketId)) }],
		};
	},
};
