import type { INodeProperties } from 'n8n-workflow';

import { attachmentsField, contentField, conversationIdField } from '../../params/fields';

// Fields 99digital's operations share, and the account field its trigger shows too.

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

export const sendAccountField = accountField('The account, as in …/app/accounts/<b>7</b>/conversations/123');

export const messageContentField = contentField('The message text. May be empty when files are attached.', false);

export const messageAttachmentsField = attachmentsField(
	'Files to send with the message (at most 15), uploaded as multipart. On a new conversation they follow the first message as a second one.',
);

/** The conversation, by its number in the account (picked, typed, or taken from its address). */
export const conversationField = conversationIdField({
	displayName: 'Conversation ID',
	description: 'The conversation: pick it, type its number, or paste its address from the inbox',
	example: '123',
	idPattern: '^\\s*\\d+\\s*$',
	urlPattern: '/app/accounts/\\d+/conversations/(\\d+)',
	urlExample: 'https://online.99digital.co.il/app/accounts/7/conversations/123',
	searchMethod: 'searchChatwootConversations',
});
