import type { ConversationMessage } from '../conversation/message';
import { RecentKeys } from '../conversation/recentKeys';

/**
 * Keys of deliveries and messages a trigger has already handled. Kept in the n8n process that
 * receives the webhooks: n8n gives a webhook no store that persists (static data written while
 * answering a webhook is not saved), so a redelivery is recognised as long as the same process
 * receives it.
 */
const KEYS_PER_TRIGGER = 10_000;
const byTrigger = new Map<string, RecentKeys>();

/** The memory of one trigger node of one workflow. */
export function recentDeliveries(workflowId: string, nodeId: string): RecentKeys {
	const key = `${workflowId}/${nodeId}`;
	let keys = byTrigger.get(key);
	if (!keys) {
		keys = new RecentKeys(KEYS_PER_TRIGGER);
		byTrigger.set(key, keys);
	}
	return keys;
}

/** A message's key in that memory. */
export function messageKey(message: ConversationMessage): string {
	return `message:${message.platform}:${message.conversationId}:${message.messageId}`;
}
