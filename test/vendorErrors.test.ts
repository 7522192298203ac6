/**
 * Vendor failures surface the vendor's own message and HTTP status, name the item, and with
 * Continue On Fail become error items while every other item still goes out, in order.
 */
import { runNode } from './helpers/engine';
import { credentialsFor, useMockVendors } from './helpers/vendors';
import { fixtures } from '../mocks';

const mocks = useMockVendors();

describe('each vendor\'s error answer reaches the user with its message and status', () => {
	const cases = [
		{
			name: 'Chatwoot: unknown conversation',
			platform: 'ninetyNineDigital' as const,
			parameters: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '4242', content: 'Hi' },
			error: '99digital (Chatwoot) answered 404: Resource could not be found (item 0)',
			httpCode: '404',
		},
		{
			name: 'Chatwoot: account the token does not belong to',
			platform: 'ninetyNineDigital' as const,
			parameters: { platform: 'ninetyNineDigital', accountId: '8', conversationId: '1', content: 'Hi' },
			error: '99digital (Chatwoot) answered 401: You are not authorized to access this account (item 0)',
			httpCode: '401',
		},
		{
			name: 'Chatwoot: wrong token',
			platform: 'ninetyNineDigital' as const,
			credentials: { accessToken: fixtures.WRONG_SECRET },
			parameters: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '1', content: 'Hi' },
			error: '99digital (Chatwoot) answered 401: Invalid Access Token (item 0)',
			httpCode: '401',
		},
		{
			name: 'Chatwoot: a validation error (incoming messages need an API inbox... or an invalid content type)',
			platform: 'ninetyNineDigital' as const,
			parameters: {
				platform: 'ninetyNineDigital',
				accountId: '7',
				conversationId: '1',
				content: 'Pick',
				additionalFields: { contentType: 'input_select', contentAttributes: '{"items": "not a list"}' },
			},
			error: /^99digital \(Chatwoot\) answered 422: .+ \(item 0\)$/,
			httpCode: '422',
		},
		{
			name: 'User.com: unknown agent (DRF field error)',
			platform: 'userEngage' as const,
			parameters: { platform: 'userEngage', conversationId: '5', content: 'Hi', agentId: '999' },
			error: /^User\.com answered 400: user: Invalid pk \\?"999\\?" - object does not exist\. \(item 0\)$/,
			httpCode: '400',
		},
		{
			name: 'User.com: wrong key',
			platform: 'userEngage' as const,
			credentials: { apiKey: fixtures.WRONG_SECRET },
			parameters: { platform: 'userEngage', conversationId: '5', content: 'Hi', agentId: '926' },
			error: 'User.com answered 401: Invalid token. (item 0)',
			httpCode: '401',
		},
		{
			name: 'EngageLab: unknown conversation',
			platform: 'engageLab' as const,
			parameters: { platform: 'engageLab', conversationId: '5000', content: 'Hi' },
			error: 'EngageLab LiveDesk answered 404: Resource could not be found (item 0)',
			httpCode: '404',
		},
		{
			name: 'EngageLab: wrong secret',
			platform: 'engageLab' as const,
			credentials: { apiSecret: fixtures.WRONG_SECRET },
			parameters: { platform: 'engageLab', conversationId: '5', content: 'Hi' },
			error: 'EngageLab LiveDesk answered 401: Invalid API key or secret (item 0)',
			httpCode: '401',
		},
		{
			name: 'Intercom: unknown conversation (error.list)',
			platform: 'intercom' as const,
			parameters: { platform: 'intercom', intercomOperation: 'reply', conversationId: '77777', replyAs: 'admin', adminId: '991267459', replyType: 'comment', content: 'Hi' },
			error: 'Intercom answered 404: Resource Not Found (item 0)',
			httpCode: '404',
		},
		{
			name: 'Intercom: unknown contact id',
			platform: 'intercom' as const,
			parameters: { platform: 'intercom', intercomOperation: 'startConversation', contactLookup: 'id', contactValue: 'ffffffffffffffffffffffff', content: 'Hi' },
			error: 'Intercom answered 404: User Not Found (item 0)',
			httpCode: '404',
		},
		{
			name: 'Intercom: wrong token',
			platform: 'intercom' as const,
			credentials: { accessToken: fixtures.WRONG_SECRET },
			parameters: { platform: 'intercom', intercomOperation: 'startConversation', contactLookup: 'id', contactValue: '6762f1571bb69f9f2193bb01', content: 'Hi' },
			error: 'Intercom answered 401: Access Token Invalid (item 0)',
			httpCode: '401',
		},
		{
			name: 'Re:amaze: unknown conversation',
			platform: 'reamaze' as const,
			parameters: { platform: 'reamaze', conversationId: 'no-such-conversation', content: 'Hi' },
			error: /^Re:amaze answered 404: .+ \(item 0\)$/,
			httpCode: '404',
		},
		{
			name: 'Re:amaze: wrong token',
			platform: 'reamaze' as const,
			credentials: { apiToken: fixtures.WRONG_SECRET },
			parameters: { platform: 'reamaze', conversationId: 'refund-request', content: 'Hi' },
			error: 'Re:amaze answered 403: Invalid login credentials (item 0)',
			httpCode: '403',
		},
	];

	test.each(cases)('$name', async ({ platform, parameters, credentials, error, httpCode }) => {
		const result = await runNode({ parameters, credentials: credentialsFor(mocks(), platform, credentials) });
		expect(result.error?.name).toBe('NodeApiError');
		if (typeof error === 'string') expect(result.error?.message).toBe(error);
		else expect(result.error?.message).toMatch(error);
		expect(result.error?.httpCode).toBe(httpCode);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(result.error?.description).toBeTruthy();
	});
});

