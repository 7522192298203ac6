import type { IDataObject } from 'n8n-workflow';

import { text } from '../../conversation/text';
import type { Action } from '../../operations/types';
import { locatorText, oneOf } from '../../params/checks';
import { memberLocator } from '../../params/fields';

import { IntercomAction, actAsAdminField, conversationField } from './actions';

const ASSIGNMENTS = ['assign', 'unassign'] as const;
const UNASSIGN_FROM = ['agent', 'team'] as const;
/** Intercom's assignee_id that unassigns (§4). */
const NOBODY = '0';

/**
 * POST /conversations/{id}/parts {message_type: "assignment"} (vendor-actions.md §4): one call for
 * the team, one for the admin, each only when it changes something (read first), never with a
 * `body` (a retried assignment with one posts its text twice).
 */
export const assign: Action = {
	operation: 'assignConversation',
	wording: { description: 'Assign a conversation to an admin and/or a team, or unassign it' },
	fields: [
		conversationField,
		{
			displayName: 'Assignment',
			name: 'assignment',
			type: 'options',
			default: 'assign',
			options: [
				{ name: 'Assign', value: 'assign', description: 'Hand the conversation to an admin, a team, or both' },
				{ name: 'Unassign', value: 'unassign', description: 'Take the conversation away from its admin and/or team' },
			],
		},
		{
			...memberLocator({
				displayName: 'Admin',
				name: 'agent',
				searchMethod: 'searchIntercomAdmins',
				example: '991267459',
				description: 'The teammate to assign (an ID, name or email by expression); empty leaves the admin as it is',
			}),
			displayOptions: { show: { assignment: ['assign'] } },
		},
		{
			...memberLocator({
				displayName: 'Team',
				name: 'team',
				searchMethod: 'searchIntercomTeams',
				example: '991267459',
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
				{ name: 'Admin', value: 'agent' },
				{ name: 'Team', value: 'team' },
			],
			displayOptions: { show: { assignment: ['unassign'] } },
			description: 'Whether to take the conversation from its admin, its team, or both',
		},
		actAsAdminField,
	],

	prepare(p) {
		const intercom = new IntercomAction(p);
		const conversationId = intercom.conversationId();
		const assignment = p.read('assignment', oneOf(ASSIGNMENTS), 'Assignment', 'assign');
		let adminGiven = '';
		let teamGiven = '';
		let unassign: string[] = [];
		if (assignment === 'assign') {
			adminGiven = p.read('agent', locatorText, 'Admin', '');
			teamGiven = p.read('team', locatorText, 'Team', '');
			if (!adminGiven && !teamGiven) throw p.fail('Admin', 'and Team are both empty', 'Choose an admin, a team, or both.');
		} else {
			const given = p.get('unassignFrom', ['agent']);
			unassign = (Array.isArray(given) ? given : [given]).map((entry) => p.as(entry, oneOf(UNASSIGN_FROM), 'Unassign From'));
			if (!unassign.length) throw p.fail('Unassign From', 'is empty', 'Choose the admin, the team, or both.');
		}
		const acting = intercom.actingAdmin();
		// The target of each: an id, NOBODY to unassign, undefined to leave it as it is.
		let adminTarget: string | undefined = unassign.includes('agent') ? NOBODY : undefined;
		let teamTarget: string | undefined = unassign.includes('team') ? NOBODY : undefined;
		let adminId = '';
		return {
			orderingKey: conversationId,
			check: async (client) => {
				if (adminGiven) adminTarget = intercom.named(await intercom.admins(client), adminGiven, 'Admin', 'an admin').id;
				if (teamGiven) teamTarget = intercom.named(await intercom.teams(client), teamGiven, 'Team', 'a team').id;
				adminId = await acting.resolve(client);
			},
			send: async (client) => {
				let conversation = await intercom.retrieve(client, conversationId);
				const assignTo = async (type: 'admin' | 'team', target: string | undefined, current: unknown) => {
					if (target === undefined || (text(current) ?? NOBODY) === target) return;
					const json: IDataObject = { message_type: 'assignment', type, admin_id: adminId, assignee_id: target };
					conversation = await intercom.write(client, { method: 'POST', path: `/conversations/${encodeURIComponent(conversationId)}/parts`, json });
				};
				await assignTo('team', teamTarget, conversation.team_assignee_id);
				await assignTo('admin', adminTarget, conversation.admin_assignee_id);
				return [{ json: await intercom.normalised(client, conversation) }];
			},
		};
	},
};

