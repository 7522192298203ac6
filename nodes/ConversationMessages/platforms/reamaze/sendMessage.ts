import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import { email, oneOf, pathSegment } from '../../params/checks';
import { additionalFieldsCollection } from '../../params/fields';
import type { ItemParameters } from '../../params/itemParameters';
import { getThrough } from '../../transport/getJson';

import { readMessages } from './conversation';
import { conversationField, messageAttachmentsField, messageContentField } from './fields';

const VISIBILITY = { regular: 0, internalNote: 1 } as const;
const SUPPRESSIONS = [
	['suppressNotifications', 'suppress_notifications'],
	['suppressAutoresolve', 'suppress_autoresolve'],
	['suppressSurveys', 'suppress_surveys'],
] as const;

/** POST /api/v1/conversations/{slug}/messages, body wrapped in `message`. */
export const sendMessage: Operation = {
	operation: 'sendMessage',
	fields: [
		conversationField,
		messageContentField,
		{
			displayName: 'Visibility',
			name: 'visibility',
			type: 'options',
			default: 'regular',
			options: [
				{ name: 'Regular', value: 'regular', description: 'A reply the customer sees' },
				{ name: 'Internal Note', value: 'internalNote', description: 'Visible only to staff' },
			],
		},
		messageAttachmentsField,
		additionalFieldsCollection([
			{
				displayName: 'Attachment URL',
				name: 'attachmentUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/invoice.pdf',
				description: 'A link to a file Re:amaze fetches and attaches (Re:amaze takes no file uploads)',
			},
			{
				displayName: 'Origin ID',
				name: 'originId',
				type: 'string',
				default: '',
				description: 'Your unique ID for the message; Re:amaze ignores a second message with the same one. Use a key from upstream (e.g. the order or event ID) so a re-sent request never posts twice. When empty, one is derived from the execution, node and item, which protects the retries within one execution.',
			},
			{
				displayName: 'Sender Email',
				name: 'senderEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Send as this customer or staff member instead of the credential\'s user',
			},
			{
				displayName: 'Sender Name',
				name: 'senderName',
				type: 'string',
				default: '',
				description: 'The sender\'s name; needs Sender Email',
			},
			{
				displayName: 'Suppress Autoresolve',
				name: 'suppressAutoresolve',
				type: 'boolean',
				default: false,
				description: 'Whether to keep the conversation open when a staff member sends the message',
			},
			{
				displayName: 'Suppress Notifications',
				name: 'suppressNotifications',
				type: 'boolean',
				default: false,
				description: 'Whether to send no email or integration notifications for this message',
			},
			{
				displayName: 'Suppress Surveys',
				name: 'suppressSurveys',
				type: 'boolean',
				default: false,
				description: 'Whether to send no satisfaction survey for this message',
			},
		]),
	],

	prepare(p) {
		const slug = p.conversationId('Conversation Slug', pathSegment);
		const body = p.content();
		const visibilityName = p.read('visibility', oneOf(['regular', 'internalNote'] as const, 'regular or internalNote'), 'Visibility', 'regular');
		p.refuseAttachments(
			'Re:amaze takes no file uploads, only a link to a file',
			'Put a public link to the file in Additional Fields → Attachment URL.',
		);

		const additional = p.collection('additionalFields');
		const message: IDataObject = { body, visibility: VISIBILITY[visibilityName] };
		const senderName = additional.text('senderName', 'Sender Name').trim();
		const senderEmail = additional.text('senderEmail', 'Sender Email').trim();
		if (senderEmail || senderName) {
			if (!senderEmail) throw p.fail('Sender Email', 'is empty, but Sender Name is set');
			const user: IDataObject = { email: p.as(senderEmail, email, 'Sender Email') };
			if (senderName) user.name = senderName;
			message.user = user;
		}
		if (additional.text('attachmentUrl', 'Attachment URL').trim()) message.attachment = additional.httpUrl('attachmentUrl', 'Attachment URL');
		for (const [field, key] of SUPPRESSIONS) {
			if (additional.boolean(field, field)) message[key] = true;
		}
		const originId = additional.text('originId', 'Origin ID').trim() || p.deduplicationKey() || derivedOriginId(p, slug, body);
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
							// A lost answer is settled by reading the conversation for the origin_id first; only a
							// message not there is sent again (with the same origin_id). Re:amaze's dropping of a
							// repeated origin_id is documented for its own retries, not promised to us: not relied on.
							readBack: async () => {
								const messages = await readMessages(getThrough(client, p.itemIndex), slug);
								if (!messages) throw new Error('the message list came without messages');
								return messages.find((found) => found.origin_id === originId);
							},
						},
						p.itemIndex,
					),
				),
		};
	},
};

/**
 * Stable for one execution, node and item (and the message itself), so the node's own retries
 * and n8n's "Retry On Fail" post the message at most once. A new execution (a re-sent webhook, a
 * retried execution) gets a new id: for those, set Origin ID from a key of the caller's.
 */
function derivedOriginId(p: ItemParameters, slug: string, body: string): string {
	const source = JSON.stringify([p.ctx.getExecutionId(), p.ctx.getNode().id, p.itemIndex, slug, body]);
	return `n8n-${createHash('sha256').update(source).digest('hex').slice(0, 32)}`;
}
