import type { Action } from '../../operations/types';
import { oneOf } from '../../params/checks';

import { ZendeskAction } from './actions';
import { ticketField } from './fields';

/** Zendesk's priorities (vendor-zendesk.md §8); None clears it with null ([UNCONFIRMED]). */
const PRIORITIES = ['urgent', 'high', 'normal', 'low', 'none'] as const;

/** PUT /api/v2/tickets/{id} {ticket: {priority}} after a read: a ticket with that priority already gets no write. */
export const setPriority: Action = {
	operation: 'setPriority',
	wording: { description: 'Set the priority of a ticket to urgent, high, normal or low, or clear it' },
	fields: [
		ticketField,
		{
			displayName: 'Priority',
			name: 'priority',
			type: 'options',
			default: 'normal',
			options: [
				{ name: 'High', value: 'high' },
				{ name: 'Low', value: 'low' },
				{ name: 'None', value: 'none', description: 'Clear the priority' },
				{ name: 'Normal', value: 'normal' },
				{ name: 'Urgent', value: 'urgent' },
			],
			description: 'The priority the ticket should have',
		},
	],

	prepare(p) {
		const zendesk = new ZendeskAction(p);
		const ticketId = zendesk.ticketId();
		const priority = p.read('priority', oneOf(PRIORITIES), 'Priority', 'normal');
		const wanted = priority === 'none' ? null : priority;
		return {
			orderingKey: ticketId,
			send: async (client) => {
				let ticket = await zendesk.ticket(client, ticketId);
				if ((ticket.priority ?? null) !== wanted) ticket = await zendesk.update(client, ticketId, { priority: wanted });
				return [{ json: await zendesk.normalised(client, ticket) }];
			},
		};
	},
};
