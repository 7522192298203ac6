import { attachmentsField, contentField, conversationIdField } from '../../params/fields';

// Fields Zendesk's operations share.

export const messageContentField = contentField('The comment, as plain text (Zendesk keeps its line breaks)');

export const messageAttachmentsField = attachmentsField(
	'Files to attach to the comment: each is uploaded to Zendesk first (streamed), then attached',
);

/** The ticket, by its number (typed, or taken from its address in Zendesk's agent workspace). */
export const ticketField = conversationIdField({
	displayName: 'Ticket ID',
	description: 'The ticket: its number, or its address in Zendesk\'s agent workspace',
	example: '123',
	idPattern: '^\\s*\\d+\\s*$',
	urlPattern: '/agent/tickets/(\\d+)',
	urlExample: 'https://acme.zendesk.com/agent/tickets/123',
});
