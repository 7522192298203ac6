import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Attachment } from '../../shared/attachments';
import { readAttachments } from '../../shared/attachments';
import { chatwootMessageRequest, chatwootReadBack } from '../../shared/chatwootWire';
import { responseJson } from '../../shared/output';
import {
	invalidParameter,
	optionalJsonObject,
	readBoolean,
	readText,
	requireEmail,
	requireHttpUrl,
	requireText,
	requireWholeNumber,
} from '../../shared/parameters';
import type { VendorClient } from '../../transport/client';
import { outcomeUnknown } from '../../transport/client';
import type { PreparedMessage } from '../types';

/** Chatwoot: NUMBER_OF_PERMITTED_ATTACHMENTS, the Message content length, the contacts search page. */
const MAX_FILES = 15;
const MAX_CONTENT_CHARACTERS = 150_000;
const SEARCH_PAGE_SIZE = 15;
/** Substring matches beyond this many pages mean the value is too short to find one contact by. */
const MAX_SEARCH_PAGES = 10;
/** Chatwoot's Contact validation of phone_number. */
const E164 = /^\+[1-9]\d{1,14}$/;
const STATUSES = ['open', 'resolved', 'pending', 'snoozed'];
/** Chatwoot cuts template parameter values to this length; a copy code to 15 (WhatsApp's limit). */
const MAX_TEMPLATE_VALUE = 1000;
const MAX_COPY_CODE = 15;
const BUTTON_TYPES = ['url', 'copy_code'];
const MEDIA_TYPES = ['image', 'video', 'document'];

type ContactBy = 'email' | 'phoneNumber' | 'identifier';
const CONTACT_ATTRIBUTE: Record<ContactBy, string> = { email: 'email', phoneNumber: 'phone_number', identifier: 'identifier' };
const CONTACT_LABEL: Record<ContactBy, string> = { email: 'email', phoneNumber: 'phone number', identifier: 'identifier' };

/**
 * Start a Conversation: the contact found by an exact email, phone number or identifier (or
 * created), a conversation in the inbox (POST …/conversations with inbox_id + contact_id), then
 * the first message into it, and the files as a second one. The message goes separately, not as
 * the create call's `message`: 99digital documents no `message` there, and a message sent on its
 * own can be read back after a lost answer.
 */
export async function prepareChatwootStart(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedMessage> {
	const accountId = requireWholeNumber(ctx, itemIndex, ctx.getNodeParameter('accountId', itemIndex), 'Account ID');
	const inboxId = requireWholeNumber(ctx, itemIndex, ctx.getNodeParameter('inboxId', itemIndex), 'Inbox');
	const contact = readContact(ctx, itemIndex);
	const createIfMissing = readBoolean(
		ctx,
		itemIndex,
		ctx.getNodeParameter('createContactIfMissing', itemIndex, false),
		'Create Contact If Missing',
	);
	const contactName = createIfMissing
		? readText(ctx, itemIndex, ctx.getNodeParameter('contactName', itemIndex, ''), 'Contact Name').trim()
		: '';
	const content = requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex, ''), 'Content');
	const characters = [...content].length;
	if (characters > MAX_CONTENT_CHARACTERS) {
		throw invalidParameter(ctx, itemIndex, 'Content', `is ${characters} characters long; Chatwoot takes at most ${MAX_CONTENT_CHARACTERS}`);
	}
	const attachments = readAttachments(ctx, itemIndex, ctx.getNodeParameter('attachments', itemIndex, ''), MAX_FILES);
	const templateParams = readTemplate(ctx, itemIndex);
	const conversation = readConversationFields(ctx, itemIndex);

	const base = `/api/v1/accounts/${accountId}`;
	const message: IDataObject = { content, message_type: 'outgoing', private: false };
	if (templateParams) message.template_params = templateParams;

	return {
		// Items for one contact go one after another: the second finds the contact the first created.
		orderingKey: `${accountId}/contact:${contact.by}:${contact.value}`,
		send: async (client) => {
			let found = await findContact(ctx, client, itemIndex, base, contact);
			if (!found) {
				if (!createIfMissing) {
					throw invalidParameter(
						ctx,
						itemIndex,
						'Contact',
						`"${contact.value}" matches no contact by ${CONTACT_LABEL[contact.by]}`,
						'Turn on "Create Contact If Missing" to create it.',
					);
				}
				found = await createContact(ctx, client, itemIndex, base, contact, contactName, inboxId);
			}
			const created = responseJson(
				await client.send(
					{ method: 'POST', path: `${base}/conversations`, json: { inbox_id: inboxId, contact_id: found.id, ...conversation } },
					itemIndex,
				),
			);
			const conversationId = created.id;
			const sent: IDataObject = { conversationId, accountId, inboxId, contact: found, conversation: created };
			// The conversation exists from here on: a failure below leaves it behind, said in the error.
			try {
				const path = `${base}/conversations/${String(conversationId)}/messages`;
				sent.message = await sendMessage(ctx, client, itemIndex, path, message, []);
				if (attachments.length) {
					sent.attachmentsMessage = await sendMessage(ctx, client, itemIndex, path, { content: '', message_type: 'outgoing', private: false }, attachments);
				}
			} catch (error) {
				const reason = error as Error & { description?: string };
				reason.description = `Conversation #${String(conversationId)} was created, ${sent.message ? 'with its first message but without the files' : 'but its first message was not'}: reply into it rather than re-running. ${reason.description ?? ''}`.trim();
				throw outcomeUnknown(reason);
			}
			return sent;
		},
	};
}

