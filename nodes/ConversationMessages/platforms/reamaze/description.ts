import type { INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection, attachmentsField, contentField, conversationIdField, sendOrStartField } from '../../params/fields';

const onSend = { show: { reamazeOperation: ['send'] } };
const onStart = { show: { reamazeOperation: ['startConversation'] } };
const sendOnly = (property: INodeProperties): INodeProperties => ({ ...property, displayOptions: onSend });

export const reamazeProperties: INodeProperties[] = [
	sendOrStartField('reamazeOperation', {
		action: 'Start a conversation with a customer',
		description: 'Open a new conversation with a customer in a channel, with the first message',
	}),
	...startConversationProperties(),
	sendOnly(conversationIdField({
		displayName: 'Conversation Slug',
		description: 'The conversation: pick it, type its slug, or paste its address from Re:amaze',
		example: 'order-question-1234',
		idPattern: '^\\s*[^\\s/?#]+\\s*$',
		urlPattern: '/admin/conversations/([^/?#\\s]+)',
		urlExample: 'https://acme.reamaze.com/admin/conversations/order-question-1234',
		searchMethod: 'searchReamazeConversations',
	})),
	contentField('The message. Markdown is allowed.'),
	{
		displayName: 'Visibility',
		name: 'visibility',
		type: 'options',
		default: 'regular',
		options: [
			{ name: 'Regular', value: 'regular', description: 'A reply the customer sees' },
			{ name: 'Internal Note', value: 'internalNote', description: 'Visible only to staff' },
		],
		displayOptions: onSend,
	},
	attachmentsField(
		'Re:amaze takes no file uploads: naming a binary property here stops with an error. Use Additional Fields → Attachment URL with a link to the file.',
	),
	sendOnly(additionalFieldsCollection([
		{
			displayName: 'Attachment URL',
			name: 'attachmentUrl',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/invoice.pdf',
			description: 'A link to a file Re:amaze fetches and attaches (Re:amaze takes no file uploads)',
		},
		{
			displayName: 'Origin ID',
			name: 'originId',
			type: 'string',
			default: '',
			description: 'Your unique ID for the message; Re:amaze ignores a second message with the same one. Use a key from upstream (e.g. the order or event ID) so a re-sent request never posts twice. When empty, one is derived from the execution, node and item, which protects the retries within one execution.',
		},
		{
			displayName: 'Sender Email',
			name: 'senderEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Send as this customer or staff member instead of the credential\'s user',
		},
		{
			displayName: 'Sender Name',
			name: 'senderName',
			type: 'string',
			default: '',
			description: 'The sender\'s name; needs Sender Email',
		},
		{
			displayName: 'Suppress Autoresolve',
			name: 'suppressAutoresolve',
			type: 'boolean',
			default: false,
			description: 'Whether to keep the conversation open when a staff member sends the message',
		},
		{
			displayName: 'Suppress Notifications',
			name: 'suppressNotifications',
			type: 'boolean',
			default: false,
			description: 'Whether to send no email or integration notifications for this message',
		},
		{
			displayName: 'Suppress Surveys',
			name: 'suppressSurveys',
			type: 'boolean',
			default: false,
			description: 'Whether to send no satisfaction survey for this message',
		},
	])),
];

/** Start a Conversation: POST /api/v1/conversations with the customer, subject, channel and first message. */
function startConversationProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Customer Email',
			name: 'customerEmail',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'jane@example.com',
			displayOptions: onStart,
			description: 'The customer the conversation is with; Re:amaze finds or creates them by this email',
		},
		{
			displayName: 'Customer Name',
			name: 'customerName',
			type: 'string',
			required: true,
			default: '',
			displayOptions: onStart,
		},
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			required: true,
			default: '',
			displayOptions: onStart,
		},
		{
			displayName: 'Channel Slug',
			name: 'channel',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'support',
			displayOptions: onStart,
			description: 'The channel (Re:amaze calls it category) the conversation opens in: the slug in its address under Settings → Channels',
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
					displayName: 'Data',
					name: 'data',
					type: 'json',
					default: '{}',
					description: 'Custom fields of the conversation, as a JSON object',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					default: 0,
					options: [
						{ name: 'Open', value: 0 },
						{ name: 'Responded', value: 1 },
						{ name: 'Done', value: 2 },
						{ name: 'On Hold', value: 5 },
					],
				},
				{
					displayName: 'Suppress Autoresolve',
					name: 'suppressAutoresolve',
					type: 'boolean',
					default: false,
					description: 'Whether to keep the conversation open',
				},
				{
					displayName: 'Suppress Notifications',
					name: 'suppressNotifications',
					type: 'boolean',
					default: false,
					description: 'Whether to send no email or integration notifications for the first message',
				},
				{
					displayName: 'Tags',
					name: 'tags',
					type: 'string',
					default: '',
					placeholder: 'shipping, order',
					description: 'Tags for the conversation, separated by commas',
				},
			],
		},
	];
}
