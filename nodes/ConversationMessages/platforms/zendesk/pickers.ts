import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { lookup, matchesFilter } from '../../transport/lookup';
import type { Platform, PlatformMethods } from '../types';

import { AGENTS_PATH } from './actions';

/** The Conversation Actions' pickers on Zendesk: agents and groups, a page at a time (cursor paging, §8). */
export function zendeskPickers(platform: () => Platform): PlatformMethods {
	const members = (path: string, key: string) =>
		async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
			const qs: IDataObject = { 'page[size]': 100 };
			if (paginationToken) qs['page[after]'] = paginationToken;
			const { body } = await lookup(this, platform(), path, qs);
			const meta = (body.meta ?? {}) as IDataObject;
			return {
				results: ((body[key] as IDataObject[] | undefined) ?? [])
					.map((member) => ({
						name: `${String(member.name ?? member.id)}${member.email ? ` (${String(member.email)})` : ''}`,
						value: String(member.id),
					}))
					.filter((result) => matchesFilter(filter, result.name)),
				paginationToken: meta.has_more === true && typeof meta.after_cursor === 'string' ? meta.after_cursor : undefined,
			};
		};
	return {
		listSearch: {
			searchZendeskAgents: members(AGENTS_PATH, 'users'),
			searchZendeskGroups: members('/api/v2/groups', 'groups'),
		},
	};
}
