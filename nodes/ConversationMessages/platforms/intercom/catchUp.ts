import { createHmac } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import { text } from '../../conversation/text';
import { getInBackground } from '../../transport/getJson';
import { callVendor } from '../../transport/lookup';
import type { CatchUpReader, CatchUpWindow, Platform } from '../types';

import { requiredClientSecret } from './clientSecret';
import { conversationMessages, humansOwn, readConversation, withConversationState } from './conversation';

/** Intercom's search answers at most 150 conversations a page (IC-OAS/2.14 searchConversations). */
const SEARCH_PAGE = 150;
/** A catch-up reads at most this many pages of conversations (the option bounds the time; this the requests). */
const MAX_SEARCH_PAGES = 2;

/**
 * The key a catch-up request to the trigger is signed with: an HMAC of the app's Client Secret
 * (which every n8n process holds in the credential, and nobody but Intercom and the app's owner
 * knows) over a fixed label naming the trigger. The secret itself is never sent.
 */
async function catchUpKey(ctx: IHookFunctions | IWebhookFunctions): Promise<string> {
	return createHmac('sha256', await requiredClientSecret(ctx))
		.update(`conversation-message-trigger:catch-up:${String(ctx.getWorkflow().id)}:${ctx.getNode().id}`)
		.digest('hex');
}

/** The conversations Intercom shows as updated since `from` (search by `updated_at`, every page up to the bound). */
async function updatedSince(ctx: IWebhookFunctions, platform: Platform, from: number): Promise<string[]> {
	const ids = new Set<string>();
	let startingAfter: string | null = null;
	for (let page = 1; page <= MAX_SEARCH_PAGES; page++) {
		const { body } = await callVendor(ctx, platform, {
			method: 'POST',
			path: '/conversations/search',
			// `>` on a date: "greater (or equal) than" in the spec's table; one second earlier either way.
			json: {
				query: { operator: 'AND', value: [{ field: 'updated_at', operator: '>', value: from - 1 }] },
				pagination: { per_page: SEARCH_PAGE, ...(startingAfter ? { starting_after: startingAfter } : {}) },
			},
			// A search creates nothing.
			safeToRetry: true,
		});
		for (const conversation of (body.conversations as IDataObject[] | undefined) ?? []) {
			if (conversation.id !== undefined && conversation.id !== null) ids.add(String(conversation.id));
		}
		startingAfter = text(((body.pages as IDataObject | undefined)?.next as IDataObject | undefined)?.starting_after);
		if (!startingAfter) return [...ids];
	}
	ctx.logger.warn(`Conversation Message Trigger caught up only the first ${ids.size} Intercom conversations updated in the pause`);
	return [...ids];
}

/**
 * What was written while the trigger was not listening: the conversations updated since the
 * window's start (Intercom's conversation search; its results carry no parts), each read whole
 * (its `source` and up to its 500 most recent parts, in HTML as the webhooks carry them), and of
 * those the messages created in the window, with the conversation's state as a notification
 * carries it. Conversations the bot does not own are left out where the trigger asks for that,
 * as their deliveries are.
 */
export function intercomCatchUp(platform: () => Platform): CatchUpReader {
	return {
		key: catchUpKey,
		async read(ctx: IWebhookFunctions, window: CatchUpWindow): Promise<ConversationMessage[]> {
			const get = getInBackground(ctx, platform());
			const messages: ConversationMessage[] = [];
			for (const id of await updatedSince(ctx, platform(), window.from)) {
				const conversation = await readConversation(get, id, 'html');
				if (humansOwn(ctx, conversation)) continue;
				for (const message of conversationMessages(conversation)) {
					const createdAt = Date.parse(message.createdAt ?? '') / 1000;
					if (createdAt >= window.from && createdAt <= window.until) messages.push(withConversationState(message, conversation));
				}
			}
			// Oldest first; a stable sort keeps each conversation's own order within a second.
			return messages.sort((a, b) => Date.parse(a.createdAt ?? '') - Date.parse(b.createdAt ?? ''));
		},
	};
}
