import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { lookup } from '../../transport/lookup';
import type { Platform, PlatformMethods } from '../types';

export function reamazeMethods(platform: () => Platform): PlatformMethods {
	return {
		listSearch: {
			/** Re:amaze searches conversations itself (`q`) and pages them. */
			async searchReamazeConversations(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const page = Number(paginationToken ?? 1);
				const qs: IDataObject = { page };
				if (filter) qs.q = filter;
				const { body, baseUrl } = await lookup(this, platform(), '/api/v1/conversations', qs);
				const conversations = (body.conversations as IDataObject[]) ?? [];
				return {
					results: conversations.map((conversation) => {
						const author = (conversation.author as IDataObject)?.name;
						return {
							name: `${String(conversation.subject ?? conversation.slug)}${author ? ` · ${String(author)}` : ''}`,
							value: String(conversation.slug),
							url: `${baseUrl.replace('.reamaze.io', '.reamaze.com')}/admin/conversations/${String(conversation.slug)}`,
						};
					}),
					paginationToken: page < Number(body.page_count ?? 1) ? String(page + 1) : undefined,
				};
			},
		},
	};
}
