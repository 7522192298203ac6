import type { INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection, attachmentsField, contentField, conversationIdField } from '../../shared/fields';

/** The Chatwoot account, loaded from the token's profile: the same field in the send node and the trigger. */
export function accountField(purpose: string): INodeProperties {
	return {
		displayName: 'Account Name or ID',
		name: 'accountId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getChatwootAccounts' },
		required: true,
		default: '',
		description: `${purpose}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

export const ninetyNineDigitalProperties: INodeProperties[] = [
	accountField('The account, as in …/app/accounts/<b>7</b>/conversations/123'),
	conversationIdField({
		displayName: 'Conversation ID',
		description: 'The conversation: pick it, type its number, or paste its address from the inbox',
		example: '123',
		idPattern: '^\\s*\\d+\\s*$',
		urlPattern: '/app/accounts/\\d+/conversations/(\\d+)',
		urlExample: 'https://online.99digital.co.il/app/accounts/7/conversations/123',
		searchMethod: 'searchChatwootConversations',
	}),
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
	},
	{
		displayName: 'Private',
		name: 'private',
		type: 'boolean',
		default: false,
		description: 'Whether the message is a private note visible only to agents',
	},
	attachmentsField('Files to send with the message (at most 15), uploaded as multipart'),
	additionalFieldsCollection([
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
	]),
];
