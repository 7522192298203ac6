/**
 * Saved Send Conversation Message nodes, one per platform × operation × option family, with the
 * parameter values as n8n's editor saves them (the conversation as a resource locator object
 * in each of its modes, or as plain text as workflows saved before the locator have it; numbers
 * of text fields as text, JSON fields as text, collections as objects) and the input items. The golden test runs each through n8n's engine and records what it sends.
 */
import { createHash } from 'crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

export interface GoldenFile {
	fileName: string;
	mimeType: string;
	size: number;
	/** File-backed, as n8n 2.x keeps binaries; otherwise base64 inside the item, as n8n 1.x does. */
	stored: boolean;
}

export interface GoldenItem {
	json?: IDataObject;
	/** Binary properties of the item. */
	files?: Record<string, GoldenFile>;
}

export interface NodeCase {
	name: string;
	parameters: INodeParameters;
	/** One empty item when not given. */
	items?: GoldenItem[];
	/** Runs of the same execution of the node (a re-run shows what the Deduplication Key holds back). */
	runs?: number;
}

/** The bytes of a file: the same on every run, and not text, so nothing on the way may touch them. */
export function fileBytes(file: GoldenFile): Buffer {
	const blocks: Buffer[] = [];
	for (let block = 0; blocks.length * 32 < file.size; block++) {
		blocks.push(createHash('sha256').update(`${file.fileName}#${block}`).digest());
	}
	return Buffer.concat(blocks).subarray(0, file.size);
}

/** The conversation as the editor saves a resource locator. */
const byId = (value: string) => ({ __rl: true, value, mode: 'id' });
const byUrl = (value: string) => ({ __rl: true, value, mode: 'url' });
const fromList = (value: string, cachedResultName: string, cachedResultUrl: string) => ({
	__rl: true,
	value,
	mode: 'list',
	cachedResultName,
	cachedResultUrl,
});

const PHOTO: GoldenFile = { fileName: 'photo.jpg', mimeType: 'image/jpeg', size: 70_000, stored: true };
const INVOICE: GoldenFile = { fileName: 'invoice 1042.pdf', mimeType: 'application/pdf', size: 12_345, stored: false };
const SCREENSHOT: GoldenFile = { fileName: 'screen.png', mimeType: 'image/png', size: 4_096, stored: true };
const NOTE: GoldenFile = { fileName: 'note.txt', mimeType: 'text/plain', size: 300, stored: false };

const USER_ENGAGE = { platform: 'userEngage' };
const ENGAGE_LAB = { platform: 'engageLab' };
const CHATWOOT = { platform: 'ninetyNineDigital', accountId: '7' };
const INTERCOM_REPLY = { platform: 'intercom', intercomOperation: 'reply', conversationId: byId('524') };
const REAMAZE = { platform: 'reamaze' };
const ZENDESK = { platform: 'zendesk' };

const userEngage: NodeCase[] = [
	{
		name: 'User.com send: plain, conversation saved as plain text (before the locator)',
		parameters: { ...USER_ENGAGE, conversationId: '42', content: 'Hi <b>John</b>, your refund has been issued.', agentId: '926' },
	},
	{
		name: 'User.com send: source and source context, conversation by URL',
		parameters: {
			...USER_ENGAGE,
			userEngageOperation: 'send',
			conversationId: byUrl('https://acme.user.com/conversations/553/'),
			content: 'We shipped it.',
			agentId: '927',
			attachments: '',
			additionalFields: { source: 2, sourceContext: '{"ticket": "T-1001", "origin": "n8n"}' },
		},
	},
	{
		name: 'User.com start: user by email, with source and source context',
		parameters: {
			...USER_ENGAGE,
			userEngageOperation: 'startConversation',
			userEmail: 'JaneRoe@response.example',
			content: '<p>Your order 1042 has shipped.</p>',
			agentId: '926',
			additionalFields: { source: 4, sourceContext: '{"order": 1042}' },
		},
	},
];

