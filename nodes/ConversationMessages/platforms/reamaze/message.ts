import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { refuseAttachments } from '../../params/attachments';
import { readDeduplicationKey } from '../../params/deduplicationKey';
import { responseJson } from '../../operations/output';
import {
	invalidParameter,
	optionalJsonObject,
	readConversationParameter,
	readAdditionalFields,
	readBoolean,
	readList,
	readText,
	requireEmail,
	requireHttpUrl,
	requirePathSegment,
	requireText,
} from '../../params/parameters';
import type { PreparedMessage } from '../types';

const VISIBILITY = { regular: 0, internalNote: 1 } as const;

export async function prepareReamazeMessage(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedMessage> {
	const operation = ctx.getNodeParameter('reamazeOperation', itemIndex, 'send') as string;
	if (operation === 'startConversation') return prepareReamazeStart(ctx, itemIndex);
	if (operation === 'send') return prepareReamazeSend(ctx, itemIndex);
	throw invalidParameter(ctx, itemIndex, 'Operation', `"${operation}" is not a Re:amaze operation`);
}

const STATUSES = [0, 1, 2, 5];

/**
 * Start a Conversation: POST /api/v1/conversations. Re:amaze documents no origin_id for a new
 * conversation, and its search may lag behind, so a lost answer is neither retried nor read
 * back: the conversation may exist.
 */
function prepareReamazeStart(ctx: IExecuteFunctions, itemIndex: number): PreparedMessage {
	const email = requireEmail(ctx, itemIndex, ctx.getNodeParameter('customerEmail', itemIndex, ''), 'Customer Email');
	const user = { name: requireText(ctx, itemIndex, ctx.getNodeParameter('customerName', itemIndex, ''), 'Customer Name').trim(), email };
	const message: IDataObject = { body: requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex), 'Content') };
	refuseAttachments(ctx, itemIndex, 'Re:amaze takes no files when a conversation is started', 'Send the file as a link in the content, or as a reply once the conversation exists.');
	const conversation: IDataObject = {
		subject: requireText(ctx, itemIndex, ctx.getNodeParameter('subject', itemIndex, ''), 'Subject').trim(),
		category: requirePathSegment(ctx, itemIndex, ctx.getNodeParameter('channel', itemIndex, ''), 'Channel Slug'),
	};
	const fields = (ctx.getNodeParameter('conversationFields', itemIndex, {}) as IDataObject) ?? {};
	const tags = readList(ctx, itemIndex, fields.tags, 'Tags');
	if (tags.length) conversation.tag_list = tags;
	if (fields.status !== undefined) {
		const status = Number(fields.status);
		if (!STATUSES.includes(status)) throw invalidParameter(ctx, itemIndex, 'Status', `must be one of ${STATUSES.join(', ')}, got "${String(fields.status)}"`);
		conversation.status = status;
	}
	const data = optionalJsonObject(ctx, itemIndex, fields.data, 'Data');
	if (data && Object.keys(data).length) conversation.data = data;
	if (readBoolean(ctx, itemIndex, fields.suppressNotifications, 'Suppress Notifications')) message.suppress_notifications = true;
	if (readBoolean(ctx, itemIndex, fields.suppressAutoresolve, 'Suppress Autoresolve')) message.suppress_autoresolve = true;
	const json = { conversation: { ...conversation, message, user } };

	return {
		orderingKey: `customer:${email.toLowerCase()}`,
		send: async (client) => {
			const created = responseJson(await client.send({ method: 'POST', path: '/api/v1/conversations', json }, itemIndex));
			return { conversationId: created.slug, contact: created.author ?? user, conversation: created };
		},
	};
}

/** POST /api/v1/conversations/{slug}/messages, body wrapped in `message`. */
function prepareReamazeSend(ctx: IExecuteFunctions, itemIndex: number): PreparedMessage {
	const slug = requirePathSegment(ctx, itemIndex, readConversationParameter(ctx, itemIndex, 'Conversation Slug'), 'Conversation Slug');
	const body = requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex), 'Content');
	const visibilityName = readText(ctx, itemIndex, ctx.getNodeParameter('visibility', itemIndex, 'regular'), 'Visibility');
	const visibility = VISIBILITY[visibilityName as keyof typeof VISIBILITY];
	if (visibility === undefined) {
		throw invalidParameter(ctx, itemIndex, 'Visibility', `must be regular or internalNote, got "${visibilityName}"`);
	}
	refuseAttachments(
		ctx,
		itemIndex,
		'Re:amaze takes no file uploads, only a link to a file',
		'Put a public link to the file in Additional Fields → Attachment URL.',
	);

	const additional = readAdditionalFields(ctx, itemIndex);
	const message: IDataObject = { body, visibility };
	const senderName = readText(ctx, itemIndex, additional.senderName, 'Sender Name').trim();
	const senderEmailRaw = readText(ctx, itemIndex, additional.senderEmail, 'Sender Email').trim();
	if (senderEmailRaw || senderName) {
		if (!senderEmailRaw) throw invalidParameter(ctx, itemIndex, 'Sender Email', 'is empty, but Sender Name is set');
		const user: IDataObject = { email: requireEmail(ctx, itemIndex, senderEmailRaw, 'Sender Email') };
		if (senderName) user.name = senderName;
		message.user = user;
	}
	const attachmentUrl = readText(ctx, itemIndex, additional.attachmentUrl, 'Attachment URL').trim();
	if (attachmentUrl) message.attachment = requireHttpUrl(ctx, itemIndex, attachmentUrl, 'Attachment URL');
	for (const [field, key] of [
		['suppressNotifications', 'suppress_notifications'],
		['suppressAutoresolve', 'suppress_autoresolve'],
		['suppressSurveys', 'suppress_surveys'],
	] as const) {
		if (readBoolean(ctx, itemIndex, additional[field], field)) message[key] = true;
	}
	const originId =
		readText(ctx, itemIndex, additional.originId, 'Origin ID').trim() ||
		readDeduplicationKey(ctx, itemIndex) ||
		derivedOriginId(ctx, itemIndex, slug, body);
	message.origin_id = originId;

	const path = `/api/v1/conversations/${encodeURIComponent(slug)}/messages`;
	return {
		orderingKey: slug,
		send: async (client) =>
			responseJson(
				await client.send(
					{
						method: 'POST',
						path,
						json: { message },
						// Re:amaze drops a second message with the same origin_id, so a retry cannot duplicate.
						safeToRetry: true,
						readBack: async () => {
							const { body: page } = await client.send({ method: 'GET', path, safeToRetry: true }, itemIndex);
							const messages = (page as IDataObject | undefined)?.messages;
							if (!Array.isArray(messages)) throw new Error('the message list came without messages');
							return (messages as IDataObject[]).find((found) => found.origin_id === originId);
						},
					},
					itemIndex,
				),
			),
	};
}

/**
 * Stable for one execution, node and item (and the message itself), so the node's own retries
 * and n8n's "Retry On Fail" post the message at most once. A new execution (a re-sent webhook, a
 * retried execution) gets a new id: for those, set Origin ID from a key of the caller's.
 */
function derivedOriginId(ctx: IExecuteFunctions, itemIndex: number, slug: string, body: string): string {
	const source = JSON.stringify([ctx.getExecutionId(), ctx.getNode().id, itemIndex, slug, body]);
	return `n8n-${createHash('sha256').update(source).digest('hex').slice(0, 32)}`;
}
