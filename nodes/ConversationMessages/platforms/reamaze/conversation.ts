import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import { isoTime, number, text } from '../../conversation/text';
import type { GetJson } from '../../transport/getJson';

/**
 * Re:amaze's conversation reader and message mapper. The send's read-back reads a
 * conversation's messages here (to find its origin_id), the polling trigger maps the messages
 * it lists here, and (next) history.
 */

/** The conversation's messages as Re:amaze lists them; undefined when the answer has no list. */
export async function readMessages(get: GetJson, slug: string): Promise<IDataObject[] | undefined> {
	const messages = (await get(`/api/v1/conversations/${encodeURIComponent(slug)}/messages`)).messages;
	return Array.isArray(messages) ? (messages as IDataObject[]) : undefined;
}

/** Re:amaze messages carry no id: slug, time and a hash of the body name one. */
function messageKey(message: IDataObject): string {
	const conversation = (message.conversation ?? {}) as IDataObject;
	const body = createHash('sha1').update(String(message.body ?? '')).digest('hex').slice(0, 16);
	return `${String(conversation.slug)}:${String(message.created_at)}:${body}`;
}

/** One message in the package's shape; Re:amaze says whether staff wrote it by the list it came in. */
export function toMessage(message: IDataObject, byStaff: boolean): ConversationMessage {
	const conversation = (message.conversation ?? {}) as IDataObject;
	const user = (message.user ?? {}) as IDataObject;
	return {
		platform: 'reamaze',
		conversationId: String(conversation.slug ?? ''),
		accountId: null,
		messageId: messageKey(message),
		content: text(message.body) ?? '',
		sender: { type: byStaff ? 'agent' : 'customer', id: text(user.id), name: text(user.name), email: text(user.email) },
		createdAt: isoTime(message.created_at),
		private: Number(message.visibility) === 1,
		attachments: ((message.attachments as IDataObject[] | undefined) ?? []).map((attachment, index) => ({
			fileName: text(attachment.file_file_name) ?? `attachment_${index}`,
			mimeType: text(attachment.file_content_type),
			size: number(attachment.file_file_size),
			url: text(attachment.url) ?? '',
		})),
		raw: message,
	};
}