const engageLab: NodeCase[] = [
	{
		name: 'LiveDesk send: plain',
		parameters: { ...ENGAGE_LAB, conversationId: byId('141'), content: 'Thanks for waiting.' },
	},
	{
		name: 'LiveDesk send: private note in reply to a message, conversation by URL',
		parameters: {
			...ENGAGE_LAB,
			engageLabOperation: 'send',
			conversationId: byUrl('https://livedesk.engagelab.com/app/accounts/14/conversations/141'),
			content: 'Customer is on the premium plan.',
			attachments: '',
			additionalFields: { inReplyTo: '29', private: true },
		},
	},
	{
		name: 'LiveDesk send: attachments, multipart (one stored, one inline)',
		parameters: { ...ENGAGE_LAB, conversationId: byId('141'), content: 'Photo and invoice', attachments: 'image, document' },
		items: [{ files: { image: PHOTO, document: INVOICE } }],
	},
	{
		name: 'LiveDesk send: a file with no caption, private, conversation saved as plain text',
		parameters: { ...ENGAGE_LAB, conversationId: '7', content: '', attachments: 'data', additionalFields: { private: true } },
		items: [{ files: { data: NOTE } }],
	},
	{
		name: 'LiveDesk start: contact by email',
		parameters: {
			...ENGAGE_LAB,
			engageLabOperation: 'startConversation',
			inboxId: '79',
			contactBy: 'email',
			contactValue: 'siti@customer.example',
			content: 'Your order 1042 has shipped.',
		},
	},
	{
		name: 'LiveDesk start: contact by identifier, files as a second message',
		parameters: {
			...ENGAGE_LAB,
			engageLabOperation: 'startConversation',
			inboxId: '79',
			contactBy: 'identifier',
			contactValue: 'cust-101',
			content: 'Your invoice',
			attachments: 'invoice',
		},
		items: [{ files: { invoice: INVOICE } }],
	},
	{
		name: 'LiveDesk start: contact by phone number, created when missing',
		parameters: {
			...ENGAGE_LAB,
			engageLabOperation: 'startConversation',
			inboxId: '79',
			contactBy: 'phoneNumber',
			contactValue: '+6580000099',
			createContactIfMissing: true,
			contactName: 'New Customer',
			content: 'Welcome!',
		},
	},
];

