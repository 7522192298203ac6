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
			/** Staff to assign a conversation to, by email (GET /staff, paged); filtered here by name or email. */
			async searchReamazeStaff(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
				const page = Number(paginationToken ?? 1);
				const { body } = await lookup(this, platform(), '/api/v1/staff', { page });
				const wanted = (filter ?? '').toLowerCase();
				const staff = ((body.staff as IDataObject[]) ?? []).filter((member) =>
					[member.name, member.email].some((value) => String(value ?? '').toLowerCase().includes(wanted)),
				);
				return {
					results: staff.map((member) => ({ name: `${String(member.name ?? member.email)} (${String(member.email)})`, value: String(member.email) })),
					paginationToken: page < Number(body.page_count ?? 1) ? String(page + 1) : undefined,
				};
			},
		},
	};
}
