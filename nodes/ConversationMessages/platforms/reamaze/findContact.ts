import type { Action } from '../../operations/types';

import { contactEmailField, contactsWithEmail, normalisedContact } from './contacts';

/** GET /contacts?q=<email>, exact matches only: an item per contact found, none when none is. */
export const findContact: Action = {
	operation: 'findContact',
	wording: { description: 'Find a contact by exact email' },
	fields: [contactEmailField],

	prepare(p) {
		const email = p.email('email', 'Email');
		return {
			orderingKey: `contact:${email.toLowerCase()}`,
			send: async (client) => (await contactsWithEmail(client, p.itemIndex, email)).map((contact) => ({ json: normalisedContact(contact) })),
		};
	},
};
