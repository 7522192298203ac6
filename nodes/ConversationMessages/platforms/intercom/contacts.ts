import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { text } from '../../conversation/text';
import { email, oneOf, requiredText } from '../../params/checks';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

// The contact an operation writes as or to: the panel's two fields, and how Intercom finds it.

const LOOKUPS = ['email', 'externalId', 'id'] as const;
export type Lookup = (typeof LOOKUPS)[number];
export interface ContactRef {
	lookup: Lookup;
	value: string;
}

export function contactFields(displayOptions?: INodeProperties['displayOptions']): INodeProperties[] {
	const shown = displayOptions ? { displayOptions } : {};
	return [
		{
			displayName: 'Identify Contact By',
			name: 'contactLookup',
			type: 'options',
			default: 'email',
			...shown,
			options: [
				{ name: 'Email', value: 'email' },
				{ name: 'External User ID', value: 'externalId', description: 'The user_id your app gave the contact' },
				{ name: 'Intercom Contact ID', value: 'id', description: 'The 24-character ID Intercom gave the contact' },
			],
		},
		{
			displayName: 'Contact',
			name: 'contactValue',
			type: 'string',
			required: true,
			default: '',
			...shown,
			placeholder: 'jane@example.com',
			description: 'The email, external user ID or Intercom contact ID of the contact, as chosen above',
		},
	];
}

export function readContact(p: ItemParameters): ContactRef {
	const lookup = p.read('contactLookup', oneOf(LOOKUPS, 'email, externalId or id'), 'Identify Contact By', 'email');
	if (lookup === 'email') return { lookup, value: p.read('contactValue', email, 'Contact') };
	return { lookup, value: p.read('contactValue', requiredText, 'Contact').trim() };
}

/** Items for one contact go one after another. */
export function contactOrderingKey(contact: ContactRef): string {
	return `contact:${contact.lookup}:${contact.value}`;
}

/** Every contact whose email or external id is exactly this (POST /contacts/search, all pages). */
export async function searchContacts(p: ItemParameters, client: VendorClient, contact: ContactRef): Promise<IDataObject[]> {
	const field = contact.lookup === 'email' ? 'email' : 'external_id';
	const matches: IDataObject[] = [];
	let startingAfter: string | undefined;
	do {
		const json: IDataObject = { query: { field, operator: '=', value: contact.value } };
		if (startingAfter) json.pagination = { per_page: 150, starting_after: startingAfter };
		const body = ((await client.send({ method: 'POST', path: '/contacts/search', json, safeToRetry: true }, p.itemIndex)).body ?? {}) as IDataObject;
		matches.push(...((body.data as IDataObject[] | undefined) ?? []));
		const next = (((body.pages ?? {}) as IDataObject).next ?? {}) as IDataObject;
		startingAfter = typeof next.starting_after === 'string' ? next.starting_after : undefined;
	} while (startingAfter);
	return matches;
}

/** The one contact with this email or external id (POST /contacts/search, exact). */
export async function searchContact(p: ItemParameters, client: VendorClient, contact: ContactRef): Promise<IDataObject> {
	const matches = await searchContacts(p, client, contact);
	const label = contact.lookup === 'email' ? 'email' : 'external user ID';
	if (matches.length !== 1) {
		throw p.fail(
			'Contact',
			matches.length
				? `"${contact.value}" matches ${matches.length} Intercom contacts by ${label}`
				: `"${contact.value}" matches no Intercom contact by ${label}`,
			matches.length ? 'Identify the contact by its Intercom contact ID instead.' : undefined,
		);
	}
	return matches[0];
}

/** The contact with this Intercom id (GET /contacts/{id}); a 404 is the vendor's error. */
export async function readContactById(p: ItemParameters, client: VendorClient, id: string): Promise<IDataObject> {
	const { body } = await client.send({ method: 'GET', path: `/contacts/${encodeURIComponent(id)}`, safeToRetry: true }, p.itemIndex);
	return body as IDataObject;
}

/**
 * A contact as Conversation Actions' contact operations answer it on every platform (the
 * external user ID is the `identifier`); the vendor's own, with its role, as `raw`.
 */
export function normalisedContact(contact: IDataObject): IDataObject {
	return {
		platform: 'intercom',
		accountId: null,
		id: text(contact.id),
		name: text(contact.name),
		email: text(contact.email),
		phone: text(contact.phone),
		identifier: text(contact.external_id),
		customAttributes: (contact.custom_attributes ?? {}) as IDataObject,
		raw: contact,
	};
}
