import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

import type { ChatwootAction } from './actions';
import { accountLabels } from './directory';

/** Add Labels' and Remove Labels' field: the account's labels, or titles by expression. */
export const labelsField: INodeProperties = {
	displayName: 'Label Names or IDs',
	name: 'labels',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getChatwootLabels', loadOptionsDependsOn: ['accountId'] },
	required: true,
	default: [],
	description:
		'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: "A label's ID is its title, as the account shows it; several by expression: comma-separated",
};

/** The titles the item names, lowercase as Chatwoot stores them, each once; none fails the item. */
export function readLabels(p: ItemParameters): string[] {
	const titles = p.list('labels', 'Label Names or IDs').map((title) => title.toLowerCase());
	if (!titles.length) throw p.fail('Label Names or IDs', 'is empty', 'Choose at least one label.');
	return [...new Set(titles)];
}

/** Every title must be an account label: Chatwoot would otherwise keep it as a tag no one sees as a label. */
export async function checkLabels(p: ItemParameters, chatwoot: ChatwootAction, client: VendorClient, titles: string[]): Promise<void> {
	const known = await accountLabels(chatwoot, client);
	const unknown = titles.filter((title) => !known.includes(title));
	if (unknown.length) {
		throw p.fail('Label Names or IDs', `names ${unknown.map((title) => `"${title}"`).join(', ')}, not a label of this account`, `The account's labels: ${known.join(', ') || 'none'}`);
	}
}

/**
 * Chatwoot replaces a conversation's whole label list (§1.6): read it, change it, write the
 * result, and only when it differs. The answer is compared with what was sent: titles the
 * server dropped are reported. The output is the conversation after the change.
 */
export async function changeLabels(
	chatwoot: ChatwootAction,
	client: VendorClient,
	conversationId: number,
	change: (current: string[]) => string[],
): Promise<IDataObject> {
	const path = chatwoot.conversationPath(conversationId, '/labels');
	const body = (await chatwoot.read(client, path)) as IDataObject | undefined;
	const current = Array.isArray(body?.payload) ? (body.payload as unknown[]).map(String) : [];
	const next = change(current);
	const unchanged = next.length === current.length && next.every((title) => current.includes(title));
	if (unchanged) return await chatwoot.conversation(client, conversationId);
	const answer = (await chatwoot.call(client, { method: 'POST', path, json: { labels: next }, safeToRetry: true })).body as IDataObject | undefined;
	const kept = Array.isArray(answer?.payload) ? (answer.payload as unknown[]).map((title) => String(title).toLowerCase()) : next;
	const dropped = next.filter((title) => !kept.includes(title));
	const conversation = await chatwoot.conversation(client, conversationId);
	return dropped.length ? { ...conversation, labelsDropped: dropped } : conversation;
}
