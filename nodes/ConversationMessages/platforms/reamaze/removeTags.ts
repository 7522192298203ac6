import type { Action } from '../../operations/types';

import { normalisedConversation, ReamazeConversation, tags, tagsField, tagsParameter } from './actions';
import { conversationField } from './fields';

/** The tags read, the given ones taken out, the rest written back whole (`tag_list` replaces); nothing written when none was there. */
export const removeTags: Action = {
	operation: 'removeLabels',
	wording: { name: 'Remove Tags', action: 'Remove tags from a conversation', description: 'Remove tags from a conversation, keeping the other tags' },
	fields: [conversationField, tagsField],

	prepare(p) {
		const conversation = ReamazeConversation.of(p);
		const unwanted = tagsParameter(p);
		return {
			orderingKey: conversation.slug,
			send: async (client) => {
				const current = await conversation.read(client);
				const had = tags(current);
				const kept = had.filter((tag) => !unwanted.includes(tag));
				if (kept.length === had.length) return [{ json: normalisedConversation(current) }];
				return [{ json: normalisedConversation(await conversation.update(client, { tag_list: kept })) }];
			},
		};
	},
};
