import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { chatwootMessageRequest, chatwootReadBack, readContentAndFiles } from '../chatwoot/wire';
import { responseJson } from '../../operations/output';
import { rememberPostedAsCustomer } from '../../conversation/postedAsCustomer';
import {
	invalidParameter,
	readConversationParameter,
	optionalJsonObject,
	readAdditionalFields,
	readBoolean,
	readText,
	requireWholeNumber,
} from '../../params/parameters';
import { MAX_CONTENT_CHARACTERS, MAX_FILES } from '../chatwoot/limits';
import type { PreparedMessage } from '../types';

import { prepareChatwootStart } from './start';

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];
const CONTENT_TYPES = ['text', 'input_email', 'input_select', 'cards', 'form', 'article'];

export async function prepareChatwootMessage(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedMessage> {
	const operation = ctx.getNodeParameter('chatwootOperation', itemIndex, 'send') as string;
	if (operation === 'startConversation') return await prepareChatwootStart(ctx, itemIndex);
	if (operation === 'send') return await prepareChatwootSend(ctx, itemIndex);
	throw invalidParameter(ctx, itemIndex, 'Operation', `"${operation}" is not a 99digital / Chatwoot operation`);
}

/** POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/messages */
async function prepareChatwootSend(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedMessage> {
	const accountId = requireWholeNumber(ctx, itemIndex, ctx.getNodeParameter('accountId', itemIndex), 'Account ID');
	const conversationId = requireWholeNumber(
		ctx,
		itemIndex,
		readConversationParameter(ctx, itemIndex, 'Conversation ID'),
		'Conversation ID',
	);
	const { content, attachments } = readContentAndFiles(ctx, itemIndex, MAX_FILES);
	// Chatwoot (Ruby) counts characters, not UTF-16 units: an emoji is one.
	const characters = [...content].length;
	if (characters > MAX_CONTENT_CHARACTERS) {
		throw invalidParameter(
			ctx,
			itemIndex,
			'Content',
			`is ${characters} characters long; Chatwoot takes at most ${MAX_CONTENT_CHARACTERS}`,
		);
	}
	const messageType = readText(ctx, itemIndex, ctx.getNodeParameter('messageType', itemIndex, 'outgoing'), 'Message Type');
	if (!MESSAGE_TYPES.includes(messageType)) {
		throw invalidParameter(ctx, itemIndex, 'Message Type', `must be one of ${MESSAGE_TYPES.join(', ')}, got "${messageType}"`);
	}

	const fields: IDataObject = {
		content,
		message_type: messageType,
		private: readBoolean(ctx, itemIndex, ctx.getNodeParameter('private', itemIndex, false), 'Private'),
	};
	const additional = readAdditionalFields(ctx, itemIndex);
	if (additional.contentType !== undefined) {
		const contentType = readText(ctx, itemIndex, additional.contentType, 'Content Type');
		if (!CONTENT_TYPES.includes(contentType)) {
			throw invalidParameter(ctx, itemIndex, 'Content Type', `must be one of ${CONTENT_TYPES.join(', ')}, got "${contentType}"`);
		}
		fields.content_type = contentType;
	}
	const contentAttributes = optionalJsonObject(ctx, itemIndex, additional.contentAttributes, 'Content Attributes');
	if (contentAttributes && Object.keys(contentAttributes).length) fields.content_attributes = contentAttributes;
	const echoId = readText(ctx, itemIndex, additional.echoId, 'Echo ID').trim();
	if (echoId) fields.echo_id = echoId;
	const templateParams = optionalJsonObject(ctx, itemIndex, additional.templateParams, 'Template Params');
	if (templateParams && Object.keys(templateParams).length) fields.template_params = templateParams;

	const path = `/api/v1/accounts/${accountId}/conversations/${conversationId}/messages`;
	const request = chatwootMessageRequest(ctx, itemIndex, path, fields, attachments);
	return {
		orderingKey: `${accountId}/${conversationId}`,
		send: async (client) => {
			const readBack = chatwootReadBack(client, itemIndex, path, { ...fields, attachments: attachments.length });
			const response = responseJson(await client.send({ ...request, readBack }, itemIndex));
			client.noteMessageOfThisRun(response.id);
			if (messageType === 'incoming') rememberPostedAsCustomer('ninetyNineDigital', response.id);
			return response;
		},
	};
}
