import type { INodeProperties } from 'n8n-workflow';

import { locatorText, oneOf } from './checks';
import type { MemberLocatorOptions } from './fields';
import { memberLocator } from './fields';
import type { ItemParameters } from './itemParameters';

// The Assign action where a platform assigns a member (an agent, an admin) and/or a team (a team,
// a group), or takes the conversation from either: one panel and one reading, so the saved names and
// values (assignment: assign|unassign, agent, team, unassignFrom: agent|team) are the same on every
// such platform, and a workflow keeps them when the user switches platform.

const ASSIGNMENTS = ['assign', 'unassign'] as const;
const UNASSIGN_FROM = ['agent', 'team'] as const;

/** A platform's words for the Assign panel. */
export interface AssignmentPanel {
	/** What is assigned, as the platform calls it: "conversation", "ticket". */
	subject: string;
	/**
	 * The member picker (saved as `agent`) and the team picker (saved as `team`). Their display
	 * names name them in the wording, lower-cased after "an" and "a": an agent, an admin; a team, a group.
	 */
	member: Omit<MemberLocatorOptions, 'name'>;
	team: Omit<MemberLocatorOptions, 'name'>;
}

/** What an item asks: whom to assign (each '' to leave as it is), or whom to take the conversation from. */
export interface AssignmentAsked {
	/** The member given to assign: an id, name or email as typed or picked; '' when none. */
	member: string;
	/** The team given to assign: an id or name; '' when none. */
	team: string;
	unassignMember: boolean;
	unassignTeam: boolean;
}

const nouns = (panel: AssignmentPanel) => ({ member: panel.member.displayName.toLowerCase(), team: panel.team.displayName.toLowerCase() });

/** The Assign action's fields, in panel order: Assignment, the two pickers (Assign), Unassign From (Unassign). */
export function assignmentFields(panel: AssignmentPanel): INodeProperties[] {
	const { member, team } = nouns(panel);
	return [
		{
			displayName: 'Assignment',
			name: 'assignment',
			type: 'options',
			default: 'assign',
			options: [
				{ name: 'Assign', value: 'assign', description: `Hand the ${panel.subject} to an ${member}, a ${team}, or both` },
				{ name: 'Unassign', value: 'unassign', description: `Take the ${panel.subject} away from its ${member} and/or ${team}` },
			],
		},
		{ ...memberLocator({ ...panel.member, name: 'agent' }), displayOptions: { show: { assignment: ['assign'] } } },
		{ ...memberLocator({ ...panel.team, name: 'team' }), displayOptions: { show: { assignment: ['assign'] } } },
		{
			displayName: 'Unassign From',
			name: 'unassignFrom',
			type: 'multiOptions',
			default: ['agent'],
			options: [
				{ name: panel.member.displayName, value: 'agent' },
				{ name: panel.team.displayName, value: 'team' },
			],
			displayOptions: { show: { assignment: ['unassign'] } },
			description: `Whether to take the ${panel.subject} from its ${member}, its ${team}, or both`,
		},
	];
}

/** The item's Assignment: assigning with neither picker given, or unassigning from nothing, fails here, before any request. */
export function readAssignment(p: ItemParameters, panel: AssignmentPanel): AssignmentAsked {
	const { member, team } = nouns(panel);
	const assignment = p.read('assignment', oneOf(ASSIGNMENTS), 'Assignment', 'assign');
	if (assignment === 'assign') {
		const asked = {
			member: p.read('agent', locatorText, panel.member.displayName, ''),
			team: p.read('team', locatorText, panel.team.displayName, ''),
			unassignMember: false,
			unassignTeam: false,
		};
		if (!asked.member && !asked.team) {
			throw p.fail(panel.member.displayName, `and ${panel.team.displayName} are both empty`, `Choose an ${member}, a ${team}, or both.`);
		}
		return asked;
	}
	const given = p.get('unassignFrom', ['agent']);
	const unassign = (Array.isArray(given) ? given : [given]).map((entry) => p.as(entry, oneOf(UNASSIGN_FROM), 'Unassign From'));
	if (!unassign.length) throw p.fail('Unassign From', 'is empty', `Choose the ${member}, the ${team}, or both.`);
	return { member: '', team: '', unassignMember: unassign.includes('agent'), unassignTeam: unassign.includes('team') };
}
