import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage, SenderType } from '../../conversation/message';
import { fileNameFromUrl, isoTime, number, text } from '../../conversation/text';

/** Chatwoot sends `message_type` as a word in webhooks, as a number in nested messages. */
const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];

function senderType(messageType: string, sender: IDataObject | undefined): SenderType {
	// A contact has no `type`; customers are told by the message type, not by the sender.
	if (messageType === 'incoming') return 'customer';
	if (messageType === 'template' || !sender || sender.type === 'agent_bot') return 'bot';
	return 'agent';
}

/**
 * A Chatwoot-family `message_created` delivery (99digital, any Chatwoot, EngageLab LiveDesk) as
 * an inbound message; undefined for other events and for activity messages (status changes,
 * assignments), which nobody wrote.
 */
export function chatwootInboundMessage(platform: string, payload: IDataObject): ConversationMessage | undefined {
	if (payload.event !== 'message_created') return undefined;
	const conversation = (payload.conversation ?? {}) as IDataObject;
	const account = (payload.account ?? {}) as IDataObject;
	const message = chatwootMessage(platform, payload, {
		conversationId: text(conversation.display_id ?? conversation.id),
		accountId: number(account.id ?? conversation.account_id),
	});
	if (!message || conversation.status === undefined) return message;
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
 * One Chatwoot message, as a delivery carries it or as the conversation's message list does
 * (GET …/messages), as the message shape; undefined for activity messages. `raw` is the
 * vendor's message as given.
 */
export function chatwootMessage(
	platform: string,
	message: IDataObject,
	where: { conversationId: string | null; accountId: number | null },
): ConversationMessage | undefined {
	const rawType = message.message_type;
	const messageType = typeof rawType === 'number' ? MESSAGE_TYPES[rawType] : String(rawType ?? '');
	if (!MESSAGE_TYPES.includes(messageType) || messageType === 'activity') return undefined;
	const conversationId = where.conversationId ?? text(message.conversation_id);
	const messageId = text(message.id);
	if (conversationId === null || messageId === null) return undefined;
	const sender = message.sender as IDataObject | undefined;
	return {
		platform,
		conversationId,
		accountId: where.accountId,
		messageId,
		content: text(message.content) ?? '',
		sender: {
			type: senderType(messageType, sender),
			id: text(sender?.id),
			name: text(sender?.name),
			email: text(sender?.email),
		},
		createdAt: isoTime(message.created_at),
		private: message.private === true,
		attachments: ((message.attachments as IDataObject[] | undefined) ?? []).map((attachment, index) => {
			const url = text(attachment.data_url) ?? '';
			return {
				fileName: fileNameFromUrl(url, `attachment_${index}${attachment.extension ? `.${String(attachment.extension)}` : ''}`),
				mimeType: null,
				size: number(attachment.file_size),
				url,
			};
		}),
		raw: message,
	};
}

/** The inbox a Chatwoot delivery belongs to (account webhooks cannot be limited to one upstream). */
export function chatwootInboxId(payload: IDataObject): string | null {
	const inbox = (payload.inbox ?? {}) as IDataObject;
	const conversation = (payload.conversation ?? {}) as IDataObject;
	return text(inbox.id ?? conversation.inbox_id);
}