async function sendMessage(
	ctx: IExecuteFunctions,
	client: VendorClient,
	itemIndex: number,
	path: string,
	fields: IDataObject,
	attachments: Attachment[],
): Promise<IDataObject> {
	const request = chatwootMessageRequest(ctx, itemIndex, path, fields, attachments);
	const readBack = chatwootReadBack(client, itemIndex, path, { ...fields, attachments: attachments.length });
	const response = responseJson(await client.send({ ...request, readBack }, itemIndex));
	client.noteMessageOfThisRun(response.id);
	return response;
}

function readContact(ctx: IExecuteFunctions, itemIndex: number): { by: ContactBy; value: string } {
	const by = ctx.getNodeParameter('contactBy', itemIndex, 'email') as ContactBy;
	const raw = ctx.getNodeParameter('contactValue', itemIndex, '');
	if (by === 'email') return { by, value: requireEmail(ctx, itemIndex, raw, 'Contact') };
	if (by === 'phoneNumber') {
		const value = requireText(ctx, itemIndex, raw, 'Contact').trim();
		if (!E164.test(value)) {
			throw invalidParameter(ctx, itemIndex, 'Contact', `must be a phone number in E.164 form, e.g. +972501234567, got "${value}"`);
		}
		return { by, value };
	}
	if (by === 'identifier') return { by, value: requireText(ctx, itemIndex, raw, 'Contact').trim() };
	throw invalidParameter(ctx, itemIndex, 'Find Contact By', `must be email, phoneNumber or identifier, got "${String(by)}"`);
}

/**
 * The one contact whose attribute equals the value. Chatwoot's search matches substrings of
 * name, email, phone number and identifier, so every page of matches is read and filtered.
 */
async function findContact(
	ctx: IExecuteFunctions,
	client: VendorClient,
	itemIndex: number,
	base: string,
	contact: { by: ContactBy; value: string },
): Promise<IDataObject | undefined> {
	const attribute = CONTACT_ATTRIBUTE[contact.by];
	// Chatwoot keeps emails case-insensitively unique; phone numbers and identifiers as typed.
	const same = (candidate: unknown) =>
		contact.by === 'email'
			? String(candidate ?? '').toLowerCase() === contact.value.toLowerCase()
			: String(candidate ?? '') === contact.value;
	const matches: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const { body } = await client.send(
			{ method: 'GET', path: `${base}/contacts/search`, qs: { q: contact.value, page }, safeToRetry: true },
			itemIndex,
		);
		const payload = ((body as IDataObject | undefined)?.payload as IDataObject[] | undefined) ?? [];
		matches.push(...payload.filter((candidate) => same(candidate[attribute])));
		if (payload.length < SEARCH_PAGE_SIZE) break;
		if (page === MAX_SEARCH_PAGES) {
			throw invalidParameter(
				ctx,
				itemIndex,
				'Contact',
				`"${contact.value}" is part of more than ${MAX_SEARCH_PAGES * SEARCH_PAGE_SIZE} contacts' details; not all of them could be checked`,
			);
		}
	}
	if (matches.length > 1) {
		throw invalidParameter(
			ctx,
			itemIndex,
			'Contact',
			`"${contact.value}" matches ${matches.length} contacts by ${CONTACT_LABEL[contact.by]} (ids ${matches.map((match) => String(match.id)).join(', ')})`,
			'Find the contact by another attribute, or merge the duplicates in Chatwoot.',
		);
	}
	return matches[0];
}

/** POST …/contacts with the inbox, so the contact gets its contact inbox. A lost answer is settled by searching again. */
async function createContact(
	ctx: IExecuteFunctions,
	client: VendorClient,
	itemIndex: number,
	base: string,
	contact: { by: ContactBy; value: string },
	name: string,
	inboxId: number,
): Promise<IDataObject> {
	const json: IDataObject = { [CONTACT_ATTRIBUTE[contact.by]]: contact.value, inbox_id: inboxId };
	if (name) json.name = name;
	const response = await client.send(
		{
			method: 'POST',
			path: `${base}/contacts`,
			json,
			readBack: async () => await findContact(ctx, client, itemIndex, base, contact),
		},
		itemIndex,
	);
	const body = response.body as IDataObject;
	return response.confirmedByReadBack ? body : (((body?.payload as IDataObject)?.contact as IDataObject) ?? body);
}

