import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { platformNamed } from './platforms';
import { POLL_PLATFORMS, triggerMethods } from './platforms/receivers';
import { messageItems } from './conversation/files';
import type { ConversationEvent } from './conversation/event';
import type { ConversationMessage } from './conversation/message';
import { isWanted, readReceiveOptions, receiveOptionsProperty } from './inbound/options';
import { eventItems, eventsProperties, readEvents } from './inbound/events';
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
		description: 'Starts the workflow when a customer writes on Re:amaze or User.com, or (Events) a Re:amaze conversation\'s status changes (polled)',
		defaults: { name: 'Conversation Message Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: platformCredentials(POLL_PLATFORMS),
		properties: [
			platformProperty(POLL_PLATFORMS, 'reamaze'),
			...POLL_PLATFORMS.flatMap((platform) => [
				...forPlatform(platform.value, platform.receive.properties),
				...eventsProperties(platform.value, platform.receive.events),
			]),
			receiveOptionsProperty,
		],
	};

	methods = triggerMethods(POLL_PLATFORMS);

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const platform = platformNamed(this.getNode(), POLL_PLATFORMS, this.getNodeParameter('platform'));
		const options = readReceiveOptions(this);
		const chosen = readEvents(this, platform.receive.events);
		const hearsChanges = chosen.changes.length > 0 && platform.receive.pollChanges !== undefined;
		// A manual run shows the latest message (and the latest change) and leaves the active workflow's cursors alone.
		if (this.getMode() === 'manual') {
			const latest = chosen.newMessage ? await platform.receive.poll(this, {}, { latest: true, wanted: options }) : [];
			const changes = hearsChanges ? await platform.receive.pollChanges!(this, {}, { latest: true, changes: chosen.changes }) : [];
			const items = [...eventItems(changes), ...(latest.length ? await messageItems(this, latest, options) : [])];
			return items.length ? [items] : null;
		}
		const staticData = this.getWorkflowStaticData('node');
		// One cursor per platform (and one for its changes): switching the platform never reads another vendor's cursor.
		const changesKey = `${platform.value}Changes`;
		let changes: ConversationEvent[] = [];
		if (hearsChanges) {
			const cursor = { ...((staticData[changesKey] as IDataObject | undefined) ?? {}) };
			changes = await platform.receive.pollChanges!(this, cursor, { latest: false, changes: chosen.changes });
			staticData[changesKey] = cursor;
		} else {
			// Not listening: when changes are chosen again, the first poll notes where things stand, so nothing old arrives.
			delete staticData[changesKey];
		}
		let messages: ConversationMessage[] = [];
		if (chosen.newMessage) {
			const cursor = { ...((staticData[platform.value] as IDataObject | undefined) ?? {}) };
			const polled = await platform.receive.poll(this, cursor, { latest: false, wanted: options });
			// Assigned anew at the top level, which is what n8n watches to save static data.
			staticData[platform.value] = cursor;
			messages = polled.filter((message) => isWanted(message, options));
		} else {
			delete staticData[platform.value];
		}
		const items = [...eventItems(changes), ...(messages.length ? await messageItems(this, messages, options) : [])];
		return items.length ? [items] : null;
	}
}
