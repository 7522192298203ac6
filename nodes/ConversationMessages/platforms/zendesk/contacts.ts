import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { text } from '../../conversation/text';
import type { VendorClient } from '../../transport/client';

// Zendesk's contacts are its users (vendor-zendesk.md §8): found by email through the user
// search, created or updated by email with create_or_update.

export const contactEmailField: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	required: true,
	default: '',
	description: "The user's email; matched exactly (in any case)",
};

/** The users whose email is exactly this one (the search also matches parts of addresses). */
export async function usersWithEmail(client: VendorClient, itemIndex: number, email: string): Promise<IDataObject[]> {
	const { body } = await client.send({ method: 'GET', path: '/api/v2/users/search', qs: { query: `email:${email}` }, safeToRetry: true }, itemIndex);
	const users = (((body ?? {}) as IDataObject).users ?? []) as IDataObject[];
	return users.filter((user) => typeof user.email === 'string' && user.email.toLowerCase() === email.toLowerCase());
}

/** A Zendesk user in the shape every platform's contact actions answer. */
export function normalisedContact(user: IDataObject): IDataObject {
	return {
		platform: 'zendesk',
		id: text(user.id),
		name: text(user.name),
		email: text(user.email),
		phone: text(user.phone),
		role: text(user.role),
		raw: user,
	};
}
