import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { text } from '../../conversation/text';
import type { VendorClient } from '../../transport/client';

// Re:amaze's contacts (vendor-actions.md §5): account-wide, found by email through a search of
// names and emails (`q`, 30 a page), created with POST and updated by email with PUT.

/** Pages of search results read for one email: a search by a full address matches few contacts. */
const MAX_SEARCH_PAGES = 10;

export const contactEmailField: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	required: true,
	default: '',
	description: "The contact's email; matched exactly (in any case)",
};

/** The contacts whose email is exactly this one (Re:amaze's search also matches names and parts of emails). */
export async function contactsWithEmail(client: VendorClient, itemIndex: number, email: string): Promise<IDataObject[]> {
	const found: IDataObject[] = [];
	for (let page = 1, pageCount = 1; page <= pageCount && page <= MAX_SEARCH_PAGES; page++) {
		const { body } = await client.send({ method: 'GET', path: '/api/v1/contacts', qs: { q: email, page }, safeToRetry: true }, itemIndex);
		const answer = (body ?? {}) as IDataObject;
		pageCount = Number(answer.page_count ?? 1) || 1;
		const contacts = (Array.isArray(answer.contacts) ? answer.contacts : []) as IDataObject[];
		found.push(...contacts.filter((contact) => typeof contact.email === 'string' && contact.email.toLowerCase() === email.toLowerCase()));
	}
	return found;
}

/** A Re:amaze contact in the shape every platform's contact actions answer. */
export function normalisedContact(contact: IDataObject): IDataObject {
	return {
		platform: 'reamaze',
		id: text(contact.id),
		name: text(contact.name),
		email: text(contact.email),
		phone: text(contact.mobile),
		customAttributes: (contact.data ?? {}) as IDataObject,
		raw: contact,
	};
}
