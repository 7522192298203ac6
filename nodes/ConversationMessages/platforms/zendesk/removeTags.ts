import type { Action } from '../../operations/types';

import { ticketField } from './fields';
import { tagging, tagsField } from './tags';

/** DELETE /api/v2/tickets/{id}/tags {tags} with the tags the ticket has. */
export const removeTags: Action = {
	operation: 'removeLabels',
	wording: { name: 'Remove Tags', action: 'Remove tags from a ticket', description: 'Remove tags from a ticket, keeping the other tags' },
	fields: [ticketField, tagsField],
	prepare: tagging(false),
};
