import { NodeApiError } from 'n8n-workflow';

import type { Action } from '../../operations/types';

import { contactFields, contactOrderingKey, normalisedContact, readContact, readContactById, searchContacts } from './contacts';

/**
 * Contacts whose email, external user ID or Intercom ID is exactly the value (vendor-actions.md
 * §4: POST /contacts/search with "=", or GET /contacts/{id}): an item each, none when none
 * matches. An email may match a user and a lead. A contact created minutes ago may not be
 * found by email or external ID yet (Intercom's search lags).
 */
export const findContact: Action = {
	operation: 'findContact',
	wording: { description: 'Find contacts by exact email, external user ID or Intercom contact ID' },
	fields: contactFields(),

	prepare(p) {
		const contact = readContact(p);
		return {
			orderingKey: contactOrderingKey(contact),
			send: async (client) => {
				if (contact.lookup !== 'id') return (await searchContacts(p, client, contact)).map((found) => ({ json: normalisedContact(found) }));
				// An ID no contact has is no match, not a failure.
				const found = await readContactById(p, client, contact.value).catch((error: unknown) =>
					error instanceof NodeApiError && error.httpCode === '404' ? undefined : Promise.reject(error),
				);
				return found ? [{ json: normalisedContact(found) }] : [];
			},
		};
	},
};
