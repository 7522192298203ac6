/**
 * Each platform's happy path through n8n's real engine to the strict mock vendor: every panel
 * field checked on the wire, files byte-exact, expressions per item, output paired to input.
 */
import { randomBytes } from 'crypto';

import { inlineBinary, runNode, storedBinary } from './helpers/engine';
import { CREDENTIALS, credentialsFor, sha256, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();

function header(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

describe('User.com', () => {
	test('sends conversation, HTML content, agent, source and source context', async () => {
		const result = await runNode({
			parameters: {
				platform: 'userEngage',
				conversationId: '553',
				content: 'Hi <b>user</b>, enjoy our product!',
				agentId: '926',
				additionalFields: { source: 2, sourceContext: '{"name":"From n8n","id":123}' },
			},
			credentials: credentialsFor(mocks(), 'userEngage'),
		});
		expect(result.error).toBeUndefined();
		const [request] = mocks().userEngage.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/public/message/');
		expect(header(request.headers.authorization)).toBe(`Token ${CREDENTIALS.userEngage.apiKey}`);
		expect(header(request.headers.accept)).toBe('*/*; version=2');
		expect(request.json).toEqual({
			conversation: 553,
			content: 'Hi <b>user</b>, enjoy our product!',
			user: 926,
			source: 2,
			source_context: { name: 'From n8n', id: 123 },
		});
		expect(request.status).toBe(201);
		expect(result.output).toEqual([{ json: { success: true, statusCode: 201 }, pairedItem: { item: 0 } }]);
		expect(mocks().userEngage.messages).toHaveLength(1);
	});

	test('leaves out optional fields that are not set', async () => {
		await runNode({
			parameters: { platform: 'userEngage', conversationId: 7, content: 'Plain', agentId: 927 },
			credentials: credentialsFor(mocks(), 'userEngage'),
		});
		expect(mocks().userEngage.requests[0].json).toEqual({ conversation: 7, content: 'Plain', user: 927 });
	});
});

describe('EngageLab LiveDesk', () => {
	test('sends JSON with private and in_reply_to, authenticated with Basic key:secret', async () => {
		const result = await runNode({
			parameters: {
				platform: 'engageLab',
				conversationId: '141',
				content: 'Agent sending message, is it normal?',
				additionalFields: { private: true, inReplyTo: '29' },
			},
			credentials: credentialsFor(mocks(), 'engageLab'),
		});
		expect(result.error).toBeUndefined();
		const [request] = mocks().engageLab.requests;
		expect(request.path).toBe('/api/v2/accounts/conversations/141/messages');
		const basic = Buffer.from(`${CREDENTIALS.engageLab.apiKey}:${CREDENTIALS.engageLab.apiSecret}`).toString('base64');
		expect(header(request.headers.authorization)).toBe(`Basic ${basic}`);
		expect(request.json).toEqual({
			content: 'Agent sending message, is it normal?',
			private: true,
			content_attributes: { in_reply_to: 29 },
		});
		expect(result.output?.[0].json).toMatchObject({ content: 'Agent sending message, is it normal?', message_type: 1, private: true });
	});

	test('uploads several files as multipart attachments[], byte-exact, with the caption', async () => {
		const image = randomBytes(70_000);
		const pdf = randomBytes(123_457);
		const result = await runNode({
			executionId: 'engagelab-files',
			parameters: { platform: 'engageLab', conversationId: '141', content: 'Detailed image as follows', attachments: 'image, document' },
			items: [
				{
					json: {},
					binary: {
						image: await storedBinary('engagelab-files', image, 'photo.jpg', 'image/jpeg'),
						document: inlineBinary(pdf, 'invoice.pdf', 'application/pdf'),
					},
				},
			],
			credentials: credentialsFor(mocks(), 'engageLab'),
		});
		expect(result.error).toBeUndefined();
		const [request] = mocks().engageLab.requests;
		expect(header(request.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.lengthMismatch).toBeUndefined();
		expect(request.fields).toEqual({ content: 'Detailed image as follows' });
		expect(request.files.map(({ field, filename, contentType, size, sha256: hash }) => ({ field, filename, contentType, size, hash }))).toEqual([
			{ field: 'attachments[]', filename: 'photo.jpg', contentType: 'image/jpeg', size: image.length, hash: sha256(image) },
			{ field: 'attachments[]', filename: 'invoice.pdf', contentType: 'application/pdf', size: pdf.length, hash: sha256(pdf) },
		]);
		expect((result.output?.[0].json.attachments as unknown[]).length).toBe(2);
	});
});

describe('99digital / Chatwoot', () => {
	test('sends every panel field as JSON with the api_access_token header', async () => {
		const result = await runNode({
			parameters: {
				platform: 'ninetyNineDigital',
				accountId: '7',
				conversationId: '123',
				content: 'Pick one',
				messageType: 'outgoing',
				private: false,
				additionalFields: {
					contentType: 'input_select',
					contentAttributes: '{"items":[{"title":"Yes","value":"yes"},{"title":"No","value":"no"}]}',
					echoId: 'n8n-echo-1',
				},
			},
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		expect(result.error).toBeUndefined();
		const [request] = mocks().ninetyNineDigital.requests;
		expect(request.path).toBe('/api/v1/accounts/7/conversations/123/messages');
		expect(header(request.headers.api_access_token)).toBe(CREDENTIALS.ninetyNineDigital.accessToken);
		expect(request.json).toEqual({
			content: 'Pick one',
			message_type: 'outgoing',
			private: false,
			content_type: 'input_select',
			content_attributes: { items: [{ title: 'Yes', value: 'yes' }, { title: 'No', value: 'no' }] },
			echo_id: 'n8n-echo-1',
		});
		expect(result.output?.[0].json).toMatchObject({ content: 'Pick one', message_type: 1, echo_id: 'n8n-echo-1', conversation_id: 123 });
	});

	test('sends a private incoming template message with template params', async () => {
		await runNode({
			parameters: {
				platform: 'ninetyNineDigital',
				accountId: 7,
				conversationId: 5,
				content: 'Your order shipped',
				messageType: 'template',
				private: true,
				additionalFields: { templateParams: { name: 'order_shipped', category: 'UTILITY', language: 'en' } },
			},
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		expect(mocks().ninetyNineDigital.requests[0].json).toEqual({
			content: 'Your order shipped',
			message_type: 'template',
			private: true,
			template_params: { name: 'order_shipped', category: 'UTILITY', language: 'en' },
		});
	});

	test('uploads 15 files (the limit) byte-exact, text fields as multipart parts', async () => {
		const files = Array.from({ length: 15 }, (_, index) => randomBytes(1000 + index * 997));
		const binary = Object.fromEntries(
			await Promise.all(
				files.map(async (data, index) => [`file${index}`, await storedBinary('cw-15', data, `f${index}.bin`, 'application/octet-stream')]),
			),
		);
		const result = await runNode({
			executionId: 'cw-15',
			parameters: {
				platform: 'ninetyNineDigital',
				accountId: '7',
				conversationId: '9',
				content: 'Fifteen files',
				private: true,
				attachments: files.map((_, index) => `file${index}`).join(','),
				additionalFields: { contentAttributes: '{"in_reply_to": 4}' },
			},
			items: [{ json: {}, binary }],
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		expect(result.error).toBeUndefined();
		const [request] = mocks().ninetyNineDigital.requests;
		expect(request.fields).toEqual({
			content: 'Fifteen files',
			message_type: 'outgoing',
			private: 'true',
			content_attributes: '{"in_reply_to":4}',
		});
		expect(request.files.map((file) => file.sha256)).toEqual(files.map(sha256));
		expect(request.files.every((file) => file.field === 'attachments[]')).toBe(true);
		expect(mocks().ninetyNineDigital.messages[0].files).toHaveLength(15);
	});

	test('sends a file with no caption', async () => {
		const data = Buffer.from('just the file');
		const result = await runNode({
			parameters: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '3', content: '', attachments: 'data' },
			items: [{ json: {}, binary: { data: inlineBinary(data, 'note.txt', 'text/plain') } }],
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		expect(result.error).toBeUndefined();
		expect(mocks().ninetyNineDigital.requests[0].files[0]).toMatchObject({ filename: 'note.txt', contentType: 'text/plain', sha256: sha256(data) });
	});

	test('evaluates expressions per item; output keeps input order and pairing', async () => {
		const result = await runNode({
			parameters: {
				platform: 'ninetyNineDigital',
				accountId: '={{ $json.account }}',
				conversationId: '={{ $json.conversation }}',
				content: '=Hello {{ $json.name }}, your ticket #{{ $json.ticket }} is {{ $json.status.toUpperCase() }}',
				private: '={{ $json.internal }}',
			},
			items: [
				{ json: { account: 7, conversation: 11, name: 'Ana', ticket: 1, status: 'open', internal: false } },
				{ json: { account: '7', conversation: '12', name: 'Ben', ticket: 2, status: 'closed', internal: true } },
				{ json: { account: 7, conversation: 11, name: 'Cy', ticket: 3, status: 'pending', internal: 'false' } },
			],
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		expect(result.error).toBeUndefined();
		const sent = mocks().ninetyNineDigital.requests.map((request) => [request.path, request.json]);
		expect(sent).toEqual(
			expect.arrayContaining([
				['/api/v1/accounts/7/conversations/11/messages', { content: 'Hello Ana, your ticket #1 is OPEN', message_type: 'outgoing', private: false }],
				['/api/v1/accounts/7/conversations/12/messages', { content: 'Hello Ben, your ticket #2 is CLOSED', message_type: 'outgoing', private: true }],
				['/api/v1/accounts/7/conversations/11/messages', { content: 'Hello Cy, your ticket #3 is PENDING', message_type: 'outgoing', private: false }],
			]),
		);
		expect(result.output?.map((item) => [item.pairedItem, item.json.content])).toEqual([
			[{ item: 0 }, 'Hello Ana, your ticket #1 is OPEN'],
			[{ item: 1 }, 'Hello Ben, your ticket #2 is CLOSED'],
			[{ item: 2 }, 'Hello Cy, your ticket #3 is PENDING'],
		]);
		// Two messages into conversation 11 arrive in item order.
		expect(mocks().ninetyNineDigital.messages.filter((m) => String(m.conversationId) === '11').map((m) => m.content)).toEqual([
			'Hello Ana, your ticket #1 is OPEN',
			'Hello Cy, your ticket #3 is PENDING',
		]);
	});

	test('unicode (emoji, Hebrew, Arabic) arrives byte-exact', async () => {
		const content = 'שלום! مرحبا 👋🏽 — ״הזמנה״ #١٢٣ é\u200f';
		await runNode({
			parameters: { platform: 'ninetyNineDigital', accountId: '7', conversationId: '1', content },
			credentials: credentialsFor(mocks(), 'ninetyNineDigital'),
		});
		const raw = mocks().ninetyNineDigital.requests[0].rawBody!;
		expect((JSON.parse(raw.toString('utf8')) as { content: string }).content).toBe(content);
		expect(raw.includes(Buffer.from(content, 'utf8')) || raw.toString('utf8').includes(JSON.stringify(content).slice(1, -1))).toBe(true);
	});
});

describe('Intercom', () => {
	test('contact by email: finds the contact, then starts the conversation from it (API 2.x)', async () => {
		const result = await runNode({
			parameters: {
				platform: 'intercom',
				intercomOperation: 'startConversation',
				contactLookup: 'email',
				contactValue: 'joe@bloggs.example',
				content: 'Hey, is the new thing in stock?',
				additionalFields: { attachmentUrls: 'https://example.com/a.png, https://example.com/b.pdf' },
			},
			credentials: credentialsFor(mocks(), 'intercom'),
		});
		expect(result.error).toBeUndefined();
		const [search, create] = mocks().intercom.requests;
		expect([search.method, search.path]).toEqual(['POST', '/contacts/search']);
		expect(search.json).toEqual({ query: { field: 'email', operator: '=', value: 'joe@bloggs.example' } });
		expect([create.method, create.path]).toEqual(['POST', '/conversations']);
		expect(create.json).toEqual({
			from: { type: 'user', id: '6762f1571bb69f9f2193bb01' },
			body: 'Hey, is the new thing in stock?',
			attachment_urls: ['https://example.com/a.png', 'https://example.com/b.pdf'],
		});
		for (const request of [search, create]) {
			expect(header(request.headers.authorization)).toBe(`Bearer ${CREDENTIALS.intercom.accessToken}`);
			expect(request.intercomVersion).toBe('2.14');
		}
		expect(result.output?.[0].json).toMatchObject({ type: 'user_message', message_type: 'inapp' });
	});

	test('contact by external user id: found by external_id', async () => {
		await runNode({
			parameters: { platform: 'intercom', intercomOperation: 'startConversation', contactLookup: 'externalId', contactValue: 'cust-42', content: 'Hello' },
			credentials: credentialsFor(mocks(), 'intercom'),
		});
		const [search, create] = mocks().intercom.requests;
		expect(search.json).toEqual({ query: { field: 'external_id', operator: '=', value: 'cust-42' } });
		expect(create.json).toEqual({ from: { type: 'user', id: '6762f1571bb69f9f2193bb05' }, body: 'Hello' });
	});

	test('contact by Intercom id goes straight to POST /conversations', async () => {
		await runNode({
			parameters: { platform: 'intercom', intercomOperation: 'startConversation', contactLookup: 'id', contactValue: '6762f1571bb69f9f2193bb02', content: 'Hi' },
			credentials: credentialsFor(mocks(), 'intercom'),
		});
		expect(mocks().intercom.requests.map((request) => request.path)).toEqual(['/conversations']);
		expect(mocks().intercom.requests[0].json).toEqual({ from: { type: 'contact', id: '6762f1571bb69f9f2193bb02' }, body: 'Hi' });
	});

	test('admin note with attachment files (base64) and URLs', async () => {
		const png = randomBytes(4096);
		const result = await runNode({
			executionId: 'ic-files',
			parameters: {
				platform: 'intercom',
				intercomOperation: 'reply',
				conversationId: '524',
				replyAs: 'admin',
				adminId: '991267460',
				replyType: 'note',
				content: '<p>Internal: refund approved</p>',
				attachments: 'screenshot',
				additionalFields: { attachmentUrls: 'https://example.com/policy.pdf' },
			},
			items: [{ json: {}, binary: { screenshot: await storedBinary('ic-files', png, 'screen.png', 'image/png') } }],
			credentials: credentialsFor(mocks(), 'intercom'),
		});
		expect(result.error).toBeUndefined();
		const [request] = mocks().intercom.requests;
		expect(request.path).toBe('/conversations/524/reply');
		expect(request.json).toEqual({
			body: '<p>Internal: refund approved</p>',
			message_type: 'note',
			type: 'admin',
			admin_id: '991267460',
			attachment_urls: ['https://example.com/policy.pdf'],
			attachment_files: [{ content_type: 'image/png', data: png.toString('base64'), name: 'screen.png' }],
		});
		expect(result.output?.[0].json).toMatchObject({ type: 'conversation', id: '524' });
	});

	test('reply as the contact, identified by email', async () => {
		await runNode({
			parameters: {
				platform: 'intercom',
				intercomOperation: 'reply',
				conversationId: '600',
				replyAs: 'contact',
				contactLookup: 'email',
				contactValue: 'lea@leads.example',
				content: 'Thanks!',
			},
			credentials: credentialsFor(mocks(), 'intercom'),
		});
		expect(mocks().intercom.requests[0].json).toEqual({ body: 'Thanks!', message_type: 'comment', type: 'user', email: 'lea@leads.example' });
	});

	test('regions map to the US, EU and AU hosts of Intercom', async () => {
		const capture: string[] = [];
		const { IntercomMessagingApi } = await import('../credentials/IntercomMessagingApi.credentials');
		const { intercom } = await import('../nodes/ConversationMessages/platforms/intercom');
		for (const region of ['us', 'eu', 'au']) {
			capture.push(intercom.connect({} as never, { region, accessToken: 'x' }).baseUrl);
		}
		expect(capture).toEqual(['https://api.intercom.io', 'https://api.eu.intercom.io', 'https://api.au.intercom.io']);
		expect(new IntercomMessagingApi().properties.find((p) => p.name === 'region')?.default).toBe('us');
	});
});

describe('Re:amaze', () => {
	test('sends the message wrapped in `message`, with every field, Basic email:token and Accept: application/json', async () => {
		const result = await runNode({
			parameters: {
				platform: 'reamaze',
				conversationId: 'refund-request',
				content: '**Refund** approved — see [policy](https://example.com)',
				visibility: 'internalNote',
				additionalFields: {
					senderName: 'Acme Agent',
					senderEmail: 'agent@acme.example',
					originId: 'crm-event-991',
					suppressNotifications: true,
					suppressAutoresolve: true,
					suppressSurveys: true,
					attachmentUrl: 'https://example.com/receipt.pdf',
				},
			},
			credentials: credentialsFor(mocks(), 'reamaze'),
		});
		expect(result.error).toBeUndefined();
		const [request] = mocks().reamaze.requests;
		expect(request.path).toBe('/api/v1/conversations/refund-request/messages');
		expect(header(request.headers.accept)).toBe('application/json');
		const basic = Buffer.from(`${CREDENTIALS.reamaze.email}:${CREDENTIALS.reamaze.apiToken}`).toString('base64');
		expect(header(request.headers.authorization)).toBe(`Basic ${basic}`);
		expect(request.json).toEqual({
			message: {
				body: '**Refund** approved — see [policy](https://example.com)',
				visibility: 1,
				user: { email: 'agent@acme.example', name: 'Acme Agent' },
				origin_id: 'crm-event-991',
				suppress_notifications: true,
				suppress_autoresolve: true,
				suppress_surveys: true,
				attachment: 'https://example.com/receipt.pdf',
			},
		});
		expect(result.output?.[0].json).toMatchObject({ visibility: 1, origin_id: 'crm-event-991' });
	});

	test('derives a stable origin_id per execution, node and item: re-running the execution posts nothing new', async () => {
		const run = async () =>
			await runNode({
				executionId: 'exec-reamaze-1',
				parameters: { platform: 'reamaze', conversationId: 'refund-request', content: '={{ $json.text }}', visibility: 'regular' },
				items: [{ json: { text: 'First' } }, { json: { text: 'Second' } }],
				credentials: credentialsFor(mocks(), 'reamaze'),
			});
		await run();
		await run();
		const originIds = mocks().reamaze.requests.map((request) => (request.json as { message: { origin_id: string } }).message.origin_id);
		expect(originIds[0]).toMatch(/^n8n-[0-9a-f]{32}$/);
		expect(originIds[0]).not.toBe(originIds[1]);
		expect(originIds.slice(2)).toEqual(originIds.slice(0, 2));
		expect(mocks().reamaze.messages.map((message) => message.body)).toEqual(['First', 'Second']);
	});
});
