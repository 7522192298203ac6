import type { IDataObject } from 'n8n-workflow';

import type { Action } from '../../operations/types';

import { contactEmailField, normalisedContact, usersWithEmail } from './contacts';

/**
 * The user with this email, its name updated, or created as an end user: POST
 * /api/v2/users/create_or_update (vendor-zendesk.md §8), which matches on the email, so a
 * repeat after a lost answer updates the user it made. A user that already has that name is not
 * written to (searched first).
 */
export const upsertContact: Action = {
	operation: 'upsertContact',
	wording: { description: 'Create a Zendesk user, or update the one with the same email' },
	fields: [
		contactEmailField,
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: "The user's name; left as it is when empty (a new user is named after the email)",
		},
	],

	prepare(p) {
		const email = p.email('email', 'Email');
		const name = p.text('name', 'Name').trim();
		return {
			orderingKey: `contact:${email.toLowerCase()}`,
			send: async (client) => {
				const [found] = await usersWithEmail(client, p.itemIndex, email);
				if (found && (!name || found.name === name)) return [{ json: { ...normalisedContact(found), created: false } }];
				const user: IDataObject = { email, name: name || String(found?.name ?? email.split('@')[0]) };
				if (!found) user.role = 'end-user';
				const { body, statusCode } = await client.send(
					{ method: 'POST', path: '/api/v2/users/create_or_update', json: { user }, safeToRetry: true },
					p.itemIndex,
				);
				return [{ json: { ...normalisedContact((((body ?? {}) as IDataObject).user ?? {}) as IDataObject), created: statusCode === 201 } }];
			},
		};
	},
};
