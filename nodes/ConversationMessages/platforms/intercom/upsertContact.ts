import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Action } from '../../operations/types';
import { oneOf } from '../../params/checks';
import type { VendorClient } from '../../transport/client';

import type { ContactRef } from './contacts';
import { contactFields, contactOrderingKey, normalisedContact, readContact, readContactById, searchContacts } from './contacts';

const ROLES = ['user', 'lead'] as const;
/** Intercom's 409 names the contact that has these details: "… already exists with id=…" (§4). */
const CONFLICT_ID = /already exists with id=([0-9a-f]+)/i;

/**
 * Finds the contact by email or external user ID (POST /contacts/search, exact) and updates it
 * (PUT /contacts/{id}) only where it differs, or creates it (POST /contacts). Search lags behind
 * creation, so a create answered 409 "already exists with id=…" updates that contact instead.
 * Custom attributes are sent merged with the contact's own, whether Intercom merges or replaces.
 */
export const upsertContact: Action = {
	operation: 'upsertContact',
	wording: { description: 'Create a contact, or update the one with the same email, external user ID or Intercom ID' },
	fields: [
		...contactFields(),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Custom Attributes',
					name: 'customAttributes',
					type: 'json',
					default: '{}',
					description: 'The contact\'s custom attributes to set, as a JSON object; others stay. Each must exist as a data attribute in Intercom.',
				},
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: '+15551234567' },
				{
					displayName: 'Role When Created',
					name: 'role',
					type: 'options',
					default: 'user',
					options: [
						{ name: 'User', value: 'user' },
						{ name: 'Lead', value: 'lead' },
					],
					description: 'What a new contact is; an existing contact keeps its role',
				},
			],
		},
	],

	prepare(p) {
		const contact = readContact(p);
		const fields = p.collection('additionalFields');
		const role = fields.read('role', oneOf(ROLES, 'user or lead'), 'Role When Created', 'user');
		const wanted: IDataObject = {};
		const name = fields.text('name', 'Name').trim();
		const phone = fields.text('phone', 'Phone').trim();
		if (name) wanted.name = name;
		if (phone) wanted.phone = phone;
		const customAttributes = fields.jsonObject('customAttributes', 'Custom Attributes') ?? {};
		return {
			orderingKey: contactOrderingKey(contact),
			send: async (client) => {
				const existing = await findOne(client, contact);
				if (existing) return [{ json: { ...normalisedContact(await update(client, existing)), created: false } }];
				const identity = contact.lookup === 'email' ? { email: contact.value } : { external_id: contact.value };
				const json: IDataObject = { role, ...identity, ...wanted };
				if (Object.keys(customAttributes).length) json.custom_attributes = customAttributes;
				const answer = await client.send({ method: 'POST', path: '/contacts', json }, p.itemIndex).then(
					({ body }) => ({ created: body as IDataObject }),
					(error: unknown) => {
						const id = error instanceof NodeApiError && error.httpCode === '409' ? CONFLICT_ID.exec(error.message)?.[1] : undefined;
						return id ? { existingId: id } : Promise.reject(error);
					},
				);
				if ('created' in answer) return [{ json: { ...normalisedContact(answer.created), created: true } }];
				return [{ json: { ...normalisedContact(await update(client, await readContactById(p, client, answer.existingId))), created: false } }];
			},
		};

		/** The contact these details name, if any; by Intercom ID it must exist (an ID cannot be created). */
		async function findOne(client: VendorClient, ref: ContactRef): Promise<IDataObject | undefined> {
			if (ref.lookup === 'id') return await readContactById(p, client, ref.value);
			const matches = await searchContacts(p, client, ref);
			if (matches.length > 1) {
				throw p.fail('Contact', `"${ref.value}" matches ${matches.length} Intercom contacts`, 'Identify the contact by its Intercom contact ID instead.');
			}
			return matches[0];
		}

		/** PUT of what differs (custom attributes merged with the contact's own); nothing when nothing does. */
		async function update(client: VendorClient, current: IDataObject): Promise<IDataObject> {
			const json: IDataObject = {};
			for (const [key, value] of Object.entries(wanted)) if (current[key] !== value) json[key] = value;
			const own = (current.custom_attributes ?? {}) as IDataObject;
			if (Object.entries(customAttributes).some(([key, value]) => JSON.stringify(own[key]) !== JSON.stringify(value))) {
				json.custom_attributes = { ...own, ...customAttributes };
			}
			if (!Object.keys(json).length) return current;
			const { body } = await client.send({ method: 'PUT', path: `/contacts/${encodeURIComponent(String(current.id))}`, json, safeToRetry: true }, p.itemIndex);
			return body as IDataObject;
		}
	},
};
