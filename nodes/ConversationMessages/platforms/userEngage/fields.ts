import type { INodeProperties } from 'n8n-workflow';

import { conversationIdField } from '../../params/fields';

/** The conversation, by its numeric ID or its address in the User.com panel (the send node's and Conversation Actions'). */
export function conversationField(description: string): INodeProperties {
	return conversationIdField({
		displayName: 'Conversation ID',
		description,
		example: '48553',
		idPattern: '^\\s*\\d+\\s*$',
		urlPattern: '/conversations?/(\\d+)',
		urlExample: 'https://acme.user.com/conversations/48553/',
	});
}
