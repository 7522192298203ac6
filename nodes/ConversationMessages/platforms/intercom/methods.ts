import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { lookup, matchesFilter } from '../../transport/lookup';
import type { Platform, PlatformMethods } from '../types';

export function intercomMethods(platform: () => Platform): PlatformMethods {
	/** A picker over a list Intercom answers whole (admins, teams: no paging). */
	const members = (path: string, key: string) =>
		async function (this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
			const { body } = await lookup(this, platform(), path);
			return {
				results: ((body[key] as IDataObject[] | undefined) ?? [])
					.map((member) => ({
						name: `${String(member.name ?? member.id)}${member.email ? ` (${String(member.email)})` : ''}`,
						value: String(member.id),
					}))
					.filter((result) => matchesFilter(filter, result.name)),
			};
		};
	return {
		listSearch: {
			searchIntercomAdmins: members('/admins', 'admins'),
			searchIntercomTeams: members('/teams', 'teams'),
			async searchIntercomConversations(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const qs: IDataObject = { per_page: 50 };
				if (paginationToken) qs.starting_after = paginationToken;
				const { body } = await lookup(this, platform(), '/conversations', qs);
				const conversations = (body.conversations as IDataObject[]) ?? [];
				const next = ((body.pages as IDataObject)?.next as IDataObject)?.starting_after;
				return {
					results: conversations
						.map((conversation) => {
							const source = (conversation.source as IDataObject) ?? {};
							const author = (source.author as IDataObject) ?? {};
							const title = conversation.title || source.subject || author.name || author.email;
							return {
								name: `#${String(conversation.id)}${title ? ` · ${String(title)}` : ''}`,
								value: String(conversation.id),
							};
						})
						.filter((result) => matchesFilter(filter, result.name)),
					paginationToken: typeof next === 'string' ? next : undefined,
				};
			},
		},
		loadOptions: {
			/** The workspace's tags: a conversation is tagged by id. */
			async getIntercomTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const { body } = await lookup(this, platform(), '/tags');
				return ((body.data as IDataObject[]) ?? []).map((tag) => ({ name: String(tag.name), value: String(tag.id) }));
			},
			/** Teammates a reply can be sent as. */
			async getIntercomAdmins(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const { body } = await lookup(this, platform(), '/admins');
				return ((body.admins as IDataObject[]) ?? []).map((admin) => ({
					name: admin.email ? `${String(admin.name)} (${String(admin.email)})` : String(admin.name),
					value: String(admin.id),
				}));
			},
		},
	};
}
