import type { Action } from '../../operations/types';
import { ChatwootAction } from '../chatwoot/actions';
import { contactDetailFields, normalisedContact, readContactDetails, upsertContact as createOrUpdate } from '../chatwoot/contacts';
import { readContactKey, startContactFields } from '../chatwoot/start';

import { sendAccountField } from './fields';

/** Found by exact email, phone number or identifier and updated where it differs (PUT), or created (POST). */
export const upsertContact: Action = {
	operation: 'upsertContact',
	fields: [sendAccountField, startContactFields[0], startContactFields[1], ...contactDetailFields],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const key = readContactKey(p);
		const details = readContactDetails(p);
		const base = `/api/v1/accounts/${accountId}`;
		const routes = { contactSearch: `${base}/contacts/search`, contacts: `${base}/contacts`, update: 'PUT' as const };
		const chatwoot = new ChatwootAction(p, 'upsertContact', 'ninetyNineDigital', base, accountId);
		return {
			orderingKey: `${accountId}/contact:${key.by}:${key.value}`,
			send: async (client) =>
				await chatwoot.explaining(async () => {
					const { contact, created } = await createOrUpdate(p, client, routes, key, details);
					return [{ json: { ...normalisedContact('ninetyNineDigital', accountId, contact), created } }];
				}),
		};
	},
};
