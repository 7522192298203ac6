import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { conversationEvent } from '../../conversation/event';
import type { ConversationEvent, ConversationEventKind } from '../../conversation/event';
import type { ConversationMessage } from '../../conversation/message';
import { isoTime, text } from '../../conversation/text';
import { hmacHex, headerValue, sameSecret } from '../../transport/signature';
import type { Platform, Received, WebhookReceiver } from '../types';

import { intercomCatchUp } from './catchUp';
import { clientSecretOf, requiredClientSecret } from './clientSecret';
import { conversationParts, humansOwn, isMessagePart, normalisedConversation, senderType, toMessage, withConversationState } from './conversation';

const properties: INodeProperties[] = [
	{
		displayName:
			'In the Developer Hub open your app → Webhooks, set the endpoint URL to this trigger\'s Production URL (Intercom needs HTTPS) and subscribe to <b>conversation.user.created</b> and <b>conversation.user.replied</b> (add conversation.admin.replied and conversation.admin.noted for agents\' replies and notes). For the Events option also subscribe to <b>conversation.admin.assigned</b> (Assigned), <b>conversation.admin.closed</b>, <b>.admin.opened</b>, <b>.admin.snoozed</b> and <b>.admin.unsnoozed</b> (Status Changed); Conversation Created comes from conversation.user.created (and conversation.admin.single.created). Put the app\'s Client Secret (Basic information) into the credential: every delivery\'s signature is checked with it.',
		name: 'intercomNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Only While the Bot Owns the Conversation',
		name: 'onlyWhileBotOwns',
		type: 'boolean',
		default: false,
		description:
			'Whether to start the workflow only while the conversation is open and no admin is assigned to it, or the bot\'s own admin or team below is. Once the bot hands off (assigns a person or another team) or the conversation is closed or snoozed, its messages start nothing: the bot steps aside.',
	},
	{
		displayName: 'Bot Admin ID',
		name: 'botAdminId',
		type: 'string',
		default: '',
		displayOptions: { show: { onlyWhileBotOwns: [true] } },
		description: 'The admin the bot acts as (the Admin ID of its Conversation Actions); conversations assigned to this admin are still the bot\'s',
	},
	{
		displayName: 'Bot Team ID',
		name: 'botTeamId',
		type: 'string',
		default: '',
		displayOptions: { show: { onlyWhileBotOwns: [true] } },
		description: 'A team that stands for the bot; conversations assigned to it and to no admin are still the bot\'s. Empty: only conversations with no team.',
	},
];

/** The topics each of the trigger's events comes from (vendor-actions.md §4; developers.intercom.com webhook topics). */
const EVENT_TOPICS: Record<string, ConversationEventKind> = {
	'conversation.user.created': 'conversationCreated',
	'conversation.admin.single.created': 'conversationCreated',
	'conversation.admin.assigned': 'assigned',
	'conversation.admin.closed': 'statusChanged',
	'conversation.admin.opened': 'statusChanged',
	'conversation.admin.snoozed': 'statusChanged',
	'conversation.admin.unsnoozed': 'statusChanged',
};

/**
 * The change a notification announces, its conversation normalised as Get Conversation does
 * (admins and teams by id only: a webhook answers before anything is looked up).
 */
function eventOf(notification: IDataObject, topic: string, conversation: IDataObject): ConversationEvent[] {
	const kind = EVENT_TOPICS[topic];
	if (!kind) return [];
	const normalised = normalisedConversation(conversation, { admins: new Map(), teams: new Map() });
	const event = conversationEvent(kind, normalised, isoTime(notification.created_at ?? conversation.updated_at), notification);
	return event ? [event] : [];
}

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
	const parts = (conversationParts(conversation) ?? []).filter(
		(part) => (senderType(part.author as IDataObject) === 'customer') === byCustomer && isMessagePart(part),
	);
	const newest = parts.reduce<IDataObject | undefined>(
		(latest, part) => (!latest || Number(part.created_at) >= Number(latest.created_at) ? part : latest),
		undefined,
	);
	return newest ? toMessage(notification, conversation, newest, newest.created_at) : undefined;
}

export function intercomReceiver(platform: () => Platform): WebhookReceiver {
	return {
		kind: 'webhook',
		properties,
		events: ['conversationCreated', 'statusChanged', 'assigned'],
		catchUp: intercomCatchUp(platform),
		registration: {
			// Intercom's webhooks are set in the Developer Hub; activation only checks what the
			// trigger needs to verify them, so a missing secret fails here and not at the first message.
			// Nothing is registered at Intercom, so nothing "exists": n8n then calls create, where the
			// trigger starts listening and catches up after a pause (n8n calls create only when
			// checkExists answers false, in 2.41.1 and 1.123.81: WebhookService.createWebhookIfNotExists).
			async checkExists(ctx) {
				await requiredClientSecret(ctx);
				return false;
			},
			create: async () => true,
			delete: async () => true,
		},
		async receive(ctx, delivery): Promise<Received> {
			const secret = await clientSecretOf(ctx);
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
			const humansOwnIt = humansOwn(ctx, conversation);
			// The bot-owner filter is for messages only: an assignment or a close is how the bot hands off.
			const events = conversation.id === undefined ? [] : eventOf(delivery.body, topic, conversation);
			return { deliveryId, messages: message && !humansOwnIt ? [withConversationState(message, conversation)] : [], events };
		},
	};
}
