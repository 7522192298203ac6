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
import { messageKey, recentDeliveries } from './inbound/deliveries';
import { messageItems } from './conversation/files';
import { isWanted, readReceiveOptions, receiveOptionsProperty } from './inbound/options';
import { answerCatchUp, catchUpAfterRestart, catchUpAtCreate, catchUpOption, isCatchUpRequest, noteHeard, noteStoppedListening } from './inbound/catchUp';
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
			{ ...receiveOptionsProperty, options: [catchUpOption(WEBHOOK_PLATFORMS), ...(receiveOptionsProperty.options ?? [])] },
		],
	};

	methods = triggerMethods(WEBHOOK_PLATFORMS);

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const { receive } = platformOf(this);
				const exists = (await receive.registration?.checkExists(this, readEvents(this, receive.events))) ?? true;
				// n8n starting (1.x asks here): the webhook is still registered; what was written while n8n was down is read back.
				if (exists && receive.registration && this.getActivationMode() === 'init') catchUpAfterRestart(this, receive);
				return exists;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const { receive } = platformOf(this);
				const created = (await receive.registration?.create(this, readEvents(this, receive.events))) ?? true;
				catchUpAtCreate(this, receive);
				return created;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const { receive } = platformOf(this);
				const deleted = (await receive.registration?.delete(this)) ?? true;
				noteStoppedListening(this, receive);
				return deleted;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() === 'setup') return { webhookResponse: 'OK' };
		const platform = platformOf(this);
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer };
		const body = this.getBodyData();
		const delivery = {
			headers: this.getHeaderData() as Record<string, unknown>,
			query: this.getQueryData() as Record<string, unknown>,
			body,
			// What the vendor signed: n8n keeps the body's bytes beside the parsed JSON.
			rawBody: Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.from(JSON.stringify(body)),
		};
		// Activation's own request for what was written while the trigger was not listening.
		const catchUpRequest = isCatchUpRequest(delivery);
		const received = catchUpRequest
			? await answerCatchUp(this, platform.receive, delivery)
			: await platform.receive.receive(this, delivery);
		const response = this.getResponseObject();
		if ('refused' in received) {
			this.logger.warn(`Conversation Message Trigger refused a delivery: ${received.refused.reason}`, {
				workflowId: this.getWorkflow().id,
				node: this.getNode().name,
			});
			response.status(received.refused.status).json({ message: 'Unauthorized' });
			return { noWebhookResponse: true };
		}

		// The first genuine delivery in this process after n8n restarted (2.41 calls no hook then): read back what was written while it was down.
		if (!catchUpRequest) catchUpAfterRestart(this, platform.receive);
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
			.filter((message) => memory.claim(messageKey(message)));
		if (!events.length && !messages.length) return nothing;
		noteHeard(this, platform.receive, messages);

		if (!options.downloadAttachments || !messages.some((message) => message.attachments.length)) {
			return { webhookResponse: { received: true }, workflowData: [[...events, ...(await messageItems(this, messages, options))]] };
		}
		// Answer before downloading files: vendors wait a few seconds at most (Chatwoot 5 s).
		response.status(200).json({ received: true } as IDataObject);
		return { noWebhookResponse: true, workflowData: [[...events, ...(await messageItems(this, messages, options))]] };
	}
}
