import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import { isoTime } from '../../conversation/text';
import { callVendor } from '../../transport/lookup';
import type { Platform, PollReceiver } from '../types';

import { toMessage } from './conversation';

/** Pages read per kind (customer, staff) and poll, newest first: what bounds a poll's cost. */
const MAX_PAGES = 3;

interface Cursor {
	/** The newest message time emitted, in ms. */
	since?: number;
	/** Keys of the messages at exactly `since`: two messages can share a second. */
	seenAtSince?: string[];
}

const properties: INodeProperties[] = [
	{
		displayName:
			'Re:amaze has no webhooks: this trigger polls its messages (newest first, up to 3 pages of each kind per poll). The first activation only notes where it is, so nothing old arrives.',
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

	return {
		kind: 'poll',
		properties,
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
