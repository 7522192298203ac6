import type { IDataObject } from 'n8n-workflow';

import type { Action } from '../../operations/types';
import type { AssignmentPanel } from '../../params/assignment';
import { assignmentFields, readAssignment } from '../../params/assignment';
import { wholeNumber } from '../../params/checks';
import type { VendorClient } from '../../transport/client';
import { ChatwootAction, assignedAgentId } from '../chatwoot/actions';
import type { Member } from '../chatwoot/directory';
import { agentNamed, teamNamed } from '../chatwoot/directory';

import { conversationField, sendAccountField } from './fields';

const PANEL: AssignmentPanel = {
	subject: 'conversation',
	member: {
		displayName: 'Agent',
		searchMethod: 'searchChatwootAgents',
		example: '2',
		description: 'The agent to assign (an ID, name or email by expression); empty leaves the agent as it is',
	},
	team: {
		displayName: 'Team',
		searchMethod: 'searchChatwootTeams',
		example: '2',
		description: 'The team to assign (an ID or name by expression); empty leaves the team as it is',
	},
};

/**
 * POST …/assignments (vendor-actions.md §1.4), read first so a repeat writes nothing: the team
 * first (a team change may clear or auto-pick the agent), then the agent; Unassign sends the key
 * with null (a body without it changes nothing).
 */
export const assign: Action = {
	operation: 'assignConversation',
	fields: [sendAccountField, conversationField, ...assignmentFields(PANEL)],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const asked = readAssignment(p, PANEL);
		const chatwoot = new ChatwootAction(p, 'assignConversation', 'ninetyNineDigital', `/api/v1/accounts/${accountId}`, accountId);
		// null: unassign; undefined: leave as it is.
		let agent: Member | null | undefined = asked.unassignMember ? null : undefined;
		let team: Member | null | undefined = asked.unassignTeam ? null : undefined;
		const post = async (client: VendorClient, json: IDataObject) =>
			await chatwoot.call(client, { method: 'POST', path: chatwoot.conversationPath(conversationId, '/assignments'), json, safeToRetry: true });
		return {
			orderingKey: `${accountId}/${conversationId}`,
			check: async (client) => {
				if (asked.member) agent = await agentNamed(p, chatwoot, client, asked.member, 'Agent');
				if (asked.team) team = await teamNamed(p, chatwoot, client, asked.team, 'Team');
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
