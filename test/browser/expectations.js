'use strict';
/**
 * What the browser test (scripts/browser-test.js) expects to see in n8n's editor for each platform
 * of the Send Conversation Message node, opened from the example workflows in examples/, and of
 * the Conversation Actions node, opened in a scratch workflow.
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

/** The Conversation Actions operations each platform offers, per resource (docs/README.md#conversation-actions-per-platform). */
const CONTACT_OPERATIONS = Object.freeze(['Find', 'Create or Update']);
const ACTIONS_OPERATIONS = Object.freeze({
	ninetyNineDigital: { conversation: ['Get', 'Get Messages', 'Assign', 'Set Status', 'Add Labels', 'Remove Labels', 'Set Priority', 'Typing Indicator'], contact: CONTACT_OPERATIONS },
	intercom: { conversation: ['Get', 'Get Messages', 'Assign', 'Set Status', 'Add Tags', 'Remove Tags'], contact: CONTACT_OPERATIONS },
	reamaze: { conversation: ['Get', 'Get Messages', 'Assign', 'Set Status', 'Add Tags', 'Remove Tags'], contact: CONTACT_OPERATIONS },
	userEngage: { conversation: ['Get', 'Get Messages', 'Assign', 'Set Status'], contact: CONTACT_OPERATIONS },
	engageLab: { conversation: ['Set Status'], contact: CONTACT_OPERATIONS },
});

const locator = (value, mode = 'id') => ({ __rl: true, mode, value });

/**
 * Conversation Actions panels, each a node of one scratch workflow (`parameters`, with the
 * platform and its credential); checked like PANELS, and further:
 *   resource  the Resource and Operation dropdowns offer exactly ACTIONS_OPERATIONS[platform][resource]
 *   pickers   resource locators (`locator`) or multi-option lists (`options`) filled from the mock vendor:
 *             the list shows exactly `items` (after the vendor answered `request`), `pick` is chosen
 */
