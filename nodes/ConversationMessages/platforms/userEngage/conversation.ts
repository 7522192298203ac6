import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import { htmlToText, isoTime, text } from '../../conversation/text';
import type { GetJson } from '../../transport/getJson';

/**
 * User.com's conversation reader and message mapper: GET /conversations/{id}/ answers the
 * conversation with its customer (`user`) and its messages. The send's read-back, the polling
 * trigger and Conversation Actions (Get, Get Messages, the read before and after a write) read a
 * conversation here.
 */
export async function readConversation(
	get: GetJson,
	conversationId: string | number,
): Promise<{ conversation: IDataObject; messages: ConversationMessage[] | undefined }> {
	const answer = await get(`/conversations/${conversationId}/`);
	// The docs show it inside `results` (beside count, next, previous); it may also come bare: both are read.
	const conversation = answer.results && typeof answer.results === 'object' && !Array.isArray(answer.results) ? (answer.results as IDataObject) : answer;
	if (!Array.isArray(conversation.messages)) return { conversation, messages: undefined };
	const messages = (conversation.messages as IDataObject[]).slice().sort((a, b) => Number(a.id) - Number(b.id));
	return { conversation, messages: messages.map((message) => toMessage(conversation, message)) };
}

/** One message of the conversation in the package's message shape; HTML bodies as plain text. */
export function toMessage(conversation: IDataObject, message: IDataObject): ConversationMessage {
	const customer = (conversation.user ?? {}) as IDataObject;
	const author = (message.user ?? {}) as IDataObject;
	const byCustomer = author.id !== undefined && String(author.id) === String(customer.id);
	return {
		platform: 'userEngage',
		conversationId: String(conversation.id),
		accountId: null,
		messageId: String(message.id),
		content: htmlToText(text(message.content) ?? ''),
		sender: { type: byCustomer ? 'customer' : 'agent', id: text(author.id), name: text(author.name), email: text(author.email) },
		createdAt: isoTime(message.timestamp),
		private: false,
		attachments: [],
		raw: message,
	};
}
