import type { Action } from '../../operations/types';

import { actAsAdminField, conversationField } from './actions';
import { tagging, tagsField } from './tags';

/** DELETE /conversations/{id}/tags/{tagId} with {admin_id} per tag the conversation has. */
export const removeTags: Action = {
	operation: 'removeLabels',
	wording: { name: 'Remove Tags', action: 'Remove tags from a conversation', description: 'Remove tags from a conversation, keeping the other tags' },
	fields: [conversationField, tagsField, actAsAdminField],
	prepare: tagging(false),
};