const chatwoot: NodeCase[] = [
	{
		name: '99digital send: plain, conversation from the list',
		parameters: {
			...CHATWOOT,
			conversationId: fromList('12', '#12 Noa Levi', 'https://online.99digital.co.il/app/accounts/7/conversations/12'),
			content: 'Your order 1042 has shipped.',
		},
	},
	{
		name: '99digital send: private note, conversation by URL',
		parameters: {
			...CHATWOOT,
			chatwootOperation: 'send',
			conversationId: byUrl('https://online.99digital.co.il/app/accounts/7/conversations/123'),
			content: 'Internal: check stock',
			messageType: 'outgoing',
			private: true,
			attachments: '',
			additionalFields: {},
		},
	},
	{
		name: '99digital send: incoming message (API inbox), conversation saved as plain text',
		parameters: { ...CHATWOOT, conversationId: '12', content: 'Relayed from email', messageType: 'incoming' },
	},
	{
		name: '99digital send: activity',
		parameters: { ...CHATWOOT, conversationId: byId('12'), content: 'Order 1042 shipped', messageType: 'activity' },
	},
	{
		name: '99digital send: template message with template params',
		parameters: {
			...CHATWOOT,
			conversationId: byId('5'),
			content: 'Your order shipped',
			messageType: 'template',
			additionalFields: { templateParams: '{"name": "order_shipped", "category": "UTILITY", "language": "en"}' },
		},
	},
	{
		name: '99digital send: content type, content attributes, echo id',
		parameters: {
			...CHATWOOT,
			conversationId: byId('123'),
			content: 'Pick one',
			additionalFields: {
				contentType: 'input_select',
				contentAttributes: '{"items": [{"title": "Yes", "value": "yes"}, {"title": "No", "value": "no"}]}',
				echoId: 'n8n-echo-1',
			},
		},
	},
	{
		name: '99digital send: attachments, multipart with text fields (stored and inline files)',
		parameters: {
			...CHATWOOT,
			conversationId: byId('9'),
			content: 'Photo and invoice',
			private: true,
			attachments: 'image,document',
			additionalFields: { contentAttributes: '{"in_reply_to": 4}', echoId: 'n8n-files-1' },
		},
		items: [{ files: { image: PHOTO, document: INVOICE } }],
	},
	{
		name: '99digital send: expressions, one message per item',
		parameters: {
			...CHATWOOT,
			accountId: '={{ $json.account }}',
			conversationId: byId('={{ $json.conversation }}'),
			content: '=Hello {{ $json.name }}, your ticket #{{ $json.ticket }} is {{ $json.status.toUpperCase() }}',
			private: '={{ $json.internal }}',
		},
		items: [
			{ json: { account: 7, conversation: 11, name: 'Ana', ticket: 1, status: 'open', internal: false } },
			{ json: { account: '7', conversation: '12', name: 'Ben', ticket: 2, status: 'closed', internal: true } },
			{ json: { account: 7, conversation: 11, name: 'Cy', ticket: 3, status: 'pending', internal: 'false' } },
		],
	},
	{
		name: '99digital start: contact by email, conversation fields',
		parameters: {
			...CHATWOOT,
			chatwootOperation: 'startConversation',
			inboxId: '3',
			contactBy: 'email',
			contactValue: 'noa@customer.example',
			content: 'Your order shipped',
			conversationFields: { status: 'pending', assigneeId: 2, teamId: 8 },
		},
	},
	{
		name: '99digital start: WhatsApp template with every parameter',
		parameters: {
			...CHATWOOT,
			chatwootOperation: 'startConversation',
			inboxId: '6',
			contactBy: 'phoneNumber',
			contactValue: '+972501234567',
			content: 'Hi Noa, order 1234 shipped',
			whatsappTemplate: {
				name: 'order_shipped',
				category: 'MARKETING',
				language: 'en_US',
				body: '{"1": "Noa", "2": "1234"}',
				headerMediaUrl: 'https://shop.example/label.pdf',
				headerMediaType: 'document',
				headerMediaName: 'label.pdf',
				buttons: '[{"type": "url", "parameter": "orders/1234"}, {"type": "copy_code", "parameter": "THANKS10"}]',
			},
		},
	},
	{
		name: '99digital start: contact by identifier, files as a second message',
		parameters: {
			...CHATWOOT,
			chatwootOperation: 'startConversation',
			inboxId: '3',
			contactBy: 'identifier',
			contactValue: 'crm-51',
			content: 'Your invoice',
			attachments: 'invoice',
		},
		items: [{ files: { invoice: INVOICE } }],
	},
	{
		name: '99digital start: contact created when missing',
		parameters: {
			...CHATWOOT,
			chatwootOperation: 'startConversation',
			inboxId: '3',
			contactBy: 'email',
			contactValue: 'new@customer.example',
			createContactIfMissing: true,
			contactName: 'New Customer',
			content: 'Welcome!',
			conversationFields: { status: 'snoozed' },
		},
	},
];

