import type { IDataObject } from 'n8n-workflow';

import { rememberPostedAsCustomer } from '../../conversation/postedAsCustomer';
import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import { oneOf, wholeNumber } from '../../params/checks';
import { additionalFieldsCollection } from '../../params/fields';
import { MAX_CONTENT_CHARACTERS, MAX_FILES } from '../chatwoot/limits';
import { chatwootMessageRequest, chatwootReadBack } from '../chatwoot/wire';

import { conversationField, messageAttachmentsField, messageContentField, sendAccountField } from './fields';

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;
const CONTENT_TYPES = ['text', 'input_email', 'input_select', 'cards', 'form', 'article'] as const;

/** POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/messages */
export const sendMessage: Operation = {
	operation: 'sendMessage',
	fields: [
		sendAccountField,
		conversationField,
		messageContentField,
		{
			displayName: 'Message Type',
			name: 'messageType',
			type: 'options',
			default: 'outgoing',
			options: [
				{ name: 'Activity', value: 'activity', description: 'A system note in the timeline' },
				{ name: 'Incoming', value: 'incoming', description: 'As if the contact wrote it (API inboxes only)' },
				{ name: 'Outgoing', value: 'outgoing', description: 'From the agent to the contact' },
				{ name: 'Template', value: 'template', description: 'A template message (e.g. WhatsApp)' },
			],
		},
		{
			displayName: 'Private',
			name: 'private',
			type: 'boolean',
			default: false,
			description: 'Whether the message is a private note visible only to agents',
		},
		messageAttachmentsField,
		additionalFieldsCollection([
			{
				displayName: 'Content Attributes',
				name: 'contentAttributes',
				type: 'json',
				default: '{}',
				description: 'Attributes for the content type, e.g. the items of an Input Select, as a JSON object',
			},
			{
				displayName: 'Content Type',
				name: 'contentType',
				type: 'options',
				default: 'text',
				options: [
					{ name: 'Article', value: 'article' },
					{ name: 'Cards', value: 'cards' },
					{ name: 'Form', value: 'form' },
					{ name: 'Input Email', value: 'input_email' },
					{ name: 'Input Select', value: 'input_select' },
					{ name: 'Text', value: 'text' },
				],
			},
			{
				displayName: 'Echo ID',
				name: 'echoId',
				type: 'string',
				default: '',
				description: 'Your own ID for the message, echoed back in the response and in webhooks (it does not prevent duplicates)',
			},
			{
				displayName: 'Template Params',
				name: 'templateParams',
				type: 'json',
				default: '{}',
				description: 'For template messages: {"name": "...", "category": "...", "language": "...", "processed_params": {...}}',
			},
		]),
	],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const content = p.content({ orFiles: { maxFiles: MAX_FILES }, maxCharacters: { limit: MAX_CONTENT_CHARACTERS, vendor: 'Chatwoot' } });
		const attachments = p.attachments(MAX_FILES);
		const messageType = p.read('messageType', oneOf(MESSAGE_TYPES), 'Message Type', 'outgoing');

		const fields: IDataObject = { content, message_type: messageType, private: p.boolean('private', 'Private') };
		const additional = p.collection('additionalFields');
		if (additional.get('contentType') !== undefined) {
			fields.content_type = additional.read('contentType', oneOf(CONTENT_TYPES), 'Content Type');
		}
		const contentAttributes = additional.jsonObject('contentAttributes', 'Content Attributes');
		if (contentAttributes && Object.keys(contentAttributes).length) fields.content_attributes = contentAttributes;
		const echoId = additional.text('echoId', 'Echo ID').trim();
		if (echoId) fields.echo_id = echoId;
		const templateParams = additional.jsonObject('templateParams', 'Template Params');
		if (templateParams && Object.keys(templateParams).length) fields.template_params = templateParams;

		const path = `/api/v1/accounts/${accountId}/conversations/${conversationId}/messages`;
		const request = chatwootMessageRequest(p, path, fields, attachments);
		return {
			orderingKey: `${accountId}/${conversationId}`,
			send: async (client) => {
				const readBack = chatwootReadBack(client, p.itemIndex, path, { ...fields, attachments: attachments.length });
				const response = responseJson(await client.send({ ...request, readBack }, p.itemIndex));
				client.noteMessageOfThisRun(response.id);
				if (messageType === 'incoming') rememberPostedAsCustomer('ninetyNineDigital', response.id);
				return response;
			},
		};
	},
};
