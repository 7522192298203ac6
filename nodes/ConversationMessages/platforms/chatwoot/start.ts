import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { responseJson } from '../../operations/output';
import { email, oneOf, requiredText } from '../../params/checks';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';
import { outcomeUnknown } from '../../transport/client';
import type { Attachment } from '../../transport/multipart';

import { chatwootMessageRequest, chatwootReadBack } from './wire';

/**
 * Start a Conversation on Chatwoot and EngageLab LiveDesk (built on it): the contact found by an
 * exact email, phone number or identifier (or created), a conversation in the inbox with
 * inbox_id + contact_id, then the first message into it and the files as a second one.
 */

/** The contacts search page of Chatwoot; beyond this many pages the value is too short to find one contact by. */
const SEARCH_PAGE_SIZE = 15;
const MAX_SEARCH_PAGES = 10;
/** Chatwoot's Contact validation of phone_number. */
const E164 = /^\+[1-9]\d{1,14}$/;

const CONTACT_BY = ['email', 'phoneNumber', 'identifier'] as const;
export type ContactBy = (typeof CONTACT_BY)[number];
const CONTACT_ATTRIBUTE: Record<ContactBy, string> = { email: 'email', phoneNumber: 'phone_number', identifier: 'identifier' };
const CONTACT_LABEL: Record<ContactBy, string> = { email: 'email', phoneNumber: 'phone number', identifier: 'identifier' };

/** What finds one contact: an attribute and its exact value. */
export interface ContactKey {
	by: ContactBy;
	value: string;
}

export interface StartContact extends ContactKey {
	createIfMissing: boolean;
	/** For a contact created here; may be empty. */
	name: string;
}

/** Where the vendor keeps contacts, conversations and messages. */
export interface StartRoutes {
	contactSearch: string;
	contacts: string;
	conversations: string;
	messages(conversationId: string): string;
	/** Whether the vendor lists a conversation's messages, so a lost answer can be read back. */
	messagesReadable: boolean;
}

/** The panel's contact fields, read by readStartContact. */
export const startContactFields: INodeProperties[] = [
	{
		displayName: 'Find Contact By',
		name: 'contactBy',
		type: 'options',
		default: 'email',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'Identifier', value: 'identifier', description: 'The identifier your system gave the contact' },
			{ name: 'Phone Number', value: 'phoneNumber', description: 'In E.164 form, e.g. +972501234567' },
		],
	},
	{
		displayName: 'Contact',
		name: 'contactValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'jane@example.com',
		description: 'The email, phone number or identifier of the contact, as chosen above; only an exact match counts',
	},
	{
		displayName: 'Create Contact If Missing',
		name: 'createContactIfMissing',
		type: 'boolean',
		default: false,
		description: 'Whether to create the contact when no contact matches; otherwise the item fails',
	},
	{
		displayName: 'Contact Name',
		name: 'contactName',
		type: 'string',
		default: '',
		displayOptions: { show: { createContactIfMissing: [true] } },
		description: 'The name of a contact created here',
	},
];

export function readStartContact(p: ItemParameters): StartContact {
	const { by, value } = readContactKey(p);
	const createIfMissing = p.boolean('createContactIfMissing', 'Create Contact If Missing');
	const name = createIfMissing ? p.text('contactName', 'Contact Name').trim() : '';
	return { by, value, createIfMissing, name };
}

/** The Find Contact By and Contact fields: the attribute and a value of its form (an email, an E.164 number). */
export function readContactKey(p: ItemParameters): ContactKey {
	const by = p.read('contactBy', oneOf(CONTACT_BY, 'email, phoneNumber or identifier'), 'Find Contact By', 'email');
	if (by === 'email') return { by, value: p.read('contactValue', email, 'Contact', '') };
	const value = p.read('contactValue', requiredText, 'Contact', '').trim();
	if (by === 'phoneNumber' && !E164.test(value)) {
		throw p.fail('Contact', `must be a phone number in E.164 form, e.g. +972501234567, got "${value}"`);
	}
	return { by, value };
}

/** Items for one contact go one after another: the second finds the contact the first created. */
export function contactOrderingKey(scope: string, contact: StartContact): string {
	return `${scope}/contact:${contact.by}:${contact.value}`;
}

