import type { INodeProperties } from 'n8n-workflow';

import { attachmentsField, contentField, conversationIdField } from '../../params/fields';

// Fields LiveDesk's operations share.

export const messageContentField = contentField('The message text. May be empty when files are attached.', false);

export const messageAttachmentsField = attachmentsField(
	'Files to send with the message (images, audio, documents), uploaded as multipart. On a new conversation they follow the first message as a second one.',
);

/** The conversation, by its ID or its address in the LiveDesk inbox (LiveDesk lists no conversations to pick from). */
export const conversationField = conversationIdField({
	displayName: 'Conversation ID',
	description: 'The LiveDesk conversation: its ID, or its address in the LiveDesk inbox',
	example: '141',
	idPattern: '^\\s*\\d+\\s*$',
	urlPattern: '/conversations/(\\d+)',
	urlExample: 'https://livedesk.engagelab.com/app/accounts/14/conversations/141',
});

/** A LiveDesk inbox (channel), by its ID: LiveDesk documents no list of them. */
export function inboxIdField(description: string): INodeProperties {
	return {
		displayName: 'Inbox ID',
		name: 'inboxId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '79',
		description,
	};
}
