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
 * receivers map a delivery here, and (next) history.
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
	if (payload.event !== 'message_created') return undefined;
	const conversation = (payload.conversation ?? {}) as IDataObject;
	const account = (payload.account ?? {}) as IDataObject;
	return chatwootMessage(platform, payload, {
		conversationId: text(conversation.display_id ?? conversation.id),
		accountId: number(account.id ?? conversation.account_id),
	});
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
