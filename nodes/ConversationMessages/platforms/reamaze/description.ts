import type { INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection, attachmentsField, contentField, conversationIdField } from '../../shared/fields';

export const reamazeProperties: INodeProperties[] = [
	conversationIdField({
		displayName: 'Conversation Slug',
		description: 'The conversation: pick it, type its slug, or paste its address from Re:amaze',
		example: 'order-question-1234',
		idPattern: '^\\s*[^\\s/?#]+\\s*$',
		urlPattern: '/admin/conversations/([^/?#\\s]+)',
		urlExample: 'https://acme.reamaze.com/admin/conversations/order-question-1234',
		searchMethod: 'searchReamazeConversations',
	}),
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
	},
	attachmentsField(
		'Re:amaze takes no file uploads: naming a binary property here stops with an error. Use Additional Fields → Attachment URL with a link to the file.',
	),
	additionalFieldsCollection([
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
	]),
];
