import type { IDataObject } from 'n8n-workflow';

import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient, VendorRequest } from '../../transport/client';
import { getThrough } from '../../transport/getJson';
import type { Attachment } from '../../transport/multipart';
import { buildMultipart } from '../../transport/multipart';

import { readMessages } from './conversation';

/**
 * Chatwoot and EngageLab LiveDesk (built on it) take the same message: JSON without files,
 * multipart with one `attachments[]` part per file and the other fields as text parts, which
 * Rails turns back into booleans and (for content_attributes / template_params) JSON objects.
 */
export function chatwootMessageRequest(
	p: ItemParameters,
	path: string,
	fields: IDataObject,
	attachments: Attachment[],
): VendorRequest {
	if (!attachments.length) return { method: 'POST', path, json: fields };
	const textParts = Object.entries(fields)
		.filter(([, value]) => value !== undefined)
		.map(([name, value]): [string, string] => [
			name,
			typeof value === 'object' ? JSON.stringify(value) : String(value),
		]);
	return {
		method: 'POST',
		path,
		multipart: async () => await buildMultipart(p.ctx, p.itemIndex, textParts, 'attachments[]', attachments),
	};
}

/** Chatwoot answers message_type as a number in its message lists. */
const MESSAGE_TYPE_NUMBERS: Record<string, number> = { incoming: 0, outgoing: 1, activity: 2, template: 3 };

/**
 * Finds a message whose answer was lost among the conversation's latest messages (GET on the
 * same path: the newest 20, oldest first): the same text, type, privacy and number of files,
 * created after the send began. Never by `source_id`: set on an outgoing message, it stops
 * Chatwoot from delivering it to WhatsApp, SMS or email.
 */
export function chatwootReadBack(
	client: VendorClient,
	itemIndex: number,
	path: string,
	sent: { content?: unknown; message_type?: unknown; private?: unknown; attachments: number },
): NonNullable<VendorRequest['readBack']> {
	const messageType = MESSAGE_TYPE_NUMBERS[String(sent.message_type ?? 'outgoing')];
	return async (createdNotBeforeMs) => {
		const messages = await readMessages(getThrough(client, itemIndex), path);
		if (!messages) throw new Error('the message list had no payload');
		return client.claimReadBack(
			messages.filter(
				(message) =>
					Number(message.created_at) * 1000 >= createdNotBeforeMs &&
					String(message.content ?? '').trim() === String(sent.content ?? '').trim() &&
					(MESSAGE_TYPE_NUMBERS[String(message.message_type)] ?? Number(message.message_type)) === messageType &&
					Boolean(message.private) === Boolean(sent.private) &&
					((message.attachments as unknown[] | undefined) ?? []).length === sent.attachments,
			),
		);
	};
}
