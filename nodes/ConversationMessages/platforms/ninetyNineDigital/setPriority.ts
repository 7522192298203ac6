import type { Action } from '../../operations/types';
import { oneOf, wholeNumber } from '../../params/checks';
import { ChatwootAction } from '../chatwoot/actions';

import { conversationField, sendAccountField } from './fields';

const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;

/**
 * POST …/toggle_priority after a read (no write when it has that priority already). None clears
 * it with null: Chatwoot's documentation lists "none", its model refuses it (vendor-actions.md §1.7).
 */
export const setPriority: Action = {
	operation: 'setPriority',
	fields: [
		sendAccountField,
		conversationField,
		{
			displayName: 'Priority',
			name: 'priority',
			type: 'options',
			default: 'medium',
			options: [
				{ name: 'High', value: 'high' },
				{ name: 'Low', value: 'low' },
				{ name: 'Medium', value: 'medium' },
				{ name: 'None', value: 'none', description: 'Clear the priority' },
				{ name: 'Urgent', value: 'urgent' },
			],
			description: 'The priority the conversation should have',
		},
	],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const priority = p.read('priority', oneOf(PRIORITIES), 'Priority', 'medium');
		const wanted = priority === 'none' ? null : priority;
		const chatwoot = new ChatwootAction(p, 'setPriority', 'ninetyNineDigital', `/api/v1/accounts/${accountId}`, accountId);
		return {
			orderingKey: `${accountId}/${conversationId}`,
			send: async (client) => {
				const state = await chatwoot.conversation(client, conversationId);
				if ((state.priority ?? null) === wanted) return [{ json: state }];
				const path = chatwoot.conversationPath(conversationId, '/toggle_priority');
				await chatwoot.call(client, { method: 'POST', path, json: { priority: wanted }, safeToRetry: true });
				return [{ json: await chatwoot.conversation(client, conversationId) }];
			},
		};
	},
};
