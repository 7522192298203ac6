'use strict';
/**
 * What the browser test (scripts/browser-test.js) expects to see in n8n's editor for each platform
 * of the Send Conversation Message node, opened from the example workflows in examples/.
 *
 * `inputs` are parameter names (n8n renders them as data-test-id="parameter-input-<name>"),
 * `labels` the display names from the operation files in nodes/ConversationMessages/platforms/<platform>/
 * and nodes/ConversationMessages/params/*.ts.
 */

/** Parameter names that belong to one platform (or one Intercom operation) only. */
const PLATFORM_ONLY_INPUTS = Object.freeze([
	'agentId',
	'accountId',
	'messageType',
	'private',
	'intercomOperation',
	'replyAs',
	'adminId',
	'replyType',
	'contactLookup',
	'contactValue',
	'visibility',
]);

/** Subtitle n8n shows under the node on the canvas (the node's `subtitle` expression). */
const PLATFORM_LABELS = Object.freeze({
	userEngage: 'User.com (UserEngage)',
	engageLab: 'EngageLab LiveDesk',
	ninetyNineDigital: '99digital / Chatwoot',
	intercom: 'Intercom',
	reamaze: 'Re:amaze',
	zendesk: 'Zendesk Support',
});

/** Display names of the credential types; n8n labels the selector "Credential for <name>". */
const CREDENTIAL_TYPE_NAMES = Object.freeze({
	userEngage: 'User.com (UserEngage) API',
	engageLab: 'EngageLab LiveDesk API',
	ninetyNineDigital: '99digital / Chatwoot API',
	intercom: 'Intercom Messaging API',
	reamaze: 'Re:amaze API',
	zendesk: 'Zendesk Support (Conversation Messages) API',
});

/**
 * One panel per platform, each opened from its example workflow. Every panel also shows the
 * Platform field (`platform`, showing the platform's name) below the credential selector.
 */
