import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage, SenderType } from '../../conversation/message';
import { htmlToText, isoTime, text } from '../../conversation/text';
import type { GetJson } from '../../transport/getJson';

/**
 * Intercom's conversation reader and message mapper. A conversation's messages are its
 * `source` (the first) and its `conversation_parts` (up to 500); the send's read-back reads
 * them here, the webhook receiver maps a notification's parts here, and (next) history.
 */
export async function readConversation(get: GetJson, conversationId: string): Promise<IDataObject> {
	return await get(`/conversations/${encodeURIComponent(conversationId)}`, { display_as: 'plaintext' });
}

/** The conversation's parts, or undefined when the answer came without them. */
export function conversationParts(conversation: IDataObject): IDataObject[] | undefined {
	const parts = (conversation.conversation_parts as IDataObject | undefined)?.conversation_parts;
	return Array.isArray(parts) ? (parts as IDataObject[]) : undefined;
}

const CUSTOMER_AUTHORS = new Set(['user', 'lead', 'contact']);

export function senderType(author: IDataObject | undefined): SenderType {
	const type = String(author?.type ?? '');
	if (CUSTOMER_AUTHORS.has(type)) return 'customer';
	return type === 'bot' ? 'bot' : 'agent';
}

/** One part (or the source) in the package's message shape; `raw` is what the message came in. */
export function toMessage(notification: IDataObject, conversation: IDataObject, part: IDataObject, createdAt: unknown): ConversationMessage {
	const author = part.author as IDataObject | undefined;
	return {
		platform: 'intercom',
		conversationId: String(conversation.id),
		accountId: null,
		messageId: String(part.id),
		content: htmlToText(text(part.body) ?? ''),
		sender: { type: senderType(author), id: text(author?.id), name: text(author?.name), email: text(author?.email) },
		createdAt: isoTime(createdAt),
		private: part.part_type === 'note',
		attachments: ((part.attachments as IDataObject[] | undefined) ?? []).map((attachment, index) => ({
			fileName: text(attachment.name) ?? `attachment_${index}`,
			mimeType: text(attachment.content_type),
			size: typeof attachment.filesize === 'number' ? attachment.filesize : null,
			url: text(attachment.url) ?? '',
		})),
		raw: notification,
	};
}
