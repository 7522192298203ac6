import type { Action } from '../../operations/types';

import { actAsAdminField, conversationField } from './actions';
import { tagging, tagsField } from './tags';

/** POST /conversations/{id}/tags {id, admin_id} per tag the conversation lacks. */
export const addTags: Action = {
	operation: 'addLabels',
	wording: { name: 'Add Tags', action: 'Add tags to a conversation', description: 'Add tags to a conversation, keeping the tags it has' },
	fields: [conversationField, tagsField, actAsAdminField],
	prepare: tagging(true),
};
