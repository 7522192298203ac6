import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import { getInBackground } from '../../transport/getJson';
import { callVendor } from '../../transport/lookup';
import type { Platform, PollReceiver } from '../types';

import { readConversation } from './conversation';

/** Pages of open conversations read per poll, and conversations opened per poll: the poll's cost. */
const MAX_LIST_PAGES = 5;
const MAX_CONVERSATION_READS = 20;

interface Cursor {
	/** Message count per open conversation at the last poll. */
	counts?: Record<string, number>;
	/** The newest message id seen per conversation (kept after it closes, in case it reopens). */
	lastIds?: Record<string, number>;
	/** When the last poll ran (ms): a conversation seen for the first time has only newer messages to give. */
	polledAt?: number;
}

/** How many conversations' last ids are remembered; beyond it the oldest entries go. */
const MAX_REMEMBERED = 5_000;
/** User.com's clock and n8n's may differ; a first-seen conversation's messages this much older still count. */
const CLOCK_SLACK_MS = 5 * 60_000;

const properties: INodeProperties[] = [
	{
		displayName:
			'User.com has no webhook API for messages: this trigger polls the open conversations and opens only those whose message count grew (at most 20 per poll; the rest follow at the next poll). The first activation only notes where it is, so nothing old arrives.',
		name: 'userEngageNotice',
		type: 'notice',
		default: '',
	},
];

export function userEngageReceiver(platform: () => Platform): PollReceiver {
	const openConversations = async (ctx: IPollFunctions): Promise<IDataObject[]> => {
		const conversations: IDataObject[] = [];
		let path: string | undefined = '/conversations/';
		let qs: IDataObject | undefined = { status: 'true' };
		for (let page = 0; path && page < MAX_LIST_PAGES; page++) {
			const { body, baseUrl }: { body: IDataObject; baseUrl: string } = await callVendor(ctx, platform(), { method: 'GET', path, qs });
			conversations.push(...((body.results as IDataObject[] | undefined) ?? []));
			// DRF's `next` is an absolute URL on the same API.
			const next = typeof body.next === 'string' ? body.next : '';
			path = next.startsWith(`${baseUrl}/`) ? next.slice(baseUrl.length) : undefined;
			qs = undefined;
		}
		return conversations;
	};
	const messagesOf = async (ctx: IPollFunctions, conversationId: string) =>
		(await readConversation(getInBackground(ctx, platform()), conversationId)).messages ?? [];

	return {
		kind: 'poll',
		properties,
		async poll(ctx, state, { latest }) {
			const cursor = state as Cursor;
			const conversations = await openConversations(ctx);
			if (latest) {
				const recent: ConversationMessage[] = [];
				for (const conversation of conversations.slice(0, 5)) recent.push(...(await messagesOf(ctx, String(conversation.id))));
				const customers = recent.filter((message) => message.sender.type === 'customer');
				return customers.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, 1);
			}
			const counts: Record<string, number> = {};
			for (const conversation of conversations) counts[String(conversation.id)] = Number(conversation.messages ?? 0);
			const polledAt = Date.now();
			if (cursor.counts === undefined) {
				cursor.counts = counts;
				cursor.lastIds = {};
				cursor.polledAt = polledAt;
				return [];
			}
			const previous = cursor.counts;
			const notBefore = (cursor.polledAt ?? polledAt) - CLOCK_SLACK_MS;
			const lastIds = cursor.lastIds ?? {};
			const grown = Object.keys(counts).filter((id) => counts[id] > (previous[id] ?? 0));
			const fresh: ConversationMessage[] = [];
			for (const id of grown.slice(0, MAX_CONVERSATION_READS)) {
				const messages = await messagesOf(ctx, id);
				const known = lastIds[id];
				const added =
					known !== undefined
						? messages.filter((message) => Number(message.messageId) > known)
						: messages.filter((message) => Date.parse(message.createdAt) >= notBefore);
				fresh.push(...added);
				if (messages.length) lastIds[id] = Math.max(known ?? 0, ...messages.map((message) => Number(message.messageId)));
			}
			// Conversations left for the next poll keep their old count, so they are opened then.
			for (const id of grown.slice(MAX_CONVERSATION_READS)) counts[id] = previous[id] ?? 0;
			cursor.counts = counts;
			cursor.lastIds = Object.fromEntries(Object.entries(lastIds).slice(-MAX_REMEMBERED));
			cursor.polledAt = polledAt;
			return fresh.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
		},
	};
}
