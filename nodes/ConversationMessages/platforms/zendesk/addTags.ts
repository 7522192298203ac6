import type { Action } from '../../operations/types';

import { ticketField } from './fields';
import { tagging, tagsField } from './tags';

/** PUT /api/v2/tickets/{id}/tags {tags} with the tags the ticket lacks. */
export const addTags: Action = {
	operation: 'addLabels',
	wording: { name: 'Add Tags', action: 'Add tags to a ticket', description: 'Add tags to a ticket, keeping the tags it has' },
	fields: [ticketField, tagsField],
	prepare: tagging(true),
};
