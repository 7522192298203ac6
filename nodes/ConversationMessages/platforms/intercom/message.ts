import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readAttachmentBase64, readAttachments, refuseAttachments } from '../../params/attachments';
import { htmlToText } from '../../conversation/text';
import { responseJson } from '../../operations/output';
import { rememberPostedAsCustomer } from '../../conversation/postedAsCustomer';
import {
	invalidParameter,
	readConversationParameter,
	readAdditionalFields,
	readBoolean,
	readList,
	requireEmail,
	requireHttpUrl,
	requirePathSegment,
	requireText,
} from '../../params/parameters';
import type { VendorClient } from '../../transport/client';
import type { PreparedMessage } from '../types';

const MAX_FILES = 10;
const MAX_URLS = 10;
const HTML_TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i;

type Lookup = 'id' | 'email' | 'externalId';

export async function prepareIntercomMessage(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedMessage> {
	const operation = ctx.getNodeParameter('intercomOperation', itemIndex) as string;
	if (operation === 'startConversation') return prepareContactMessage(ctx, itemIndex);
	if (operation === 'reply') return prepareReply(ctx, itemIndex);
	if (operation === 'adminMessage') return prepareAdminMessage(ctx, itemIndex);
	throw invalidParameter(ctx, itemIndex, 'Operation', `"${operation}" is not an Intercom operation`);
}

/**
 * A user or lead starts a conversation. API 2.x: POST /conversations with from {type, id}
 * (POST /messages is admin-only there). An email or external id is resolved to the contact
 * first, and must match exactly one.
 */
function prepareContactMessage(ctx: IExecuteFunctions, itemIndex: number): PreparedMessage {
	const contact = readContact(ctx, itemIndex);
	const content = requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex), 'Content');
	if (HTML_TAG.test(content)) {
		throw invalidParameter(
			ctx,
			itemIndex,
			'Content',
			'contains HTML, which Intercom does not support in a message started by a contact',
			'Send plain text; remove the tags upstream (e.g. with the HTML or Markdown node).',
		);
	}
	const attachmentUrls = readAttachmentUrls(ctx, itemIndex);
	refuseAttachments(
		ctx,
		itemIndex,
		'Intercom takes only attachment URLs when a contact starts a conversation',
		'Put links to the files in Additional Fields → Attachment URLs.',
	);

	return {
		orderingKey: `contact:${contact.lookup}:${contact.value}`,
		send: async (client) => {
			const from = await resolveSender(ctx, client, itemIndex, contact);
			const body: IDataObject = { from, body: content };
			if (attachmentUrls.length) body.attachment_urls = attachmentUrls;
			const response = responseJson(await client.send({ method: 'POST', path: '/conversations', json: body }, itemIndex));
			rememberPostedAsCustomer('intercom', response.id);
			return response;
		},
	};
}

const ADMIN_MESSAGE_TYPES = ['inapp', 'email'];
const EMAIL_TEMPLATES = ['plain', 'personal'];

/**
 * An admin reaches a user or lead: POST /messages. Intercom opens no conversation until the
 * contact replies, unless create_conversation_without_contact_reply is set. A lost answer is
 * not read back (Intercom lists no sent messages): the message may exist, and is not sent again.
 */
function prepareAdminMessage(ctx: IExecuteFunctions, itemIndex: number): PreparedMessage {
	const adminId = requirePathSegment(ctx, itemIndex, ctx.getNodeParameter('adminId', itemIndex), 'Admin ID');
	const contact = readContact(ctx, itemIndex);
	const messageType = String(ctx.getNodeParameter('adminMessageType', itemIndex, 'inapp'));
	if (!ADMIN_MESSAGE_TYPES.includes(messageType)) {
		throw invalidParameter(ctx, itemIndex, 'Message Type', `must be inapp or email, got "${messageType}"`);
	}
	const body: IDataObject = {
		message_type: messageType,
		body: requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex), 'Content'),
		from: { type: 'admin', id: adminId },
		create_conversation_without_contact_reply: readBoolean(
			ctx,
			itemIndex,
			ctx.getNodeParameter('createConversationWithoutContactReply', itemIndex, false),
			'Open a Conversation Now',
		),
	};
	if (messageType === 'email') {
		body.subject = requireText(ctx, itemIndex, ctx.getNodeParameter('subject', itemIndex, ''), 'Subject');
		const template = String(ctx.getNodeParameter('emailTemplate', itemIndex, 'plain'));
		if (!EMAIL_TEMPLATES.includes(template)) {
			throw invalidParameter(ctx, itemIndex, 'Email Template', `must be plain or personal, got "${template}"`);
		}
		body.template = template;
	}
	if (readAttachmentUrls(ctx, itemIndex).length) {
		throw invalidParameter(ctx, itemIndex, 'Attachment URLs', 'is not supported: Intercom takes no attachments in an admin-initiated message');
	}
	refuseAttachments(ctx, itemIndex, 'Intercom takes no files in an admin-initiated message', 'Send the files as a reply once the conversation exists.');

	return {
		orderingKey: `contact:${contact.lookup}:${contact.value}`,
		send: async (client) => {
			const found = contact.lookup === 'id' ? await readContactById(client, itemIndex, contact.value) : await searchContact(ctx, client, itemIndex, contact);
			const to = { type: found.role === 'lead' ? 'lead' : 'user', id: found.id };
			const message = responseJson(await client.send({ method: 'POST', path: '/messages', json: { ...body, to } }, itemIndex));
			return { conversationId: message.conversation_id ?? null, contact: found, message };
		},
	};
}

