import type { IDataObject, IExecuteFunctions, NodeOperationError } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { refuseAttachments } from '../../params/attachments';
import { htmlToText } from '../../conversation/text';
import { responseJson } from '../../operations/output';
import {
	invalidParameter,
	readConversationParameter,
	optionalJsonObject,
	readAdditionalFields,
	requireEmail,
	requireText,
	requireWholeNumber,
} from '../../params/parameters';
import type { VendorClient } from '../../transport/client';
import type { PreparedMessage } from '../types';

import { SOURCES } from './description';

const VALID_SOURCES: number[] = Object.values(SOURCES);

export async function prepareUserEngageMessage(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedMessage> {
	const operation = ctx.getNodeParameter('userEngageOperation', itemIndex, 'send') as string;
	if (operation === 'startConversation') return prepareUserEngageStart(ctx, itemIndex);
	if (operation === 'send') return prepareUserEngageSend(ctx, itemIndex);
	throw invalidParameter(ctx, itemIndex, 'Operation', `"${operation}" is not a User.com operation`);
}

/** The message's fields both operations share: content, agent, source and its context. */
function readMessageFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const content = requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex), 'Content');
	const user = requireWholeNumber(ctx, itemIndex, ctx.getNodeParameter('agentId', itemIndex), 'Agent ID');
	refuseAttachments(ctx, itemIndex, 'User.com has no API for sending files', 'Put a link to the file in the content instead.');

	const additional = readAdditionalFields(ctx, itemIndex);
	const body: IDataObject = { content, user };
	if (additional.source !== undefined && additional.source !== '') {
		const source = Number(additional.source);
		if (!VALID_SOURCES.includes(source)) {
			throw invalidParameter(ctx, itemIndex, 'Source', `must be one of 1–5, got "${String(additional.source)}"`);
		}
		body.source = source;
	}
	const sourceContext = optionalJsonObject(ctx, itemIndex, additional.sourceContext, 'Source Context');
	if (sourceContext && Object.keys(sourceContext).length) body.source_context = sourceContext;
	return body;
}

/**
 * Start a Conversation: the user found by email (GET /users/search/?email=), then
 * POST /users/{id}/conversations/ with the first message. User.com lists conversations only
 * by whether they are open, with nothing of ours to match, so a lost answer is not read back:
 * the conversation may exist, and it is not created again.
 */
function prepareUserEngageStart(ctx: IExecuteFunctions, itemIndex: number): PreparedMessage {
	const email = requireEmail(ctx, itemIndex, ctx.getNodeParameter('userEmail', itemIndex, ''), 'User Email');
	const body = readMessageFields(ctx, itemIndex);
	return {
		orderingKey: `user:${email.toLowerCase()}`,
		send: async (client) => {
			const user = await findUser(ctx, client, itemIndex, email);
			const conversation = responseJson(
				await client.send({ method: 'POST', path: `/users/${String(user.id)}/conversations/`, json: body }, itemIndex),
			);
			return { conversationId: conversation.id, contact: user, conversation };
		},
	};
}

async function findUser(ctx: IExecuteFunctions, client: VendorClient, itemIndex: number, email: string): Promise<IDataObject> {
	try {
		const { body } = await client.send({ method: 'GET', path: '/users/search/', qs: { email }, safeToRetry: true }, itemIndex);
		return body as IDataObject;
	} catch (error) {
		// The search answers 404 when no user has the email; other failures stand as they are.
		if (!(error instanceof NodeApiError) || error.httpCode !== '404') throw error as NodeApiError | NodeOperationError;
		throw invalidParameter(ctx, itemIndex, 'User Email', `"${email}" matches no User.com user`, 'Create the user in User.com first (or with its API).');
	}
}

/** POST /message/ — https://user.com/en/api/conversations/create-message */
function prepareUserEngageSend(ctx: IExecuteFunctions, itemIndex: number): PreparedMessage {
	const conversation = requireWholeNumber(
		ctx,
		itemIndex,
		readConversationParameter(ctx, itemIndex, 'Conversation ID'),
		'Conversation ID',
	);
	const body: IDataObject = { conversation, ...readMessageFields(ctx, itemIndex) };
	const content = String(body.content);

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
