/**
 * The Conversation Message Trigger on EngageLab LiveDesk (URL token) and Intercom (HEAD check,
 * X-Hub-Signature), and the Polling Trigger on Re:amaze and User.com: first activation quiet,
 * each new customer message exactly once across polls, Fetch Test Event shows the latest.
 */
import { createHmac } from 'crypto';

import { runNode } from './helpers/engine';
import { PollingTrigger, WebhookTrigger } from './helpers/triggers';
import { CREDENTIALS, credentialsFor, sha256, useMockVendors } from './helpers/vendors';

const mocks = useMockVendors();
let trigger: WebhookTrigger | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

describe('EngageLab LiveDesk', () => {
	const start = async (parameters: Record<string, unknown> = {}) => {
		trigger = await WebhookTrigger.start({
			parameters: { platform: 'engageLab', secretToken: 'ld-token-5f2c9a', ...parameters },
			credentials: credentialsFor(mocks(), 'engageLab'),
		});
		await trigger.activate();
		return trigger;
	};

	test('the URL with the token pasted into the API channel: customer messages start the workflow, files included', async () => {
		const active = await start({ options: { downloadAttachments: true } });
		mocks().engageLab.webhookUrl = `${active.url}?token=ld-token-5f2c9a`;
		const receipt = Buffer.from('receipt bytes '.repeat(100));
		const { message, delivery } = await mocks().engageLab.customerWrites({
			conversationId: 141,
			content: 'My order has not arrived',
			files: [{ filename: 'receipt.jpg', contentType: 'image/jpeg', data: receipt }],
		});
		expect(delivery?.status).toBe(200);
		await active.settled();
		const [item] = active.executions[0];
		expect(item.json).toMatchObject({
			platform: 'engageLab',
			conversationId: '141',
			accountId: 14,
			messageId: String(message.id),
			content: 'My order has not arrived',
			sender: { type: 'customer', name: message.sender.name, email: message.sender.email },
			private: false,
		});
		expect(sha256(await active.binaryBuffer(item.binary!.attachment_0))).toBe(sha256(receipt));
		expect(mocks().storage.requests.every((request) => request.headers.authorization === undefined)).toBe(true);
	});

	test('without the token or with a wrong one → 401, nothing starts; agents\' replies (the send node\'s) start nothing', async () => {
		const active = await start();
		mocks().engageLab.webhookUrl = `${active.url}?token=wrong`;
		expect((await mocks().engageLab.customerWrites())?.delivery?.status).toBe(401);
		mocks().engageLab.webhookUrl = active.url;
		expect((await mocks().engageLab.customerWrites())?.delivery?.status).toBe(401);
		mocks().engageLab.webhookUrl = `${active.url}?token=ld-token-5f2c9a`;
		await runNode({ parameters: { platform: 'engageLab', conversationId: '141', content: 'We will check' }, credentials: credentialsFor(mocks(), 'engageLab') });
		await mocks().engageLab.deliveriesSettled();
		expect(mocks().engageLab.deliveries.map((delivery) => delivery.status)).toEqual([401, 401, 200]);
		expect(active.executions).toHaveLength(0);
	});
});

