import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { platformNamed } from './platforms';
import { POLL_PLATFORMS, triggerMethods } from './platforms/receivers';
import { messageItems } from './conversation/files';
import { isWanted, readReceiveOptions, receiveOptionsProperty } from './inbound/options';
import { forPlatform, platformCredentials, platformProperty, platformSubtitle } from './params/panel';

/**
 * The platforms without usable webhooks (Re:amaze, User.com). A node of its own because n8n
 * decides by node type, not by parameter, whether a trigger is polled on a schedule or waits
 * for a webhook (also in the editor's "Fetch Test Event").
 */
export class ConversationMessagePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Conversation Message Polling Trigger',
		name: 'conversationMessagePollingTrigger',
		icon: {
			light: 'file:sendConversationMessage.svg',
			dark: 'file:sendConversationMessage.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: platformSubtitle(POLL_PLATFORMS),
		description: 'Starts the workflow when a customer writes on Re:amaze or User.com (polled)',
		defaults: { name: 'Conversation Message Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: platformCredentials(POLL_PLATFORMS),
		properties: [
			platformProperty(POLL_PLATFORMS, 'reamaze'),
			...POLL_PLATFORMS.flatMap((platform) => forPlatform(platform.value, platform.receive.properties)),
			receiveOptionsProperty,
		],
	};

	methods = triggerMethods(POLL_PLATFORMS);

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const platform = platformNamed(this.getNode(), POLL_PLATFORMS, this.getNodeParameter('platform'));
		const options = readReceiveOptions(this);
		// A manual run shows the latest message and leaves the active workflow's cursor alone.
		if (this.getMode() === 'manual') {
			const latest = await platform.receive.poll(this, {}, { latest: true, wanted: options });
			return latest.length ? [await messageItems(this, latest, options)] : null;
		}
		const staticData = this.getWorkflowStaticData('node');
		// One cursor per platform: switching the platform never reads another vendor's cursor.
		const cursor = { ...((staticData[platform.value] as IDataObject | undefined) ?? {}) };
		const polled = await platform.receive.poll(this, cursor, { latest: false, wanted: options });
		// Assigned anew at the top level, which is what n8n watches to save static data.
		staticData[platform.value] = cursor;
		const messages = polled.filter((message) => isWanted(message, options));
		return messages.length ? [await messageItems(this, messages, options)] : null;
	}
}
