import type { IDataObject } from 'n8n-workflow';

import type { Action } from '../../operations/types';
import { locatorText, oneOf, wholeNumber } from '../../params/checks';
import { memberLocator } from '../../params/fields';
import type { VendorClient } from '../../transport/client';
import { ChatwootAction, assignedAgentId } from '../chatwoot/actions';
import type { Member } from '../chatwoot/directory';
import { agentNamed, teamNamed } from '../chatwoot/directory';

import { conversationField, sendAccountField } from './fields';

const ASSIGNMENTS = ['assign', 'unassign'] as const;
const UNASSIGN_FROM = ['agent', 'team'] as const;

/**
 * POST …/assignments (vendor-actions.md §1.4), read first so a repeat writes nothing: the team
 * first (a team change may clear or auto-pick the agent), then the agent; Unassign sends the key
 * with null (a body without it changes nothing).
 */
export const assign: Action = {
	operation: 'assignConversation',
	fields: [
		sendAccountField,
		conversationField,
		{
			displayName: 'Assignment',
			name: 'assignment',
			type: 'options',
			default: 'assign',
			options: [
				{ name: 'Assign', value: 'assign', description: 'Hand the conversation to an agent, a team, or both' },
				{ name: 'Unassign', value: 'unassign', description: 'Take the conversation away from its agent and/or team' },
			],
		},
		{
			...memberLocator({
				displayName: 'Agent',
				name: 'agent',
				searchMethod: 'searchChatwootAgents',
				example: '2',
				description: 'The agent to assign (an ID, name or email by expression); empty leaves the agent as it is',
			}),
			displayOptions: { show: { assignment: ['assign'] } },
		},
		{
			...memberLocator({
				displayName: 'Team',
				name: 'team',
				searchMethod: 'searchChatwootTeams',
				example: '2',
				description: 'The team to assign (an ID or name by expression); empty leaves the team as it is',
			}),
			displayOptions: { show: { assignment: ['assign'] } },
		},
		{
			displayName: 'Unassign From',
			name: 'unassignFrom',
			type: 'multiOptions',
			default: ['agent'],
			options: [
				{ name: 'Agent', value: 'agent' },
				{ name: 'Team', value: 'team' },
			],
			displayOptions: { show: { assignment: ['unassign'] } },
			description: 'Whether to take the conversation from its agent, its team, or both',
		},
	],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const assignment = p.read('assignment', oneOf(ASSIGNMENTS), 'Assignment', 'assign');
		const chatwoot = new ChatwootAction(p, 'assignConversation', 'ninetyNineDigital', `/api/v1/accounts/${accountId}`, accountId);
		let agentGiven = '';
		let teamGiven = '';
		let unassign: string[] = [];
		if (assignment === 'assign') {
			agentGiven = p.read('agent', locatorText, 'Agent', '');
			teamGiven = p.read('team', locatorText, 'Team', '');
			if (!agentGiven && !teamGiven) throw p.fail('Agent', 'and Team are both empty', 'Choose an agent, a team, or both.');
		} else {
			const given = p.get('unassignFrom', ['agent']);
			unassign = (Array.isArray(given) ? given : [given]).map((entry) => p.as(entry, oneOf(UNASSIGN_FROM), 'Unassign From'));
			if (!unassign.length) throw p.fail('Unassign From', 'is empty', 'Choose the agent, the team, or both.');
		}
		// null: unassign; undefined: leave as it is.
		let agent: Member | null | undefined = unassign.includes('agent') ? null : undefined;
		let team: Member | null | undefined = unassign.includes('team') ? null : undefined;
		const post = async (client: VendorClient, json: IDataObject) =>
			await chatwoot.call(client, { method: 'POST', path: chatwoot.conversationPath(conversationId, '/assignments'), json, safeToRetry: true });
		return {
			orderingKey: `${accountId}/${conversationId}`,
			check: async (client) => {
				if (agentGiven) agent = await agentNamed(p, chatwoot, client, agentGiven, 'Agent');
				if (teamGiven) team = await teamNamed(p, chatwoot, client, teamGiven, 'Team');
			},
			send: async (client) => {
				// Each write is followed by one read: it tells the agent step what the team step left
				// (a team change may clear or auto-pick the agent) and is the output when nothing follows.
				let state = await chatwoot.conversation(client, conversationId);
				const teamId = team === undefined ? undefined : (team?.id ?? null);
				if (teamId !== undefined && ((state.team as { id?: unknown } | null)?.id ?? null) !== teamId) {
					await post(client, { team_id: teamId });
					state = await chatwoot.conversation(client, conversationId);
				}
				const agentId = agent === undefined ? undefined : (agent?.id ?? null);
				if (agentId !== undefined && assignedAgentId(state) !== agentId) {
					await post(client, { assignee_id: agentId });
					state = await chatwoot.conversation(client, conversationId);
				}
				return [{ json: state }];
			},
		};
	},
};
