import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import type { HistoryRequest } from '../../operations/history';
import type { VendorClient } from '../../transport/client';

import type { ChatwootAction } from './actions';
import { chatwootMessage } from './conversation';

/** MessageFinder answers at most this many messages per page (vendor-actions.md §1.3). */
const PAGE_SIZE = 20;

/**
 * A conversation's messages, oldest first, as the message shape: pages of 20 read backwards
 * from the newest (`before` = the oldest id seen) until enough are had or none are left.
 * Activity messages (assignments, status changes) are nobody's message and are left out, as the
 * trigger leaves them out; private notes unless asked for, filtered here too because older
 * servers ignore `filter_internal_messages`.
 */
export async function chatwootHistory(
	chatwoot: ChatwootAction,
	client: VendorClient,
	conversationId: number | string,
	request: HistoryRequest,
): Promise<ConversationMessage[]> {
	const path = chatwoot.conversationPath(conversationId, '/messages');
	const where = { conversationId: String(conversationId), accountId: chatwoot.accountId };
	let collected: ConversationMessage[] = [];
	let before: number | undefined;
	for (;;) {
		const qs: IDataObject = {};
		if (before !== undefined) qs.before = before;
		if (!request.includePrivateNotes) qs.filter_internal_messages = true;
		const body = (await chatwoot.read(client, path, qs)) as IDataObject | undefined;
		const page = Array.isArray(body?.payload) ? (body.payload as IDataObject[]) : [];
		const ids = page.map((message) => Number(message.id)).filter(Number.isFinite);
		const messages = page
			.map((message) => chatwootMessage(chatwoot.platform, message, where))
			.filter((message): message is ConversationMessage => message !== undefined && (request.includePrivateNotes || !message.private));
		collected = [...messages, ...collected];
		if (request.limit === undefined && collected.length > request.cap) throw request.tooLong(String(conversationId));
		const oldest = ids.length ? Math.min(...ids) : undefined;
		const progressed = oldest !== undefined && (before === undefined || oldest < before);
		if (page.length < PAGE_SIZE || !progressed) break;
		if (request.limit !== undefined && collected.length >= request.limit) break;
		before = oldest;
	}
	return request.limit === undefined ? collected : collected.slice(-request.limit);
}
