import type { IDataObject } from 'n8n-workflow';

import { conversationEvent } from '../../conversation/event';
import type { ConversationEvent, ConversationEventKind } from '../../conversation/event';

import { normalisedConversation } from './actions';

/**
 * The Chatwoot account webhook events each of the trigger's events comes from (vendor-actions.md
 * §1.13): what the registration subscribes to, and what a delivery is read as. A status change is
 * announced twice by Chatwoot, as `conversation_status_changed` and as `conversation_updated`
 * with `status` among its changed attributes (Conversation#notify_status_change and
 * #notify_conversation_updation): it is read from the first only, so it starts one execution.
 */
export const CHATWOOT_EVENT_SOURCES: Record<ConversationEventKind, string> = {
	conversationCreated: 'conversation_created',
	statusChanged: 'conversation_status_changed',
	assigned: 'conversation_updated',
	labelsChanged: 'conversation_updated',
};

/** The attributes of `conversation_updated` that make each event (conversation.rb `list_of_keys`, and the bot owner since CW#14870). */
const CHANGED_ATTRIBUTES: Partial<Record<ConversationEventKind, string[]>> = {
	assigned: ['assignee_id', 'assignee_agent_bot_id', 'team_id'],
	labelsChanged: ['label_list'],
};

/**
 * The names in `changed_attributes`: Chatwoot sends `[{<attr>: {previous_value, current_value}}]`
 * (WebhookListener#extract_changed_attributes); an object keyed by attribute is read the same way.
 */
function changedAttributes(payload: IDataObject): string[] {
	const changed = payload.changed_attributes;
	if (Array.isArray(changed)) return changed.flatMap((entry) => (entry && typeof entry === 'object' ? Object.keys(entry as object) : []));
	return changed && typeof changed === 'object' ? Object.keys(changed) : [];
}

/**
 * A conversation event delivery (its body is the conversation's push data with `event` and, for
 * updates, `changed_attributes`) as the trigger's events; none for other events. `accountId` is
 * the trigger's own, for servers whose push data names no account.
 */
export function chatwootEvents(platform: string, accountId: number | null, payload: IDataObject): ConversationEvent[] {
	const kinds = (Object.keys(CHATWOOT_EVENT_SOURCES) as ConversationEventKind[]).filter((kind) => {
		if (CHATWOOT_EVENT_SOURCES[kind] !== payload.event) return false;
		const attributes = CHANGED_ATTRIBUTES[kind];
		return !attributes || changedAttributes(payload).some((name) => attributes.includes(name));
	});
	if (!kinds.length) return [];
	const conversation = normalisedConversation(platform, accountId, payload);
	return kinds.flatMap((kind) => conversationEvent(kind, conversation, String(conversation.updatedAt), payload) ?? []);
}
