import type { IDataObject } from 'n8n-workflow';

import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import { pathSegment, wholeNumber } from '../../params/checks';
import { additionalFieldsCollection } from '../../params/fields';
import { MAX_FILES } from '../chatwoot/limits';
import { chatwootMessageRequest } from '../chatwoot/wire';

import { conversationField, messageAttachmentsField, messageContentField } from './fields';
import { ROUTES } from './routes';

/** POST /api/v2/accounts/conversations/:conversation_id/messages — JSON or multipart. */
export const sendMessage: Operation = {
	operation: 'sendMessage',
	fields: [
		conversationField,
		messageContentField,
		messageAttachmentsField,
		additionalFieldsCollection([
			{
				displayName: 'In Reply To',
				name: 'inReplyTo',
				type: 'string',
				default: '',
				placeholder: '29',
				description: 'The ID of the message this one answers',
			},
			{
				displayName: 'Private',
				name: 'private',
				type: 'boolean',
				default: false,
				description: 'Whether the message is a private note visible only to agents',
			},
		]),
	],

	prepare(p) {
		const conversationId = p.conversationId('Conversation ID', pathSegment);
		const content = p.content({ orFiles: { maxFiles: MAX_FILES } });
		const attachments = p.attachments(MAX_FILES);

		const additional = p.collection('additionalFields');
		const fields: IDataObject = { content };
		if (additional.get('private') !== undefined) fields.private = additional.boolean('private', 'Private');
		const inReplyTo = additional.get('inReplyTo');
		if (inReplyTo !== undefined && String(inReplyTo).trim() !== '') {
			fields.content_attributes = { in_reply_to: additional.read('inReplyTo', wholeNumber, 'In Reply To') };
		}

		const request = chatwootMessageRequest(p, ROUTES.messages(conversationId), fields, attachments);
		return {
			orderingKey: conversationId,
			send: async (client) => responseJson(await client.send(request, p.itemIndex)),
		};
	},
};
