import type { IDataObject } from 'n8n-workflow';

import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import { oneOf } from '../../params/checks';
import { attachmentsField, contentField } from '../../params/fields';

import { contactFields, contactOrderingKey, readContact, readContactById, searchContact } from './contacts';
import { adminField, attachmentUrlsCollection, readAttachmentUrls } from './fields';

const onEmail = { show: { adminMessageType: ['email'] } };

/**
 * Message From an Admin: an admin reaches a user or lead, POST /messages (the admin-initiated
 * message of API 2.x). Intercom opens no conversation until the contact replies, unless
 * create_conversation_without_contact_reply is set. A lost answer is not read back (Intercom
 * lists no sent messages): the message may exist, and is not sent again.
 */
export const startConversation: Operation = {
	operation: 'startConversation',
	wording: {
		name: 'Message From an Admin',
		action: 'Send a message from an admin to a contact',
		description: 'Reach a user or lead who has no open conversation: an in-app message or an email, as a teammate',
	},
	fields: [
		adminField('message'),
		...contactFields(),
		{
			displayName: 'Message Type',
			name: 'adminMessageType',
			type: 'options',
			default: 'inapp',
			options: [
				{ name: 'In-App', value: 'inapp', description: 'Shown in the Messenger in your app or website' },
				{ name: 'Email', value: 'email', description: 'Sent to the contact\'s email address' },
			],
		},
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			required: true,
			default: '',
			displayOptions: onEmail,
		},
		{
			displayName: 'Email Template',
			name: 'emailTemplate',
			type: 'options',
			default: 'plain',
			displayOptions: onEmail,
			options: [
				{ name: 'Plain', value: 'plain', description: 'Plain text, as a personal email' },
				{ name: 'Personal', value: 'personal', description: 'With the admin\'s name and avatar' },
			],
		},
		contentField('The message. Basic HTML allowed.'),
		{
			displayName: 'Open a Conversation Now',
			name: 'createConversationWithoutContactReply',
			type: 'boolean',
			default: false,
			description:
				'Whether Intercom opens the conversation at once (so its ID is in the output and the next node can reply into it); otherwise a conversation exists only once the contact replies',
		},
		attachmentsField('Intercom takes no files in an admin-initiated message: naming a binary property here stops with an error'),
		attachmentUrlsCollection,
	],

	prepare(p) {
		const adminId = p.pathSegment('adminId', 'Admin ID');
		const contact = readContact(p);
		const messageType = p.read('adminMessageType', oneOf(['inapp', 'email'], 'inapp or email'), 'Message Type', 'inapp');
		const body: IDataObject = {
			message_type: messageType,
			body: p.content(),
			from: { type: 'admin', id: adminId },
			create_conversation_without_contact_reply: p.boolean('createConversationWithoutContactReply', 'Open a Conversation Now'),
		};
		if (messageType === 'email') {
			body.subject = p.requiredText('subject', 'Subject');
			body.template = p.read('emailTemplate', oneOf(['plain', 'personal'], 'plain or personal'), 'Email Template', 'plain');
		}
		if (readAttachmentUrls(p).length) {
			throw p.fail('Attachment URLs', 'is not supported: Intercom takes no attachments in an admin-initiated message');
		}
		p.refuseAttachments('Intercom takes no files in an admin-initiated message', 'Send the files as a reply once the conversation exists.');

		return {
			orderingKey: contactOrderingKey(contact),
			send: async (client) => {
				const found = contact.lookup === 'id' ? await readContactById(p, client, contact.value) : await searchContact(p, client, contact);
				const to = { type: found.role === 'lead' ? 'lead' : 'user', id: found.id };
				const message = responseJson(await client.send({ method: 'POST', path: '/messages', json: { ...body, to }, creates: 'conversation' }, p.itemIndex));
				return { conversationId: message.conversation_id ?? null, contact: found, message };
			},
		};
	},
};
