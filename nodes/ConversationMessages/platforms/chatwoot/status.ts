import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { futureTime, oneOf } from '../../params/checks';
import { snoozeUntilField, statusField } from '../../params/fields';
import type { ItemParameters } from '../../params/itemParameters';

/** The statuses Chatwoot (and LiveDesk, built on it) document for toggle_status. */
export const STATUSES = ['open', 'pending', 'resolved', 'snoozed'] as const;
export type Status = (typeof STATUSES)[number];

/** Set Status's fields on the Chatwoot family. */
export const statusFields: INodeProperties[] = [
	statusField(
		[
			{ name: 'Open', value: 'open', description: 'An agent should answer' },
			{ name: 'Pending', value: 'pending', description: 'Waiting: with an agent bot in the inbox, the bot owns it' },
			{ name: 'Resolved', value: 'resolved', description: 'Done; the contact writing again reopens it' },
			{ name: 'Snoozed', value: 'snoozed', description: 'Set aside until a time, or until the contact writes again' },
		],
		'The status the conversation should have (stated, never toggled)',
	),
	snoozeUntilField('When the conversation opens again; empty: when the contact writes again. Must be in the future.'),
];

export interface StatusTarget {
	status: Status;
	/** Unix seconds; null: until the contact writes again (or not snoozed). */
	snoozedUntil: number | null;
	/** toggle_status's body: `status` always, `snoozed_until` only with a time. */
	json: IDataObject;
}

/** The status to set; a snooze time in the past fails here, before any write. */
export function readStatusTarget(p: ItemParameters): StatusTarget {
	const status = p.read('status', oneOf(STATUSES), 'Status', 'open');
	const given = status === 'snoozed' ? p.text('snoozeUntil', 'Snooze Until').trim() : '';
	if (!given) return { status, snoozedUntil: null, json: { status } };
	const at = p.as(given, futureTime('Give a time in the future, or leave it empty to snooze until the contact writes again.'), 'Snooze Until');
	const snoozedUntil = Math.floor(at / 1000);
	return { status, snoozedUntil, json: { status, snoozed_until: snoozedUntil } };
}
