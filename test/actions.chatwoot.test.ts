/**
 * Conversation Actions on the Chatwoot family (99digital / any Chatwoot; LiveDesk's status and
 * contacts), through n8n's engine to the strict mocks: each operation's requests and output, a
 * second identical run that changes nothing, unknown ids, vendor errors, bot tokens, Continue On Fail.
 */
import { ACTIONS_NODE_TYPE, runNode } from './helpers/engine';
import { credentialsFor, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
const chatwoot = () => mocks().ninetyNineDigital;

type Parameters = Record<string, unknown>;
interface More {
	items?: Array<{ json: Record<string, unknown> }>;
	continueOnFail?: boolean;
	token?: string;
}

const run = async (parameters: Parameters, more: More = {}) =>
	await runNode({
		nodeType: ACTIONS_NODE_TYPE,
		parameters: { platform: 'ninetyNineDigital', accountId: '7', ...parameters } as never,
		credentials: credentialsFor(mocks(), 'ninetyNineDigital', more.token ? { accessToken: more.token } : {}),
		items: more.items as never,
		continueOnFail: more.continueOnFail,
	});
const conversation = (operation: string, conversationId: unknown, parameters: Parameters = {}, more: More = {}) =>
	run({ resource: 'conversation', operation, conversationId: { __rl: true, mode: 'id', value: conversationId }, ...parameters }, more);

describe('Conversation → Get', () => {
	test('the conversation, normalised, with the vendor\'s own answer as raw', async () => {
		chatwoot().seedConversation(12, { status: 'pending', assignee: { type: 'User', id: 2 }, teamId: 8, labels: ['vip'], priority: 'high' });
		const result = await conversation('get', '12');
		expect(result.error).toBeUndefined();
		expect(chatwoot().requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/accounts/7/conversations/12']);
		const [item] = result.output!;
		expect(item.json).toEqual({
			platform: 'ninetyNineDigital',
			conversationId: '12',
			accountId: 7,
			status: 'pending',
			vendorStatus: 'pending',
			assignee: { id: 2, name: 'Eli Agent', email: 'eli.agent@acme.example' },
			team: { id: 8, name: 'Shipping' },
			labels: ['vip'],
			priority: 'high',
			contact: { id: 1012, name: 'Contact 12', email: 'contact12@customer.example', phone: null },
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			raw: expect.objectContaining({ id: 12, status: 'pending' }),
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('an unknown conversation: the vendor\'s 404 with its message, naming the item', async () => {
		const result = await conversation('get', '5000');
		expect(result.error?.message).toBe('99digital (Chatwoot) answered 404: Resource could not be found (item 0)');
	});

	test('an operation the platform lacks (saved by hand or another version): an error naming the parameter and the item, nothing sent', async () => {
		const result = await conversation('archive', '12');
		expect(result.error?.message).toBe('Operation "archive" is not a 99digital / Chatwoot conversation operation (item 0)');
		expect(chatwoot().requests).toHaveLength(0);
	});

	test('a platform without actions says so', async () => {
		const result = await runNode({
			nodeType: ACTIONS_NODE_TYPE,
			parameters: { platform: 'engageLab', resource: 'conversation', operation: 'get' } as never,
			credentials: credentialsFor(mocks(), 'engageLab'),
		});
		expect(result.error?.message).toMatch(/^Platform EngageLab LiveDesk has no conversation actions in this version \(item 0\)$/);
	});
});
