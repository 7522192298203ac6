import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage, SenderType } from '../../conversation/message';
import { htmlToText, isoTime, text } from '../../conversation/text';

// An Intercom conversation as the package shows it: its messages in the message shape (the
// trigger's and Get Messages'), and the conversation itself normalised (vendor-actions.md §0, §4).

const CUSTOMER_AUTHORS = new Set(['user', 'lead', 'contact']);

/** Parts that are someone's message; assignments, closes and snoozes are events (§4). */
const MESSAGE_PARTS = new Set(['comment', 'note', 'open']);

function senderType(author: IDataObject | undefined): SenderType {
	const type = String(author?.type ?? '');
	if (CUSTOMER_AUTHORS.has(type)) return 'customer';
	return type === 'bot' ? 'bot' : 'agent';
}

export function writtenByCustomer(part: IDataObject): boolean {
	return senderType(part.author as IDataObject | undefined) === 'customer';
}

/** A comment, a note, or a reopening that says something; not an assignment or a status change. */
export function isMessagePart(part: IDataObject): boolean {
	return MESSAGE_PARTS.has(String(part.part_type)) && Boolean(text(part.body) || (part.attachments as unknown[] | undefined)?.length);
}

/**
 * One part (or the conversation's `source`, its first message) as the message shape; `raw` is
 * what the item carries as the vendor's own payload (the trigger: the whole notification).
 */
export function intercomMessage(conversation: IDataObject, part: IDataObject, createdAt: unknown, raw: IDataObject): ConversationMessage {
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
		raw,
	};
}

/** The parts a retrieved conversation carries: at most the 500 most recent (§4). */
export function conversationParts(conversation: IDataObject): { parts: IDataObject[]; totalCount: number } {
	const list = (conversation.conversation_parts ?? {}) as IDataObject;
	const parts = Array.isArray(list.conversation_parts) ? (list.conversation_parts as IDataObject[]) : [];
	const total = Number(list.total_count);
	return { parts, totalCount: Number.isFinite(total) ? total : parts.length };
}

/**
 * The messages of a retrieved conversation, oldest first: the first message (`source`), then
 * the parts that are messages. Each message's `raw` is its part.
 */
export function conversationMessages(conversation: IDataObject): ConversationMessage[] {
	const source = conversation.source as IDataObject | undefined;
	const first = source?.id !== undefined && source.id !== null && isMessagePart({ ...source, part_type: 'comment' })
		? [intercomMessage(conversation, source, conversation.created_at, source)]
		: [];
	const parts = conversationParts(conversation).parts.filter(isMessagePart);
	return [...first, ...parts.map((part) => intercomMessage(conversation, part, part.created_at, part))];
}

/** Intercom states: open, closed, snoozed. The normalised word for closed is Chatwoot's "resolved". */
const STATUSES: Record<string, string> = { open: 'open', closed: 'resolved', snoozed: 'snoozed' };

/** What Intercom's conversation gives only as ids, named (GET /admins, /teams, /contacts/{id}). */
export interface Names {
	admins: Map<string, { name: string | null; email: string | null }>;
	teams: Map<string, string | null>;
	contact?: IDataObject;
}

/** A retrieved conversation as the normalised conversation of every platform. */
export function normalisedConversation(body: IDataObject, names: Names): IDataObject {
	const state = text(body.state);
	const adminId = text(body.admin_assignee_id);
	const teamId = text(body.team_assignee_id);
	const admin = adminId === null ? undefined : names.admins.get(adminId);
	const listed = ((((body.contacts ?? {}) as IDataObject).contacts as IDataObject[] | undefined) ?? [])[0];
	const contact = names.contact ?? listed;
	const tags = ((((body.tags ?? {}) as IDataObject).tags as IDataObject[] | undefined) ?? []);
	return {
		platform: 'intercom',
		conversationId: text(body.id),
		accountId: null,
		status: state === null ? null : (STATUSES[state] ?? state),
		vendorStatus: state,
		assignee: adminId === null ? null : { id: adminId, name: admin?.name ?? null, email: admin?.email ?? null },
		team: teamId === null ? null : { id: teamId, name: names.teams.get(teamId) ?? null },
		labels: tags.map((tag) => String(tag.name)),
		// 2.14 says only whether it is a priority: "priority" or "not_priority" (§4).
		priority: body.priority === 'priority' ? 'priority' : null,
		contact: contact ? { id: text(contact.id), name: text(contact.name), email: text(contact.email), phone: text(contact.phone) } : null,
		createdAt: isoTime(body.created_at),
		updatedAt: isoTime(body.updated_at ?? body.created_at),
		raw: body,
	};
}
