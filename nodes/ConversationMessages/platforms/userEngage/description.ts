import type { INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection, attachmentsField, contentField, conversationIdField, sendOrStartField } from '../../params/fields';

export const SOURCES = { chat: 1, email: 2, api: 3, sms: 4, slack: 5 } as const;

const onSend = { show: { userEngageOperation: ['send'] } };
const onStart = { show: { userEngageOperation: ['startConversation'] } };
const sendOnly = (property: INodeProperties): INodeProperties => ({ ...property, displayOptions: onSend });

export const userEngageProperties: INodeProperties[] = [
	sendOrStartField('userEngageOperation', {
		action: 'Start a conversation with a user',
		description: 'Open a new conversation with a user found by email, with the first message',
	}),
	{
		displayName: 'User Email',
		name: 'userEmail',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'jane@example.com',
		displayOptions: onStart,
		description: 'The email of the User.com user (the customer) to start the conversation with',
	},
	sendOnly(conversationIdField({
		displayName: 'Conversation ID',
		description: 'The conversation to post into: its numeric ID, or its address in the User.com panel',
		example: '48553',
		idPattern: '^\\s*\\d+\\s*$',
		urlPattern: '/conversations?/(\\d+)',
		urlExample: 'https://acme.user.com/conversations/48553/',
	})),
	contentField('The message. HTML is allowed, e.g. Hi &lt;b&gt;there&lt;/b&gt;.'),
	{
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '926',
		description: 'The numeric ID of the agent the message is sent as (User.com: Settings → Agents)',
	},
	attachmentsField(
		'User.com has no API for files: naming a binary property here stops with an error. Put a link to the file in the content instead.',
	),
	additionalFieldsCollection([
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			default: 3,
			description: 'The channel the message is recorded as coming from',
			options: [
				{ name: 'API', value: SOURCES.api },
				{ name: 'Chat', value: SOURCES.chat },
				{ name: 'Email', value: SOURCES.email },
				{ name: 'Slack', value: SOURCES.slack },
				{ name: 'SMS', value: SOURCES.sms },
			],
		},
		{
			displayName: 'Source Context',
			name: 'sourceContext',
			type: 'json',
			default: '{}',
			description: 'Extra fields stored with the message, visible only to agents, as a JSON object',
		},
	]),
];
