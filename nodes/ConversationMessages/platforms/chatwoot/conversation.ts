import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage, SenderType } from '../../conversation/message';
import { fileNameFromUrl, isoTime, number, text } from '../../conversation/text';
import type { GetJson } from '../../transport/getJson';

/** Chatwoot sends `message_type` as a word in webhooks, as a number in nested messages. */
const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];

function senderType(messageType: string, sender: IDataObject | undefined): SenderType {
	// A contact has no `type`; customers are told by the message type, not by the sender.
	if (messageType === 'incoming') return 'customer';
	if (messageType === 'template' || !sender || sender.type === 'agent_bot') return 'bot';
	return 'agent';
}

/**
 * The Chatwoot family's conversation reader and message mapper (99digital, any Chatwoot,
 * EngageLab LiveDesk). The send's read-back reads a conversation's messages here, the webhook
 * receivers map a delivery here, and Get Messages maps the history here (chatwoot/history.ts).
 */

/** A conversation's latest messages (GET on its messages path: the newest 20, oldest first); undefined when the answer's payload is not a list. */
export async function readMessages(get: GetJson, messagesPath: string): Promise<IDataObject[] | undefined> {
	const messages = (await get(messagesPath)).payload ?? [];
	return Array.isArray(messages) ? (messages as IDataObject[]) : undefined;
}

/**
 * A `message_created` delivery as a message in the package's shape; undefined for other
 * events and for activity messages (status changes, assignments), which nobody wrote.
 */
export function chatwootInboundMessage(platform: string, payload: IDataObject): ConversationMessage | undefined {
	const message = payload.event === 'message_created' ? chatwootMessage(platform, payload) : undefined;
	return message && withConversationState(message, (payload.conversation ?? {}) as IDataObject);
}

/** The message with its conversation's status, assignee and team, where `conversation` (push data, or a conversation of a list) shows them. */
export function withConversationState(message: ConversationMessage, conversation: IDataObject): ConversationMessage {
	if (conversation.status === undefined) return message;
	const { raw, ...fields } = message;
	return { ...fields, ...conversationState(conversation), raw };
}

/** The push data's status, assignee and team (vendor-actions.md §1.13), as message items show them. */
function conversationState(conversation: IDataObject): Pick<ConversationMessage, 'status' | 'assignee' | 'team'> {
	const meta = (conversation.meta ?? {}) as IDataObject;
	const assignee = meta.assignee as IDataObject | null | undefined;
	const team = meta.team as IDataObject | null | undefined;
	const assigneeId = text(assignee?.id);
	const teamId = text(team?.id);
	return {
		status: text(conversation.status),
		assignee: assignee && assigneeId !== null
			? { type: isBot(assignee, meta) ? 'bot' : 'agent', id: assigneeId, name: text(assignee.available_name ?? assignee.name), email: text(assignee.email) }
			: null,
		team: team && teamId !== null ? { id: teamId, name: text(team.name) } : null,
	};
}

function isBot(assignee: IDataObject, meta: IDataObject): boolean {
	return meta.assignee_type === 'AgentBot' || assignee.type === 'agent_bot';
}

/**
 * "The bot owns the conversation" (vendor-actions.md §1.13): it is pending — what an inbox with an
 * agent bot gives new conversations, and what a hand-off (Set Status open) or a person's
 * assignment ends — and no person is assigned (an agent bot may be; old servers name no type).
 */
export function chatwootBotOwns(payload: IDataObject): boolean {
	const conversation = (payload.conversation ?? {}) as IDataObject;
	const meta = (conversation.meta ?? {}) as IDataObject;
	const assignee = meta.assignee as IDataObject | null | undefined;
	const personAssigned = meta.assignee_type === 'User' || (!!assignee && !isBot(assignee, meta));
	return conversation.status === 'pending' && !personAssigned;
}

/**
 * One message (a webhook's payload, an entry of a message list) in the package's shape. An entry
 * of a list says nothing of its conversation's display id or account: `where` gives them.
 */
export function chatwootMessage(
	platform: string,
	payload: IDataObject,
	where?: { conversationId: string; accountId: number | null },
): ConversationMessage | undefined {
	const rawType = payload.message_type;
	const messageType = typeof rawType === 'number' ? MESSAGE_TYPES[rawType] : String(rawType ?? '');
	if (!MESSAGE_TYPES.includes(messageType) || messageType === 'activity') return undefined;
	const conversation = (payload.conversation ?? {}) as IDataObject;
	const conversationId = where?.conversationId ?? text(conversation.display_id ?? conversation.id);
	const messageId = text(payload.id);
	if (conversationId === null || messageId === null) return undefined;
	const sender = payload.sender as IDataObject | undefined;
	const account = (payload.account ?? {}) as IDataObject;
	return {
		platform,
		conversationId,
		accountId: where ? where.accountId : number(account.id ?? conversation.account_id),
		messageId,
		content: text(payload.content) ?? '',
		sender: {
			type: senderType(messageType, sender),
			id: text(sender?.id),
			name: text(sender?.name),
			email: text(sender?.email),
		},
		createdAt: isoTime(payload.created_at),
		private: payload.private === true,
		attachments: ((payload.attachments as IDataObject[] | undefined) ?? []).map((attachment, index) => {
			const url = text(attachment.data_url) ?? '';
			return {
				fileName: fileNameFromUrl(url, `attachment_${index}${attachment.extension ? `.${String(attachment.extension)}` : ''}`),
				mimeType: null,
				size: number(attachment.file_size),
				url,
			};
		}),
		raw: payload,
	};
}

/**
 * The inbox a Chatwoot delivery belongs to (account webhooks cannot be limited to one upstream):
 * a message names it, a conversation event (whose body is the conversation) carries `inbox_id`.
 */
export function chatwootInboxId(payload: IDataObject): string | null {
	const inbox = (payload.inbox ?? {}) as IDataObject;
	const conversation = (payload.conversation ?? {}) as IDataObject;
	return text(inbox.id ?? conversation.inbox_id ?? payload.inbox_id);
}
