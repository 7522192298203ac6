import type { IDataObject } from 'n8n-workflow';

/**
 * What the Conversation Message Trigger hears besides new messages (its Events option). The
 * values are the `event` of the items it emits and are saved in workflows: never change them.
 */
export type ConversationEventKind = 'conversationCreated' | 'statusChanged' | 'assigned' | 'labelsChanged';

/**
 * One change in a conversation's life, the same shape on every platform. Its conversation fields
 * are those of the Conversation Actions' normalised conversation (vendor-actions.md §0), taken
 * from it by `conversationEvent`, so that a workflow reads `status` or `assignee.id` the same way
 * after a trigger as after Get Conversation.
 */
export interface ConversationEvent {
	event: ConversationEventKind;
	platform: string;
	conversationId: string;
	/** The Chatwoot family's account (the send node's Account ID); null elsewhere. */
	accountId: number | null;
	/** After the change: open, resolved, pending, snoozed (the normalised words). */
	status: string | null;
	assignee: { id: unknown; name: string | null; email: string | null } | null;
	team: { id: unknown; name: string | null } | null;
	labels: string[];
	/** ISO 8601: when the vendor says the conversation changed. */
	changedAt: string;
	/** The vendor's own payload, untouched (Chatwoot's `changed_attributes` among it). */
	raw: IDataObject;
}

/** An event of `kind` from a platform's normalised conversation, with `raw` the delivery as it came. */
export function conversationEvent(kind: ConversationEventKind, conversation: IDataObject, changedAt: string, raw: IDataObject): ConversationEvent | undefined {
	if (conversation.conversationId === null || conversation.conversationId === undefined) return undefined;
	return {
		event: kind,
		platform: String(conversation.platform),
		conversationId: String(conversation.conversationId),
		accountId: typeof conversation.accountId === 'number' ? conversation.accountId : null,
		status: (conversation.status as string | null | undefined) ?? null,
		assignee: (conversation.assignee as ConversationEvent['assignee'] | undefined) ?? null,
		team: (conversation.team as ConversationEvent['team'] | undefined) ?? null,
		labels: Array.isArray(conversation.labels) ? conversation.labels.map(String) : [],
		changedAt,
		raw,
	};
}

/**
 * What tells one change from another of the same conversation: a redelivery, or the same change
 * announced twice, carries the same key and starts nothing the second time.
 */
export function eventKey(event: ConversationEvent): string {
	const state = [event.status, event.assignee?.id ?? '', event.team?.id ?? '', event.labels.join(',')].join('|');
	return `event:${event.platform}:${event.conversationId}:${event.event}:${event.changedAt}:${state}`;
}

/** What a trigger's Events option asks for: new messages (the default), and which changes. */
export interface ChosenEvents {
	newMessage: boolean;
	changes: ConversationEventKind[];
}

/**
 * Whether a vendor's webhook subscribes to exactly the events wanted (`subscriptions` as the
 * vendor lists them; order does not matter): a registration with more would start workflows
 * for events not chosen, one with fewer would miss some, so either is registered anew.
 */
export function sameSubscriptions(subscriptions: unknown, wanted: string[]): boolean {
	const held = Array.isArray(subscriptions) ? subscriptions.map(String) : [];
	return held.length === wanted.length && wanted.every((event) => held.includes(event));
}
