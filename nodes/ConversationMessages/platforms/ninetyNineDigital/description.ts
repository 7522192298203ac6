import type { INodeProperties } from 'n8n-workflow';

import { startContactProperties } from '../chatwoot/start';
import { accountField } from './fields';
import { additionalFieldsCollection, attachmentsField, contentField, conversationIdField, sendOrStartField } from '../../params/fields';

const onSend = { show: { chatwootOperation: ['send'] } };
const onStart = { show: { chatwootOperation: ['startConversation'] } };
const sendOnly = (property: INodeProperties): INodeProperties => ({ ...property, displayOptions: onSend });

export const ninetyNineDigitalProperties: INodeProperties[] = [
	sendOrStartField('chatwootOperation', {
		action: 'Start a conversation with a contact',
		description: 'Find (or create) the contact, open a conversation in an inbox and send the first message',
	}),
	accountField('The account, as in …/app/accounts/<b>7</b>/conversations/123'),
	...startConversationProperties(),
	sendOnly(conversationIdField({
		displayName: 'Conversation ID',
		description: 'The conversation: pick it, type its number, or paste its address from the inbox',
		example: '123',
		idPattern: '^\\s*\\d+\\s*$',
		urlPattern: '/app/accounts/\\d+/conversations/(\\d+)',
		urlExample: 'https://online.99digital.co.il/app/accounts/7/conversations/123',
		searchMethod: 'searchChatwootConversations',
	})),
	contentField('The message text. May be empty when files are attached.', false),
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'outgoing',
		options: [
			{ name: 'Activity', value: 'activity', description: 'A system note in the timeline' },
			{ name: 'Incoming', value: 'incoming', description: 'As if the contact wrote it (API inboxes only)' },
			{ name: 'Outgoing', value: 'outgoing', description: 'From the agent to the contact' },
			{ name: 'Template', value: 'template', description: 'A template message (e.g. WhatsApp)' },
		],
		displayOptions: onSend,
	},
	{
		displayName: 'Private',
		name: 'private',
		type: 'boolean',
		default: false,
		description: 'Whether the message is a private note visible only to agents',
		displayOptions: onSend,
	},
	attachmentsField('Files to send with the message (at most 15), uploaded as multipart. On a new conversation they follow the first message as a second one.'),
	sendOnly(additionalFieldsCollection([
		{
			displayName: 'Content Attributes',
			name: 'contentAttributes',
			type: 'json',
			default: '{}',
			description: 'Attributes for the content type, e.g. the items of an Input Select, as a JSON object',
		},
		{
			displayName: 'Content Type',
			name: 'contentType',
			type: 'options',
			default: 'text',
			options: [
				{ name: 'Article', value: 'article' },
				{ name: 'Cards', value: 'cards' },
				{ name: 'Form', value: 'form' },
				{ name: 'Input Email', value: 'input_email' },
				{ name: 'Input Select', value: 'input_select' },
				{ name: 'Text', value: 'text' },
			],
		},
		{
			displayName: 'Echo ID',
			name: 'echoId',
			type: 'string',
			default: '',
			description: 'Your own ID for the message, echoed back in the response and in webhooks (it does not prevent duplicates)',
		},
		{
			displayName: 'Template Params',
			name: 'templateParams',
			type: 'json',
			default: '{}',
			description: 'For template messages: {"name": "...", "category": "...", "language": "...", "processed_params": {...}}',
		},
	])),
];

/** Start a Conversation: the inbox, the contact (found or created), and how the conversation opens. */
function startConversationProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Inbox Name or ID',
			name: 'inboxId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getChatwootInboxes', loadOptionsDependsOn: ['accountId'] },
			required: true,
			default: '',
			displayOptions: onStart,
			description:
				'The inbox the conversation opens in (its channel: WhatsApp, email, API…). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...startContactProperties(onStart),
		{
			displayName: 'WhatsApp Template',
			name: 'whatsappTemplate',
			type: 'collection',
			placeholder: 'Add Template Field',
			default: {},
			displayOptions: onStart,
			description:
				'For WhatsApp inboxes, where the first message must be an approved template: its name and language as approved, and its parameters',
			options: [
				{
					displayName: 'Body Parameters',
					name: 'body',
					type: 'json',
					default: '{}',
					description: 'The body\'s variables as a JSON object: {"1": "Dana"} for numbered ones, {"name": "Dana"} for named ones',
				},
				{
					displayName: 'Button Parameters',
					name: 'buttons',
					type: 'json',
					default: '[]',
					placeholder: '[{"type": "url", "parameter": "order/123"}, {"type": "copy_code", "parameter": "SAVE10"}]',
					description: 'A JSON list, one entry per button that has a variable: its type (a link, or copy_code for a code of at most 15 characters) and its parameter',
				},
				{
					displayName: 'Category',
					name: 'category',
					type: 'options',
					default: 'UTILITY',
					options: [
						{ name: 'Authentication', value: 'AUTHENTICATION' },
						{ name: 'Marketing', value: 'MARKETING' },
						{ name: 'Utility', value: 'UTILITY' },
					],
				},
				{
					displayName: 'Header Media Name',
					name: 'headerMediaName',
					type: 'string',
					default: '',
					description: 'The file name shown for a document header',
				},
				{
					displayName: 'Header Media Type',
					name: 'headerMediaType',
					type: 'options',
					default: 'image',
					options: [
						{ name: 'Document', value: 'document' },
						{ name: 'Image', value: 'image' },
						{ name: 'Video', value: 'video' },
					],
				},
				{
					displayName: 'Header Media URL',
					name: 'headerMediaUrl',
					type: 'string',
					default: '',
					description: 'A public link to the header\'s image, video or document',
				},
				{
					displayName: 'Language',
					name: 'language',
					type: 'string',
					default: '',
					placeholder: 'en_US',
					description: 'The language code the template was approved in',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'order_shipped',
					description: 'The template\'s name as approved by WhatsApp',
				},
			],
		},
		{
			displayName: 'Conversation Fields',
			name: 'conversationFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: onStart,
			options: [
				{
					displayName: 'Assignee ID',
					name: 'assigneeId',
					type: 'number',
					default: 0,
					description: 'The agent the conversation is assigned to',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					default: 'open',
					options: [
						{ name: 'Open', value: 'open' },
						{ name: 'Pending', value: 'pending' },
						{ name: 'Resolved', value: 'resolved' },
						{ name: 'Snoozed', value: 'snoozed' },
					],
				},
				{
					displayName: 'Team ID',
					name: 'teamId',
					type: 'number',
					default: 0,
					description: 'The team the conversation is assigned to',
				},
			],
		},
	];
}
