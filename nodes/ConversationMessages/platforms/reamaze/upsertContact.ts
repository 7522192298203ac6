import type { IDataObject } from 'n8n-workflow';
import type { NodeOperationError } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Action } from '../../operations/types';
import type { VendorClient } from '../../transport/client';

import { contactEmailField, contactsWithEmail, normalisedContact } from './contacts';

/**
 * The contact with this email updated (PUT /contacts/{email}), or created (POST /contacts);
 * a create refused as "already been taken" (a contact the search did not show yet) updates
 * instead. An update that would change nothing is not sent (vendor-actions.md §5).
 */
export const upsertContact: Action = {
	operation: 'upsertContact',
	wording: { description: 'Create a contact, or update the one with the same email' },
	fields: [
		contactEmailField,
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: "The contact's name; left as it is when empty",
		},
		{
			displayName: 'Custom Attributes',
			name: 'customAttributes',
			type: 'json',
			default: '{}',
			description: "Re:amaze's contact data, as a JSON object one level deep (text, number or true/false values); keys not given are kept",
		},
	],

	prepare(p) {
		const email = p.email('email', 'Email');
		const name = p.text('name', 'Name').trim();
		const data = p.jsonObject('customAttributes', 'Custom Attributes') ?? {};
		const nested = Object.keys(data).find((key) => data[key] !== null && typeof data[key] === 'object');
		if (nested) throw p.fail('Custom Attributes', `"${nested}" is not a text, number or true/false value`, 'Re:amaze keeps contact data one level deep.');
		const update = async (client: VendorClient, current: IDataObject | undefined) => {
			const contact: IDataObject = {};
			if (name && name !== current?.name) contact.name = name;
			const had = (current?.data ?? {}) as IDataObject;
			if (Object.keys(data).some((key) => had[key] !== data[key])) contact.data = data;
			if (current && !Object.keys(contact).length) return current;
			const { body } = await client.send(
				{ method: 'PUT', path: `/api/v1/contacts/${encodeURIComponent(email)}`, json: { contact }, safeToRetry: true },
				p.itemIndex,
			);
			return (body ?? {}) as IDataObject;
		};
		return {
			orderingKey: `contact:${email.toLowerCase()}`,
			send: async (client) => {
				const [found] = await contactsWithEmail(client, p.itemIndex, email);
				if (found) return [{ json: { ...normalisedContact(await update(client, found)), created: false } }];
				const contact: IDataObject = { email, name: name || email };
				if (Object.keys(data).length) contact.data = data;
				try {
					const { body } = await client.send({ method: 'POST', path: '/api/v1/contacts', json: { contact } }, p.itemIndex);
					return [{ json: { ...normalisedContact((body ?? {}) as IDataObject), created: true } }];
				} catch (error) {
					if (!(error instanceof NodeApiError) || error.httpCode !== '422' || !/already been taken/i.test(error.message)) throw error as NodeApiError | NodeOperationError;
					return [{ json: { ...normalisedContact(await update(client, undefined)), created: false } }];
				}
			},
		};
	},
};
