import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Action, ActionItem, PreparedOperation } from '../../operations/types';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

import type { Member } from './actions';
import { IntercomAction } from './actions';

// Add Tags and Remove Tags (vendor-actions.md §4): tags go on and off one at a time by id (no
// list is replaced, so nothing is read, changed and written back); names are resolved through
// GET /tags before any write.

const LABEL = 'Tag Names or IDs';

export const tagsField: INodeProperties = {
	displayName: LABEL,
	name: 'labels',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getIntercomTags' },
	required: true,
	default: [],
	description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: 'By expression: tag IDs or names, several comma-separated',
};

/** The tags the item names, each once; none fails the item. */
function readTags(p: ItemParameters): string[] {
	const given = p.list('labels', LABEL);
	if (!given.length) throw p.fail(LABEL, 'is empty', 'Choose at least one tag.');
	return [...new Set(given)];
}

/** The ids of the tags a conversation has. */
function tagIds(conversation: IDataObject): string[] {
	return ((((conversation.tags ?? {}) as IDataObject).tags as IDataObject[] | undefined) ?? []).map((tag) => String(tag.id));
}

/**
 * One of the two: the tags resolved before any write, then, per tag the conversation lacks
 * (adding) or has (removing), one request; a repeat sends none.
 */
export function tagging(adding: boolean): Action['prepare'] {
	return (p): PreparedOperation<ActionItem[]> => {
		const intercom = new IntercomAction(p);
		const conversationId = intercom.conversationId();
		const given = readTags(p);
		const acting = intercom.actingAdmin();
		let tags: Member[] = [];
		let adminId = '';
		const path = `/conversations/${encodeURIComponent(conversationId)}/tags`;
		return {
			orderingKey: conversationId,
			check: async (client: VendorClient) => {
				const known = await intercom.tags(client);
				tags = given.map((entry) => intercom.named(known, entry, LABEL, 'a tag'));
				adminId = await acting.resolve(client);
			},
			send: async (client: VendorClient) => {
				let conversation = await intercom.retrieve(client, conversationId);
				const has = tagIds(conversation);
				const changing = tags.filter((tag) => has.includes(tag.id) !== adding);
				for (const tag of changing) {
					await intercom.write(
						client,
						adding
							? { method: 'POST', path, json: { id: tag.id, admin_id: adminId } }
							: // Intercom takes the acting admin of a removal in the DELETE's JSON body.
								{ method: 'DELETE', path: `${path}/${encodeURIComponent(tag.id)}`, json: { admin_id: adminId } },
					);
				}
				if (changing.length) conversation = await intercom.retrieve(client, conversationId);
				return [{ json: await intercom.normalised(client, conversation) }];
			},
		};
	};
}