export async function openChatwootConversation(
	p: ItemParameters,
	client: VendorClient,
	routes: StartRoutes,
	plan: { contact: StartContact; inboxId: number; conversation: IDataObject; message: IDataObject; attachments: Attachment[] },
): Promise<IDataObject> {
	const { contact, inboxId } = plan;
	let found = await findContact(p, client, routes, contact);
	if (!found) {
		if (!contact.createIfMissing) {
			throw p.fail(
				'Contact',
				`"${contact.value}" matches no contact by ${CONTACT_LABEL[contact.by]}`,
				'Turn on "Create Contact If Missing" to create it.',
			);
		}
		found = await createContact(p, client, routes, contact, inboxId);
	}
	const created = responseJson(
		await client.send(
			{ method: 'POST', path: routes.conversations, json: { inbox_id: inboxId, contact_id: found.id, ...plan.conversation } },
			p.itemIndex,
		),
	);
	const conversationId = created.id;
	const sent: IDataObject = { conversationId, inboxId, contact: found, conversation: created };
	// The conversation exists from here on: a failure below leaves it behind, said in the error.
	try {
		const path = routes.messages(String(conversationId));
		sent.message = await sendMessage(p, client, path, plan.message, [], routes.messagesReadable);
		if (plan.attachments.length) {
			const filesOnly: IDataObject = { ...plan.message, content: '' };
			delete filesOnly.template_params;
			sent.attachmentsMessage = await sendMessage(p, client, path, filesOnly, plan.attachments, routes.messagesReadable);
		}
	} catch (error) {
		const reason = error as Error & { description?: string };
		reason.description = `Conversation #${String(conversationId)} was created, ${sent.message ? 'with its first message but without the files' : 'but its first message was not'}: reply into it rather than re-running. ${reason.description ?? ''}`.trim();
		throw outcomeUnknown(reason);
	}
	return sent;
}

async function sendMessage(
	p: ItemParameters,
	client: VendorClient,
	path: string,
	fields: IDataObject,
	attachments: Attachment[],
	readable: boolean,
): Promise<IDataObject> {
	const request = chatwootMessageRequest(p, path, fields, attachments);
	const readBack = readable ? chatwootReadBack(client, p.itemIndex, path, { ...fields, attachments: attachments.length }) : undefined;
	const response = responseJson(await client.send({ ...request, readBack }, p.itemIndex));
	client.noteMessageOfThisRun(response.id);
	return response;
}

/** The one contact whose attribute equals the value, if any; several fail the item. */
async function findContact(
	p: ItemParameters,
	client: VendorClient,
	routes: StartRoutes,
	contact: ContactKey,
): Promise<IDataObject | undefined> {
	return onlyContact(p, contact, await exactContacts(p, client, routes.contactSearch, contact));
}

/**
 * Every contact whose attribute equals the value. The search matches substrings of name,
 * email, phone number and identifier, so every page of matches is read and filtered.
 */
export async function exactContacts(p: ItemParameters, client: VendorClient, contactSearch: string, contact: ContactKey): Promise<IDataObject[]> {
	const attribute = CONTACT_ATTRIBUTE[contact.by];
	// Chatwoot keeps emails case-insensitively unique; phone numbers and identifiers as typed.
	const same = (candidate: unknown) =>
		contact.by === 'email'
			? String(candidate ?? '').toLowerCase() === contact.value.toLowerCase()
			: String(candidate ?? '') === contact.value;
	const matches: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const { body } = await client.send(
			{ method: 'GET', path: contactSearch, qs: { q: contact.value, page }, safeToRetry: true },
			p.itemIndex,
		);
		const payload = ((body as IDataObject | undefined)?.payload as IDataObject[] | undefined) ?? [];
		matches.push(...payload.filter((candidate) => same(candidate[attribute])));
		if (payload.length < SEARCH_PAGE_SIZE) break;
		if (page === MAX_SEARCH_PAGES) {
			throw p.fail(
				'Contact',
				`"${contact.value}" is part of more than ${MAX_SEARCH_PAGES * SEARCH_PAGE_SIZE} contacts' details; not all of them could be checked`,
			);
		}
	}
	return matches;
}

/** The one match, or none; several (contacts imported before Chatwoot checked uniqueness) fail the item. */
export function onlyContact(p: ItemParameters, contact: ContactKey, matches: IDataObject[]): IDataObject | undefined {
	if (matches.length > 1) {
		throw p.fail(
			'Contact',
			`"${contact.value}" matches ${matches.length} contacts by ${CONTACT_LABEL[contact.by]} (ids ${matches.map((match) => String(match.id)).join(', ')})`,
			'Find the contact by another attribute, or merge the duplicates.',
		);
	}
	return matches[0];
}

/**
 * POST …/contacts (with the inbox, where given, so the contact gets its contact inbox), and
 * `extra` fields (custom attributes). A lost answer is settled by searching again.
 */
export async function createContact(
	p: ItemParameters,
	client: VendorClient,
	routes: Pick<StartRoutes, 'contactSearch' | 'contacts'>,
	contact: StartContact,
	inboxId: number | undefined,
	extra: IDataObject = {},
): Promise<IDataObject> {
	const json: IDataObject = { [CONTACT_ATTRIBUTE[contact.by]]: contact.value, ...extra };
	if (inboxId !== undefined) json.inbox_id = inboxId;
	if (contact.name) json.name = contact.name;
	const response = await client.send(
		{
			method: 'POST',
			path: routes.contacts,
			json,
			readBack: async () => onlyContact(p, contact, await exactContacts(p, client, routes.contactSearch, contact)),
		},
		p.itemIndex,
	);
	const body = response.body as IDataObject;
	return response.confirmedByReadBack ? body : (((body?.payload as IDataObject)?.contact as IDataObject) ?? body);
}
