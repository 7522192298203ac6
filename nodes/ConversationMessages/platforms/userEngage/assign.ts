import { NodeOperationError } from 'n8n-workflow';

import type { Action } from '../../operations/types';

import { actionConversationField, agentOf, isActive, normalisedConversation, UserEngageConversation } from './actions';

/**
 * PATCH /conversations/{id}/ {active, assigned_to} (vendor-actions.md §6). User.com lists no
 * agents through its API and documents `assigned_to` as an agent's id in one place and an agent
 * group's in another, so the id is typed, the conversation's `active` is sent as it is (the field
 * is required), and the conversation is read back: an agent other than the one asked for fails
 * the item rather than pass unnoticed. Not written when it is the agent already. No unassign:
 * User.com documents none.
 */
export const assign: Action = {
	operation: 'assignConversation',
	wording: { description: 'Assign a conversation to an agent, by the ID User.com shows for them' },
	fields: [
		actionConversationField,
		{
			displayName: 'Agent ID',
			name: 'agentId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '926',
			description:
				"The agent's numeric ID: check it in User.com (Settings → Agents). User.com's API lists no agents, and its docs call this value an agent's ID in one place and an agent group's in another; the result shows who the conversation went to.",
		},
	],

	prepare(p) {
		const conversation = UserEngageConversation.of(p);
		const agentId = p.wholeNumber('agentId', 'Agent ID');
		return {
			orderingKey: String(conversation.id),
			send: async (client) => {
				const current = await conversation.read(client);
				const isAgent = (read: typeof current) => String(agentOf(read.conversation)?.id ?? '') === String(agentId);
				if (isAgent(current)) return [{ json: normalisedConversation(current.conversation, current.messages) }];
				const after = await conversation.update(client, { active: isActive(current.conversation), assigned_to: agentId });
				if (!isAgent(after)) {
					throw new NodeOperationError(
						p.ctx.getNode(),
						`Agent ID ${agentId} was sent, but conversation ${conversation.id} now reads agent ${String(agentOf(after.conversation)?.id ?? 'none')} (item ${p.itemIndex})`,
						{ itemIndex: p.itemIndex, description: 'User.com may have read the ID as an agent group. Check the agent in User.com.' },
					);
				}
				return [{ json: normalisedConversation(after.conversation, after.messages) }];
			},
		};
	},
};
