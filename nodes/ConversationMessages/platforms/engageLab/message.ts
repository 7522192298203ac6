import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { chatwootMessageRequest, readContentAndFiles } from '../../shared/chatwootWire';
import { responseJson } from '../../shared/output';
import {
	readConversationParameter,
	readAdditionalFields,
	readBoolean,
	requirePathSegment,
	requireWholeNumber,
} from '../../shared/parameters';
import type { PreparedMessage } from '../types';

/** LiveDesk takes Chatwoot's attachment limit; its own is not documented. */
const MAX_FILES = 15;

/** POST /api/v2/accounts/conversations/:conversation_id/messages — JSON or multipart. */
export async function prepareEngageLabMessage(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedMessage> {
	const conversationId = requirePathSegment(
		ctx,
		itemIndex,
		readConversationParameter(ctx, itemIndex, 'Conversation ID'),
		'Conversation ID',
	);
	const { content, attachments } = readContentAndFiles(ctx, itemIndex, MAX_FILES);

	const additional = readAdditionalFields(ctx, itemIndex);
	const fields: IDataObject = { content };
	if (additional.private !== undefined) fields.private = readBoolean(ctx, itemIndex, additional.private, 'Private');
	if (additional.inReplyTo !== undefined && String(additional.inReplyTo).trim() !== '') {
		fields.content_attributes = {
			in_reply_to: requireWholeNumber(ctx, itemIndex, additional.inReplyTo, 'In Reply To'),
		};
	}

	const path = `/api/v2/accounts/conversations/${encodeURIComponent(conversationId)}/messages`;
	const request = chatwootMessageRequest(ctx, itemIndex, path, fields, attachments);
	return {
		orderingKey: conversationId,
		send: async (client) => responseJson(await client.send(request, itemIndex)),
	};
}
