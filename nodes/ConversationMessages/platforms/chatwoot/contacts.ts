import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { text } from '../../conversation/text';
import { jsonObject } from '../../params/checks';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

import type { ContactKey, StartRoutes } from './start';
import { createContact, exactContacts, onlyContact } from './start';

/**
 * Contact → Find and Create or Update on the Chatwoot family (vendor-actions.md §1.10, §3): the
 * exact-match search of Start a Conversation, then an update (PUT on Chatwoot, PATCH on LiveDesk;
 * both merge custom attributes) only where something differs, or a create.
 */
export interface ContactRoutes extends Pick<StartRoutes, 'contactSearch' | 'contacts'> {
	update: 'PUT' | 'PATCH';
}

/** Create or Update's fields beside the contact's key: its name and custom attributes. */
export const contactDetailFields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'contactName',
		type: 'string',
		default: '',
		description: "The contact's name; empty leaves it as it is",
	},
	{
		displayName: 'Custom Attributes',
		name: 'customAttributes',
		type: 'json',
		default: '{}',
		description: 'Custom attributes as a JSON object, e.g. {"plan": "pro"}; merged into those the contact has',
	},
];

export interface ContactDetails {
	name: string;
	customAttributes: IDataObject;
}

export function readContactDetails(p: ItemParameters): ContactDetails {
	return {
		name: p.text('contactName', 'Name').trim(),
		customAttributes: p.read('customAttributes', jsonObject, 'Custom Attributes') ?? {},
	};
}

/** A Chatwoot-family contact as an output item's JSON. */
export function normalisedContact(platform: string, accountId: number | null, contact: IDataObject): IDataObject {
	return {
		platform,
		accountId,
		id: contact.id ?? null,
		name: text(contact.name),
		email: text(contact.email),
		phone: text(contact.phone_number),
		identifier: text(contact.identifier),
		customAttributes: (contact.custom_attributes ?? {}) as IDataObject,
		raw: contact,
	};
}

/** The contact by its id; undefined when there is none (a find, not an error). */
export async function contactById(p: ItemParameters, client: VendorClient, contacts: string, id: number): Promise<IDataObject | undefined> {
	try {
		const { body } = await client.send({ method: 'GET', path: `${contacts}/${id}`, safeToRetry: true }, p.itemIndex);
		return (((body as IDataObject)?.payload ?? body) as IDataObject) ?? undefined;
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the client's own error, passed on as it is
		throw error;
	}
}

export async function findContacts(p: ItemParameters, client: VendorClient, routes: ContactRoutes, key: ContactKey): Promise<IDataObject[]> {
	return await exactContacts(p, client, routes.contactSearch, key);
}

/**
 * The one contact with this key, updated where name or a custom attribute differs, or created
 * with them (`inboxId` where the vendor wants one). Chatwoot's duplicate answer (422 "has already
 * been taken") names no id: the contact is searched again and updated.
 */
export async function upsertContact(
	p: ItemParameters,
	client: VendorClient,
	routes: ContactRoutes,
	key: ContactKey,
	details: ContactDetails,
	inboxId?: number,
): Promise<{ contact: IDataObject; created: boolean }> {
	const existing = onlyContact(p, key, await exactContacts(p, client, routes.contactSearch, key));
	if (existing) return { contact: await updateContact(p, client, routes, existing, details), created: false };
	const extra: IDataObject = {};
	if (Object.keys(details.customAttributes).length) extra.custom_attributes = details.customAttributes;
	try {
		const contact = await createContact(p, client, routes, { ...key, createIfMissing: true, name: details.name }, inboxId, extra);
		return { contact, created: true };
	} catch (error) {
		const duplicate = error instanceof NodeApiError && error.httpCode === '422' && /already been taken/i.test(error.message);
		const raced = duplicate ? onlyContact(p, key, await exactContacts(p, client, routes.contactSearch, key)) : undefined;
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the client's own error, passed on as it is
		if (!raced) throw error;
		return { contact: await updateContact(p, client, routes, raced, details), created: false };
	}
}

async function updateContact(p: ItemParameters, client: VendorClient, routes: ContactRoutes, contact: IDataObject, details: ContactDetails): Promise<IDataObject> {
	const json: IDataObject = {};
	if (details.name && details.name !== contact.name) json.name = details.name;
	const current = (contact.custom_attributes ?? {}) as IDataObject;
	const changed = Object.entries(details.customAttributes).filter(([name, value]) => JSON.stringify(current[name]) !== JSON.stringify(value));
	if (changed.length) json.custom_attributes = Object.fromEntries(changed);
	if (!Object.keys(json).length) return contact;
	const { body } = await client.send({ method: routes.update, path: `${routes.contacts}/${String(contact.id)}`, json, safeToRetry: true }, p.itemIndex);
	return (((body as IDataObject)?.payload ?? body) as IDataObject) ?? contact;
}

/** Find's fields: the attribute (the contact's ID too, where the vendor reads a contact by it) and the value. */
export function findContactFields(byId: boolean): INodeProperties[] {
	return [
		{
			displayName: 'Find Contact By',
			name: 'contactBy',
			type: 'options',
			default: 'email',
			options: [
				{ name: 'Email', value: 'email' },
				...(byId ? [{ name: 'ID', value: 'id', description: "The contact's ID in the account" }] : []),
				{ name: 'Identifier', value: 'identifier', description: 'The identifier your system gave the contact' },
				{ name: 'Phone Number', value: 'phoneNumber', description: 'In E.164 form, e.g. +972501234567' },
			],
		},
		{
			displayName: 'Value',
			name: 'contactValue',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'jane@example.com',
			description: 'The email, phone number, identifier or ID to look for; only an exact match counts',
		},
	];
}
