import { RecentKeys } from './recentKeys';

/**
 * Messages this package's send node posted *as the customer* (Chatwoot "Incoming", Intercom's
 * reply as the contact): the vendor reports them as customer messages, so the trigger skips
 * them by this record unless agents' messages are asked for. The send side writes it, the
 * trigger reads it; this module is its one owner. Same process only (see docs/reliability.md).
 */
const postedAsCustomer = new RecentKeys(10_000);

export function rememberPostedAsCustomer(platform: string, messageId: unknown): void {
	if (messageId !== undefined && messageId !== null) postedAsCustomer.claim(`${platform}:${String(messageId)}`);
}

export function wasPostedAsCustomer(platform: string, messageId: string): boolean {
	return postedAsCustomer.has(`${platform}:${messageId}`);
}
