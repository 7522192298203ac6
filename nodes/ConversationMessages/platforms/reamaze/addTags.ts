import type { Action } from '../../operations/types';

import { normalisedConversation, ReamazeConversation, tags, tagsField, tagsParameter } from './actions';
import { conversationField } from './fields';

/**
 * `tag_list` replaces the conversation's tags (vendor-actions.md §5), so the tags are read,
 * added to and written back whole; nothing is written when all are there already.
 */
export const addTags: Action = {
	operation: 'addLabels',
	wording: { name: 'Add Tags', action: 'Add tags to a conversation', description: 'Add tags to a conversation, keeping the tags it has' },
	fields: [conversationField, tagsField],

	prepare(p) {
		const conversation = ReamazeConversation.of(p);
		const wanted = tagsParameter(p);
		return {
			orderingKey: conversation.slug,
			send: async (client) => {
				const current = await conversation.read(client);
				const had = tags(current);
				const missing = wanted.filter((tag) => !had.includes(tag));
				if (!missing.length) return [{ json: normalisedConversation(current) }];
				return [{ json: normalisedConversation(await conversation.update(client, { tag_list: [...had, ...missing] })) }];
			},
		};
	},
};
