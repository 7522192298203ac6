/**
 * The editor's pickers (conversation lists, accounts, admins) through n8n's own load-options
 * context, and the conversation resource locator's modes when the workflow runs.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { SendConversationMessage } from '../nodes/ConversationMessages/SendConversationMessage.node';

import { editorContext, runNode } from './helpers/engine';
import { credentialsFor, useMockVendors } from './helpers/vendors';
import { fixtures } from '../mocks';

const mocks = useMockVendors();
const { methods } = new SendConversationMessage();

async function search(name: string, context: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	return await methods.listSearch[name].call(context, filter, token);
}

async function load(name: string, context: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await methods.loadOptions[name].call(context);
}

describe('99digital / Chatwoot', () => {
	const context = (accountId: string) =>
		editorContext({
			parameters: { platform: 'ninetyNineDigital', accountId, conversationId: { __rl: true, mode: 'list', value: '' } },
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});

	test('accounts come from the token\'s profile', async () => {
		expect(await load('getChatwootAccounts', context(''))).toEqual([{ name: 'Acme Online (#7)', value: '7' }]);
		expect(mocks().ninetyNineDigital.requests[0].path).toBe('/api/v1/profile');
	});

	test('conversations of the chosen account, paginated, with their inbox address', async () => {
		const first = await search('searchChatwootConversations', context('7'));
		expect(first.results).toHaveLength(25);
		expect(first.results[0]).toEqual({
			name: '#1 · Contact 1',
			value: '1',
			url: `${mocks().ninetyNineDigital.baseUrl}/app/accounts/7/conversations/1`,
		});
		expect(first.paginationToken).toBe('2');
		const second = await search('searchChatwootConversations', context('7'), undefined, first.paginationToken);
		expect(second.results[0].value).toBe('26');
		expect(mocks().ninetyNineDigital.requests.map((request) => request.query.page)).toEqual(['1', '2']);
	});

	test('the search box filters the list', async () => {
		const found = await search('searchChatwootConversations', context('7'), 'Contact 12');
		expect(found.results.map((result) => result.value)).toEqual(['12']);
	});

	test('without an account it asks for one first', async () => {
		await expect(search('searchChatwootConversations', context(''))).rejects.toThrow('Choose the account first');
	});

	test('a vendor error reaches the picker with the vendor\'s message', async () => {
		const wrong = editorContext({
			parameters: { platform: 'ninetyNineDigital', accountId: '7' },
			credentials: credentialsFor(mocks(), 'ninetyNineDigital', { accessToken: fixtures.WRONG_SECRET }),
		});
		await expect(load('getChatwootAccounts', wrong)).rejects.toThrow('99digital (Chatwoot) answered 401: Invalid Access Token');
	});
});

describe('Intercom', () => {
	const context = () =>
		editorContext({
			parameters: { platform: 'intercom', intercomOperation: 'reply', replyAs: 'admin' },
			credentials: credentialsFor(mocks(), 'intercom'),
		});

	test('admins to reply as', async () => {
		expect(await load('getIntercomAdmins', context())).toEqual([
			{ name: 'Ada Admin (ada.admin@acme.example)', value: '991267459' },
			{ name: 'Ben Admin (ben.admin@acme.example)', value: '991267460' },
		]);
	});

	test('conversations, newest first, paginated by cursor', async () => {
		const first = await search('searchIntercomConversations', context());
		expect(first.results).toHaveLength(50);
		expect(first.results[0].value).toBe('999');
		expect(first.paginationToken).toBeTruthy();
		const second = await search('searchIntercomConversations', context(), undefined, first.paginationToken);
		expect(second.results[0].value).toBe('949');
		expect(mocks().intercom.requests.every((request) => request.intercomVersion === '2.14')).toBe(true);
	});
});

describe('Re:amaze', () => {
	const context = () =>
		editorContext({ parameters: { platform: 'reamaze' }, credentials: credentialsFor(mocks(), 'reamaze') });

	test('conversations searched by Re:amaze itself', async () => {
		const found = await search('searchReamazeConversations', context(), 'refund');
		expect(found.results.map((result) => result.value)).toEqual(['refund-request']);
		expect(found.results[0].name).toBe('Refund request · Rick Refund');
		expect(mocks().reamaze.requests[0].query).toEqual({ page: '1', q: 'refund' });
	});

	test('pages through all conversations', async () => {
		const first = await search('searchReamazeConversations', context());
		expect(first.results).toHaveLength(30);
		expect(first.paginationToken).toBe('2');
		const second = await search('searchReamazeConversations', context(), undefined, '2');
		expect(second.results).toHaveLength(15);
		expect(second.paginationToken).toBeUndefined();
	});
});

describe('the conversation parameter when the workflow runs', () => {
	const chatwoot = (conversationId: unknown) => ({
		parameters: { platform: 'ninetyNineDigital', accountId: '7', conversationId, content: 'Hi' } as never,
		credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
	});

	test.each([
		['picked from the list', { __rl: true, mode: 'list', value: '17', cachedResultName: '#17 · Contact 17' }],
		['typed as an ID', { __rl: true, mode: 'id', value: '17' }],
		['pasted as the inbox address', { __rl: true, mode: 'url', value: 'https://online.99digital.co.il/app/accounts/7/conversations/17?tab=mine' }],
		['a plain id saved by an older workflow', '17'],
		['an id from an expression', { __rl: true, mode: 'id', value: '={{ 10 + 7 }}' }],
	])('%s', async (_how, value) => {
		const result = await runNode(chatwoot(value));
		expect(result.error).toBeUndefined();
		expect(mocks().ninetyNineDigital.requests[0].path).toBe('/api/v1/accounts/7/conversations/17/messages');
	});

	test('a typed address that is not a conversation is a workflow issue n8n shows before running', async () => {
		await expect(runNode(chatwoot({ __rl: true, mode: 'url', value: 'https://online.99digital.co.il/app/accounts/7/contacts/17' }))).rejects.toThrow(
			'Not a conversation address, e.g. https://online.99digital.co.il/app/accounts/7/conversations/123',
		);
	});

	test('an address from an expression that is not a conversation is refused, naming the field and item', async () => {
		const result = await runNode(chatwoot({ __rl: true, mode: 'url', value: '={{ "https://online.99digital.co.il/app/accounts/7/contacts/" + 17 }}' }));
		expect(result.error?.message).toBe('Conversation ID is not an address of a conversation on this platform (item 0)');
		expect(mocks().ninetyNineDigital.requests).toHaveLength(0);
	});

	test('Intercom inbox address and Re:amaze conversation address', async () => {
		await runNode({
			parameters: {
				platform: 'intercom',
				intercomOperation: 'reply',
				conversationId: { __rl: true, mode: 'url', value: 'https://app.intercom.com/a/inbox/abc123/inbox/conversation/524' },
				replyAs: 'admin',
				adminId: '991267459',
				replyType: 'comment',
				content: 'Hi',
			} as never,
			credentials: credentialsFor(mocks(), 'intercom'),
		});
		expect(mocks().intercom.requests[0].path).toBe('/conversations/524/reply');
		await runNode({
			parameters: {
				platform: 'reamaze',
				conversationId: { __rl: true, mode: 'url', value: 'https://acme.reamaze.com/admin/conversations/refund-request' },
				content: 'Hi',
			} as never,
			credentials: credentialsFor(mocks(), 'reamaze'),
		});
		expect(mocks().reamaze.requests[0].path).toBe('/api/v1/conversations/refund-request/messages');
	});
});
