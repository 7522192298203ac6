import type { Action } from '../../operations/types';
import { ChatwootAction } from '../chatwoot/actions';
import { findContactFields, findContacts, normalisedContact } from '../chatwoot/contacts';
import { readContactKey } from '../chatwoot/start';

import { CONTACT_ROUTES } from './routes';

/** LiveDesk's contact search (`?q=`, Chatwoot's substring match) filtered to exact matches: an item per contact. */
export const findContact: Action = {
	operation: 'findContact',
	fields: findContactFields(false),

	prepare(p) {
		const key = readContactKey(p);
		const chatwoot = new ChatwootAction(p, 'findContact', 'engageLab', '/api/v2/accounts', null);
		return {
			orderingKey: `engageLab/contact:${key.by}:${key.value}`,
			send: async (client) =>
				await chatwoot.explaining(async () =>
					(await findContacts(p, client, CONTACT_ROUTES, key)).map((contact) => ({ json: normalisedContact('engageLab', null, contact) })),
				),
		};
	},
};
