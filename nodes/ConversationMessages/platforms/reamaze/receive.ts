import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { conversationEvent } from '../../conversation/event';
import type { ConversationEvent } from '../../conversation/event';
import type { ConversationMessage } from '../../conversation/message';
import { isoTime, text } from '../../conversation/text';
import { callVendor } from '../../transport/lookup';
import type { Platform, PollReceiver } from '../types';

import { normalisedConversation } from './actions';
import { toMessage } from './conversation';

/** Pages read per kind (customer, staff) and poll, newest first: what bounds a poll's cost. */
const MAX_PAGES = 3;

interface Cursor {
	/** The newest message time emitted, in ms. */
	since?: number;
	/** Keys of the messages at exactly `since`: two messages can share a second. */
	seenAtSince?: string[];
}

interface StatusCursor {
	/** Each conversation's status code as last seen, the most recently changed last. */
	statuses?: Record<string, unknown>;
	/** When the last poll ran (ms): conversations changed before it were seen then. */
	polledAt?: number;
}

/** How many conversations' statuses are remembered; beyond it the least recently changed go. */
const MAX_REMEMBERED = 5_000;
/** Re:amaze's clock and n8n's may differ: pages are read back this much before the last poll. */
const CLOCK_SLACK_MS = 5 * 60_000;

const properties: INodeProperties[] = [
	{
		displayName:
			'Re:amaze has no webhooks: this trigger polls its messages (newest first, up to 3 pages of each kind per poll) and, for Status Changed, its conversations by last change (up to 3 pages). The first activation only notes where it is, so nothing old arrives.',
		name: 'reamazeNotice',
		type: 'notice',
		default: '',
	},
];

export function reamazeReceiver(platform: () => Platform): PollReceiver {
	/** Messages of one kind newer than `since`, reading pages until one reaches back past it. */
	const read = async (ctx: IPollFunctions, filter: 'customer' | 'staff', since: number | undefined, pages: number) => {
		const found: ConversationMessage[] = [];
		for (let page = 1; page <= pages; page++) {
			const { body } = await callVendor(ctx, platform(), { method: 'GET', path: '/api/v1/messages', qs: { filter, page } });
			const messages = (body.messages as IDataObject[] | undefined) ?? [];
			found.push(...messages.map((message) => toMessage(message, filter === 'staff')));
			const oldest = Math.min(...messages.map((message) => Date.parse(isoTime(message.created_at))));
			if (!messages.length || since === undefined || oldest < since || page >= Number(body.page_count ?? 1)) break;
		}
		return found;
	};

	/** Conversations by last change, newest first, reading pages (at most `pages`) until one reaches back past `since`. */
	const changed = async (ctx: IPollFunctions, since: number | undefined, pages: number) => {
		const found: IDataObject[] = [];
		for (let page = 1; page <= pages; page++) {
			const { body } = await callVendor(ctx, platform(), { method: 'GET', path: '/api/v1/conversations', qs: { filter: 'all', sort: 'changed', page } });
			const conversations = (body.conversations as IDataObject[] | undefined) ?? [];
			found.push(...conversations);
			const oldest = Math.min(...conversations.map((conversation) => Date.parse(isoTime(conversation.updated_at ?? conversation.created_at))));
			// Without `since` (the first poll) every page allowed is read, so that as many conversations as possible are known.
			if (!conversations.length || (since !== undefined && oldest < since) || page >= Number(body.page_count ?? 1)) break;
		}
		return found;
	};

	return {
		kind: 'poll',
		properties,
		events: ['statusChanged'],
		/**
		 * Status Changed (vendor-actions.md §5): a conversation whose status code differs from the one
		 * the last poll saw. A conversation the trigger has not seen before (new, or changed after
		 * lying beyond the pages read) is noted, not announced: nothing says what it was.
		 */
		async pollChanges(ctx, state, { latest }) {
			const cursor = state as StatusCursor;
			const event = (conversation: IDataObject) => {
				const normalised = normalisedConversation(conversation);
				return conversationEvent('statusChanged', normalised, String(normalised.updatedAt), conversation);
			};
			if (latest) return (await changed(ctx, undefined, 1)).slice(0, 1).flatMap((conversation) => event(conversation) ?? []);
			const polledAt = Date.now();
			const first = cursor.statuses === undefined;
			const conversations = await changed(ctx, first ? undefined : (cursor.polledAt ?? polledAt) - CLOCK_SLACK_MS, MAX_PAGES);
			const statuses = { ...(cursor.statuses ?? {}) };
			const events: ConversationEvent[] = [];
			// Oldest change first, so that the remembered order stays "least recently changed first".
			for (const conversation of [...conversations].reverse()) {
				const slug = text(conversation.slug);
				if (slug === null) continue;
				const known = Object.prototype.hasOwnProperty.call(statuses, slug);
				if (!first && known && statuses[slug] !== conversation.status) {
					const change = event(conversation);
					if (change) events.push(change);
				}
				delete statuses[slug];
				statuses[slug] = conversation.status;
			}
			cursor.statuses = Object.fromEntries(Object.entries(statuses).slice(-MAX_REMEMBERED));
			cursor.polledAt = polledAt;
			return events;
		},
		async poll(ctx, state, { latest, wanted }) {
			const cursor = state as Cursor;
			if (latest) return (await read(ctx, 'customer', undefined, 1)).slice(0, 1);
			const kinds: Array<'customer' | 'staff'> =
				wanted.includeAgentMessages || wanted.includePrivateNotes ? ['customer', 'staff'] : ['customer'];
			const messages: ConversationMessage[] = [];
			for (const kind of kinds) messages.push(...(await read(ctx, kind, cursor.since, cursor.since === undefined ? 1 : MAX_PAGES)));
			const time = (message: ConversationMessage) => Date.parse(message.createdAt);
			const fresh =
				cursor.since === undefined
					? []
					: messages.filter(
							(message) =>
								time(message) > cursor.since! ||
								(time(message) === cursor.since && !(cursor.seenAtSince ?? []).includes(message.messageId)),
						);
			const newest = Math.max(cursor.since ?? 0, ...messages.map(time));
			const atNewest = [...(newest === cursor.since ? (cursor.seenAtSince ?? []) : []), ...messages.filter((message) => time(message) === newest).map((message) => message.messageId)];
			cursor.since = messages.length || cursor.since !== undefined ? newest : Date.now();
			cursor.seenAtSince = [...new Set(atNewest)];
			return fresh.sort((a, b) => time(a) - time(b));
		},
	};
}