describe('Intercom', () => {
	const start = async (parameters: Record<string, unknown> = {}, credentialOverride: Record<string, unknown> = { clientSecret: CREDENTIALS.intercom.clientSecret }) => {
		trigger = await WebhookTrigger.start({
			parameters: { platform: 'intercom', ...parameters },
			credentials: credentialsFor(mocks(), 'intercom', credentialOverride),
		});
		return trigger;
	};

	test('the Developer Hub\'s HEAD check passes; a new conversation and a reply each start one execution', async () => {
		const active = await start();
		await active.activate();
		await mocks().intercom.subscribeWebhook({ url: active.url });
		const created = await mocks().intercom.customerWrites({ content: 'Hi,\nwhere is my order?' });
		const replied = await mocks().intercom.customerWrites({ conversationId: created.conversation.id, content: 'Order 1042 & 1043' });
		expect([created.delivery?.status, replied.delivery?.status]).toEqual([200, 200]);
		expect(active.executions.map(([item]) => item.json)).toEqual([
			expect.objectContaining({
				platform: 'intercom',
				conversationId: created.conversation.id,
				accountId: null,
				messageId: created.conversation.sourceId,
				content: 'Hi,\nwhere is my order?',
				sender: { type: 'customer', id: '6762f1571bb69f9f2193bb01', name: 'Joe Bloggs', email: 'joe@bloggs.example' },
				private: false,
			}),
			expect.objectContaining({ conversationId: created.conversation.id, messageId: replied.part.id, content: 'Order 1042 & 1043' }),
		]);
		expect((active.executions[0][0].json.raw as { topic: string }).topic).toBe('conversation.user.created');
	});

	test('a wrong or missing signature → 401; a redelivery starts nothing twice', async () => {
		const active = await start();
		await mocks().intercom.subscribeWebhook({ url: active.url, clientSecret: 'another-apps-secret' });
		expect((await mocks().intercom.customerWrites()).delivery?.status).toBe(401);
		const body = mocks().intercom.deliveries[0].body;
		expect((await fetch(active.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status).toBe(401);
		await mocks().intercom.subscribeWebhook({ url: active.url });
		const { delivery } = await mocks().intercom.customerWrites();
		expect((await mocks().intercom.redeliver(delivery!)).status).toBe(200);
		expect(active.executions).toHaveLength(1);
		// Signed as Intercom signs: sha1 HMAC of the raw body with the client secret.
		expect(delivery!.headers['X-Hub-Signature']).toBe(`sha1=${createHmac('sha1', CREDENTIALS.intercom.clientSecret).update(delivery!.body).digest('hex')}`);
	});

	test('admin replies and notes only when asked for; replies this package posted as the contact never loop', async () => {
		const active = await start();
		await mocks().intercom.subscribeWebhook({ url: active.url, topics: ['conversation.user.created', 'conversation.user.replied', 'conversation.admin.replied', 'conversation.admin.noted'] });
		const send = (parameters: Record<string, unknown>) => runNode({ parameters: { platform: 'intercom', intercomOperation: 'reply', conversationId: '7', ...parameters }, credentials: credentialsFor(mocks(), 'intercom') });
		await send({ replyAs: 'admin', adminId: '991267459', replyType: 'comment', content: 'On its way' });
		await send({ replyAs: 'admin', adminId: '991267459', replyType: 'note', content: 'Check the warehouse' });
		await send({ replyAs: 'contact', contactLookup: 'email', contactValue: 'joe@bloggs.example', content: 'Reply relayed from email' });
		await mocks().intercom.deliveriesSettled();
		expect(mocks().intercom.deliveries.map((delivery) => [delivery.topic, delivery.status])).toEqual([
			['conversation.admin.replied', 200],
			['conversation.admin.noted', 200],
			['conversation.user.replied', 200],
		]);
		expect(active.executions).toHaveLength(0);

		active.parameters = { ...active.parameters, options: { includeAgentMessages: true, includePrivateNotes: true } };
		await send({ replyAs: 'admin', adminId: '991267460', replyType: 'comment', content: 'Shipped today' });
		await send({ replyAs: 'admin', adminId: '991267460', replyType: 'note', content: 'Refund approved' });
		await mocks().intercom.deliveriesSettled();
		expect(active.executions.map(([item]) => [item.json.content, (item.json.sender as { type: string }).type, item.json.private])).toEqual([
			['Shipped today', 'agent', false],
			['Refund approved', 'agent', true],
		]);
	});

	test('Only While the Bot Owns the Conversation: fires while open and unassigned or the bot\'s; not once a person, another team, or closed', async () => {
		const active = await start({ onlyWhileBotOwns: true, botAdminId: '991267459', botTeamId: '5017693' });
		await mocks().intercom.subscribeWebhook({ url: active.url });
		const ic = mocks().intercom;
		const { conversation } = await ic.customerWrites({ content: 'unassigned' });
		const writes = async (patch: Record<string, unknown>, content: string) => {
			ic.seedConversation(conversation.id, patch);
			await ic.customerWrites({ conversationId: conversation.id, content });
		};
		await writes({ adminAssigneeId: '991267459' }, 'the bot admin');
		await writes({ adminAssigneeId: null, teamAssigneeId: '5017693' }, 'the bot team');
		await writes({ adminAssigneeId: '991267460', teamAssigneeId: '5017693' }, 'a person');
		await writes({ adminAssigneeId: null, teamAssigneeId: '5017692' }, 'another team');
		await writes({ state: 'closed', teamAssigneeId: null }, 'closed');
		expect(active.executions.map(([item]) => item.json.content)).toEqual(['unassigned', 'the bot admin', 'the bot team']);
		expect(active.executions.map(([item]) => [item.json.status, item.json.assignee, item.json.team])).toEqual([
			['open', null, null],
			['open', { type: 'agent', id: '991267459', name: null, email: null }, null],
			['open', null, { id: '5017693', name: null }],
		]);

		active.parameters = { platform: 'intercom' };
		await ic.customerWrites({ conversationId: conversation.id, content: 'option off' });
		expect(active.executions.map(([item]) => item.json.content).slice(3)).toEqual(['option off']);
	});

	test('activation without a Client Secret in the credential fails with what to do', async () => {
		const active = await start({}, {});
		await expect(active.activate()).rejects.toThrow('The Intercom Messaging API credential has no Client Secret');
	});
});

describe('Re:amaze (polled)', () => {
	const start = (parameters: Record<string, unknown> = {}) =>
		new PollingTrigger({ parameters: { platform: 'reamaze', ...parameters }, credentials: credentialsFor(mocks(), 'reamaze') });

	test('first activation emits no history; then each new customer message exactly once, oldest first', async () => {
		const poller = start();
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
		mocks().reamaze.customerWrites({ slug: 'refund-request', body: 'Still waiting for my refund', at: new Date(Date.now() - 1000) });
		mocks().reamaze.customerWrites({ slug: 'shipping-to-canada', body: 'And to Alaska?' });
		const items = await poller.poll();
		expect(items?.map((item) => [item.json.conversationId, item.json.content, (item.json.sender as { type: string }).type])).toEqual([
			['refund-request', 'Still waiting for my refund', 'customer'],
			['shipping-to-canada', 'And to Alaska?', 'customer'],
		]);
		expect(await poller.poll()).toBeNull();
		// Requests per poll stay bounded: one page when nothing is new.
		const before = mocks().reamaze.requests.length;
		await poller.poll();
		expect(mocks().reamaze.requests.length - before).toBe(1);
	});

	test('the cursor survives a restart (static data saved with the workflow); agents\' replies not emitted by default', async () => {
		const poller = start();
		await poller.poll();
		const saved = JSON.parse(JSON.stringify(poller.staticData));
		await runNode({ parameters: { platform: 'reamaze', conversationId: 'refund-request', content: 'We refunded you' }, credentials: credentialsFor(mocks(), 'reamaze') });
		mocks().reamaze.customerWrites({ slug: 'refund-request', body: 'Thanks!' });
		const restarted = new PollingTrigger({ parameters: { platform: 'reamaze' }, credentials: credentialsFor(mocks(), 'reamaze'), staticData: { "node:Trigger": saved } as never });
		const items = await restarted.poll();
		expect(items?.map((item) => item.json.content)).toEqual(['Thanks!']);
	});

	test('Download Attachments: byte-exact from the file URL; a file that turns out too large mid-stream is cut off and reported', async () => {
		const poller = start({ options: { downloadAttachments: true, maxAttachmentSizeMb: 1 } });
		await poller.poll();
		const label = Buffer.from('shipping label '.repeat(300));
		const huge = Buffer.alloc(3 * 1024 * 1024, 7);
		const labelUrl = mocks().storage.put({ filename: 'label.pdf', contentType: 'application/pdf', data: label });
		const hugeUrl = mocks().storage.put({ filename: 'scan.tiff', contentType: 'image/tiff', data: huge }, { chunked: true });
		mocks().reamaze.customerWrites({
			body: 'Label and scan attached',
			files: [
				{ filename: 'label.pdf', contentType: 'application/pdf', data: label, url: labelUrl },
				{ filename: 'scan.tiff', contentType: 'image/tiff', data: huge, url: hugeUrl, size: null },
			],
		});
		const [item] = (await poller.poll())!;
		const attachments = item.json.attachments as Array<Record<string, unknown>>;
		expect(attachments.map((attachment) => [attachment.fileName, attachment.binaryProperty ?? attachment.error])).toEqual([
			['label.pdf', 'attachment_0'],
			['scan.tiff', 'Not downloaded: scan.tiff is larger than the 1048576 bytes allowed'],
		]);
		expect(Object.keys(item.binary ?? {})).toEqual(['attachment_0']);
		expect(sha256(await poller.binaryBuffer(item.binary!.attachment_0))).toBe(sha256(label));
	});

	test('Fetch Test Event returns the latest customer message and leaves the cursor alone', async () => {
		const poller = start();
		await poller.poll();
		const cursor = JSON.stringify(poller.staticData);
		mocks().reamaze.customerWrites({ body: 'Latest one' });
		const items = await poller.poll('manual');
		expect(items?.map((item) => item.json.content)).toEqual(['Latest one']);
		expect(JSON.stringify(poller.staticData)).toBe(cursor);
		expect((await poller.poll())?.map((item) => item.json.content)).toEqual(['Latest one']);
	});
});

describe('User.com (polled)', () => {
	const start = () => new PollingTrigger({ parameters: { platform: 'userEngage' }, credentials: credentialsFor(mocks(), 'userEngage') });

	test('first activation quiet; new customer messages once each; only grown conversations are opened', async () => {
		const poller = start();
		expect(await poller.poll()).toBeNull();
		const listRequests = () => mocks().userEngage.requests.filter((request) => request.path === '/api/public/conversations/').length;
		expect(listRequests()).toBe(2); // three open conversations, two per page
		mocks().userEngage.customerWrites({ conversationId: 554, content: '<p>Is my order <b>on its way</b>?</p>' });
		await runNode({ parameters: { platform: 'userEngage', conversationId: '554', content: 'Yes, today', agentId: '926' }, credentials: credentialsFor(mocks(), 'userEngage') });
		mocks().userEngage.customerWrites({ conversationId: 777, content: 'New conversation here' });
		mocks().userEngage.requests.length = 0;
		const items = await poller.poll();
		expect(items?.map((item) => [item.json.conversationId, item.json.content, (item.json.sender as { type: string }).type])).toEqual([
			['554', 'Is my order on its way?', 'customer'],
			['777', 'New conversation here', 'customer'],
		]);
		const opened = mocks().userEngage.requests.filter((request) => /^\/api\/public\/conversations\/\d+\/$/.test(request.path)).map((request) => request.path);
		expect(opened.sort()).toEqual(['/api/public/conversations/554/', '/api/public/conversations/777/']);
		expect(await poller.poll()).toBeNull();
	});

	test('a conversation open at activation gives only what was written after it, however recent the older messages', async () => {
		mocks().userEngage.customerWrites({ conversationId: 553, content: 'Written just before activation' });
		const poller = start();
		expect(await poller.poll()).toBeNull();
		// Only an agent's reply: the conversation grew, nothing of the customer's is new.
		await runNode({ parameters: { platform: 'userEngage', conversationId: '553', content: 'On it', agentId: '926' }, credentials: credentialsFor(mocks(), 'userEngage') });
		expect(await poller.poll()).toBeNull();
		mocks().userEngage.customerWrites({ conversationId: 553, content: 'Written after activation' });
		expect((await poller.poll())?.map((item) => item.json.content)).toEqual(['Written after activation']);
		expect(await poller.poll()).toBeNull();
	});

	test('Fetch Test Event: of two customer messages of the same second, the later one by id', async () => {
		const timestamp = new Date(Date.now() + 60_000).toISOString();
		// Listed first, written first: the order the vendor lists conversations in must not decide.
		mocks().userEngage.customerWrites({ conversationId: 553, content: 'First of the second', timestamp });
		mocks().userEngage.customerWrites({ conversationId: 554, content: 'Second of the second', timestamp });
		const items = await start().poll('manual');
		expect(items?.map((item) => item.json.content)).toEqual(['Second of the second']);
	});
});
