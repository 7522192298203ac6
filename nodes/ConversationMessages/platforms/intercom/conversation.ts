import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { ConversationMessage, SenderType } from '../../conversation/message';
import { htmlToText, isoTime, text } from '../../conversation/text';
import type { GetJson } from '../../transport/getJson';

/**
 * Intercom's conversation reader and message mapper. A conversation's messages are its
 * `source` (the first) and its `conversation_parts` (up to 500); the send's read-back reads
 * them here, the webhook receiver maps a notification's parts here, and Conversation Actions
 * read the history and the normalised conversation here (vendor-actions.md §0, §4).
 */
export async function readConversation(get: GetJson, conversationId: string, display: 'plaintext' | 'html' = 'plaintext'): Promise<IDataObject> {
	// Without display_as Intercom answers HTML, as its webhooks carry it.
	return await get(`/conversations/${encodeURIComponent(conversationId)}`, display === 'plaintext' ? { display_as: 'plaintext' } : {});
}

/** The conversation's parts, or undefined when the answer came without them. */
export function conversationParts(conversation: IDataObject): IDataObject[] | undefined {
	const parts = (conversation.conversation_parts as IDataObject | undefined)?.conversation_parts;
	return Array.isArray(parts) ? (parts as IDataObject[]) : undefined;
}

/** How many parts the conversation has: more than it carries when Intercom cut them (§4). */
export function partsTotal(conversation: IDataObject): number {
	const total = Number((conversation.conversation_parts as IDataObject | undefined)?.total_count);
	return Number.isFinite(total) ? total : (conversationParts(conversation) ?? []).length;
}

/** Parts that are someone's message; assignments, closes and snoozes are events. */
const MESSAGE_PARTS = new Set(['comment', 'note', 'open']);

/** A comment, a note, or a reopening that says something (the trigger's messages, and history's). */
export function isMessagePart(part: IDataObject): boolean {
	return MESSAGE_PARTS.has(String(part.part_type)) && Boolean(text(part.body) || (part.attachments as unknown[] | undefined)?.length);
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

/**
 * The messages of a retrieved conversation, oldest first: the first message (`source`), then
 * the parts that are messages; each message's `raw` is its part.
 */
export function conversationMessages(conversation: IDataObject): ConversationMessage[] {
	const source = conversation.source as IDataObject | undefined;
	const first =
		source?.id !== undefined && source.id !== null && isMessagePart({ ...source, part_type: 'comment' })
			? [toMessage(source, conversation, source, conversation.created_at)]
			: [];
	const parts = (conversationParts(conversation) ?? []).filter(isMessagePart);
	return [...first, ...parts.map((part) => toMessage(part, conversation, part, part.created_at))];
}

/** Intercom's states are open, closed and snoozed; the normalised word for closed is "resolved". */
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
	const tags = (((body.tags ?? {}) as IDataObject).tags as IDataObject[] | undefined) ?? [];
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

/** An assignee id of Intercom's, which says "nobody" with null or 0. */
function assigneeId(value: unknown): string | null {
	const id = text(value);
	return id === '0' ? null : id;
}

/** The conversation's state on a trigger's message (issue 20 §3); Intercom names no admin or team there. */
export function withConversationState(message: ConversationMessage, conversation: IDataObject): ConversationMessage {
	const admin = assigneeId(conversation.admin_assignee_id);
	const team = assigneeId(conversation.team_assignee_id);
	const { raw, ...fields } = message;
	return {
		...fields,
		status: text(conversation.state),
		assignee: admin === null ? null : { type: 'agent', id: admin, name: null, email: null },
		team: team === null ? null : { id: team, name: null },
		raw,
	};
}

/**
 * "The bot owns the conversation" (vendor-actions.md §4): open, and assigned to the bot's admin,
 * or to no admin and to the bot's team or none.
 */
function botOwns(conversation: IDataObject, bot: { adminId: string; teamId: string }): boolean {
	if (conversation.state !== 'open') return false;
	const admin = assigneeId(conversation.admin_assignee_id);
	const team = assigneeId(conversation.team_assignee_id);
	if (admin !== null) return bot.adminId !== '' && admin === bot.adminId;
	return team === null || (bot.teamId !== '' && team === bot.teamId);
}

/** The trigger's Only While the Bot Owns the Conversation: whether this conversation's messages start nothing. */
export function humansOwn(ctx: IWebhookFunctions, conversation: IDataObject): boolean {
	const bot = {
		adminId: String(ctx.getNodeParameter('botAdminId', '') ?? '').trim(),
		teamId: String(ctx.getNodeParameter('botTeamId', '') ?? '').trim(),
	};
	return ctx.getNodeParameter('onlyWhileBotOwns', false) === true && !botOwns(conversation, bot);
}
