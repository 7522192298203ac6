import type { IDataObject } from 'n8n-workflow';

import type { Action } from '../../operations/types';
import { futureTime, oneOf } from '../../params/checks';
import { snoozeUntilField, statusField } from '../../params/fields';

import { IntercomAction, actAsAdminField, conversationField } from './actions';

/** Intercom's states (§4): no "pending", and a snooze always has an end. */
const STATUSES = ['open', 'closed', 'snoozed'] as const;

/**
 * POST /conversations/{id}/parts {message_type: open|close|snoozed} (vendor-actions.md §4), after
 * a read: a conversation already in that state (snoozed: until that time) gets no write. Never
 * with a `body`, so a retry posts nothing twice.
 */
export const setStatus: Action = {
	operation: 'setConversationStatus',
	wording: { description: 'Set a conversation to open, closed or snoozed until a time' },
	fields: [
		conversationField,
		statusField(
			[
				{ name: 'Open', value: 'open', description: 'A teammate should answer' },
				{ name: 'Closed', value: 'closed', description: 'Done; the contact writing again reopens it' },
				{ name: 'Snoozed', value: 'snoozed', description: 'Set aside until a time; it opens again then, or when the contact writes' },
			],
			'The status the conversation should have (stated, never toggled)',
		),
		snoozeUntilField('When the conversation opens again (required: Intercom snoozes only until a time). Must be in the future.'),
		actAsAdminField,
	],

	prepare(p) {
		const intercom = new IntercomAction(p);
		const conversationId = intercom.conversationId();
		const status = p.read('status', oneOf(STATUSES), 'Status', 'open');
		let snoozedUntil: number | null = null;
		if (status === 'snoozed') {
			const at = p.as(p.requiredText('snoozeUntil', 'Snooze Until').trim(), futureTime('Give a time in the future.'), 'Snooze Until');
			snoozedUntil = Math.floor(at / 1000);
		}
		const acting = intercom.actingAdmin();
		let adminId = '';
		return {
			orderingKey: conversationId,
			check: async (client) => {
				adminId = await acting.resolve(client);
			},
			send: async (client) => {
				const conversation = await intercom.retrieve(client, conversationId);
				if (conversation.state === status && (status !== 'snoozed' || Number(conversation.snoozed_until) === snoozedUntil)) {
					return [{ json: await intercom.normalised(client, conversation) }];
				}
				const json: IDataObject =
					status === 'snoozed'
						? { message_type: 'snoozed', admin_id: adminId, snoozed_until: snoozedUntil }
						: { message_type: status === 'closed' ? 'close' : 'open', admin_id: adminId };
				if (status === 'closed') json.type = 'admin';
				const written = await intercom.write(client, { method: 'POST', path: `/conversations/${encodeURIComponent(conversationId)}/parts`, json });
				return [{ json: await intercom.normalised(client, written) }];
			},
		};
	},
};
