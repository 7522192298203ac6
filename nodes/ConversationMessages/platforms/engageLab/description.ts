import type { INodeProperties } from 'n8n-workflow';

import { startContactProperties } from '../chatwoot/start';
import { additionalFieldsCollection, attachmentsField, contentField, conversationIdField, sendOrStartField } from '../../params/fields';

const onSend = { show: { engageLabOperation: ['send'] } };
const onStart = { show: { engageLabOperation: ['startConversation'] } };
const sendOnly = (property: INodeProperties): INodeProperties => ({ ...property, displayOptions: onSend });

export const engageLabProperties: INodeProperties[] = [
	sendOrStartField('engageLabOperation', {
		action: 'Start a conversation with a contact',
		description: 'Find (or create) the contact, open a conversation in an inbox and send the first message',
	}),
	{
		displayName: 'Inbox ID',
		name: 'inboxId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '79',
		displayOptions: onStart,
		description: 'The ID of the LiveDesk inbox (channel) the conversation opens in',
	},
	...startContactProperties(onStart),
	sendOnly(conversationIdField({
		displayName: 'Conversation ID',
		description: 'The LiveDesk conversation: its ID, or its address in the LiveDesk inbox',
		example: '141',
		idPattern: '^\\s*\\d+\\s*$',
		urlPattern: '/conversations/(\\d+)',
		urlExample: 'https://livedesk.engagelab.com/app/accounts/14/conversations/141',
	})),
	contentField('The message text. May be empty when files are attached.', false),
	attachmentsField('Files to send with the message (images, audio, documents), uploaded as multipart. On a new conversation they follow the first message as a second one.'),
	sendOnly(additionalFieldsCollection([
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
	])),
];
