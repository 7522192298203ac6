/**
 * Bad input, table-driven: each case makes item 1 of two invalid (item 0 is fine) and checks
 * the exact error — NodeOperationError, naming the parameter and the item — and that no request
 * reached any vendor: the node validates every item before it sends anything.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { inlineBinary, runNode } from './helpers/engine';
import { credentialsFor, useMockVendors } from './helpers/vendors';
import type { VendorKey } from '../mocks';

const mocks = useMockVendors();

const BASE: Record<string, { platform: VendorKey; parameters: INodeParameters }> = {
	userEngage: { platform: 'userEngage', parameters: { platform: 'userEngage', conversationId: '5', content: 'Hi', agentId: '926' } },
	engageLab: { platform: 'engageLab', parameters: { platform: 'engageLab', conversationId: '5', content: 'Hi' } },
	chatwoot: {
		platform: 'ninetyNineDigital',
		parameters: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '5', content: 'Hi' },
	},
	intercomStart: {
		platform: 'intercom',
		parameters: { platform: 'intercom', intercomOperation: 'startConversation', contactLookup: 'email', contactValue: 'joe@bloggs.example', content: 'Hi' },
	},
	intercomReply: {
		platform: 'intercom',
		parameters: { platform: 'intercom', intercomOperation: 'reply', conversationId: '524', replyAs: 'admin', adminId: '991267459', replyType: 'comment', content: 'Hi' },
	},
	reamaze: { platform: 'reamaze', parameters: { platform: 'reamaze', conversationId: 'refund-request', content: 'Hi' } },
};

const file = inlineBinary(Buffer.from('file'), 'a.txt', 'text/plain');
const manyFiles = (count: number) => Array.from({ length: count }, (_, index) => `f${index}`).join(',');
const withFiles = (count: number): INodeExecutionData['binary'] =>
	Object.fromEntries(Array.from({ length: count }, (_, index) => [`f${index}`, file]));

interface Case {
	name: string;
	base: keyof typeof BASE;
	/** The parameter (path) whose value comes from `$json.value`: `good` for item 0, `bad` for item 1. */
	parameter: string;
	good: unknown;
	bad: unknown;
	binary?: [INodeExecutionData['binary'], INodeExecutionData['binary']];
	error: RegExp;
}

