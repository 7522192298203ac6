import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { platformNamed } from './platforms';
import { triggerMethods, WEBHOOK_PLATFORMS } from './platforms/receivers';
import type { WebhookPlatform } from './platforms/receivers';
import { wasPostedAsCustomer } from './conversation/postedAsCustomer';
import { recentDeliveries } from './inbound/deliveries';
import { messageItems } from './conversation/files';
import { isWanted, readReceiveOptions, receiveOptionsProperty } from './inbound/options';
import { eventItems, eventsProperties, readEvents } from './inbound/events';
import { eventKey } from './conversation/event';
import { forPlatform, platformCredentials, platformProperty, platformSubtitle } from './params/panel';

function platformOf(ctx: IHookFunctions | IWebhookFunctions): WebhookPlatform {
	return platformNamed(ctx.getNode(), WEBHOOK_PLATFORMS, ctx.getNodeParameter('platform'), 'Re:amaze and User.com are polled: use the Conversation Message Polling Trigger.');
}

export class ConversationMessageTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Conversation Message Trigger',
		name: 'conversationMessageTrigger',
		icon: {
			light: 'file:sendConversationMessage.svg',
			dark: 'file:sendConversationMessage.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: platformSubtitle(WEBHOOK_PLATFORMS),
		description:
			'Starts the workflow when a customer writes on 99digital / Chatwoot, EngageLab LiveDesk, Intercom or Zendesk Support, or (Events) a conversation is created, changes status, is assigned or relabelled (signed webhooks)',
		defaults: { name: 'Conversation Message Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: platformCredentials(WEBHOOK_PLATFORMS),
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			// Intercom saves a webhook URL only after a HEAD request to it succeeds.
			{ name: 'setup', httpMethod: 'HEAD', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			platformProperty(WEBHOOK_PLATFORMS, 'ninetyNineDigital'),
			...WEBHOOK_PLATFORMS.flatMap((platform) => [
				...forPlatform(platform.value, platform.receive.properties),
				...eventsProperties(platform.value, platform.receive.events),
			]),
			receiveOptionsProperty,
		],
	};

	methods = triggerMethods(WEBHOOK_PLATFORMS);

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const { receive } = platformOf(this);
				return (await receive.registration?.checkExists(this, readEvents(this, receive.events))) ?? true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const { receive } = platformOf(this);
				return (await receive.registration?.create(this, readEvents(this, receive.events))) ?? true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return (await platformOf(this).receive.registration?.delete(this)) ?? true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() === 'setup') return { webhookResponse: 'OK' };
		const platform = platformOf(this);
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer };
		const body = this.getBodyData();
		const received = await platform.receive.receive(this, {
			headers: this.getHeaderData() as Record<string, unknown>,
			query: this.getQueryData() as Record<string, unknown>,
			body,
			// What the vendor signed: n8n keeps the body's bytes beside the parsed JSON.
			rawBody: Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.from(JSON.stringify(body)),
		});
		const response = this.getResponseObject();
		if ('refused' in received) {
			this.logger.warn(`Conversation Message Trigger refused a delivery: ${received.refused.reason}`, {
				workflowId: this.getWorkflow().id,
				node: this.getNode().name,
			});
			response.status(received.refused.status).json({ message: 'Unauthorized' });
			return { noWebhookResponse: true };
		}

		const options = readReceiveOptions(this);
		const chosen = readEvents(this, platform.receive.events);
		const memory = recentDeliveries(String(this.getWorkflow().id), this.getNode().id);
		const nothing: IWebhookResponseData = { webhookResponse: { received: true } };
		if (received.deliveryId !== undefined && !memory.claim(`delivery:${received.deliveryId}`)) return nothing;
		// Changes are deduplicated as messages are: by what changed, so the same change twice starts nothing.
		const events = eventItems(
			(received.events ?? []).filter((event) => chosen.changes.includes(event.event)).filter((event) => memory.claim(eventKey(event))),
		);
		const messages = (chosen.newMessage ? received.messages : [])
			.filter((message) => isWanted(message, options))
			.filter((message) => options.includeAgentMessages || !wasPostedAsCustomer(message.platform, message.messageId))
			.filter((message) => memory.claim(`message:${message.platform}:${message.conversationId}:${message.messageId}`));
		if (!events.length && !messages.length) return nothing;

		if (!options.downloadAttachments || !messages.some((message) => message.attachments.length)) {
			return { webhookResponse: { received: true }, workflowData: [[...events, ...(await messageItems(this, messages, options))]] };
		}
		// Answer before downloading files: vendors wait a few seconds at most (Chatwoot 5 s).
		response.status(200).json({ received: true } as IDataObject);
		return { noWebhookResponse: true, workflowData: [[...events, ...(await messageItems(this, messages, options))]] };
	}
}