const ACTIONS_PANELS = Object.freeze([
	{
		platform: 'ninetyNineDigital',
		node: '99digital: Assign',
		credential: '99digital account',
		resource: 'conversation',
		parameters: { resource: 'conversation', operation: 'assign', accountId: '7', conversationId: locator('30'), assignment: 'assign', agent: locator('', 'list'), team: locator('', 'list') },
		inputs: ['resource', 'operation', 'accountId', 'conversationId', 'assignment', 'agent', 'team'],
		absent: ['unassignFrom', 'labels', 'status'],
		labels: ['Platform', 'Resource', 'Operation', 'Account Name or ID', 'Conversation ID', 'Assignment', 'Agent', 'Team'],
		values: { resource: 'Conversation', operation: 'Assign', assignment: 'Assign' },
		loaded: { accountId: 'Acme Online (#7)' },
		modes: ['From list', 'By ID', 'By URL'],
		pickers: [
			{
				locator: 'agent',
				request: /^\/api\/v1\/accounts\/7\/agents(\?|$)/,
				items: ['Dana Agent (dana.agent@acme.example)', 'Eli Agent (eli.agent@acme.example)', 'Gil Agent (gil.agent@acme.example)'],
				pick: 'Eli Agent (eli.agent@acme.example)',
			},
			{ locator: 'team', request: /^\/api\/v1\/accounts\/7\/teams(\?|$)/, items: ['Shipping', 'Billing', 'Escalations'], pick: 'Shipping' },
		],
		screenshot: 'actions-99digital-assign.png',
	},
	{
		platform: 'ninetyNineDigital',
		node: '99digital: Add Labels',
		credential: '99digital account',
		resource: 'conversation',
		parameters: { resource: 'conversation', operation: 'addLabels', accountId: '7', conversationId: locator('30'), labels: [] },
		inputs: ['resource', 'operation', 'accountId', 'conversationId', 'labels'],
		absent: ['agent', 'team', 'status'],
		labels: ['Platform', 'Resource', 'Operation', 'Account Name or ID', 'Conversation ID', 'Label Names or IDs'],
		values: { resource: 'Conversation', operation: 'Add Labels' },
		loaded: { accountId: 'Acme Online (#7)' },
		pickers: [{ options: 'labels', request: /^\/api\/v1\/accounts\/7\/labels(\?|$)/, items: ['billing', 'vip', 'refund', 'bot-handoff'], pick: 'vip' }],
		screenshot: 'actions-99digital-add-labels.png',
	},
	{
		platform: 'ninetyNineDigital',
		node: '99digital: Get Messages',
		credential: '99digital account',
		resource: 'conversation',
		parameters: { resource: 'conversation', operation: 'getMessages', accountId: '7', conversationId: locator('30'), returnAll: false, limit: 50, options: {} },
		inputs: ['resource', 'operation', 'accountId', 'conversationId', 'returnAll', 'limit'],
		absent: ['agent', 'team', 'labels', 'status'],
		labels: ['Platform', 'Resource', 'Operation', 'Account Name or ID', 'Conversation ID', 'Return All', 'Limit', 'Options'],
		values: { resource: 'Conversation', operation: 'Get Messages', limit: '50' },
		loaded: { accountId: 'Acme Online (#7)' },
		screenshot: 'actions-99digital-get-messages.png',
	},
	{
		platform: 'ninetyNineDigital',
		node: '99digital: Create or Update Contact',
		credential: '99digital account',
		resource: 'contact',
		parameters: { resource: 'contact', operation: 'upsert', accountId: '7', contactBy: 'email', contactValue: 'noa@customer.example', contactName: 'Noa Levi', customAttributes: '{"plan":"gold"}' },
		inputs: ['resource', 'operation', 'accountId', 'contactBy', 'contactValue', 'contactName', 'customAttributes'],
		absent: ['conversationId', 'agent', 'labels'],
		labels: ['Platform', 'Resource', 'Operation', 'Account Name or ID', 'Find Contact By', 'Contact', 'Name', 'Custom Attributes'],
		values: { resource: 'Contact', operation: 'Create or Update', contactBy: 'Email', contactValue: 'noa@customer.example' },
		loaded: { accountId: 'Acme Online (#7)' },
		screenshot: 'actions-99digital-contact-upsert.png',
	},
	{
		platform: 'intercom',
		node: 'Intercom: Assign',
		credential: 'Intercom account',
		resource: 'conversation',
		parameters: { resource: 'conversation', operation: 'assign', conversationId: locator('12'), assignment: 'assign', agent: locator('', 'list'), team: locator('', 'list'), actAsAdmin: locator('', 'list') },
		inputs: ['resource', 'operation', 'conversationId', 'assignment', 'agent', 'team', 'actAsAdmin'],
		absent: ['accountId', 'unassignFrom', 'labels'],
		labels: ['Platform', 'Resource', 'Operation', 'Conversation ID', 'Assignment', 'Admin', 'Team', 'Act As Admin'],
		values: { resource: 'Conversation', operation: 'Assign', assignment: 'Assign' },
		modes: ['From list', 'By ID', 'By URL'],
		pickers: [
			{ locator: 'agent', request: /^\/admins(\?|$)/, items: ['Ada Admin (ada.admin@acme.example)', 'Ben Admin (ben.admin@acme.example)'], pick: 'Ben Admin (ben.admin@acme.example)' },
			{ locator: 'team', request: /^\/teams(\?|$)/, items: ['Support', 'Escalations', 'Bot'], pick: 'Escalations' },
			{ locator: 'actAsAdmin', request: /^\/admins(\?|$)/, items: ['Ada Admin (ada.admin@acme.example)', 'Ben Admin (ben.admin@acme.example)'], pick: 'Ada Admin (ada.admin@acme.example)' },
		],
		screenshot: 'actions-intercom-assign.png',
	},
	{
		platform: 'reamaze',
		node: 'Re:amaze: Assign',
		credential: 'Re:amaze account',
		resource: 'conversation',
		parameters: { resource: 'conversation', operation: 'assign', conversationId: locator('support-request-1'), agent: locator('', 'list') },
		inputs: ['resource', 'operation', 'conversationId', 'agent'],
		absent: ['accountId', 'team', 'tags'],
		labels: ['Platform', 'Resource', 'Operation', 'Conversation Slug', 'Agent'],
		values: { resource: 'Conversation', operation: 'Assign' },
		modes: ['From list', 'By ID', 'By URL'],
		pickers: [
			{
				locator: 'agent',
				request: /^\/api\/v1\/staff(\?|$)/,
				items: ['Acme Agent (agent@acme.example)', 'Olga Owner (olga@acme.example)', 'Tom Tier2 (tom@acme.example)'],
				pick: 'Tom Tier2 (tom@acme.example)',
			},
		],
		screenshot: 'actions-reamaze-assign.png',
	},
	{
		platform: 'userEngage',
		node: 'User.com: Assign',
		credential: 'User.com (UserEngage) account',
		resource: 'conversation',
		parameters: { resource: 'conversation', operation: 'assign', conversationId: locator('553'), agentId: '927' },
		inputs: ['resource', 'operation', 'conversationId', 'agentId'],
		absent: ['accountId', 'agent', 'team', 'status'],
		labels: ['Platform', 'Resource', 'Operation', 'Conversation ID', 'Agent ID'],
		values: { resource: 'Conversation', operation: 'Assign', agentId: '927' },
		modes: ['By ID', 'By URL'],
		screenshot: 'actions-userengage-assign.png',
	},
	{
		platform: 'engageLab',
		node: 'LiveDesk: Set Status',
		credential: 'EngageLab LiveDesk account',
		resource: 'conversation',
		parameters: { resource: 'conversation', operation: 'setStatus', conversationId: locator('141'), status: 'resolved' },
		inputs: ['resource', 'operation', 'conversationId', 'status'],
		absent: ['accountId', 'agent', 'snoozeUntil'],
		labels: ['Platform', 'Resource', 'Operation', 'Conversation ID', 'Status'],
		values: { resource: 'Conversation', operation: 'Set Status', status: 'Resolved' },
		modes: ['By ID', 'By URL'],
		screenshot: 'actions-engagelab-set-status.png',
	},
]);

/** The canvas screenshot in docs/screenshots: the workflow that uses three platforms. */
const CANVAS_SCREENSHOT = Object.freeze({ workflow: 'cmExAttachment01', file: 'workflow-canvas.png' });

module.exports = { PLATFORM_ONLY_INPUTS, PLATFORM_LABELS, CREDENTIAL_TYPE_NAMES, PANELS, ACTIONS_OPERATIONS, ACTIONS_PANELS, CANVAS_SCREENSHOT };
