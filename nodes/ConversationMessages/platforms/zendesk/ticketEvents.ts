import type { IDataObject } from 'n8n-workflow';

import { conversationEvent } from '../../conversation/event';
import type { ChosenEvents, ConversationEvent, ConversationEventKind } from '../../conversation/event';
import { isoTime, text } from '../../conversation/text';

import { normalisedTicket } from './actions';

/** The event a subscribed webhook is sent for a new comment (vendor-zendesk.md §9.2). */
export const COMMENT_ADDED = 'zen:event-type:ticket.comment_added';

/**
 * The ticket event types each of the trigger's events comes from: what an event-subscribed
 * webhook subscribes to, and what a delivery is read as. Only `ticket.status_changed` is quoted in
 * the fact sheet (§9.2); the other names are Zendesk's documented ticket event types, [UNCONFIRMED]
 * here. An assignment is two types in Zendesk: the agent and the group.
 */
export const ZENDESK_EVENT_TYPES: Record<ConversationEventKind, string[]> = {
	conversationCreated: ['zen:event-type:ticket.created'],
	statusChanged: ['zen:event-type:ticket.status_changed'],
	assigned: ['zen:event-type:ticket.agent_assignment_changed', 'zen:event-type:ticket.group_assignment_changed'],
	labelsChanged: ['zen:event-type:ticket.tags_changed'],
};

/** The subscriptions of an event-subscribed webhook: exactly what the Events option needs (comment_added alone by default). */
export function subscriptionsFor(chosen: ChosenEvents): string[] {
	return [...(chosen.newMessage ? [COMMENT_ADDED] : []), ...chosen.changes.flatMap((kind) => ZENDESK_EVENT_TYPES[kind])];
}

const kindOf = (type: unknown): ConversationEventKind | undefined =>
	(Object.keys(ZENDESK_EVENT_TYPES) as ConversationEventKind[]).find((kind) => ZENDESK_EVENT_TYPES[kind].includes(String(type)));

/** Zendesk's event detail writes words in capitals ("OPEN", "HIGH"); its tickets in small letters, which the mapper reads. */
const lower = (value: unknown): string | null => text(value)?.toLowerCase() ?? null;

/**
 * A ticket event delivery as the trigger's event: the ticket is read from the envelope's `detail`
 * (the ticket after the change, §9.6) through the same mapper as Get Conversation, so the shape of
 * `event` ({current, previous}, tags added and removed) does not matter. None for other types.
 */
export function ticketEvents(body: IDataObject): ConversationEvent[] {
	const kind = kindOf(body.type);
	if (!kind) return [];
	const detail = (body.detail ?? {}) as IDataObject;
	const ticketId = text(detail.id) ?? /^zen:ticket:(\d+)$/.exec(String(body.subject ?? ''))?.[1] ?? null;
	const ticket = { ...detail, id: ticketId, status: lower(detail.status), priority: lower(detail.priority) };
	// Agents and groups by id only: a webhook answers before anything is looked up (Get Conversation names them).
	const normalised = normalisedTicket(ticket, { agents: [], groups: [] });
	const event = conversationEvent(kind, normalised, isoTime(body.time ?? detail.updated_at) ?? '', body);
	return event ? [event] : [];
}
