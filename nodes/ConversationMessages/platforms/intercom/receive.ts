import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import { text } from '../../conversation/text';
import { hmacHex, headerValue, sameSecret } from '../../transport/signature';
import type { Received, WebhookReceiver } from '../types';

import { conversationParts, senderType, toMessage } from './conversation';

const properties: INodeProperties[] = [
	{
		displayName:
			'In the Developer Hub open your app → Webhooks, set the endpoint URL to this trigger\'s Production URL (Intercom needs HTTPS) and subscribe to <b>conversation.user.created</b> and <b>conversation.user.replied</b> (add conversation.admin.replied and conversation.admin.noted for agents\' replies and notes). Put the app\'s Client Secret (Basic information) into the credential: every delivery\'s signature is checked with it.',
		name: 'intercomNotice',
		type: 'notice',
		default: '',
	},
];

/**
 * The message a notification is about: the conversation's first message (`source`) when it was
 * just created, else the newest part written by the side the topic names.
 */
function messageOf(notification: IDataObject, topic: string, conversation: IDataObject): ConversationMessage | undefined {
	if (topic === 'conversation.user.created' || topic === 'conversation.admin.single.created') {
		const source = conversation.source as IDataObject | undefined;
		return source?.id === undefined ? undefined : toMessage(notification, conversation, source, conversation.created_at);
	}
	const byCustomer = topic.startsWith('conversation.user.');
	if (!byCustomer && !topic.startsWith('conversation.admin.') && topic !== 'conversation.operator.replied') return undefined;
	const parts = (conversationParts(conversation) ?? [])
		.filter((part) => (senderType(part.author as IDataObject) === 'customer') === byCustomer)
		.filter((part) => part.part_type === 'comment' || part.part_type === 'note' || part.part_type === 'open')
		.filter((part) => text(part.body) || (part.attachments as unknown[] | undefined)?.length);
	const newest = parts.reduce<IDataObject | undefined>(
		(latest, part) => (!latest || Number(part.created_at) >= Number(latest.created_at) ? part : latest),
		undefined,
	);
	return newest ? toMessage(notification, conversation, newest, newest.created_at) : undefined;
}

export const intercomReceiver: WebhookReceiver = {
	kind: 'webhook',
	properties,
	registration: {
		// Intercom's webhooks are set in the Developer Hub; activation only checks what the
		// trigger needs to verify them, so a missing secret fails here and not at the first message.
		async checkExists(ctx) {
			const credentials = await ctx.getCredentials('intercomMessagingApi');
			if (!String(credentials.clientSecret ?? '').trim()) {
				throw new NodeOperationError(ctx.getNode(), 'The Intercom Messaging API credential has no Client Secret', {
					description:
						'The trigger checks each delivery\'s signature with your app\'s Client Secret: Developer Hub → your app → Basic information. Add it to the credential.',
				});
			}
			return true;
		},
		create: async () => true,
		delete: async () => true,
	},
	async receive(ctx, delivery): Promise<Received> {
		const credentials = await ctx.getCredentials('intercomMessagingApi');
		const secret = String(credentials.clientSecret ?? '').trim();
		if (!secret) return { refused: { status: 401, reason: 'the credential has no Client Secret to check the signature with' } };
		const signature = headerValue(delivery.headers, 'x-hub-signature');
		if (!signature) return { refused: { status: 401, reason: 'the delivery is not signed' } };
		if (!sameSecret(signature.trim(), `sha1=${hmacHex('sha1', secret, delivery.rawBody)}`)) {
			return { refused: { status: 401, reason: 'the signature does not match' } };
		}
		const deliveryId = text(delivery.body.id) ?? undefined;
		const conversation = ((delivery.body.data as IDataObject)?.item ?? {}) as IDataObject;
		const topic = String(delivery.body.topic ?? '');
		const message = conversation.id === undefined ? undefined : messageOf(delivery.body, topic, conversation);
		return { deliveryId, messages: message ? [message] : [] };
	},
};
