/**
 * Keys of deliveries and messages a trigger has already handled, newest last, at most `limit`.
 * Kept in the n8n process that receives the webhooks: n8n gives a webhook no store that
 * persists (static data written while answering a webhook is not saved), so a redelivery is
 * recognised as long as the same process receives it.
 */
class RecentKeys {
	private readonly keys = new Set<string>();

	constructor(private readonly limit: number) {}

	/** True when the key is new (and records it); false when it was seen before. */
	claim(key: string): boolean {
		if (this.keys.has(key)) return false;
		this.keys.add(key);
		if (this.keys.size > this.limit) this.keys.delete(this.keys.values().next().value as string);
		return true;
	}

	has(key: string): boolean {
		return this.keys.has(key);
	}

	add(key: string): void {
		this.claim(key);
	}
}

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

/**
 * Messages this package's send node posted *as the customer* (Chatwoot "Incoming", Intercom's
 * reply as the contact): the vendor reports them as customer messages, so the trigger skips
 * them by this record unless agents' messages are asked for. Same process only (see docs/reliability.md).
 */
const postedAsCustomer = new RecentKeys(KEYS_PER_TRIGGER);

export function rememberPostedAsCustomer(platform: string, messageId: unknown): void {
	if (messageId !== undefined && messageId !== null) postedAsCustomer.add(`${platform}:${String(messageId)}`);
}

export function wasPostedAsCustomer(platform: string, messageId: string): boolean {
	return postedAsCustomer.has(`${platform}:${messageId}`);
}
