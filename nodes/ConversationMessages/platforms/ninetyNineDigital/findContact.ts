import type { Action } from '../../operations/types';
import { wholeNumber } from '../../params/checks';
import { ChatwootAction } from '../chatwoot/actions';
import { contactById, findContactFields, findContacts, normalisedContact } from '../chatwoot/contacts';
import { readContactKey } from '../chatwoot/start';

import { sendAccountField } from './fields';

/** The contacts search filtered to exact matches (Start a Conversation's), or GET …/contacts/{id}: an item per contact, none when none. */
export const findContact: Action = {
	operation: 'findContact',
	fields: [sendAccountField, ...findContactFields(true)],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const byId = p.get('contactBy', 'email') === 'id';
		const id = byId ? p.read('contactValue', wholeNumber, 'Value') : undefined;
		const key = byId ? undefined : readContactKey(p);
		const base = `/api/v1/accounts/${accountId}`;
		const routes = { contactSearch: `${base}/contacts/search`, contacts: `${base}/contacts`, update: 'PUT' as const };
		const chatwoot = new ChatwootAction(p, 'findContact', 'ninetyNineDigital', base, accountId);
		return {
			orderingKey: `${accountId}/contact:${key ? `${key.by}:${key.value}` : `id:${id}`}`,
			send: async (client) =>
				await chatwoot.explaining(async () => {
					const found = key ? await findContacts(p, client, routes, key) : [await contactById(p, client, routes.contacts, id as number)];
					return found.flatMap((contact) => (contact ? [{ json: normalisedContact('ninetyNineDigital', accountId, contact) }] : []));
				}),
		};
	},
};
