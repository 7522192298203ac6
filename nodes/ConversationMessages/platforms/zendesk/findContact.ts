import type { Action } from '../../operations/types';

import { contactEmailField, normalisedContact, usersWithEmail } from './contacts';

/** GET /api/v2/users/search?query=email:<email>, exact matches only: an item per user found, none when none is. */
export const findContact: Action = {
	operation: 'findContact',
	wording: { description: 'Find a Zendesk user by exact email' },
	fields: [contactEmailField],

	prepare(p) {
		const email = p.email('email', 'Email');
		return {
			orderingKey: `contact:${email.toLowerCase()}`,
			send: async (client) => (await usersWithEmail(client, p.itemIndex, email)).map((user) => ({ json: normalisedContact(user) })),
		};
	},
};
