/**
 * Start a Conversation: the contact found by an exact match (or created), the conversation
 * opened, the first message and the files sent, through n8n's engine to the strict mocks.
 */
import { randomBytes } from 'crypto';

import { deduplicationStore, inlineBinary, runNode } from './helpers/engine';
import { credentialsFor, sha256, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
beforeEach(() => deduplicationStore.reset());

describe('99digital / Chatwoot: Start a Conversation', () => {
	const chatwoot = () => mocks().ninetyNineDigital;
	const START = {
		platform: 'ninetyNineDigital',
		chatwootOperation: 'startConversation',
		accountId: '7',
		inboxId: '3',
		contactBy: 'email',
		contactValue: 'noa@customer.example',
		content: 'Your order shipped',
	};
	const start = async (parameters: Record<string, unknown> = {}, more: { items?: never[]; continueOnFail?: boolean } = {}) =>
		await runNode({
			parameters: { ...START, ...parameters } as never,
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
			...more,
		});
	const posts = () => chatwoot().requests.filter((request) => request.method === 'POST');

	test('finds the contact by exact email among substring matches, opens the conversation, sends the first message', async () => {
		const result = await start({ conversationFields: { status: 'pending', assigneeId: 2, teamId: 8 } });
		expect(result.error).toBeUndefined();
		const [search] = chatwoot().requests;
		expect(search.path).toBe('/api/v1/accounts/7/contacts/search');
		expect(search.query).toEqual({ q: 'noa@customer.example', page: '1' });
		// benoa@… contains noa@… too: only the exact one counts.
		expect((search.response as { payload: unknown[] }).payload).toHaveLength(2);
		const [create, message] = posts();
		expect(create.path).toBe('/api/v1/accounts/7/conversations');
		expect(create.json).toEqual({ inbox_id: 3, contact_id: 51, status: 'pending', assignee_id: 2, team_id: 8 });
		const conversationId = (create.response as { id: number }).id;
		expect(message.path).toBe(`/api/v1/accounts/7/conversations/${conversationId}/messages`);
		expect(message.json).toEqual({ content: 'Your order shipped', message_type: 'outgoing', private: false });
		expect(chatwoot().messages).toMatchObject([{ conversationId, content: 'Your order shipped', messageType: 'outgoing' }]);
		const json = result.output?.[0].json;
		expect(json).toMatchObject({ conversationId, accountId: 7, inboxId: 3, contact: { id: 51, email: 'noa@customer.example' } });
		expect(json?.conversation).toMatchObject({ id: conversationId, status: 'pending', meta: { assignee: { id: 2 }, team: { id: 8 } } });
		expect(json?.message).toMatchObject({ content: 'Your order shipped', conversation_id: conversationId });
		expect(result.output?.[0].pairedItem).toEqual({ item: 0 });
	});

	test('finds by phone number: "+" reaches the search as itself, and a longer number containing it does not count', async () => {
		const result = await start({ contactBy: 'phoneNumber', contactValue: '+972501234567' });
		expect(result.error).toBeUndefined();
		expect(chatwoot().requests[0].query.q).toBe('+972501234567');
		expect(result.output?.[0].json.contact).toMatchObject({ id: 51 });
	});

	test('identifier matches case-sensitively, as Chatwoot stores it', async () => {
		const result = await start({ contactBy: 'identifier', contactValue: 'CRM-51' });
		expect(result.error?.message).toBe('Contact "CRM-51" matches no contact by identifier (item 0)');
	});

	test('missing with Create Contact If Missing off: the item fails, nothing is created', async () => {
		const result = await start({ contactValue: 'new@customer.example' });
		expect(result.error?.message).toBe('Contact "new@customer.example" matches no contact by email (item 0)');
		expect(result.error?.description).toMatch(/Create Contact If Missing/);
		expect(posts()).toHaveLength(0);
	});

	test('missing with Create Contact If Missing on: created in the inbox, then the conversation with it', async () => {
		const result = await start({ contactValue: 'new@customer.example', createContactIfMissing: true, contactName: 'New Customer' });
		expect(result.error).toBeUndefined();
		const [createContact, createConversation] = posts();
		expect(createContact.path).toBe('/api/v1/accounts/7/contacts');
		expect(createContact.json).toEqual({ email: 'new@customer.example', inbox_id: 3, name: 'New Customer' });
		const contactId = chatwoot().contacts.find((contact) => contact.email === 'new@customer.example')?.id;
		expect(createConversation.json).toEqual({ inbox_id: 3, contact_id: contactId });
		expect(result.output?.[0].json.contact).toMatchObject({ id: contactId, name: 'New Customer', email: 'new@customer.example' });
	});

	test('two items for one new contact: the second finds the contact the first created', async () => {
		const result = await start(
			{ contactValue: '={{ $json.email }}', createContactIfMissing: true },
			{ items: [{ json: { email: 'twice@customer.example' } }, { json: { email: 'twice@customer.example' } }] as never[] },
		);
		expect(result.error).toBeUndefined();
		expect(chatwoot().contacts.filter((contact) => contact.email === 'twice@customer.example')).toHaveLength(1);
		expect(chatwoot().conversations.size).toBe(2);
	});

	test('several exact matches: a clear error naming them, nothing created', async () => {
		const result = await start({ contactBy: 'phoneNumber', contactValue: '+972521111111', createContactIfMissing: true });
		expect(result.error?.message).toBe('Contact "+972521111111" matches 2 contacts by phone number (ids 53, 54) (item 0)');
		expect(posts()).toHaveLength(0);
	});

	test('WhatsApp template: the current processed_params shape on the first message', async () => {
		const result = await start({
			inboxId: '6',
			contactBy: 'phoneNumber',
			contactValue: '+972501234567',
			content: 'Hi Noa, order 1234 shipped',
			whatsappTemplate: {
				name: 'order_shipped',
				category: 'UTILITY',
				language: 'en_US',
				body: '{"1": "Noa", "2": "1234"}',
				headerMediaUrl: 'https://shop.example/label.pdf',
				headerMediaType: 'document',
				headerMediaName: 'label.pdf',
				buttons: '[{"type": "url", "parameter": "orders/1234"}, {"type": "copy_code", "parameter": "THANKS10"}]',
			},
		});
		expect(result.error).toBeUndefined();
		const message = posts()[1];
		expect(message.json).toEqual({
			content: 'Hi Noa, order 1234 shipped',
			message_type: 'outgoing',
			private: false,
			template_params: {
				name: 'order_shipped',
				category: 'UTILITY',
				language: 'en_US',
				processed_params: {
					body: { '1': 'Noa', '2': '1234' },
					header: { media_url: 'https://shop.example/label.pdf', media_type: 'document', media_name: 'label.pdf' },
					buttons: [
						{ type: 'url', parameter: 'orders/1234' },
						{ type: 'copy_code', parameter: 'THANKS10' },
					],
				},
			},
		});
		expect(result.output?.[0].json.conversation).toMatchObject({ inbox_id: 6, contact_inbox: { source_id: '972501234567' } });
	});

	test('a WhatsApp inbox refuses a contact without a phone number: the vendor message, no message sent', async () => {
		const result = await start({ inboxId: '6', contactValue: 'nophone@customer.example' });
		expect(result.error?.message).toBe('99digital (Chatwoot) answered 422: Validation failed: Source invalid source id for whatsapp inbox (item 0)');
		expect(chatwoot().messages).toHaveLength(0);
	});

	test('files go as a second message into the new conversation, byte-exact', async () => {
		const pdf = randomBytes(40_000);
		const result = await start(
			{ attachments: 'invoice' },
			{ items: [{ json: {}, binary: { invoice: inlineBinary(pdf, 'invoice.pdf', 'application/pdf') } }] as never[] },
		);
		expect(result.error).toBeUndefined();
		const [, first, files] = posts();
		expect(first.json).toEqual({ content: 'Your order shipped', message_type: 'outgoing', private: false });
		expect(files.path).toBe(first.path);
		expect(files.files.map(({ field, filename, sha256: hash }) => ({ field, filename, hash }))).toEqual([
			{ field: 'attachments[]', filename: 'invoice.pdf', hash: sha256(pdf) },
		]);
		expect(result.output?.[0].json.attachmentsMessage).toMatchObject({ attachments: [{ file_type: 'file' }] });
	});

	test('every item is checked before any request: a bad phone number names the field and the item', async () => {
		const result = await start(
			{ contactBy: 'phoneNumber', contactValue: '={{ $json.phone }}' },
			{ items: [{ json: { phone: '+972501234567' } }, { json: { phone: '050-1234567' } }] as never[] },
		);
		expect(result.error?.message).toBe('Contact must be a phone number in E.164 form, e.g. +972501234567, got "050-1234567" (item 1)');
		expect(chatwoot().requests).toHaveLength(0);
	});

	test.each([
		[{ whatsappTemplate: { name: 'order_shipped' } }, 'WhatsApp Template → Language is empty (item 0)'],
		[{ whatsappTemplate: { name: 'x', language: 'en', buttons: '[{"type": "copy_code", "parameter": "A-CODE-LONGER-THAN-15"}]' } }, 'WhatsApp Template → Button Parameters → 0 is a copy code of 21 characters; WhatsApp takes at most 15 (item 0)'],
		[{ conversationFields: { status: 'closed' } }, 'Status must be one of open, resolved, pending, snoozed, got "closed" (item 0)'],
		[{ content: '' }, 'Content is empty (item 0)'],
	])('refused before sending: %j', async (parameters, message) => {
		const result = await start(parameters);
		expect(result.error?.message).toBe(message);
		expect(chatwoot().requests).toHaveLength(0);
	});

	test('a failed first message leaves the conversation: the error says which, Continue On Fail keeps order', async () => {
		chatwoot().failNext({ status: 422, body: { error: 'Validation failed: Too many messages' }, match: (request) => /\/messages$/.test(request.path) });
		const result = await start(
			{ contactValue: '={{ $json.email }}' },
			{ items: [{ json: { email: 'noa@customer.example' } }, { json: { email: 'benoa@customer.example' } }] as never[], continueOnFail: true },
		);
		expect(result.output).toHaveLength(2);
		expect(result.output?.[0].json.error).toBe('99digital (Chatwoot) answered 422: Validation failed: Too many messages (item 0)');
		expect(result.output?.[1].json).toMatchObject({ contact: { id: 52 } });
		expect(result.output?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(chatwoot().conversations.size).toBe(2);
	});

	test('a Deduplication Key keeps a re-run from opening a second conversation, even when the first message failed', async () => {
		const options = { deduplicationKey: 'order-1234-shipped' };
		chatwoot().failNext({ status: 422, body: { error: 'Validation failed: Too many messages' }, match: (request) => /\/messages$/.test(request.path) });
		const failed = await start({ options });
		expect(failed.error?.description).toMatch(/^Conversation #\d+ was created, but its first message was not/);
		const again = await start({ options });
		expect(again.output?.[0].json).toMatchObject({ skipped: true, deduplicationKey: 'order-1234-shipped' });
		expect(chatwoot().conversations.size).toBe(1);
	});

	test.each([
		['502 after the conversation was created', { status: 502, body: 'Bad Gateway' }, /^99digital \(Chatwoot\) answered 502: Bad Gateway \(item 0\)$/],
		['a connection dropped after the conversation was created', { dropConnection: true }, /^Could not reach 99digital \(Chatwoot\) at .*: the connection was closed before an answer came \(item 0\)$/],
	])('%s, with Retry on Server Errors on: never requested again — one conversation, and the error says the conversation may exist', async (_, fault, message) => {
		// The vendor stores the conversation as it fails the answer.
		chatwoot().failNext({ ...fault, storeAfterMs: 0, match: (request) => request.method === 'POST' && request.path === '/api/v1/accounts/7/conversations' });
		const result = await start({ options: { retryOnServerErrors: true, maxRetries: 3, readBackDelay: 0 } });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/the conversation may (exist|or may not have been created)/i);
		expect(result.error?.description).toMatch(/Check the contact's conversations before re-running/);
		expect(result.error?.description).not.toMatch(/Retry on Server Errors|the message/i);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(posts().filter((request) => request.path === '/api/v1/accounts/7/conversations')).toHaveLength(1);
		expect(chatwoot().conversations.size).toBe(1);
		expect(chatwoot().messages).toHaveLength(0);
	});

	test('the existing send operation is unchanged for workflows saved without the new parameter', async () => {
		const result = await runNode({
			parameters: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '5', content: 'Hi' },
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		expect(result.error).toBeUndefined();
		expect(chatwoot().requests.map((request) => request.path)).toEqual(['/api/v1/accounts/7/conversations/5/messages']);
	});
});

describe('Intercom: Message From an Admin', () => {
	const intercom = () => mocks().intercom;
	const ADMIN_MESSAGE = {
		platform: 'intercom',
		intercomOperation: 'adminMessage',
		adminId: '991267459',
		contactLookup: 'email',
		contactValue: 'joe@bloggs.example',
		content: 'Your order shipped',
	};
	const message = async (parameters: Record<string, unknown> = {}, more: { items?: never[]; continueOnFail?: boolean } = {}) =>
		await runNode({
			parameters: { ...ADMIN_MESSAGE, ...parameters } as never,
			credentials: credentialsFor(mocks(), 'intercom'),
			...more,
		});

	test('email with subject and template to the user found by email, opening the conversation at once', async () => {
		const result = await message({
			adminMessageType: 'email',
			subject: 'Order 1234',
			emailTemplate: 'personal',
			createConversationWithoutContactReply: true,
		});
		expect(result.error).toBeUndefined();
		const [search, send] = intercom().requests;
		expect(search.json).toEqual({ query: { field: 'email', operator: '=', value: 'joe@bloggs.example' } });
		expect([send.method, send.path]).toEqual(['POST', '/messages']);
		expect(send.json).toEqual({
			message_type: 'email',
			body: 'Your order shipped',
			from: { type: 'admin', id: '991267459' },
			to: { type: 'user', id: '6762f1571bb69f9f2193bb01' },
			create_conversation_without_contact_reply: true,
			subject: 'Order 1234',
			template: 'personal',
		});
		const json = result.output?.[0].json;
		expect(json?.conversationId).toBe((send.response as { conversation_id: string }).conversation_id);
		expect(json?.conversationId).toEqual(expect.any(String));
		expect(json).toMatchObject({ contact: { id: '6762f1571bb69f9f2193bb01' }, message: { type: 'admin_message', message_type: 'email' } });
	});

	test('in-app to a lead by Intercom id: its role read first; without the flag no conversation yet', async () => {
		const result = await message({ contactLookup: 'id', contactValue: '6762f1571bb69f9f2193bb02' });
		expect(result.error).toBeUndefined();
		const [read, send] = intercom().requests;
		expect([read.method, read.path]).toEqual(['GET', '/contacts/6762f1571bb69f9f2193bb02']);
		expect(send.json).toMatchObject({ message_type: 'inapp', to: { type: 'lead', id: '6762f1571bb69f9f2193bb02' }, create_conversation_without_contact_reply: false });
		expect(send.json).not.toHaveProperty('subject');
		expect(result.output?.[0].json.conversationId).toBeNull();
	});

	test('an email needs a subject: refused before any request, naming field and item', async () => {
		const result = await message(
			{ adminMessageType: 'email', subject: '={{ $json.subject }}' },
			{ items: [{ json: { subject: 'Order 1' } }, { json: { subject: ' ' } }] as never[] },
		);
		expect(result.error?.message).toBe('Subject is empty (item 1)');
		expect(intercom().requests).toHaveLength(0);
	});

	test('an email shared by a user and a lead: ambiguous, nothing sent', async () => {
		const result = await message({ contactValue: 'shared@customer.example' });
		expect(result.error?.message).toBe('Contact "shared@customer.example" matches 2 Intercom contacts by email (item 0)');
		expect(intercom().messages).toHaveLength(0);
	});

	test('an unknown contact id: Intercom\'s 404 and message', async () => {
		const result = await message({ contactLookup: 'id', contactValue: 'ffffffffffffffffffffffff' });
		expect(result.error?.message).toMatch(/^Intercom answered 404: /);
		expect(intercom().messages).toHaveLength(0);
	});

	test('a lost answer is not sent again: the message may exist, and the Deduplication Key stays', async () => {
		intercom().failNext({ status: 502, afterCreate: true, match: (request) => request.path === '/messages' });
		const options = { deduplicationKey: 'order-1234' };
		const lost = await message({ options });
		expect(lost.error?.message).toMatch(/^Intercom answered 502/);
		expect(intercom().requests.filter((request) => request.path === '/messages')).toHaveLength(1);
		const again = await message({ options });
		expect(again.output?.[0].json).toMatchObject({ skipped: true });
		expect(intercom().messages).toHaveLength(1);
	});
});

describe('User.com: Start a Conversation', () => {
	const userEngage = () => mocks().userEngage;
	const START = {
		platform: 'userEngage',
		userEngageOperation: 'startConversation',
		userEmail: 'JaneRoe@response.example',
		content: '<p>Your order shipped</p>',
		agentId: '926',
	};
	const start = async (parameters: Record<string, unknown> = {}) =>
		await runNode({ parameters: { ...START, ...parameters } as never, credentials: credentialsFor(mocks(), 'userEngage') });

	test('finds the user by email, opens the conversation with the first message, source and context', async () => {
		const result = await start({ additionalFields: { source: 2, sourceContext: '{"order": 1234}' } });
		expect(result.error).toBeUndefined();
		const [search, create] = userEngage().requests;
		expect([search.method, search.path, search.query]).toEqual(['GET', '/api/public/users/search/', { email: 'JaneRoe@response.example' }]);
		expect([create.method, create.path]).toEqual(['POST', '/api/public/users/322843/conversations/']);
		expect(create.json).toEqual({ content: '<p>Your order shipped</p>', user: 926, source: 2, source_context: { order: 1234 } });
		const json = result.output?.[0].json;
		expect(json).toMatchObject({ contact: { id: 322843, email: 'janeroe@response.example' }, conversation: { active: true, agent: 926 } });
		expect(json?.conversationId).toBe((create.response as { id: number }).id);
		expect(userEngage().messages).toMatchObject([{ conversationId: json?.conversationId, content: '<p>Your order shipped</p>' }]);
	});

	test('the next node replies into the new conversation with its conversationId', async () => {
		const started = await start();
		const reply = await runNode({
			parameters: { platform: 'userEngage', conversationId: String(started.output?.[0].json.conversationId), content: 'Tracking: 42', agentId: '926' },
			credentials: credentialsFor(mocks(), 'userEngage'),
		});
		expect(reply.error).toBeUndefined();
		expect(userEngage().messages.map((message) => message.conversationId)).toEqual([started.output?.[0].json.conversationId, started.output?.[0].json.conversationId]);
	});

	test('no user with the email: the item fails naming the field, nothing created', async () => {
		const result = await start({ userEmail: 'nobody@response.example' });
		expect(result.error?.message).toBe('User Email "nobody@response.example" matches no User.com user (item 0)');
		expect(userEngage().requests.filter((request) => request.method === 'POST')).toHaveLength(0);
	});

	test('the agent must exist: User.com\'s validation message and status', async () => {
		const result = await start({ agentId: '999' });
		expect(result.error?.message).toMatch(/^User\.com.* answered 400: .*Invalid pk "999" - object does not exist\./);
		expect(userEngage().messages).toHaveLength(0);
	});

	test('a lost answer is not sent again (the conversation may exist)', async () => {
		userEngage().failNext({ status: 502, afterCreate: true, match: (request) => request.method === 'POST' });
		const result = await start();
		expect(result.error?.message).toMatch(/answered 502/);
		expect(userEngage().requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});
});

describe('Re:amaze: Start a Conversation', () => {
	const reamaze = () => mocks().reamaze;
	const START = {
		platform: 'reamaze',
		reamazeOperation: 'startConversation',
		customerEmail: 'noa@customer.example',
		customerName: 'Noa Levi',
		subject: 'Order 1234 shipped',
		channel: 'support',
		content: 'Your order **1234** is on its way.',
	};
	const start = async (parameters: Record<string, unknown> = {}) =>
		await runNode({ parameters: { ...START, ...parameters } as never, credentials: credentialsFor(mocks(), 'reamaze') });

	test('creates the conversation with customer, subject, channel, tags, status and first message', async () => {
		const result = await start({ conversationFields: { tags: 'shipping, order', status: 1, data: '{"order": "1234"}', suppressNotifications: true } });
		expect(result.error).toBeUndefined();
		const [create] = reamaze().requests;
		expect([create.method, create.path]).toEqual(['POST', '/api/v1/conversations']);
		expect(create.json).toEqual({
			conversation: {
				subject: 'Order 1234 shipped',
				category: 'support',
				tag_list: ['shipping', 'order'],
				status: 1,
				data: { order: '1234' },
				message: { body: 'Your order **1234** is on its way.', suppress_notifications: true },
				user: { name: 'Noa Levi', email: 'noa@customer.example' },
			},
		});
		const json = result.output?.[0].json;
		expect(json).toMatchObject({ conversationId: 'order-1234-shipped', contact: { email: 'noa@customer.example' }, conversation: { slug: 'order-1234-shipped', status: 1 } });
	});

	test('the next node replies into the new conversation by its slug', async () => {
		const started = await start();
		const reply = await runNode({
			parameters: { platform: 'reamaze', conversationId: String(started.output?.[0].json.conversationId), content: 'Tracking: 42' },
			credentials: credentialsFor(mocks(), 'reamaze'),
		});
		expect(reply.error).toBeUndefined();
		expect(reamaze().messages.map((message) => message.conversationId)).toEqual(['order-1234-shipped', 'order-1234-shipped']);
	});

	test('an unknown channel: Re:amaze\'s 422 and its message', async () => {
		const result = await start({ channel: 'no-such-channel' });
		expect(result.error?.message).toBe('Re:amaze answered 422: Validation failed: Category is invalid (item 0)');
		expect(reamaze().messages).toHaveLength(0);
	});

	test('a customer email that is not one: refused before any request', async () => {
		const result = await start({ customerEmail: '={{ "noa at customer" }}' });
		expect(result.error?.message).toBe('Customer Email is not a valid email address: "noa at customer" (item 0)');
		expect(reamaze().requests).toHaveLength(0);
	});

	test('a lost answer is not sent again (the conversation may exist)', async () => {
		reamaze().failNext({ status: 502, afterCreate: true, match: (request) => request.method === 'POST' });
		const result = await start();
		expect(result.error?.message).toMatch(/answered 502/);
		expect(reamaze().requests.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(reamaze().messages).toHaveLength(1);
	});
});

describe('EngageLab LiveDesk: Start a Conversation', () => {
	const engageLab = () => mocks().engageLab;
	const START = {
		platform: 'engageLab',
		engageLabOperation: 'startConversation',
		inboxId: '79',
		contactBy: 'email',
		contactValue: 'siti@customer.example',
		content: 'Your order shipped',
	};
	const start = async (parameters: Record<string, unknown> = {}, more: { items?: never[] } = {}) =>
		await runNode({ parameters: { ...START, ...parameters } as never, credentials: credentialsFor(mocks(), 'engageLab'), ...more });
	const posts = () => engageLab().requests.filter((request) => request.method === 'POST');

	test('contact found by exact email → conversation → message, on the v2 paths', async () => {
		const result = await start();
		expect(result.error).toBeUndefined();
		const [search] = engageLab().requests;
		expect([search.method, search.path, search.query]).toEqual(['GET', '/api/v2/accounts/contacts', { q: 'siti@customer.example', page: '1' }]);
		const [conversation, message] = posts();
		expect([conversation.path, conversation.json]).toEqual(['/api/v2/accounts/conversations', { inbox_id: 79, contact_id: 102 }]);
		const conversationId = (conversation.response as { id: number }).id;
		expect([message.path, message.json]).toEqual([`/api/v2/accounts/conversations/${conversationId}/messages`, { content: 'Your order shipped' }]);
		expect(result.output?.[0].json).toMatchObject({ conversationId, contact: { id: 102 }, message: { conversation_id: conversationId } });
	});

	test('missing: created with the inbox when asked, refused otherwise', async () => {
		const refused = await start({ contactBy: 'phoneNumber', contactValue: '+6580000009' });
		expect(refused.error?.message).toBe('Contact "+6580000009" matches no contact by phone number (item 0)');
		expect(posts()).toHaveLength(0);
		const created = await start({ contactBy: 'phoneNumber', contactValue: '+6580000009', createContactIfMissing: true, contactName: 'Dewi' });
		expect(created.error).toBeUndefined();
		expect(posts()[0].json).toEqual({ phone_number: '+6580000009', inbox_id: 79, name: 'Dewi' });
		expect(created.output?.[0].json.contact).toMatchObject({ name: 'Dewi', phone_number: '+6580000009' });
	});

	test('files as a second message into the new conversation', async () => {
		const image = randomBytes(5_000);
		const result = await start(
			{ attachments: 'photo' },
			{ items: [{ json: {}, binary: { photo: inlineBinary(image, 'parcel.jpg', 'image/jpeg') } }] as never[] },
		);
		expect(result.error).toBeUndefined();
		const files = posts()[2];
		expect(files.fields).toEqual({ content: '' });
		expect(files.files.map((file) => file.sha256)).toEqual([sha256(image)]);
	});

	test('an unknown inbox: LiveDesk\'s 404', async () => {
		const result = await start({ inboxId: '80' });
		expect(result.error?.message).toBe('EngageLab LiveDesk answered 404: Resource could not be found (item 0)');
	});
});
