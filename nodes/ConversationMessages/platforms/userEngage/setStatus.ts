import type { Action } from '../../operations/types';
import { oneOf } from '../../params/checks';
import { statusField } from '../../params/fields';

import { actionConversationField, isActive, normalisedConversation, UserEngageConversation } from './actions';

const STATUSES = ['open', 'closed'] as const;

/**
 * PATCH /conversations/{id}/ {active} (vendor-actions.md §6): User.com has open and closed only
 * (snoozing exists only with a message sent as the user). Read first; not written when the
 * conversation is already so.
 */
export const setStatus: Action = {
	operation: 'setConversationStatus',
	wording: { description: 'Open or close a conversation' },
	fields: [
		actionConversationField,
		statusField(
			[
				{ name: 'Open', value: 'open', description: 'Active: an agent should answer' },
				{ name: 'Closed', value: 'closed', description: 'Done; it is no longer listed as open' },
			],
			'The status the conversation should have (stated, never toggled)',
		),
	],

	prepare(p) {
		const conversation = UserEngageConversation.of(p);
		const active = p.read('status', oneOf(STATUSES), 'Status', 'open') === 'open';
		return {
			orderingKey: String(conversation.id),
			send: async (client) => {
				const current = await conversation.read(client);
				const after = isActive(current.conversation) === active ? current : await conversation.update(client, { active });
				return [{ json: normalisedConversation(after.conversation, after.messages) }];
			},
		};
	},
};
