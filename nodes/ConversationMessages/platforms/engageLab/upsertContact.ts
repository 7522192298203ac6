import type { Action } from '../../operations/types';
import { ChatwootAction } from '../chatwoot/actions';
import { contactDetailFields, normalisedContact, readContactDetails, upsertContact as createOrUpdate } from '../chatwoot/contacts';
import { readContactKey, startContactFields } from '../chatwoot/start';

import { inboxIdField } from './fields';
import { CONTACT_ROUTES } from './routes';

/** Found by exact email, phone number or identifier and PATCHed where it differs (custom attributes merged), or created in the inbox. */
export const upsertContact: Action = {
	operation: 'upsertContact',
	fields: [startContactFields[0], startContactFields[1], ...contactDetailFields, inboxIdField('The LiveDesk inbox (channel) a contact created here belongs to; LiveDesk requires one')],

	prepare(p) {
		const key = readContactKey(p);
		const details = readContactDetails(p);
		const inboxId = p.wholeNumber('inboxId', 'Inbox ID');
		const chatwoot = new ChatwootAction(p, 'upsertContact', 'engageLab', '/api/v2/accounts', null);
		return {
			orderingKey: `engageLab/contact:${key.by}:${key.value}`,
			send: async (client) =>
				await chatwoot.explaining(async () => {
					const { contact, created } = await createOrUpdate(p, client, CONTACT_ROUTES, key, details, inboxId);
					return [{ json: { ...normalisedContact('engageLab', null, contact), created } }];
				}),
		};
	},
};
