import type { IDataObject } from 'n8n-workflow';

import { rememberPostedAsCustomer } from '../../conversation/postedAsCustomer';
import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import { attachmentsField, contentField } from '../../params/fields';

import { contactFields, contactOrderingKey, readContact, searchContact } from './contacts';
import { attachmentUrlsCollection, readAttachmentUrls } from './fields';

const HTML_TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i;

/**
 * A user or lead starts a conversation. API 2.x: POST /conversations with from {type, id}
 * (POST /messages is admin-only there). An email or external id is resolved to the contact
 * first, and must match exactly one.
 */
export const contactStartsConversation: Operation = {
	operation: 'contactStartsConversation',
	fields: [
		...contactFields(),
		contentField(
			'Plain text only: Intercom does not take HTML in a message started by a contact, so HTML tags are refused rather than shown as text',
		),
		attachmentsField(
			'Intercom takes no files in a message started by a contact: naming a binary property here stops with an error. Use Additional Fields → Attachment URLs.',
		),
		attachmentUrlsCollection,
	],

	prepare(p) {
		const contact = readContact(p);
		const content = p.content({
			refuse: {
				pattern: HTML_TAG,
				problem: 'contains HTML, which Intercom does not support in a message started by a contact',
				description: 'Send plain text; remove the tags upstream (e.g. with the HTML or Markdown node).',
			},
		});
		const attachmentUrls = readAttachmentUrls(p);
		p.refuseAttachments(
			'Intercom takes only attachment URLs when a contact starts a conversation',
			'Put links to the files in Additional Fields → Attachment URLs.',
		);

		return {
			orderingKey: contactOrderingKey(contact),
			send: async (client) => {
				const from: IDataObject =
					contact.lookup === 'id' ? { type: 'contact', id: contact.value } : senderOf(await searchContact(p, client, contact));
				const body: IDataObject = { from, body: content };
				if (attachmentUrls.length) body.attachment_urls = attachmentUrls;
				const response = responseJson(await client.send({ method: 'POST', path: '/conversations', json: body }, p.itemIndex));
				rememberPostedAsCustomer('intercom', response.id);
				return response;
			},
		};
	},
};

function senderOf(match: IDataObject): IDataObject {
	return { type: match.role === 'lead' ? 'lead' : 'user', id: match.id };
}
