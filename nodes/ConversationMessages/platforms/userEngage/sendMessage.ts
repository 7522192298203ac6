import type { IDataObject } from 'n8n-workflow';

import { htmlToText } from '../../conversation/text';
import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import { wholeNumber } from '../../params/checks';
import type { VendorClient } from '../../transport/client';
import { getThrough } from '../../transport/getJson';

import { readConversation } from './conversation';
import { conversationField } from './fields';
import { messageFields, readMessageFields } from './message';

/** POST /message/ — https://user.com/en/api/conversations/create-message */
export const sendMessage: Operation = {
	operation: 'sendMessage',
	fields: [
		conversationField('The conversation to post into: its numeric ID, or its address in the User.com panel'),
		...messageFields,
	],

	prepare(p) {
		const conversation = p.conversationId('Conversation ID', wholeNumber);
		const body: IDataObject = { conversation, ...readMessageFields(p) };
		const content = String(body.content);
		return {
			orderingKey: String(conversation),
			send: async (client) =>
				responseJson(
					await client.send(
						{ method: 'POST', path: '/message/', json: body, readBack: messageReadBack(client, p.itemIndex, conversation, content) },
						p.itemIndex,
					),
				),
		};
	},
};

/**
 * Finds a message whose answer was lost among the conversation's messages: the same text, not
 * the customer's, created after the send began. User.com answers a created message with an
 * empty 201, so two identical texts sent into one conversation within seconds look alike.
 */
function messageReadBack(
	client: VendorClient,
	itemIndex: number,
	conversationId: number,
	content: string,
): (createdNotBeforeMs: number) => Promise<IDataObject | undefined> {
	const text = htmlToText(content);
	return async (createdNotBeforeMs) => {
		const { messages } = await readConversation(getThrough(client, itemIndex), conversationId);
		if (!messages) throw new Error('the conversation came without its messages');
		return client.claimReadBack(
			messages
				.filter((message) => Date.parse(message.createdAt) >= createdNotBeforeMs && message.sender.type !== 'customer' && message.content === text)
				.map((message) => message.raw),
		);
	};
}
