import type { Operation } from '../../operations/types';
import { MAX_FILES } from '../chatwoot/limits';
import { contactOrderingKey, openChatwootConversation, readStartContact, startContactFields } from '../chatwoot/start';

import { inboxIdField, messageAttachmentsField, messageContentField } from './fields';
import { ROUTES } from './routes';

/** Start a Conversation on the v2 API: contact (found or created) → conversation → message (../chatwoot/start.ts). */
export const startConversation: Operation = {
	operation: 'startConversation',
	wording: { description: 'Find (or create) the contact, open a conversation in an inbox and send the first message' },
	fields: [
		inboxIdField('The ID of the LiveDesk inbox (channel) the conversation opens in'),
		...startContactFields,
		messageContentField,
		messageAttachmentsField,
	],

	prepare(p) {
		const inboxId = p.wholeNumber('inboxId', 'Inbox ID');
		const contact = readStartContact(p);
		const content = p.content();
		const attachments = p.attachments(MAX_FILES);
		return {
			orderingKey: contactOrderingKey('engageLab', contact),
			send: async (client) =>
				await openChatwootConversation(p, client, ROUTES, { contact, inboxId, conversation: {}, message: { content }, attachments }),
		};
	},
};
