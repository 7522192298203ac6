import type { IDataObject } from 'n8n-workflow';

import { text } from '../../conversation/text';
import type { Action } from '../../operations/types';
import type { AssignmentPanel } from '../../params/assignment';
import { assignmentFields, readAssignment } from '../../params/assignment';

import { ZendeskAction } from './actions';
import { ticketField } from './fields';

const PANEL: AssignmentPanel = {
	subject: 'ticket',
	member: {
		displayName: 'Agent',
		searchMethod: 'searchZendeskAgents',
		example: '421',
		description: 'The agent to assign (an ID, name or email by expression); empty leaves the assignee as it is',
	},
	team: {
		displayName: 'Group',
		searchMethod: 'searchZendeskGroups',
		example: '360001',
		description: 'The group to assign (an ID or name by expression); empty leaves the group as it is',
	},
};

/**
 * PUT /api/v2/tickets/{id} {ticket: {assignee_id, group_id}} (vendor-zendesk.md §8; null
 * unassigns), after a read: only what changes is sent, and nothing when nothing does.
 */
export const assign: Action = {
	operation: 'assignConversation',
	wording: { description: 'Assign a ticket to an agent and/or a group, or unassign it' },
	fields: [ticketField, ...assignmentFields(PANEL)],

	prepare(p) {
		const zendesk = new ZendeskAction(p);
		const ticketId = zendesk.ticketId();
		const asked = readAssignment(p, PANEL);
		// The target of each: an id, null to unassign, undefined to leave it as it is.
		let agentTarget: string | null | undefined = asked.unassignMember ? null : undefined;
		let groupTarget: string | null | undefined = asked.unassignTeam ? null : undefined;
		return {
			orderingKey: ticketId,
			check: async (client) => {
				if (asked.member) agentTarget = zendesk.named(await zendesk.agents(client), asked.member, 'Agent', 'an agent').id;
				if (asked.team) groupTarget = zendesk.named(await zendesk.groups(client), asked.team, 'Group', 'a group').id;
			},
			send: async (client) => {
				let ticket = await zendesk.ticket(client, ticketId);
				const changes: IDataObject = {};
				if (agentTarget !== undefined && text(ticket.assignee_id) !== agentTarget) changes.assignee_id = agentTarget === null ? null : Number(agentTarget);
				if (groupTarget !== undefined && text(ticket.group_id) !== groupTarget) changes.group_id = groupTarget === null ? null : Number(groupTarget);
				if (Object.keys(changes).length) ticket = await zendesk.update(client, ticketId, changes);
				return [{ json: await zendesk.normalised(client, ticket) }];
			},
		};
	},
};
