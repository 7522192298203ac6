import type { Action } from '../../operations/types';
import { email } from '../../params/checks';

import { normalisedConversation, ReamazeConversation } from './actions';
import { conversationField } from './fields';
import { staffMember } from './staff';

/**
 * PUT /conversations/{slug} {conversation: {assignee: {email}}} (vendor-actions.md §5): to a
 * staff member by email, checked against GET /staff before any write; not written when the
 * conversation is already theirs. Unassigning is not offered: Re:amaze documents no way to.
 */
export const assign: Action = {
	operation: 'assignConversation',
	wording: { description: 'Assign a conversation to a staff member' },
	fields: [
		conversationField,
		{
			displayName: 'Agent',
			name: 'agent',
			type: 'resourceLocator',
			required: true,
			default: { mode: 'list', value: '' },
			description: 'The staff member to assign the conversation to: pick them, or give their email',
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'searchReamazeStaff', searchable: true },
				},
				{
					displayName: 'By Email',
					name: 'email',
					type: 'string',
					placeholder: 'agent@example.com',
				},
			],
		},
	],

	prepare(p) {
		const conversation = ReamazeConversation.of(p);
		const assignee = p.as(p.ctx.getNodeParameter('agent', p.itemIndex, '', { extractValue: true }), email, 'Agent');
		let staffEmail = assignee;
		return {
			orderingKey: conversation.slug,
			check: async (client) => {
				staffEmail = (await staffMember(p, client, assignee, 'Agent')).email;
			},
			send: async (client) => {
				const current = await conversation.read(client);
				const now = (current.assignee as { email?: unknown } | null | undefined)?.email;
				if (typeof now === 'string' && now.toLowerCase() === staffEmail.toLowerCase()) return [{ json: normalisedConversation(current) }];
				return [{ json: normalisedConversation(await conversation.update(client, { assignee: { email: staffEmail } })) }];
			},
		};
	},
};
