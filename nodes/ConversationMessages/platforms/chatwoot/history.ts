import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import type { VendorClient } from '../../transport/client';

import type { ChatwootAction } from './actions';
import { chatwootMessage } from './conversation';

/** MessageFinder answers at most this many messages per page (vendor-actions.md §1.3). */
const PAGE_SIZE = 20;

export interface HistoryRequest {
	/** The latest this many; undefined: all of them, up to `cap`. */
	limit?: number;
	/** With no limit: more messages than this fail the item rather than fill the memory. */
	cap: number;
	includePrivateNotes: boolean;
	/** How the error for a history longer than the cap is raised (it names the option). */
	tooLong(cap: number): Error;
}

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
		if (request.limit === undefined && collected.length > request.cap) throw request.tooLong(request.cap);
		const oldest = ids.length ? Math.min(...ids) : undefined;
		const progressed = oldest !== undefined && (before === undefined || oldest < before);
		if (page.length < PAGE_SIZE || !progressed) break;
		if (request.limit !== undefined && collected.length >= request.limit) break;
		before = oldest;
	}
	return request.limit === undefined ? collected : collected.slice(-request.limit);
}

/** The history as one text for a prompt: a line per message, `customer:`, `agent:`, `bot:` or `note:` first. */
export function transcript(messages: ConversationMessage[]): string {
	return messages
		.map((message) => {
			const role = message.private ? 'note' : message.sender.type;
			const files = message.attachments.map((attachment) => ` [file: ${attachment.fileName}]`).join('');
			return `${role}: ${message.content.replace(/\s*\n\s*/g, ' ').trim()}${files}`;
		})
		.join('\n');
}
