import type { Action } from '../../operations/types';
import { oneOf } from '../../params/checks';
import { statusField } from '../../params/fields';

import { ZendeskAction } from './actions';
import { ticketField } from './fields';

/**
 * The statuses an update may set (vendor-zendesk.md §8): "closed" is Zendesk's own, after a solved
 * ticket rests (the API refuses it), and "new" only a ticket that no one has opened has.
 */
const STATUSES = ['open', 'pending', 'hold', 'solved'] as const;

/** PUT /api/v2/tickets/{id} {ticket: {status}} after a read: a ticket already in that status gets no write. */
export const setStatus: Action = {
	operation: 'setConversationStatus',
	wording: { description: 'Set a ticket to open, pending, on-hold or solved' },
	fields: [
		ticketField,
		statusField(
			[
				{ name: 'Open', value: 'open', description: 'An agent should answer' },
				{ name: 'Pending', value: 'pending', description: 'Waiting for the requester; their reply opens it again' },
				{ name: 'On-Hold', value: 'hold', description: 'Waiting on a third party (where the account has this status active)' },
				{ name: 'Solved', value: 'solved', description: 'Done; Zendesk closes it later, and a reply before then opens it again' },
			],
			'The status the ticket should have (stated, never toggled)',
		),
	],

	prepare(p) {
		const zendesk = new ZendeskAction(p);
		const ticketId = zendesk.ticketId();
		const status = p.read('status', oneOf(STATUSES), 'Status', 'open');
		return {
			orderingKey: ticketId,
			send: async (client) => {
				let ticket = await zendesk.ticket(client, ticketId);
				if (ticket.status !== status) ticket = await zendesk.update(client, ticketId, { status });
				return [{ json: await zendesk.normalised(client, ticket) }];
			},
		};
	},
};
