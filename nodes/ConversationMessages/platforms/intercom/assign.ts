import type { IDataObject } from 'n8n-workflow';

import { text } from '../../conversation/text';
import type { Action } from '../../operations/types';
import type { AssignmentPanel } from '../../params/assignment';
import { assignmentFields, readAssignment } from '../../params/assignment';

import { IntercomAction, actAsAdminField, conversationField } from './actions';

const PANEL: AssignmentPanel = {
	subject: 'conversation',
	member: {
		displayName: 'Admin',
		searchMethod: 'searchIntercomAdmins',
		example: '991267459',
		description: 'The teammate to assign (an ID, name or email by expression); empty leaves the admin as it is',
	},
	team: {
		displayName: 'Team',
		searchMethod: 'searchIntercomTeams',
		example: '991267459',
		description: 'The team to assign (an ID or name by expression); empty leaves the team as it is',
	},
};
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
	fields: [conversationField, ...assignmentFields(PANEL), actAsAdminField],

	prepare(p) {
		const intercom = new IntercomAction(p);
		const conversationId = intercom.conversationId();
		const asked = readAssignment(p, PANEL);
		const acting = intercom.actingAdmin();
		// The target of each: an id, NOBODY to unassign, undefined to leave it as it is.
		let adminTarget: string | undefined = asked.unassignMember ? NOBODY : undefined;
		let teamTarget: string | undefined = asked.unassignTeam ? NOBODY : undefined;
		let adminId = '';
		return {
			orderingKey: conversationId,
			check: async (client) => {
				if (asked.member) adminTarget = intercom.named(await intercom.admins(client), asked.member, 'Admin', 'an admin').id;
				if (asked.team) teamTarget = intercom.named(await intercom.teams(client), asked.team, 'Team', 'a team').id;
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