const intercom: NodeCase[] = [
	{
		name: 'Intercom reply: admin comment, conversation from the list',
		parameters: {
			...INTERCOM_REPLY,
			conversationId: fromList('5', 'Where is my order?', 'https://app.intercom.com/a/inbox/acme1234/inbox/conversation/5'),
			replyAs: 'admin',
			adminId: '991267459',
			replyType: 'comment',
			content: 'Hello from the support team!',
			attachments: '',
			additionalFields: {},
		},
	},
	{
		name: 'Intercom reply: admin note with files (base64) and attachment URLs',
		parameters: {
			...INTERCOM_REPLY,
			replyAs: 'admin',
			adminId: '991267460',
			replyType: 'note',
			content: '<p>Internal: refund approved</p>',
			attachments: 'screenshot, invoice',
			additionalFields: { attachmentUrls: 'https://example.com/policy.pdf, https://example.com/terms.pdf' },
		},
		items: [{ files: { screenshot: SCREENSHOT, invoice: INVOICE } }],
	},
	{
		name: 'Intercom reply: as the contact by email, conversation by URL',
		parameters: {
			...INTERCOM_REPLY,
			conversationId: byUrl('https://app.intercom.com/a/inbox/abc123/inbox/conversation/600'),
			replyAs: 'contact',
			contactLookup: 'email',
			contactValue: 'lea@leads.example',
			content: 'Thanks!',
		},
	},
	{
		name: 'Intercom reply: as the contact by Intercom id, conversation saved as plain text',
		parameters: { ...INTERCOM_REPLY, conversationId: '524', replyAs: 'contact', contactLookup: 'id', contactValue: '6762f1571bb69f9f2193bb02', content: 'Any news?' },
	},
	{
		name: 'Intercom reply: as the contact by external user id',
		parameters: { ...INTERCOM_REPLY, replyAs: 'contact', contactLookup: 'externalId', contactValue: 'cust-42', content: 'Still waiting' },
	},
	{
		name: 'Intercom reply: as the contact into their "last" conversation',
		parameters: {
			...INTERCOM_REPLY,
			conversationId: byId('last'),
			replyAs: 'contact',
			contactLookup: 'email',
			contactValue: 'joe@bloggs.example',
			content: 'One more thing',
		},
	},
	{
		name: 'Intercom start: contact by email, with attachment URLs',
		parameters: {
			platform: 'intercom',
			intercomOperation: 'startConversation',
			contactLookup: 'email',
			contactValue: 'joe@bloggs.example',
			content: 'Hey, is the new thing in stock?',
			additionalFields: { attachmentUrls: 'https://example.com/a.png, https://example.com/b.pdf' },
		},
	},
	{
		name: 'Intercom start: contact by Intercom id',
		parameters: { platform: 'intercom', intercomOperation: 'startConversation', contactLookup: 'id', contactValue: '6762f1571bb69f9f2193bb02', content: 'Hi' },
	},
	{
		name: 'Intercom start: contact by external user id',
		parameters: { platform: 'intercom', intercomOperation: 'startConversation', contactLookup: 'externalId', contactValue: 'cust-42', content: 'Hello' },
	},
	{
		name: 'Intercom admin message: in-app to a lead by Intercom id',
		parameters: {
			platform: 'intercom',
			intercomOperation: 'adminMessage',
			adminId: '991267459',
			contactLookup: 'id',
			contactValue: '6762f1571bb69f9f2193bb02',
			adminMessageType: 'inapp',
			content: 'Your order shipped',
		},
	},
	{
		name: 'Intercom admin message: personal email by email, conversation opened at once',
		parameters: {
			platform: 'intercom',
			intercomOperation: 'adminMessage',
			adminId: '991267460',
			contactLookup: 'email',
			contactValue: 'joe@bloggs.example',
			adminMessageType: 'email',
			subject: 'Order 1234',
			emailTemplate: 'personal',
			content: 'Your order <b>1234</b> shipped',
			createConversationWithoutContactReply: true,
			attachments: '',
		},
	},
	{
		name: 'Intercom admin message: plain email by external user id',
		parameters: {
			platform: 'intercom',
			intercomOperation: 'adminMessage',
			adminId: '991267459',
			contactLookup: 'externalId',
			contactValue: '70',
			adminMessageType: 'email',
			subject: 'Order 1235',
			emailTemplate: 'plain',
			content: 'Your order shipped',
		},
	},
];

const reamaze: NodeCase[] = [
	{
		name: 'Re:amaze send: plain, origin_id derived from execution, node and item, conversation saved as plain text',
		parameters: { ...REAMAZE, conversationId: 'refund-request', content: 'Your refund is on its way.', visibility: 'regular' },
	},
	{
		name: 'Re:amaze send: internal note with every additional field, conversation from the list',
		parameters: {
			...REAMAZE,
			reamazeOperation: 'send',
			conversationId: fromList('refund-request', 'Refund request', 'https://acme.reamaze.com/admin/conversations/refund-request'),
			content: '**Refund** approved — see [policy](https://example.com)',
			visibility: 'internalNote',
			attachments: '',
			additionalFields: {
				attachmentUrl: 'https://example.com/receipt.pdf',
				originId: 'crm-event-991',
				senderEmail: 'finance@acme.example',
				senderName: 'Finance Bot',
				suppressAutoresolve: true,
				suppressNotifications: true,
				suppressSurveys: true,
			},
		},
	},
	{
		name: 'Re:amaze send: conversation by URL, origin_id from the Deduplication Key',
		parameters: {
			...REAMAZE,
			conversationId: byUrl('https://acme.reamaze.com/admin/conversations/shipping-to-canada'),
			content: '=Order {{ $json.orderId }} is on its way.',
			options: { deduplicationKey: '={{ $json.orderId }}-shipped' },
		},
		items: [{ json: { orderId: 42 } }],
	},
	{
		name: 'Re:amaze start: customer, subject, channel',
		parameters: {
			...REAMAZE,
			reamazeOperation: 'startConversation',
			customerEmail: 'noa@customer.example',
			customerName: 'Noa Levi',
			subject: 'Order 1042 shipped',
			channel: 'support',
			content: 'Your order 1042 has shipped.',
		},
	},
	{
		name: 'Re:amaze start: every conversation field',
		parameters: {
			...REAMAZE,
			reamazeOperation: 'startConversation',
			customerEmail: 'dana@customer.example',
			customerName: 'Dana',
			subject: 'Order 1234',
			channel: 'support',
			content: 'Your order 1234 shipped.',
			conversationFields: {
				data: '{"order": "1234"}',
				status: 5,
				suppressAutoresolve: true,
				suppressNotifications: true,
				tags: 'shipping, order',
			},
		},
	},
];