describe('Intercom contact lookup', () => {
	test('an email shared by several contacts fails clearly, and nothing is posted', async () => {
		const result = await runNode({
			parameters: { platform: 'intercom', intercomOperation: 'startConversation', contactLookup: 'email', contactValue: fixtures.INTERCOM.sharedEmail, content: 'Hi' },
			credentials: credentialsFor(mocks(), 'intercom'),
		});
		expect(result.error?.message).toBe(`Contact "${fixtures.INTERCOM.sharedEmail}" matches 2 Intercom contacts by email (item 0)`);
		expect(result.error?.description).toMatch(/Intercom contact ID/);
		expect(mocks().intercom.requests.map((request) => request.path)).toEqual(['/contacts/search']);
	});

	test('an email nobody has fails clearly', async () => {
		const result = await runNode({
			parameters: { platform: 'intercom', intercomOperation: 'startConversation', contactLookup: 'email', contactValue: 'nobody@nowhere.example', content: 'Hi' },
			credentials: credentialsFor(mocks(), 'intercom'),
		});
		expect(result.error?.message).toBe('Contact "nobody@nowhere.example" matches no Intercom contact by email (item 0)');
		expect(mocks().intercom.messages).toHaveLength(0);
	});
});

describe('a batch with one bad conversation among many', () => {
	const parameters = { platform: 'ninetyNineDigital', accountId: '7', conversationId: '={{ $json.conversation }}', content: '=Message {{ $json.n }}' };
	const items = Array.from({ length: 12 }, (_, n) => ({ json: { n, conversation: n === 5 ? 5000 : 100 + n } }));

	test('Continue On Fail: one output item per input, in order, paired; the bad one says why; the rest are created', async () => {
		const result = await runNode({ parameters, items, credentials: credentialsFor(mocks(), 'ninetyNineDigital'), continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.output?.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(result.output?.[5].json).toEqual({ error: '99digital (Chatwoot) answered 404: Resource could not be found (item 5)' });
		expect(result.output?.[5].error).toMatchObject({ httpCode: '404', description: expect.stringMatching(/conversation id/) });
		result.output?.forEach((item, index) => {
			if (index !== 5) expect(item.json.content).toBe(`Message ${index}`);
		});
		expect(mocks().ninetyNineDigital.messages.map((message) => message.content).sort()).toEqual(
			items.filter((_, n) => n !== 5).map(({ json }) => `Message ${json.n}`).sort(),
		);
	});

	test('without Continue On Fail the node fails naming item 5', async () => {
		const result = await runNode({ parameters, items, credentials: credentialsFor(mocks(), 'ninetyNineDigital') });
		expect(result.error?.message).toBe('99digital (Chatwoot) answered 404: Resource could not be found (item 5)');
		expect(result.error?.context?.itemIndex).toBe(5);
	});
});
