import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readAttachments } from '../../params/attachments';
import { contactOrderingKey, openChatwootConversation, readStartContact } from '../chatwoot/start';
import { chatwootMessageRequest, readContentAndFiles } from '../chatwoot/wire';
import { responseJson } from '../../operations/output';
import {
	invalidParameter,
	readConversationParameter,
	readAdditionalFields,
	readBoolean,
	requirePathSegment,
	requireText,
	requireWholeNumber,
} from '../../params/parameters';
import { MAX_FILES } from '../chatwoot/limits';
import type { PreparedMessage } from '../types';


export async function prepareEngageLabMessage(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedMessage> {
	const operation = ctx.getNodeParameter('engageLabOperation', itemIndex, 'send') as string;
	if (operation === 'startConversation') return prepareEngageLabStart(ctx, itemIndex);
	if (operation === 'send') return prepareEngageLabSend(ctx, itemIndex);
	throw invalidParameter(ctx, itemIndex, 'Operation', `"${operation}" is not an EngageLab LiveDesk operation`);
}

const ROUTES = {
	contactSearch: '/api/v2/accounts/contacts',
	contacts: '/api/v2/accounts/contacts',
	conversations: '/api/v2/accounts/conversations',
	messages: (conversationId: string) => `/api/v2/accounts/conversations/${encodeURIComponent(conversationId)}/messages`,
	// LiveDesk documents no way to read messages: a lost answer to one stays "may exist".
	messagesReadable: false,
};

/** Start a Conversation on the v2 API: contact (found or created) → conversation → message (shared/chatwootStart.ts). */
function prepareEngageLabStart(ctx: IExecuteFunctions, itemIndex: number): PreparedMessage {
	const inboxId = requireWholeNumber(ctx, itemIndex, ctx.getNodeParameter('inboxId', itemIndex), 'Inbox ID');
	const contact = readStartContact(ctx, itemIndex);
	const content = requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex, ''), 'Content');
	const attachments = readAttachments(ctx, itemIndex, ctx.getNodeParameter('attachments', itemIndex, ''), MAX_FILES);
	return {
		orderingKey: contactOrderingKey('engageLab', contact),
		send: async (client) =>
			await openChatwootConversation(ctx, client, itemIndex, ROUTES, { contact, inboxId, conversation: {}, message: { content }, attachments }),
	};
}

/** POST /api/v2/accounts/conversations/:conversation_id/messages — JSON or multipart. */
function prepareEngageLabSend(ctx: IExecuteFunctions, itemIndex: number): PreparedMessage {
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
