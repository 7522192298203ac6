import type { Action } from '../../operations/types';

import { normalisedContact, userWithEmail } from './contacts';

/** GET /users/search/?email=: the user with exactly this email, as one item; none when there is none. */
export const findContact: Action = {
	operation: 'findContact',
	wording: { description: 'Find a user (contact) by exact email' },
	fields: [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
			description: "The user's email, matched exactly",
		},
	],

	prepare(p) {
		const email = p.email('email', 'Email');
		return {
			orderingKey: `contact:${email.toLowerCase()}`,
			send: async (client) => {
				const user = await userWithEmail(client, p.itemIndex, email);
				return user ? [{ json: normalisedContact(user) }] : [];
			},
		};
	},
};
