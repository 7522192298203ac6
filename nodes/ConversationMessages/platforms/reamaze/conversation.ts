import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import { isoTime, number, text } from '../../conversation/text';
import type { HistoryRequest } from '../../operations/history';
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

/**
 * A conversation's history, oldest first, in the package's message shape. Re:amaze pages it
 * (GET …/messages?page=N, 30 a page, vendor-actions.md §5) newest first as its other message lists; the order is
 * told from the first page's times all the same, so that a server paging oldest first is read
 * from its last page back. Pages are read from the newest until the latest `limit` are had.
 * The customer is the conversation's author (`customerEmail`); anyone else wrote as staff.
 */
export async function readHistory(get: GetJson, slug: string, customerEmail: string | null, request: HistoryRequest): Promise<ConversationMessage[]> {
	const path = `/api/v1/conversations/${encodeURIComponent(slug)}/messages`;
	const customer = customerEmail?.toLowerCase();
	const mapped = (page: IDataObject) =>
		((Array.isArray(page.messages) ? page.messages : []) as IDataObject[])
			.map((message) => {
				const email = text((message.user as IDataObject | undefined)?.email)?.toLowerCase();
				return { ...toMessage(message, email !== customer), conversationId: slug };
			})
			.filter((message) => request.includePrivateNotes || !message.private);
	const first = await get(path, { page: 1 });
	const pageCount = Math.max(1, Number(first.page_count ?? 1) || 1);
	const times = ((Array.isArray(first.messages) ? first.messages : []) as IDataObject[]).map((message) => Date.parse(isoTime(message.created_at)));
	const oldestFirst = times.length > 1 && times[0] < times[times.length - 1];
	const pages = Array.from({ length: pageCount }, (_, index) => (oldestFirst ? pageCount - index : index + 1));
	let collected: ConversationMessage[] = [];
	for (const page of pages) {
		const messages = mapped(page === 1 ? first : await get(path, { page }));
		collected = [...(oldestFirst ? messages : messages.reverse()), ...collected];
		if (request.limit === undefined && collected.length > request.cap) throw request.tooLong(slug);
		if (request.limit !== undefined && collected.length >= request.limit) break;
	}
	return request.limit === undefined ? collected : collected.slice(-request.limit);
}
