import { attachmentsField, contentField } from '../../params/fields';

// Fields LiveDesk's operations share.

export const messageContentField = contentField('The message text. May be empty when files are attached.', false);

export const messageAttachmentsField = attachmentsField(
	'Files to send with the message (images, audio, documents), uploaded as multipart. On a new conversation they follow the first message as a second one.',
);
