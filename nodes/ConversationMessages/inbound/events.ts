import type { IDataObject, IHookFunctions, INodeExecutionData, INodeProperties, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ChosenEvents, ConversationEvent, ConversationEventKind } from '../conversation/event';
import { forPlatform } from '../params/panel';

/** The Events option's value for messages: what every trigger heard before the option existed. */
const NEW_MESSAGE = 'newMessage';
type Choice = typeof NEW_MESSAGE | ConversationEventKind;

const CHOICES: Record<Choice, { name: string; description: string }> = {
	newMessage: {
		name: 'New Customer Message',
		description: 'A customer writes (agents\' replies and private notes too with the options below). Items are messages.',
	},
	conversationCreated: { name: 'Conversation Created', description: 'A conversation starts. Items are events: event "conversationCreated".' },
	statusChanged: {
		name: 'Status Changed',
		description: 'A conversation is resolved, reopened, set pending or snoozed. Items are events: event "statusChanged", status after the change.',
	},
	assigned: {
		name: 'Assigned',
		description: 'A conversation\'s agent or team changes (unassigning too). Items are events: event "assigned".',
	},
	labelsChanged: { name: 'Labels Changed', description: 'Labels are added to or removed from a conversation. Items are events: event "labelsChanged".' },
};

/**
 * The Events option of a platform that offers `changes`: its default, new messages only, is what
 * a workflow saved before the option existed hears. The same parameter on every platform, its
 * choices the platform's own.
 */
export function eventsProperties(platform: string, changes: ConversationEventKind[] | undefined): INodeProperties[] {
	if (!changes?.length) return [];
	return forPlatform(platform, [
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			default: [NEW_MESSAGE],
			options: ([NEW_MESSAGE, ...changes] as Choice[]).map((value) => ({ value, ...CHOICES[value] })),
			description: 'What starts the workflow. Each change is one item with event, conversationId, status, assignee, team, labels and changedAt.',
		},
	]);
}

/** The Events option as chosen; where the platform offers none, new messages only. */
export function readEvents(ctx: IHookFunctions | IWebhookFunctions | IPollFunctions, offered: ConversationEventKind[] | undefined): ChosenEvents {
	if (!offered?.length) return { newMessage: true, changes: [] };
	const chosen = ctx.getNodeParameter('events', [NEW_MESSAGE]) as unknown;
	const values = (Array.isArray(chosen) ? chosen : [chosen]).map(String);
	const unknown = values.filter((value) => value !== NEW_MESSAGE && !offered.includes(value as ConversationEventKind));
	if (unknown.length) {
		throw new NodeOperationError(ctx.getNode(), `Events: "${unknown.join('", "')}" is not an event this platform offers`, {
			description: `Choose from: ${([NEW_MESSAGE, ...offered] as Choice[]).map((value) => CHOICES[value].name).join(', ')}.`,
		});
	}
	if (!values.length) throw new NodeOperationError(ctx.getNode(), 'Events: choose at least one event to start the workflow');
	return { newMessage: values.includes(NEW_MESSAGE), changes: offered.filter((kind) => values.includes(kind)) };
}

/** Events as the trigger's items: the event is the item's JSON, as a message is. */
export function eventItems(events: ConversationEvent[]): INodeExecutionData[] {
	return events.map((event) => ({ json: event as unknown as IDataObject }));
}