const zendesk: NodeCase[] = [
	{
		name: 'Zendesk reply: public, ticket saved as plain text',
		parameters: { ...ZENDESK, conversationId: '102', content: 'Your refund is on its way.' },
	},
	{
		name: 'Zendesk note: two files (stored and inline), every additional field, ticket by URL',
		parameters: {
			...ZENDESK,
			zendeskOperation: 'sendMessage',
			conversationId: byUrl('https://acme.zendesk.com/agent/tickets/103'),
			content: '<p>Refund <b>approved</b></p>',
			visibility: 'internalNote',
			attachments: 'photo, invoice',
			additionalFields: { authorId: '9003', html: true, status: 'pending' },
		},
		items: [{ files: { photo: PHOTO, invoice: INVOICE } }],
	},
	{
		name: 'Zendesk reply: ticket by ID, Deduplication Key',
		parameters: {
			...ZENDESK,
			conversationId: byId('104'),
			content: '=Order {{ $json.orderId }} is on its way.',
			visibility: 'regular',
			options: { deduplicationKey: '={{ $json.orderId }}-shipped' },
		},
		items: [{ json: { orderId: 42 } }],
	},
	{
		name: 'Zendesk create ticket: requester found (creating off), Idempotency-Key per execution, node and item',
		parameters: {
			...ZENDESK,
			zendeskOperation: 'startConversation',
			customerEmail: 'carla@customer.example',
			createContactIfMissing: false,
			subject: 'Order 1042 shipped',
			content: 'Your order 1042 has shipped.',
		},
	},
	{
		name: 'Zendesk create ticket: requester created, a file, every ticket field, Idempotency-Key from the Deduplication Key',
		parameters: {
			...ZENDESK,
			zendeskOperation: 'startConversation',
			customerEmail: 'noa@customer.example',
			customerName: 'Noa Levi',
			createContactIfMissing: true,
			subject: 'Order 1234',
			content: 'Your order 1234 shipped; the invoice is attached.',
			attachments: 'invoice',
			conversationFields: {
				assigneeId: '9003',
				externalId: 'order-1234',
				groupId: '7001',
				internalNote: false,
				priority: 'high',
				status: 'pending',
				tags: 'shipping, order',
				type: 'task',
			},
			options: { deduplicationKey: 'order-1234-ticket' },
		},
		items: [{ files: { invoice: INVOICE } }],
	},
];

const sendOptions: NodeCase[] = [
	{
		name: 'Deduplication Key: the second run sends nothing',
		parameters: {
			...CHATWOOT,
			chatwootOperation: 'startConversation',
			inboxId: '3',
			contactBy: 'email',
			contactValue: '={{ $json.email }}',
			content: '=Order {{ $json.orderId }} shipped',
			options: { deduplicationKey: '=order-{{ $json.orderId }}-shipped' },
		},
		items: [{ json: { orderId: 1042, email: 'noa@customer.example' } }],
		runs: 2,
	},
	{
		name: 'every send option set: the requests stay the same',
		parameters: {
			...ENGAGE_LAB,
			conversationId: byId('141'),
			content: 'Options do not change what is sent',
			options: {
				concurrency: 2,
				deduplicationKey: 'options-case',
				deduplicationKeysKept: 50,
				deduplicationScope: 'workflow',
				maxRetries: 5,
				maxRetryWaitSeconds: 30,
				readBackDelay: 0,
				retryOnServerErrors: true,
				timeout: 10_000,
			},
		},
	},
];

export const NODE_CASES: NodeCase[] = [...userEngage, ...engageLab, ...chatwoot, ...intercom, ...reamaze, ...zendesk, ...sendOptions];
