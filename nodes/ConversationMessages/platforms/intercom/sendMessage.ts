import type { IDataObject } from 'n8n-workflow';

import { rememberPostedAsCustomer } from '../../conversation/postedAsCustomer';
import { htmlToText } from '../../conversation/text';
import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import { oneOf, pathSegment } from '../../params/checks';
import { attachmentsField, contentField, conversationIdField } from '../../params/fields';
import type { VendorClient } from '../../transport/client';
import { getThrough } from '../../transport/getJson';

import { contactFields, readContact } from './contacts';
import { conversationParts, readConversation } from './conversation';
import { adminField, attachmentUrlsCollection, readAttachmentUrls } from './fields';

const MAX_FILES = 10;
const asAdmin = { show: { replyAs: ['admin'] } };

/** Reply to a Conversation: POST /conversations/{id}/reply, as a teammate (comment or note) or as the contact. */
export const sendMessage: Operation = {
	operation: 'sendMessage',
	wording: {
		name: 'Reply to a Conversation',
		action: 'Reply to a conversation',
		description: 'Reply as an admin (comment or note) or as the contact',
	},
	fields: [
		conversationIdField({
			displayName: 'Conversation ID',
			description: 'The conversation: pick it, type its ID ("last" for the contact\'s latest, when replying as the contact), or paste its address from the Intercom inbox',
			example: '524',
			idPattern: '^\\s*(\\d+|last)\\s*$',
			urlPattern: '/conversations?/(\\d+)',
			urlExample: 'https://app.intercom.com/a/inbox/abc123/inbox/conversation/524',
			searchMethod: 'searchIntercomConversations',
		}),
		{
			displayName: 'Reply As',
			name: 'replyAs',
			type: 'options',
			default: 'admin',
			options: [
				{ name: 'Admin', value: 'admin', description: 'A teammate replies' },
				{ name: 'Contact', value: 'contact', description: 'The user or lead replies' },
			],
		},
		adminField('reply', asAdmin),
		{
			displayName: 'Reply Type',
			name: 'replyType',
			type: 'options',
			default: 'comment',
			displayOptions: asAdmin,
			options: [
				{ name: 'Comment', value: 'comment', description: 'Visible to the contact' },
				{ name: 'Note', value: 'note', description: 'Internal, visible only to teammates' },
			],
		},
		...contactFields({ show: { replyAs: ['contact'] } }),
		contentField('The reply. Admin comments and notes may use basic HTML.'),
		attachmentsField('Files to attach to the reply (at most 10), sent base64-encoded'),
		attachmentUrlsCollection,
	],

	prepare(p) {
		const conversationId = p.conversationId('Conversation ID', pathSegment);
		const replyAs = p.read('replyAs', oneOf(['admin', 'contact'], 'admin or contact'), 'Reply As');
		const body: IDataObject = { body: p.content() };
		if (replyAs === 'admin') {
			Object.assign(body, {
				message_type: p.read('replyType', oneOf(['comment', 'note'], 'comment or note'), 'Reply Type', 'comment'),
				type: 'admin',
				admin_id: p.pathSegment('adminId', 'Admin ID'),
			});
		} else {
			const contact = readContact(p);
			const key = { id: 'intercom_user_id', email: 'email', externalId: 'user_id' }[contact.lookup];
			Object.assign(body, { message_type: 'comment', type: 'user', [key]: contact.value });
		}
		if (conversationId === 'last' && replyAs !== 'contact') {
			throw p.fail('Conversation ID', '"last" works only when replying as the contact');
		}
		const attachmentUrls = readAttachmentUrls(p);
		if (attachmentUrls.length) body.attachment_urls = attachmentUrls;
		const attachments = p.attachments(MAX_FILES);

		return {
			orderingKey: `conversation:${conversationId}`,
			send: async (client) => {
				if (attachments.length) {
					body.attachment_files = await Promise.all(
						attachments.map(async (attachment) => ({
							content_type: attachment.mimeType,
							data: await p.attachmentBase64(attachment),
							name: attachment.fileName,
						})),
					);
				}
				const path = `/conversations/${encodeURIComponent(conversationId)}/reply`;
				// "last" names no conversation that could be read back.
				const readBack = conversationId === 'last' ? undefined : replyReadBack(client, p.itemIndex, conversationId, body);
				const response = responseJson(await client.send({ method: 'POST', path, json: body, readBack }, p.itemIndex));
				const parts = ((response.conversation_parts as IDataObject)?.conversation_parts as IDataObject[]) ?? [];
				// A reply answers the whole conversation; a read-back answers the part itself.
				const partId = response.confirmedByReadBack ? response.id : parts[parts.length - 1]?.id;
				client.noteMessageOfThisRun(partId);
				if (replyAs === 'contact') rememberPostedAsCustomer('intercom', partId);
				return response;
			},
		};
	},
};

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
		const parts = conversationParts(await readConversation(getThrough(client, itemIndex), conversationId));
		if (!parts) throw new Error('the conversation came without its parts');
		return client.claimReadBack(
			parts.filter((part) => {
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