function readTemplate(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const fields = (ctx.getNodeParameter('whatsappTemplate', itemIndex, {}) as IDataObject) ?? {};
	if (!Object.keys(fields).length) return undefined;
	const name = requireText(ctx, itemIndex, fields.name, 'WhatsApp Template → Name').trim();
	const language = requireText(ctx, itemIndex, fields.language, 'WhatsApp Template → Language').trim();
	const processed: IDataObject = {};

	const body = optionalJsonObject(ctx, itemIndex, fields.body, 'WhatsApp Template → Body Parameters');
	if (body && Object.keys(body).length) {
		processed.body = Object.fromEntries(
			Object.entries(body).map(([key, value]) => [key, templateValue(ctx, itemIndex, value, `WhatsApp Template → Body Parameters → ${key}`)]),
		);
	}
	const mediaUrl = readText(ctx, itemIndex, fields.headerMediaUrl, 'WhatsApp Template → Header Media URL').trim();
	if (mediaUrl) {
		const mediaType = readText(ctx, itemIndex, fields.headerMediaType ?? 'image', 'WhatsApp Template → Header Media Type');
		if (!MEDIA_TYPES.includes(mediaType)) {
			throw invalidParameter(ctx, itemIndex, 'WhatsApp Template → Header Media Type', `must be one of ${MEDIA_TYPES.join(', ')}, got "${mediaType}"`);
		}
		const header: IDataObject = {
			media_url: requireHttpUrl(ctx, itemIndex, mediaUrl, 'WhatsApp Template → Header Media URL'),
			media_type: mediaType,
		};
		const mediaName = readText(ctx, itemIndex, fields.headerMediaName, 'WhatsApp Template → Header Media Name').trim();
		if (mediaName) header.media_name = mediaName;
		processed.header = header;
	}
	const buttons = readButtons(ctx, itemIndex, fields.buttons);
	if (buttons.length) processed.buttons = buttons;

	return {
		name,
		category: readText(ctx, itemIndex, fields.category ?? 'UTILITY', 'WhatsApp Template → Category'),
		language,
		processed_params: processed,
	};
}

function readButtons(ctx: IExecuteFunctions, itemIndex: number, value: unknown): IDataObject[] {
	const label = 'WhatsApp Template → Button Parameters';
	let list: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		try {
			list = JSON.parse(value);
		} catch (error) {
			throw invalidParameter(ctx, itemIndex, label, `is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) throw invalidParameter(ctx, itemIndex, label, 'must be a JSON list of {"type", "parameter"}');
	return list.map((button: unknown, index) => {
		const entry = (button ?? {}) as IDataObject;
		const type = String(entry.type ?? '');
		if (!BUTTON_TYPES.includes(type)) {
			throw invalidParameter(ctx, itemIndex, `${label} → ${index}`, `has type "${type}"; it must be ${BUTTON_TYPES.join(' or ')}`);
		}
		const parameter = templateValue(ctx, itemIndex, entry.parameter, `${label} → ${index}`);
		if (type === 'copy_code' && [...parameter].length > MAX_COPY_CODE) {
			throw invalidParameter(ctx, itemIndex, `${label} → ${index}`, `is a copy code of ${[...parameter].length} characters; WhatsApp takes at most ${MAX_COPY_CODE}`);
		}
		return { type, parameter };
	});
}

/** A template value as text; longer than Chatwoot keeps is refused rather than cut. */
function templateValue(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string): string {
	const text = requireText(ctx, itemIndex, value, label);
	if ([...text].length > MAX_TEMPLATE_VALUE) {
		throw invalidParameter(ctx, itemIndex, label, `is ${[...text].length} characters long; Chatwoot keeps at most ${MAX_TEMPLATE_VALUE}`);
	}
	return text;
}

function readConversationFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = (ctx.getNodeParameter('conversationFields', itemIndex, {}) as IDataObject) ?? {};
	const json: IDataObject = {};
	if (fields.status !== undefined) {
		const status = readText(ctx, itemIndex, fields.status, 'Status');
		if (!STATUSES.includes(status)) throw invalidParameter(ctx, itemIndex, 'Status', `must be one of ${STATUSES.join(', ')}, got "${status}"`);
		json.status = status;
	}
	// 0, the panel's empty number, means "not set".
	if (fields.assigneeId !== undefined && Number(fields.assigneeId) !== 0) {
		json.assignee_id = requireWholeNumber(ctx, itemIndex, fields.assigneeId, 'Assignee ID');
	}
	if (fields.teamId !== undefined && Number(fields.teamId) !== 0) {
		json.team_id = requireWholeNumber(ctx, itemIndex, fields.teamId, 'Team ID');
	}
	return json;
}
