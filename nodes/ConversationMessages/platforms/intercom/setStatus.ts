import type { IDataObject } from 'n8n-workflow';

import type { Action } from '../../operations/types';
import { oneOf } from '../../params/checks';

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
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'open',
			options: [
				{ name: 'Open', value: 'open', description: 'A teammate should answer' },
				{ name: 'Closed', value: 'closed', description: 'Done; the contact writing again reopens it' },
				{ name: 'Snoozed', value: 'snoozed', description: 'Set aside until a time; it opens again then, or when the contact writes' },
			],
			description: 'The status the conversation should have (stated, never toggled)',
		},
		{
			displayName: 'Snooze Until',
			name: 'snoozeUntil',
			type: 'dateTime',
			default: '',
			displayOptions: { show: { status: ['snoozed'] } },
			// Not marked required: n8n would then also demand it where another platform's Status field is an expression.
			description: 'When the conversation opens again (required: Intercom snoozes only until a time). Must be in the future.',
		},
		actAsAdminField,
	],

	prepare(p) {
		const intercom = new IntercomAction(p);
		const conversationId = intercom.conversationId();
		const status = p.read('status', oneOf(STATUSES), 'Status', 'open');
		let snoozedUntil: number | null = null;
		if (status === 'snoozed') {
			const given = p.requiredText('snoozeUntil', 'Snooze Until').trim();
			const at = Date.parse(given);
			if (!Number.isFinite(at)) throw p.fail('Snooze Until', `is not a date and time: "${given}"`, 'Give an ISO 8601 time, e.g. 2026-12-24T09:00:00Z.');
			if (at <= Date.now()) throw p.fail('Snooze Until', `is in the past: ${new Date(at).toISOString()}`, 'Give a time in the future.');
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
