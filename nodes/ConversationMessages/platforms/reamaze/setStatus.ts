import type { IDataObject } from 'n8n-workflow';

import type { Action } from '../../operations/types';
import { oneOf, wholeNumber } from '../../params/checks';
import { additionalFieldsCollection, snoozeUntilField, statusField } from '../../params/fields';

import { normalisedConversation, ReamazeConversation, STATUS_CODES } from './actions';
import { conversationField } from './fields';

type Status = keyof typeof STATUS_CODES;

/**
 * PUT /conversations/{slug} {conversation: {status, hold_until}} (vendor-actions.md §5): the
 * status stated, never toggled; read first, and not written when the conversation is already so.
 */
export const setStatus: Action = {
	operation: 'setConversationStatus',
	wording: { description: 'Set a conversation to open, pending (waiting on the customer), resolved, or on hold until a time' },
	fields: [
		conversationField,
		statusField([
			{ name: 'Open', value: 'open', description: 'Unresolved: waiting for staff (Re:amaze 0)' },
			{ name: 'Pending', value: 'pending', description: 'Responded: waiting on the customer (Re:amaze 1)' },
			{ name: 'Resolved', value: 'resolved', description: 'Done (Re:amaze 2)' },
			{ name: 'Snoozed', value: 'snoozed', description: 'On hold until a time (Re:amaze 5)' },
		]),
		snoozeUntilField('When the conversation comes off hold (needed with Snoozed); must be in the future'),
		additionalFieldsCollection([
			{
				displayName: 'Status Code',
				name: 'statusCode',
				type: 'number',
				default: 0,
				description:
					"The Re:amaze status number to send instead of the chosen status's (open 0, pending 1, resolved 2, snoozed 5, as two public clients read Re:amaze; its own page on statuses could not be checked)",
			},
		]),
	],

	prepare(p) {
		const conversation = ReamazeConversation.of(p);
		const status = p.read('status', oneOf(Object.keys(STATUS_CODES) as Status[]), 'Status', 'open');
		const additional = p.collection('additionalFields');
		const override = additional.get('statusCode');
		const code = override === undefined || override === '' ? STATUS_CODES[status] : additional.as(override, wholeNumber, 'Status Code');
		const target: IDataObject = { status: code };
		if (status === 'snoozed') {
			// Checked here, not marked required: n8n would then also require the Chatwoot family's optional Snooze Until (the same name).
			const until = Date.parse(p.requiredText('snoozeUntil', 'Snooze Until'));
			if (Number.isNaN(until)) throw p.fail('Snooze Until', 'is not a date and time');
			if (until <= Date.now()) throw p.fail('Snooze Until', `is in the past (${new Date(until).toISOString()})`, 'Give a time in the future.');
			target.hold_until = new Date(until).toISOString();
		}
		return {
			orderingKey: conversation.slug,
			send: async (client) => {
				const current = await conversation.read(client);
				const holdUnchanged = target.hold_until === undefined || Date.parse(String(current.hold_until)) === Date.parse(String(target.hold_until));
				if (Number(current.status) === code && holdUnchanged) return [{ json: normalisedConversation(current) }];
				return [{ json: normalisedConversation(await conversation.update(client, target)) }];
			},
		};
	},
};
