import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { refuseAttachments } from '../../shared/attachments';
import { htmlToText } from '../../shared/inbound';
import { responseJson } from '../../shared/output';
import {
	invalidParameter,
	readConversationParameter,
	optionalJsonObject,
	readAdditionalFields,
	requireText,
	requireWholeNumber,
} from '../../shared/parameters';
import type { VendorClient } from '../../transport/client';
import type { PreparedMessage } from '../types';

import { SOURCES } from './description';

const VALID_SOURCES: number[] = Object.values(SOURCES);

/** POST /message/ — https://user.com/en/api/conversations/create-message */
export async function prepareUserEngageMessage(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedMessage> {
	const conversation = requireWholeNumber(
		ctx,
		itemIndex,
		readConversationParameter(ctx, itemIndex, 'Conversation ID'),
		'Conversation ID',
	);
	const content = requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex), 'Content');
	const user = requireWholeNumber(ctx, itemIndex, ctx.getNodeParameter('agentId', itemIndex), 'Agent ID');
	refuseAttachments(ctx, itemIndex, 'User.com has no API for sending files', 'Put a link to the file in the content instead.');

	const additional = readAdditionalFields(ctx, itemIndex);
	const body: IDataObject = { conversation, content, user };
	if (additional.source !== undefined && additional.source !== '') {
		const source = Number(additional.source);
		if (!VALID_SOURCES.includes(source)) {
			throw invalidParameter(ctx, itemIndex, 'Source', `must be one of 1–5, got "${String(additional.source)}"`);
		}
		body.source = source;
	}
	const sourceContext = optionalJsonObject(ctx, itemIndex, additional.sourceContext, 'Source Context');
	if (sourceContext && Object.keys(sourceContext).length) body.source_context = sourceContext;

	return {
		orderingKey: String(conversation),
		send: async (client) =>
			responseJson(
				await client.send(
					{ method: 'POST', path: '/message/', json: body, readBack: messageReadBack(client, itemIndex, conversation, content) },
					itemIndex,
				),
			),
	};
}

/**
 * Finds a message whose answer was lost among the conversation's messages: the same text, not
 * the customer's, created after the send began. User.com answers a created message with an
 * empty 201, so two identical texts sent into one conversation within seconds look alike.
 */
function messageReadBack(
	client: VendorClient,
	itemIndex: number,
	conversation: number,
	content: string,
): (createdNotBeforeMs: number) => Promise<IDataObject | undefined> {
	const text = htmlToText(content);
	return async (createdNotBeforeMs) => {
		const { body } = await client.send(
			{ method: 'GET', path: `/conversations/${conversation}/`, safeToRetry: true },
			itemIndex,
		);
		const found = (body ?? {}) as IDataObject;
		if (!Array.isArray(found.messages)) throw new Error('the conversation came without its messages');
		const customerId = (found.user as IDataObject | undefined)?.id;
		return client.claimReadBack(
			(found.messages as IDataObject[]).filter(
				(message) =>
					Date.parse(String(message.timestamp)) >= createdNotBeforeMs &&
					(message.user as IDataObject | undefined)?.id !== customerId &&
					htmlToText(String(message.content ?? '')) === text,
			),
		);
	};
}
