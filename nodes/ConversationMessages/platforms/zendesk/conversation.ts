import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage, SenderType } from '../../conversation/message';
import { isoTime, number, text } from '../../conversation/text';
import type { HistoryRequest } from '../../operations/history';
import type { GetJson } from '../../transport/getJson';

/**
 * Zendesk's conversation reader and message mapper: a ticket is a conversation, a ticket comment
 * a message (vendor-zendesk.md §7). The send's read-back, the trigger and Get Messages all read
 * comments here and map them here, so a comment has one shape wherever it comes from.
 */

/** At most 100 a page, the comments endpoint's cursor limit (§7). */
export const COMMENTS_PAGE_SIZE = 100;

/** A ticket holds at most this many comments; the next one is refused with 422 (§4). */
export const MAX_COMMENTS_PER_TICKET = 5000;

export function commentsPath(ticketId: string): string {
	return `/api/v2/tickets/${encodeURIComponent(ticketId)}/comments`;
}

/** One page of a ticket's comments with their authors side-loaded (`include=users`). */
export interface CommentsPage {
	comments: IDataObject[];
	users: Map<string, IDataObject>;
	/** The cursor of the next page in the same order, when there is one. */
	after?: string;
}

/**
 * A page of comments, oldest first (`asc`) or newest first (`desc`), by cursor. Zendesk names
 * paging two ways (§7, which one the comments endpoint defaults to is [UNCONFIRMED]): the cursor
 * is asked for explicitly, and an answer with `next_page` instead of `meta` is followed too.
 */
export async function readCommentsPage(get: GetJson, ticketId: string, order: 'asc' | 'desc', after?: string): Promise<CommentsPage> {
	const qs: IDataObject = { include: 'users', sort_order: order, 'page[size]': COMMENTS_PAGE_SIZE };
	if (after) qs['page[after]'] = after;
	const body = await get(commentsPath(ticketId), qs);
	if (!Array.isArray(body.comments)) throw new Error('the ticket comments came without a comments list');
	const users = new Map(((Array.isArray(body.users) ? body.users : []) as IDataObject[]).map((user) => [String(user.id), user]));
	const meta = (body.meta ?? {}) as IDataObject;
	const cursor = meta.has_more === true ? text(meta.after_cursor) : null;
	return { comments: body.comments as IDataObject[], users, after: cursor ?? undefined };
}

/** Zendesk's own author of system comments (a trigger, an automation). */
const SYSTEM_AUTHOR_ID = '-1';

/** end-user → customer; agent and admin → agent; Zendesk itself → bot. */
export function senderType(authorId: string | null, user: IDataObject | undefined): SenderType {
	if (authorId === SYSTEM_AUTHOR_ID) return 'bot';
	const role = text(user?.role);
	if (role === 'end-user') return 'customer';
	if (role === 'agent' || role === 'admin') return 'agent';
	// No side-loaded author: Zendesk's public comments by unknown users are end users' (email replies).
	return 'customer';
}

/** One comment in the package's message shape; `raw` is the comment as Zendesk gave it. */
export function toMessage(comment: IDataObject, ticketId: string, author: IDataObject | undefined): ConversationMessage {
	const authorId = text(comment.author_id);
	return {
		platform: 'zendesk',
		conversationId: ticketId,
		accountId: null,
		messageId: String(comment.id),
		content: text(comment.plain_body) ?? text(comment.body) ?? '',
		sender: { type: senderType(authorId, author), id: authorId, name: text(author?.name), email: text(author?.email) },
		createdAt: isoTime(comment.created_at),
		private: comment.public === false,
		attachments: ((comment.attachments as IDataObject[] | undefined) ?? []).map((attachment, index) => ({
			fileName: text(attachment.file_name) ?? `attachment_${index}`,
			mimeType: text(attachment.content_type),
			size: number(attachment.size),
			url: text(attachment.content_url) ?? '',
		})),
		raw: comment,
	};
}

/**
 * A ticket's history, oldest first, in the package's message shape: read newest first, page by
 * page, until the latest `limit` are had (or all, up to the request's cap).
 */
export async function readHistory(get: GetJson, ticketId: string, request: HistoryRequest): Promise<ConversationMessage[]> {
	let collected: ConversationMessage[] = [];
	let after: string | undefined;
	do {
		const page = await readCommentsPage(get, ticketId, 'desc', after);
		const messages = page.comments
			.map((comment) => toMessage(comment, ticketId, page.users.get(String(comment.author_id))))
			.filter((message) => request.includePrivateNotes || !message.private);
		collected = [...messages.reverse(), ...collected];
		if (request.limit === undefined && collected.length > request.cap) throw request.tooLong(ticketId);
		if (request.limit !== undefined && collected.length >= request.limit) break;
		after = page.after;
	} while (after);
	return request.limit === undefined ? collected : collected.slice(-request.limit);
}