const CASES: Case[] = [
	{ name: 'empty conversation id', base: 'chatwoot', parameter: 'conversationId', good: '5', bad: '', error: /^Conversation ID is empty \(item 1\)$/ },
	{ name: 'whitespace conversation id', base: 'engageLab', parameter: 'conversationId', good: '5', bad: '   ', error: /^Conversation ID is empty \(item 1\)$/ },
	{ name: 'non-numeric Chatwoot conversation id', base: 'chatwoot', parameter: 'conversationId', good: '5', bad: '12abc', error: /^Conversation ID must be a positive whole number, got "12abc" \(item 1\)$/ },
	{ name: 'negative conversation id', base: 'userEngage', parameter: 'conversationId', good: 5, bad: -3, error: /^Conversation ID must be a positive whole number, got -3 \(item 1\)$/ },
	{ name: 'fractional conversation id', base: 'chatwoot', parameter: 'conversationId', good: 5, bad: 1.5, error: /^Conversation ID must be a positive whole number, got 1\.5 \(item 1\)$/ },
	{ name: 'non-numeric account id', base: 'chatwoot', parameter: 'accountId', good: '7', bad: 'seven', error: /^Account ID must be a positive whole number, got "seven" \(item 1\)$/ },
	{ name: 'null conversation id from an expression', base: 'chatwoot', parameter: 'conversationId', good: '5', bad: null, error: /^Conversation ID is empty \(item 1\)$/ },
	{ name: 'undefined agent id from an expression', base: 'userEngage', parameter: 'agentId', good: '926', bad: undefined, error: /^Agent ID is empty \(item 1\)$/ },
	{ name: 'object as an id', base: 'userEngage', parameter: 'agentId', good: '926', bad: { id: 926 }, error: /^Agent ID must be text, got an object \(item 1\)$/ },
	{ name: 'slug with a slash', base: 'reamaze', parameter: 'conversationId', good: 'refund-request', bad: 'refund/request', error: /^Conversation Slug must be a single id without spaces, slashes, "\?" or "#", got "refund\/request" \(item 1\)$/ },
	{ name: 'empty content and no attachment (Chatwoot)', base: 'chatwoot', parameter: 'content', good: 'Hi', bad: '', error: /^Content is empty and no file is attached \(item 1\)$/ },
	{ name: 'whitespace content and no attachment (LiveDesk)', base: 'engageLab', parameter: 'content', good: 'Hi', bad: ' \n\t', error: /^Content is empty and no file is attached \(item 1\)$/ },
	{ name: 'empty content (User.com)', base: 'userEngage', parameter: 'content', good: 'Hi', bad: '', error: /^Content is empty \(item 1\)$/ },
	{ name: 'null content (Re:amaze)', base: 'reamaze', parameter: 'content', good: 'Hi', bad: null, error: /^Content is empty \(item 1\)$/ },
	{ name: 'content over Chatwoot\'s 150,000 characters', base: 'chatwoot', parameter: 'content', good: 'é'.repeat(150_000), bad: 'x'.repeat(150_001), error: /^Content is 150001 characters long; Chatwoot takes at most 150000 \(item 1\)$/ },
	{ name: 'invalid JSON in content attributes', base: 'chatwoot', parameter: 'additionalFields.contentAttributes', good: '{}', bad: '{"items": [', error: /^Content Attributes is not valid JSON: .+ \(item 1\)$/ },
	{ name: 'JSON list as template params', base: 'chatwoot', parameter: 'additionalFields.templateParams', good: '{"name":"t"}', bad: '[1,2]', error: /^Template Params must be a JSON object, got a list \(item 1\)$/ },
	{ name: 'invalid JSON in source context', base: 'userEngage', parameter: 'additionalFields.sourceContext', good: '{"a":1}', bad: "{'a': 1}", error: /^Source Context is not valid JSON: .+ \(item 1\)$/ },
	{ name: 'source out of range', base: 'userEngage', parameter: 'additionalFields.source', good: 2, bad: 9, error: /^Source must be one of 1–5, got "9" \(item 1\)$/ },
	{ name: 'unknown message type from an expression', base: 'chatwoot', parameter: 'messageType', good: 'outgoing', bad: 'sideways', error: /^Message Type must be one of incoming, outgoing, activity, template, got "sideways" \(item 1\)$/ },
	{ name: 'private that is not a boolean', base: 'chatwoot', parameter: 'private', good: 'true', bad: 'maybe', error: /^Private must be true or false, got "maybe" \(item 1\)$/ },
	{ name: 'non-numeric in-reply-to', base: 'engageLab', parameter: 'additionalFields.inReplyTo', good: '29', bad: 'msg-29', error: /^In Reply To must be a positive whole number, got "msg-29" \(item 1\)$/ },
	{ name: 'malformed Re:amaze sender email', base: 'reamaze', parameter: 'additionalFields.senderEmail', good: 'a@b.example', bad: 'agent.acme.example', error: /^Sender Email is not a valid email address: "agent\.acme\.example" \(item 1\)$/ },
	{ name: 'Re:amaze sender name without email', base: 'reamaze', parameter: 'additionalFields.senderName', good: '', bad: 'Agent', error: /^Sender Email is empty, but Sender Name is set \(item 1\)$/ },
	{ name: 'Re:amaze attachment URL that is not http(s)', base: 'reamaze', parameter: 'additionalFields.attachmentUrl', good: 'https://example.com/a.pdf', bad: 'javascript:alert(1)', error: /^Attachment URL must be an http\(s\) URL, got "javascript:alert\(1\)" \(item 1\)$/ },
	{ name: 'unknown Re:amaze visibility', base: 'reamaze', parameter: 'visibility', good: 'regular', bad: 'public', error: /^Visibility must be regular or internalNote, got "public" \(item 1\)$/ },
	{ name: 'HTML in Intercom\'s plain-text contact message (refused, not stripped)', base: 'intercomStart', parameter: 'content', good: 'a < b, and 2 > 1', bad: 'Hello <b>there</b>', error: /^Content contains HTML, which Intercom does not support in a message started by a contact \(item 1\)$/ },
	{ name: 'malformed Intercom contact email', base: 'intercomStart', parameter: 'contactValue', good: 'joe@bloggs.example', bad: 'joe@', error: /^Contact is not a valid email address: "joe@" \(item 1\)$/ },
	{ name: 'more than 10 Intercom attachment URLs', base: 'intercomReply', parameter: 'additionalFields.attachmentUrls', good: 'https://example.com/a', bad: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}`).join(','), error: /^Attachment URLs lists 11 links; Intercom takes at most 10 \(item 1\)$/ },
	{ name: 'Intercom attachment URL with another scheme', base: 'intercomReply', parameter: 'additionalFields.attachmentUrls', good: 'https://example.com/a', bad: 'ftp://example.com/a', error: /^Attachment URLs must be an http\(s\) URL, got "ftp:\/\/example\.com\/a" \(item 1\)$/ },
	{ name: 'Intercom "last" conversation as an admin', base: 'intercomReply', parameter: 'conversationId', good: '524', bad: 'last', error: /^Conversation ID "last" works only when replying as the contact \(item 1\)$/ },
	{ name: 'named binary property that is missing', base: 'chatwoot', parameter: 'attachments', good: 'data', bad: 'invoice', binary: [{ data: file }, { data: file }], error: /^Attachments names the binary property "invoice", which this item does not have \(item 1\)$/ },
	{ name: 'an item with no binary at all', base: 'engageLab', parameter: 'attachments', good: 'data', bad: 'data', binary: [{ data: file }, undefined], error: /^Attachments names the binary property "data", but this item has no binary data at all \(item 1\)$/ },
	{ name: 'more files than Chatwoot takes (15)', base: 'chatwoot', parameter: 'attachments', good: manyFiles(15), bad: manyFiles(16), binary: [withFiles(16), withFiles(16)], error: /^Attachments names 16 files; this platform takes at most 15 per message \(item 1\)$/ },
	{ name: 'more files than Intercom takes (10)', base: 'intercomReply', parameter: 'attachments', good: manyFiles(10), bad: manyFiles(11), binary: [withFiles(11), withFiles(11)], error: /^Attachments names 11 files; this platform takes at most 10 per message \(item 1\)$/ },
	{ name: 'a binary attachment for User.com', base: 'userEngage', parameter: 'attachments', good: '', bad: 'data', binary: [{ data: file }, { data: file }], error: /^Attachments is not supported: User\.com has no API for sending files \(item 1\)$/ },
	{ name: 'a binary attachment for Re:amaze', base: 'reamaze', parameter: 'attachments', good: '', bad: 'data', binary: [{ data: file }, { data: file }], error: /^Attachments is not supported: Re:amaze takes no file uploads, only a link to a file \(item 1\)$/ },
	{ name: 'a binary attachment for an Intercom contact message', base: 'intercomStart', parameter: 'attachments', good: '', bad: 'data', binary: [{ data: file }, { data: file }], error: /^Attachments is not supported: Intercom takes only attachment URLs when a contact starts a conversation \(item 1\)$/ },
];

/** Sets `a.b` in a parameters object. */
function setPath(target: INodeParameters, path: string, value: string) {
	const keys = path.split('.');
	let current = target as IDataObject;
	for (const key of keys.slice(0, -1)) current = (current[key] ??= {}) as IDataObject;
	current[keys[keys.length - 1]] = value;
}

function expectNothingSent() {
	for (const vendor of ['userEngage', 'engageLab', 'ninetyNineDigital', 'intercom', 'reamaze'] as const) {
		expect(mocks()[vendor].requests).toHaveLength(0);
	}
}

test('the matrix has at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

describe.each(CASES)('$name', ({ base, parameter, good, bad, binary, error }) => {
	const { platform, parameters } = BASE[base];
	const build = () => {
		const withExpression = JSON.parse(JSON.stringify(parameters)) as INodeParameters;
		setPath(withExpression, parameter, '={{ $json.value }}');
		const items: INodeExecutionData[] = [good, bad].map((value, index) => {
			const item: INodeExecutionData = { json: { value } as IDataObject };
			if (binary?.[index]) item.binary = binary[index];
			return item;
		});
		return { parameters: withExpression, items, credentials: credentialsFor(mocks(), platform) };
	};

	test('fails the node with an error naming the parameter and the item; sends nothing', async () => {
		const result = await runNode(build());
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(error);
		expect(result.error?.context?.itemIndex).toBe(1);
		expectNothingSent();
	});

	test('with Continue On Fail, item 1 becomes an error item and item 0 is still sent', async () => {
		const result = await runNode({ ...build(), continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		expect(result.output?.[0].json.error).toBeUndefined();
		expect(result.output?.[1]).toEqual({
			json: expect.objectContaining({ error: expect.stringMatching(error) }),
			// The error on the item itself routes it to the error output when that is chosen.
			error: expect.objectContaining({ message: expect.stringMatching(error) }),
			pairedItem: { item: 1 },
		});
	});
});

describe('credential and option problems stop the node before anything is sent', () => {
	const cases: Array<{ name: string; base: keyof typeof BASE; credentials?: IDataObject; parameters?: INodeParameters; error: RegExp }> = [
		{ name: 'base URL with another scheme', base: 'chatwoot', credentials: { baseUrl: 'ftp://127.0.0.1:9' }, error: /^The base URL of the 99digital \/ Chatwoot API credential must start with https:\/\/ or http:\/\/, got "ftp:"$/ },
		{ name: 'base URL with spaces', base: 'engageLab', credentials: { baseUrl: 'https://livedesk api.engagelab.com' }, error: /^The base URL of the EngageLab LiveDesk API credential contains spaces/ },
		{ name: 'User.com base URL with a path typo', base: 'userEngage', credentials: { baseUrl: 'https://acme.user.com/api/pubic' }, error: /^The base URL of the User\.com \(UserEngage\) API credential must end with \/api\/public, got "https:\/\/acme\.user\.com\/api\/pubic"$/ },
		{ name: 'Chatwoot base URL with the API path', base: 'chatwoot', credentials: { baseUrl: 'https://online.99digital.co.il/api/v1/' }, error: /must not end with \/api\/v1: use the address without it$/ },
		{ name: 'base URL with a password in it', base: 'reamaze', credentials: { baseUrl: 'https://agent:hunter2@acme.reamaze.io' }, error: /^The base URL of the Re:amaze API credential must not contain a user name or password$/ },
		{ name: 'unknown Intercom region', base: 'intercomReply', credentials: { region: 'mars' }, error: /^The Intercom Messaging API credential has an unknown region "mars"$/ },
		{ name: 'Re:amaze brand that is not a subdomain', base: 'reamaze', credentials: { brand: 'acme corp', baseUrl: '' }, error: /^The brand of the Re:amaze API credential must be the subdomain/ },
		{ name: 'concurrency out of range', base: 'chatwoot', parameters: { options: { concurrency: 0 } }, error: /^Option "Concurrency" must be a number from 1 to 50, got "0"$/ },
	];
	test.each(cases)('$name', async ({ base, credentials, parameters, error }) => {
		const { platform, parameters: baseParameters } = BASE[base];
		const [credential] = Object.entries(credentialsFor(mocks(), platform, credentials));
		const run = async (continueOnFail: boolean) =>
			await runNode({
				parameters: { ...baseParameters, ...parameters },
				items: [{ json: {} }, { json: {} }],
				credentials: { [credential[0]]: credential[1] },
				continueOnFail,
			});
		const failed = await run(false);
		expect(failed.error?.message).toMatch(error);
		expect(failed.error?.message).not.toContain('hunter2');
		// With Continue On Fail every item becomes an error item saying the same.
		const continued = await run(true);
		expect(continued.output?.map((item) => [String(item.json.error), item.pairedItem])).toEqual([
			[expect.stringMatching(error), { item: 0 }],
			[expect.stringMatching(error), { item: 1 }],
		]);
		expectNothingSent();
	});
});
