import { attachmentsField, contentField, conversationIdField } from '../../params/fields';

// Fields Re:amaze's operations share.

export const messageContentField = contentField('The message. Markdown is allowed.');

export const messageAttachmentsField = attachmentsField(
	'Re:amaze takes no file uploads: naming a binary property here stops with an error. Use Additional Fields → Attachment URL with a link to the file.',
);

/** The conversation, by its slug (picked, typed, or taken from its address): the send node's and Conversation Actions'. */
export const conversationField = conversationIdField({
	displayName: 'Conversation Slug',
	description: 'The conversation: pick it, type its slug, or paste its address from Re:amaze',
	example: 'order-question-1234',
	idPattern: '^\\s*[^\\s/?#]+\\s*$',
	urlPattern: '/admin/conversations/([^/?#\\s]+)',
	urlExample: 'https://acme.reamaze.com/admin/conversations/order-question-1234',
	searchMethod: 'searchReamazeConversations',
});
