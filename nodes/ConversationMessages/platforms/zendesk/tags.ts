import type { INodeProperties } from 'n8n-workflow';

import type { Action, ActionItem, PreparedOperation } from '../../operations/types';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

import { ZendeskAction, ticketPath } from './actions';

// Add Tags and Remove Tags (vendor-zendesk.md §8): the tag endpoints add (PUT) and remove
// (DELETE, with a JSON body) on Zendesk's side, so no list is read, changed and written back;
// the ticket is read first only so that a repeat sends nothing.

export const tagsField: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'refund, vip',
	description: 'Tags, separated by commas. Zendesk creates a tag the first time it is used; a tag has no spaces.',
};

/** The tags the item names, each once, as Zendesk stores them (lower case); none, or one with a space, fails the item. */
function readTags(p: ItemParameters): string[] {
	const given = p.get('tags', '');
	const listed = (Array.isArray(given) ? given.map(String) : String(given ?? '').split(',')).map((tag) => tag.trim().toLowerCase()).filter(Boolean);
	if (!listed.length) throw p.fail('Tags', 'is empty', 'Give one or more tags, separated by commas.');
	const spaced = listed.find((tag) => /\s/.test(tag));
	if (spaced) throw p.fail('Tags', `has "${spaced}", a tag with a space`, 'Zendesk separates tags with spaces: use _ or - inside a tag.');
	return [...new Set(listed)];
}

/** One of the two: the tags the ticket lacks (adding) or has (removing), in one request; a repeat sends none. */
export function tagging(adding: boolean): Action['prepare'] {
	return (p): PreparedOperation<ActionItem[]> => {
		const zendesk = new ZendeskAction(p);
		const ticketId = zendesk.ticketId();
		const tags = readTags(p);
		return {
			orderingKey: ticketId,
			send: async (client: VendorClient) => {
				let ticket = await zendesk.ticket(client, ticketId);
				const has = Array.isArray(ticket.tags) ? ticket.tags.map(String) : [];
				const changing = tags.filter((tag) => has.includes(tag) !== adding);
				if (changing.length) {
					await zendesk.write(client, adding ? 'PUT' : 'DELETE', `${ticketPath(ticketId)}/tags`, { tags: changing });
					ticket = await zendesk.ticket(client, ticketId);
				}
				return [{ json: await zendesk.normalised(client, ticket) }];
			},
		};
	};
}
