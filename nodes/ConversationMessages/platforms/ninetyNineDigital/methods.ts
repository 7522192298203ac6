import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { lookup, matchesFilter } from '../../transport/lookup';
import type { Platform, PlatformMethods } from '../types';

/** Chatwoot pages conversation lists 25 at a time. */
const PAGE_SIZE = 25;

/** The account chosen in the Account field, which agents, teams, labels and conversations belong to. */
function chosenAccount(ctx: ILoadOptionsFunctions, what: string): string {
	const accountId = String(ctx.getCurrentNodeParameter('accountId') ?? '').trim();
	if (!/^\d+$/.test(accountId)) throw new NodeOperationError(ctx.getNode(), `Choose the account first: the ${what} belong to an account`);
	return accountId;
}

export function chatwootMethods(platform: () => Platform): PlatformMethods {
	/** A picker over an account list Chatwoot answers whole (agents and teams are arrays, not pages). */
	const members = (path: string, what: string) =>
		async function (this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
			const accountId = chosenAccount(this, what);
			const { body } = await lookup(this, platform(), `/api/v1/accounts/${accountId}/${path}`);
			const list = Array.isArray(body) ? (body as IDataObject[]) : [];
			return {
				results: list
					.map((member) => ({
						name: `${String(member.available_name ?? member.name ?? member.id)}${member.email ? ` (${String(member.email)})` : ''}`,
						value: String(member.id),
					}))
					.filter((result) => matchesFilter(filter, result.name)),
			};
		};
	return {
		listSearch: {
			searchChatwootAgents: members('agents', 'agents'),
			searchChatwootTeams: members('teams', 'teams'),
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
			/** The account's labels, by title (what Chatwoot stores on a conversation). */
			async getChatwootLabels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const accountId = chosenAccount(this, 'labels');
				const { body } = await lookup(this, platform(), `/api/v1/accounts/${accountId}/labels`);
				return ((body.payload as IDataObject[]) ?? []).map((label) => ({
					name: String(label.title),
					value: String(label.title),
					description: typeof label.description === 'string' ? label.description : undefined,
				}));
			},
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