const PANELS = Object.freeze([
	{
		platform: 'userEngage',
		workflow: 'cmExUserEngage01',
		node: 'Send to User.com',
		credential: 'User.com (UserEngage) account',
		inputs: ['conversationId', 'content', 'agentId', 'attachments'],
		labels: ['Platform', 'Conversation ID', 'Content', 'Agent ID', 'Attachments', 'Additional Fields', 'Options'],
		modes: ['By ID', 'By URL'],
		screenshot: 'panel-userengage.png',
	},
	{
		platform: 'engageLab',
		workflow: 'cmExEngageLab001',
		node: 'Send to EngageLab',
		credential: 'EngageLab LiveDesk account',
		inputs: ['conversationId', 'content', 'attachments'],
		labels: ['Platform', 'Conversation ID', 'Content', 'Attachments', 'Additional Fields', 'Options'],
		modes: ['By ID', 'By URL'],
		screenshot: 'panel-engagelab.png',
	},
	{
		platform: 'ninetyNineDigital',
		workflow: 'cmEx99Digital001',
		node: 'Send to 99digital',
		credential: '99digital account',
		inputs: ['accountId', 'conversationId', 'content', 'messageType', 'private', 'attachments'],
		labels: ['Platform', 'Account Name or ID', 'Conversation ID', 'Content', 'Message Type', 'Private', 'Attachments', 'Additional Fields', 'Options'],
		modes: ['From list', 'By ID', 'By URL'],
		// Options loaded from the mock vendor: the saved id is shown by its name.
		loaded: { accountId: 'Acme Online (#7)' },
		screenshot: 'panel-99digital.png',
	},
	{
		platform: 'ninetyNineDigital',
		workflow: 'cmExOrderShipped',
		node: 'Start a conversation',
		credential: '99digital account',
		inputs: ['chatwootOperation', 'accountId', 'inboxId', 'contactBy', 'contactValue', 'createContactIfMissing', 'contactName', 'content', 'attachments'],
		absent: ['conversationId'],
		labels: ['Platform', 'Operation', 'Account Name or ID', 'Inbox Name or ID', 'Find Contact By', 'Contact', 'Create Contact If Missing', 'Contact Name', 'Content', 'Attachments', 'WhatsApp Template', 'Conversation Fields', 'Options'],
		values: { chatwootOperation: 'Start a Conversation', contactBy: 'Email' },
		loaded: { accountId: 'Acme Online (#7)', inboxId: 'API Inbox (#3)' },
		screenshot: 'panel-99digital-start-conversation.png',
	},
	{
		platform: 'engageLab',
		workflow: 'cmExStartConvAll',
		node: 'LiveDesk: start',
		credential: 'EngageLab LiveDesk account',
		inputs: ['engageLabOperation', 'inboxId', 'contactBy', 'contactValue', 'createContactIfMissing', 'content', 'attachments'],
		absent: ['conversationId'],
		labels: ['Platform', 'Operation', 'Inbox ID', 'Find Contact By', 'Contact', 'Create Contact If Missing', 'Content', 'Attachments', 'Options'],
		values: { engageLabOperation: 'Start a Conversation', contactBy: 'Email' },
		screenshot: 'panel-engagelab-start-conversation.png',
	},
	{
		platform: 'intercom',
		workflow: 'cmExStartConvAll',
		node: 'Intercom: admin message',
		credential: 'Intercom account',
		inputs: ['intercomOperation', 'adminId', 'contactLookup', 'contactValue', 'adminMessageType', 'subject', 'emailTemplate', 'content', 'createConversationWithoutContactReply'],
		absent: ['conversationId'],
		labels: ['Platform', 'Operation', 'Admin Name or ID', 'Identify Contact By', 'Contact', 'Message Type', 'Subject', 'Email Template', 'Content', 'Open a Conversation Now', 'Options'],
		values: { intercomOperation: 'Message From an Admin', adminMessageType: 'Email', emailTemplate: 'Plain' },
		loaded: { adminId: 'Ada Admin (ada.admin@acme.example)' },
		screenshot: 'panel-intercom-admin-message.png',
	},
	{
		platform: 'reamaze',
		workflow: 'cmExStartConvAll',
		node: 'Re:amaze: start',
		credential: 'Re:amaze account',
		inputs: ['reamazeOperation', 'customerEmail', 'customerName', 'subject', 'channel', 'content', 'attachments'],
		absent: ['conversationId', 'visibility'],
		labels: ['Platform', 'Operation', 'Customer Email', 'Customer Name', 'Subject', 'Channel Slug', 'Content', 'Conversation Fields', 'Options'],
		values: { reamazeOperation: 'Start a Conversation' },
		screenshot: 'panel-reamaze-start-conversation.png',
	},
	{
		platform: 'userEngage',
		workflow: 'cmExStartConvAll',
		node: 'User.com: start',
		credential: 'User.com (UserEngage) account',
		inputs: ['userEngageOperation', 'userEmail', 'content', 'agentId', 'attachments'],
		absent: ['conversationId'],
		labels: ['Platform', 'Operation', 'User Email', 'Content', 'Agent ID', 'Additional Fields', 'Options'],
		values: { userEngageOperation: 'Start a Conversation' },
		screenshot: 'panel-userengage-start-conversation.png',
	},
	{
		platform: 'intercom',
		workflow: 'cmExIntercom0001',
		node: 'Reply as admin',
		credential: 'Intercom account',
		inputs: ['intercomOperation', 'conversationId', 'replyAs', 'adminId', 'replyType', 'content', 'attachments'],
		labels: ['Platform', 'Operation', 'Conversation ID', 'Reply As', 'Admin Name or ID', 'Reply Type', 'Content', 'Attachments', 'Additional Fields', 'Options'],
		modes: ['From list', 'By ID', 'By URL'],
		values: { intercomOperation: 'Reply to a Conversation', replyAs: 'Admin', replyType: 'Comment' },
		loaded: { adminId: 'Ada Admin (ada.admin@acme.example)' },
		screenshot: 'panel-intercom.png',
	},
	{
		platform: 'intercom',
		workflow: 'cmExIntercom0001',
		node: 'Contact starts a conversation',
		credential: 'Intercom account',
		inputs: ['intercomOperation', 'contactLookup', 'contactValue', 'content', 'attachments'],
		absent: ['conversationId'],
		labels: ['Platform', 'Operation', 'Identify Contact By', 'Contact', 'Content', 'Attachments', 'Additional Fields', 'Options'],
		values: { intercomOperation: 'Message From a User or Contact', contactLookup: 'Email' },
		screenshot: 'panel-intercom-start-conversation.png',
	},
	{
		platform: 'reamaze',
		workflow: 'cmExReamaze00001',
		node: 'Reply on Re:amaze',
		credential: 'Re:amaze account',
		inputs: ['conversationId', 'content', 'visibility', 'attachments'],
		labels: ['Platform', 'Conversation Slug', 'Content', 'Visibility', 'Attachments', 'Additional Fields', 'Options'],
		modes: ['From list', 'By ID', 'By URL'],
		values: { visibility: 'Regular' },
		screenshot: 'panel-reamaze.png',
	},
	{
		platform: 'zendesk',
		workflow: 'cmExZendesk00001',
		node: 'Reply on Zendesk with a file',
		credential: 'Zendesk Support account',
		inputs: ['zendeskOperation', 'conversationId', 'content', 'visibility', 'attachments'],
		absent: ['customerEmail', 'subject'],
		labels: ['Platform', 'Operation', 'Ticket ID', 'Content', 'Visibility', 'Attachments', 'Additional Fields', 'Options'],
		modes: ['By ID', 'By URL'],
		values: { zendeskOperation: 'Reply or Add a Note', visibility: 'Public Reply' },
		screenshot: 'panel-zendesk.png',
	},
	{
		platform: 'zendesk',
		workflow: 'cmExZendesk00001',
		node: 'Create a Zendesk ticket',
		credential: 'Zendesk Support account',
		inputs: ['zendeskOperation', 'customerEmail', 'customerName', 'createContactIfMissing', 'subject', 'content', 'attachments'],
		absent: ['conversationId', 'visibility'],
		labels: ['Platform', 'Operation', 'Requester Email', 'Requester Name', 'Create Requester If Missing', 'Subject', 'Content', 'Attachments', 'Conversation Fields', 'Options'],
		values: { zendeskOperation: 'Create a Ticket' },
		screenshot: 'panel-zendesk-start-conversation.png',
	},
]);

/** The canvas screenshot in docs/screenshots: the workflow that uses three platforms. */
const CANVAS_SCREENSHOT = Object.freeze({ workflow: 'cmExAttachment01', file: 'workflow-canvas.png' });

module.exports = { PLATFORM_ONLY_INPUTS, PLATFORM_LABELS, CREDENTIAL_TYPE_NAMES, PANELS, CANVAS_SCREENSHOT };
