import type { IDataObject } from 'n8n-workflow';

import { text } from '../../conversation/text';
import type { Action } from '../../operations/types';
import { oneOf } from '../../params/checks';

import { ZendeskAction, agentField, groupField } from './actions';
import { ticketField } from './fields';

const ASSIGNMENTS = ['assign', 'unassign'] as const;
const UNASSIGN_FROM = ['agent', 'team'] as const;

/**
 * PUT /api/v2/tickets/{id} {ticket: {assignee_id, group_id}} (vendor-zendesk.md §8; null
 * unassigns), after a read: only what changes is sent, and nothing when nothing does.
 */
export const assign: Action = {
	operation: 'assignConversation',
	wording: { description: 'Assign a ticket to an agent and/or a group, or unassign it' },
	fields: [
		ticketField,
		{
			displayName: 'Assignment',
			name: 'assignment',
			type: 'options',
			default: 'assign',
			options: [
				{ name: 'Assign', value: 'assign', description: 'Hand the ticket to an agent, a group, or both' },
				{ name: 'Unassign', value: 'unassign', description: 'Take the ticket away from its agent and/or group' },
			],
		},
		{ ...agentField, displayOptions: { show: { assignment: ['assign'] } } },
		{ ...groupField, displayOptions: { show: { assignment: ['assign'] } } },
		{
			displayName: 'Unassign From',
			name: 'unassignFrom',
			type: 'multiOptions',
			default: ['agent'],
			options: [
				{ name: 'Agent', value: 'agent' },
				{ name: 'Group', value: 'team' },
			],
			displayOptions: { show: { assignment: ['unassign'] } },
			description: 'Whether to take the ticket from its agent, its group, or both',
		},
	],

	prepare(p) {
		const zendesk = new ZendeskAction(p);
		const ticketId = zendesk.ticketId();
		const assignment = p.read('assignment', oneOf(ASSIGNMENTS), 'Assignment', 'assign');
		let agentGiven = '';
		let groupGiven = '';
		let unassign: string[] = [];
		if (assignment === 'assign') {
			agentGiven = zendesk.given('agent', 'Agent');
			groupGiven = zendesk.given('team', 'Group');
			if (!agentGiven && !groupGiven) throw p.fail('Agent', 'and Group are both empty', 'Choose an agent, a group, or both.');
		} else {
			const given = p.get('unassignFrom', ['agent']);
			unassign = (Array.isArray(given) ? given : [given]).map((entry) => p.as(entry, oneOf(UNASSIGN_FROM), 'Unassign From'));
			if (!unassign.length) throw p.fail('Unassign From', 'is empty', 'Choose the agent, the group, or both.');
		}
		// The target of each: an id, null to unassign, undefined to leave it as it is.
		let agentTarget: string | null | undefined = unassign.includes('agent') ? null : undefined;
		let groupTarget: string | null | undefined = unassign.includes('team') ? null : undefined;
		return {
			orderingKey: ticketId,
			check: async (client) => {
				if (agentGiven) agentTarget = zendesk.named(await zendesk.agents(client), agentGiven, 'Agent', 'an agent').id;
				if (groupGiven) groupTarget = zendesk.named(await zendesk.groups(client), groupGiven, 'Group', 'a group').id;
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
