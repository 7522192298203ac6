import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { lookup, matchesFilter } from '../../transport/lookup';
import type { Platform, PlatformMethods } from '../types';

/** Chatwoot pages conversation lists 25 at a time. */
const PAGE_SIZE = 25;

export function chatwootMethods(platform: () => Platform): PlatformMethods {
	return {
		listSearch: {
			async searchChatwootConversations(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const accountId = String(this.getCurrentNodeParameter('accountId') ?? '').trim();
				if (!/^\d+$/.test(accountId)) {
					throw new NodeOperationError(this.getNode(), 'Choose the account first: the conversation list belongs to an account');
				}
				const page = Number(paginationToken ?? 1);
				const { body, baseUrl } = await lookup(this, platform(), `/api/v1/accounts/${accountId}/conversations`, {
					status: 'all',
					page,
				});
				const conversations = (((body.data as IDataObject)?.payload as IDataObject[]) ?? []);
				return {
					results: conversations
						.map((conversation) => {
							const sender = ((conversation.meta as IDataObject)?.sender as IDataObject)?.name;
							return {
								name: `#${String(conversation.id)}${sender ? ` · ${String(sender)}` : ''}`,
								value: String(conversation.id),
								url: `${baseUrl}/app/accounts/${accountId}/conversations/${String(conversation.id)}`,
							};
						})
						.filter((result) => matchesFilter(filter, result.name)),
					paginationToken: conversations.length >= PAGE_SIZE ? String(page + 1) : undefined,
				};
			},
		},
		loadOptions: {
			/** The accounts the token's user belongs to, from its profile. */
			async getChatwootAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const { body } = await lookup(this, platform(), '/api/v1/profile');
				return ((body.accounts as IDataObject[]) ?? []).map((account) => ({
					name: `${String(account.name ?? 'Account')} (#${String(account.id)})`,
					value: String(account.id),
				}));
			},
			/** The account's inboxes (the one chosen in the Account field), with their channel: the send node's and the trigger's. */
			async getChatwootInboxes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const accountId = String(this.getCurrentNodeParameter('accountId') ?? '').trim();
				if (!/^\d+$/.test(accountId)) return [];
				const { body } = await lookup(this, platform(), `/api/v1/accounts/${accountId}/inboxes`);
				return ((body.payload as IDataObject[]) ?? []).map((inbox) => ({
					name: `${String(inbox.name ?? 'Inbox')} (#${String(inbox.id)})`,
					value: String(inbox.id),
					description: typeof inbox.channel_type === 'string' ? inbox.channel_type.replace(/^Channel::/, '') : undefined,
				}));
			},
		},
	};
}
