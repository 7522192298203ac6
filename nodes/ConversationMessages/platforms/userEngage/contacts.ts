import type { IDataObject, NodeOperationError } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { text } from '../../conversation/text';
import type { VendorClient } from '../../transport/client';

// User.com's users (its contacts; vendor-actions.md §6): found by email, created or updated by
// your own ID (custom_id).

/** The user with this email, or undefined: the search answers 404 when there is none ([UNCONFIRMED]; an empty answer counts as none too). */
export async function userWithEmail(client: VendorClient, itemIndex: number, email: string): Promise<IDataObject | undefined> {
	try {
		const { body } = await client.send({ method: 'GET', path: '/users/search/', qs: { email }, safeToRetry: true }, itemIndex);
		const user = (body ?? {}) as IDataObject;
		return user.id === undefined ? undefined : user;
	} catch (error) {
		// Other failures stand as they are (the client's errors are already the node's).
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw error as NodeApiError | NodeOperationError;
	}
}

/** A User.com user in the shape every platform's contact actions answer; its attributes by name. */
export function normalisedContact(user: IDataObject): IDataObject {
	const attributes = (Array.isArray(user.attributes) ? user.attributes : []) as IDataObject[];
	return {
		platform: 'userEngage',
		id: user.id ?? null,
		name: text(user.name),
		email: text(user.email),
		phone: text(user.phone_number),
		customAttributes: Object.fromEntries(attributes.map((attribute) => [String(attribute.name_std ?? attribute.name), attribute.value ?? null])),
		raw: user,
	};
}
