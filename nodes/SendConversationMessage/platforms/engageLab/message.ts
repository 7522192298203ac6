import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readAttachments } from '../../shared/attachments';
import { chatwootMessageRequest } from '../../shared/chatwootWire';
import { responseJson } from '../../shared/output';
import {
	invalidParameter,
	readConversationParameter,
	readAdditionalFields,
	readBoolean,
	readText,
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
	const content = readText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex, ''), 'Content');
	const attachments = readAttachments(ctx, itemIndex, ctx.getNodeParameter('attachments', itemIndex, ''), MAX_FILES);
	if (content.trim() === '' && !attachments.length) {
		throw invalidParameter(ctx, itemIndex, 'Content', 'is empty and no file is attached');
	}

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
