import type { INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection, attachmentsField, contentField, conversationIdField } from '../../shared/fields';

export const engageLabProperties: INodeProperties[] = [
	conversationIdField({
		displayName: 'Conversation ID',
		description: 'The LiveDesk conversation: its ID, or its address in the LiveDesk inbox',
		example: '141',
		idPattern: '^\\s*\\d+\\s*$',
		urlPattern: '/conversations/(\\d+)',
		urlExample: 'https://livedesk.engagelab.com/app/accounts/14/conversations/141',
	}),
	contentField('The message text. May be empty when files are attached.', false),
	attachmentsField('Files to send with the message (images, audio, documents), uploaded as multipart'),
	additionalFieldsCollection([
		{
			displayName: 'In Reply To',
			name: 'inReplyTo',
			type: 'string',
			default: '',
			placeholder: '29',
			description: 'The ID of the message this one answers',
		},
		{
			displayName: 'Private',
			name: 'private',
			type: 'boolean',
			default: false,
			description: 'Whether the message is a private note visible only to agents',
		},
	]),
];
