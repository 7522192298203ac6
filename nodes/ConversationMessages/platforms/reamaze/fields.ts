import { attachmentsField, contentField } from '../../params/fields';

// Fields Re:amaze's operations share.

export const messageContentField = contentField('The message. Markdown is allowed.');

export const messageAttachmentsField = attachmentsField(
	'Re:amaze takes no file uploads: naming a binary property here stops with an error. Use Additional Fields → Attachment URL with a link to the file.',
);
