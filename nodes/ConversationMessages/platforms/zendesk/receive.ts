import { createHmac } from 'crypto';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { headerValue, sameSecret, SIGNATURE_MAX_AGE_SECONDS } from '../../transport/signature';
import type { WebhookReceiver } from '../types';

import { toMessage } from './conversation';

// The smallest honest trigger on Zendesk: a webhook the user creates in Zendesk (subscribed to
// the ticket event "comment added") and whose signing secret they paste here. Branch
// zendesk-listen replaces this file with one that registers the webhook itself.

const properties: INodeProperties[] = [
	{
		displayName:
			'In Zendesk Admin Center, create a webhook subscribed to the ticket event <b>Comment added</b> with this trigger\'s Production URL, and paste its signing secret below.',
		name: 'zendeskNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Signing Secret',
		name: 'signingSecret',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'The webhook\'s signing secret (Admin Center → Webhooks → the webhook → Reveal secret); deliveries not signed with it are refused (401)',
	},
];

/**
 * Zendesk signs base64(HMAC-SHA256(secret, timestamp + raw body)) (vendor-zendesk.md §9.4); the
 * timestamp is ISO 8601 or seconds [UNCONFIRMED], and a delivery further than 5 minutes from now is a replay.
 */
function refusal(rawBody: Buffer, headers: Record<string, unknown>, secret: string): string | undefined {
	const signature = headerValue(headers, 'x-zendesk-webhook-signature');
	const timestamp = headerValue(headers, 'x-zendesk-webhook-signature-timestamp');
	if (!signature) return 'the delivery is not signed';
	const at = /^\d+$/.test(timestamp) ? Number(timestamp) * 1000 : Date.parse(timestamp);
	if (!Number.isFinite(at)) return 'the delivery has no valid timestamp';
	const age = Math.round(Math.abs(Date.now() - at) / 1000);
	if (age > SIGNATURE_MAX_AGE_SECONDS) return `the delivery's timestamp is ${age} s away from now (more than ${SIGNATURE_MAX_AGE_SECONDS} s)`;
	const expected = createHmac('sha256', secret).update(Buffer.concat([Buffer.from(timestamp), rawBody])).digest('base64');
	return sameSecret(signature.trim(), expected) ? undefined : 'the signature does not match';
}

export const zendeskReceiver: WebhookReceiver = {
	kind: 'webhook',
	properties,
	async receive(ctx, delivery) {
		const secret = String(ctx.getNodeParameter('signingSecret', '') ?? '');
		if (!secret) return { refused: { status: 401, reason: 'the trigger has no Signing Secret set' } };
		const refused = refusal(delivery.rawBody, delivery.headers, secret);
		if (refused) return { refused: { status: 401, reason: refused } };
		const { body } = delivery;
		const comment = ((body.event ?? {}) as IDataObject).comment as IDataObject | undefined;
		const ticketId = /^zen:ticket:(\d+)$/.exec(String(body.subject ?? ''))?.[1];
		if (body.type !== 'zen:event-type:ticket.comment_added' || !comment || !ticketId) return { deliveryId: String(body.id ?? ''), messages: [] };
		const author = (comment.author ?? {}) as IDataObject;
		const detail = (body.detail ?? {}) as IDataObject;
		// The event says who wrote it only by id: the requester is a customer, anyone else staff (is_staff where sent).
		const role = author.is_staff === true || String(author.id) !== String(detail.requester_id) ? 'agent' : 'end-user';
		const message = toMessage(
			{ id: comment.id, author_id: author.id, body: comment.body, html_body: comment.html_body, public: comment.is_public !== false, created_at: body.time },
			ticketId,
			{ role, name: author.name },
		);
		return { deliveryId: String(body.id ?? comment.id), messages: [{ ...message, raw: body }] };
	},
};