async function readContactById(client: VendorClient, itemIndex: number, id: string): Promise<IDataObject> {
	const { body } = await client.send({ method: 'GET', path: `/contacts/${encodeURIComponent(id)}`, safeToRetry: true }, itemIndex);
	return body as IDataObject;
}

function prepareReply(ctx: IExecuteFunctions, itemIndex: number): PreparedMessage {
	const conversationId = requirePathSegment(
		ctx,
		itemIndex,
		readConversationParameter(ctx, itemIndex, 'Conversation ID'),
		'Conversation ID',
	);
	const replyAs = ctx.getNodeParameter('replyAs', itemIndex) as string;
	const body: IDataObject = {
		body: requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex), 'Content'),
	};
	if (replyAs === 'admin') {
		const replyType = ctx.getNodeParameter('replyType', itemIndex, 'comment') as string;
		if (replyType !== 'comment' && replyType !== 'note') {
			throw invalidParameter(ctx, itemIndex, 'Reply Type', `must be comment or note, got "${replyType}"`);
		}
		Object.assign(body, {
			message_type: replyType,
			type: 'admin',
			admin_id: requirePathSegment(ctx, itemIndex, ctx.getNodeParameter('adminId', itemIndex), 'Admin ID'),
		});
	} else if (replyAs === 'contact') {
		const contact = readContact(ctx, itemIndex);
		const key = { id: 'intercom_user_id', email: 'email', externalId: 'user_id' }[contact.lookup];
		Object.assign(body, { message_type: 'comment', type: 'user', [key]: contact.value });
	} else {
		throw invalidParameter(ctx, itemIndex, 'Reply As', `must be admin or contact, got "${replyAs}"`);
	}
	if (conversationId === 'last' && replyAs !== 'contact') {
		throw invalidParameter(ctx, itemIndex, 'Conversation ID', '"last" works only when replying as the contact');
	}
	const attachmentUrls = readAttachmentUrls(ctx, itemIndex);
	if (attachmentUrls.length) body.attachment_urls = attachmentUrls;
	const attachments = readAttachments(ctx, itemIndex, ctx.getNodeParameter('attachments', itemIndex, ''), MAX_FILES);

	return {
		orderingKey: `conversation:${conversationId}`,
		send: async (client) => {
			if (attachments.length) {
				body.attachment_files = await Promise.all(
					attachments.map(async (attachment) => ({
						content_type: attachment.mimeType,
						data: await readAttachmentBase64(ctx, itemIndex, attachment),
						name: attachment.fileName,
					})),
				);
			}
			const path = `/conversations/${encodeURIComponent(conversationId)}/reply`;
			// "last" names no conversation that could be read back.
			const readBack = conversationId === 'last' ? undefined : replyReadBack(client, itemIndex, conversationId, body);
			const response = responseJson(await client.send({ method: 'POST', path, json: body, readBack }, itemIndex));
			const parts = ((response.conversation_parts as IDataObject)?.conversation_parts as IDataObject[]) ?? [];
			// A reply answers the whole conversation; a read-back answers the part itself.
			const partId = response.confirmedByReadBack ? response.id : parts[parts.length - 1]?.id;
			client.noteMessageOfThisRun(partId);
			if (replyAs === 'contact') rememberPostedAsCustomer('intercom', partId);
			return response;
		},
	};
}

/**
 * Finds a reply whose answer was lost among the conversation's parts (up to 500, as plain
 * text): same kind (comment or note), same author (the admin, or a contact), same text,
 * created after the send began. Intercom takes no client id on a reply to match instead.
 */
function replyReadBack(
	client: VendorClient,
	itemIndex: number,
	conversationId: string,
	reply: IDataObject,
): (createdNotBeforeMs: number) => Promise<IDataObject | undefined> {
	const text = normalized(String(reply.body));
	return async (createdNotBeforeMs) => {
		const { body } = await client.send(
			{
				method: 'GET',
				path: `/conversations/${encodeURIComponent(conversationId)}`,
				qs: { display_as: 'plaintext' },
				safeToRetry: true,
			},
			itemIndex,
		);
		const parts = ((body as IDataObject | undefined)?.conversation_parts as IDataObject | undefined)?.conversation_parts;
		if (!Array.isArray(parts)) throw new Error('the conversation came without its parts');
		return client.claimReadBack(
			(parts as IDataObject[]).filter((part) => {
				const author = (part.author as IDataObject | undefined) ?? {};
				const byTheSender =
					reply.type === 'admin'
						? author.type === 'admin' && String(author.id) === String(reply.admin_id)
						: author.type !== 'admin' && author.type !== 'bot';
				return (
					byTheSender &&
					part.part_type === reply.message_type &&
					Number(part.created_at) * 1000 >= createdNotBeforeMs &&
					normalized(String(part.body ?? '')) === text
				);
			}),
		);
	};
}

function normalized(text: string): string {
	return htmlToText(text).replace(/\s+/g, ' ').trim();
}

function readContact(ctx: IExecuteFunctions, itemIndex: number): { lookup: Lookup; value: string } {
	const lookup = ctx.getNodeParameter('contactLookup', itemIndex, 'email') as Lookup;
	const raw = ctx.getNodeParameter('contactValue', itemIndex);
	if (lookup === 'email') return { lookup, value: requireEmail(ctx, itemIndex, raw, 'Contact') };
	if (lookup === 'id' || lookup === 'externalId') {
		return { lookup, value: requireText(ctx, itemIndex, raw, 'Contact').trim() };
	}
	throw invalidParameter(ctx, itemIndex, 'Identify Contact By', `must be email, externalId or id, got "${String(lookup)}"`);
}

function readAttachmentUrls(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const urls = readList(ctx, itemIndex, readAdditionalFields(ctx, itemIndex).attachmentUrls, 'Attachment URLs');
	if (urls.length > MAX_URLS) {
		throw invalidParameter(ctx, itemIndex, 'Attachment URLs', `lists ${urls.length} links; Intercom takes at most ${MAX_URLS}`);
	}
	return urls.map((url) => requireHttpUrl(ctx, itemIndex, url, 'Attachment URLs'));
}

async function resolveSender(
	ctx: IExecuteFunctions,
	client: VendorClient,
	itemIndex: number,
	contact: { lookup: Lookup; value: string },
): Promise<IDataObject> {
	if (contact.lookup === 'id') return { type: 'contact', id: contact.value };
	const match = await searchContact(ctx, client, itemIndex, contact);
	return { type: match.role === 'lead' ? 'lead' : 'user', id: match.id };
}

/** The one contact with this email or external id (POST /contacts/search, exact). */
async function searchContact(
	ctx: IExecuteFunctions,
	client: VendorClient,
	itemIndex: number,
	contact: { lookup: Lookup; value: string },
): Promise<IDataObject> {
	const field = contact.lookup === 'email' ? 'email' : 'external_id';
	const response = await client.send(
		{
			method: 'POST',
			path: '/contacts/search',
			json: { query: { field, operator: '=', value: contact.value } },
			safeToRetry: true,
		},
		itemIndex,
	);
	const matches = ((response.body as IDataObject)?.data as IDataObject[] | undefined) ?? [];
	const label = contact.lookup === 'email' ? 'email' : 'external user ID';
	if (matches.length !== 1) {
		throw invalidParameter(
			ctx,
			itemIndex,
			'Contact',
			matches.length
				? `"${contact.value}" matches ${matches.length} Intercom contacts by ${label}`
				: `"${contact.value}" matches no Intercom contact by ${label}`,
			matches.length ? 'Identify the contact by its Intercom contact ID instead.' : undefined,
		);
	}
	return matches[0];
}
