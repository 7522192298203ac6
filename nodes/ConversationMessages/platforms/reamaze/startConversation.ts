import type { IDataObject } from 'n8n-workflow';

import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import { conversationFieldsCollection } from '../../params/fields';

import { messageAttachmentsField, messageContentField } from './fields';

const STATUSES = [0, 1, 2, 5];

/**
 * Start a Conversation: POST /api/v1/conversations. Re:amaze documents no origin_id for a new
 * conversation, and its search may lag behind, so a lost answer is neither retried nor read
 * back: the conversation may exist.
 */
export const startConversation: Operation = {
	operation: 'startConversation',
	wording: {
		action: 'Start a conversation with a customer',
		description: 'Open a new conversation with a customer in a channel, with the first message',
	},
	fields: [
		{
			displayName: 'Customer Email',
			name: 'customerEmail',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'jane@example.com',
			description: 'The customer the conversation is with; Re:amaze finds or creates them by this email',
		},
		{
			displayName: 'Customer Name',
			name: 'customerName',
			type: 'string',
			required: true,
			default: '',
		},
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			required: true,
			default: '',
		},
		{
			displayName: 'Channel Slug',
			name: 'channel',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'support',
			description: 'The channel (Re:amaze calls it category) the conversation opens in: the slug in its address under Settings → Channels',
		},
		conversationFieldsCollection([
			{
				displayName: 'Data',
				name: 'data',
				type: 'json',
				default: '{}',
				description: 'Custom fields of the conversation, as a JSON object',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 0,
				options: [
					{ name: 'Open', value: 0 },
					{ name: 'Responded', value: 1 },
					{ name: 'Done', value: 2 },
					{ name: 'On Hold', value: 5 },
				],
			},
			{
				displayName: 'Suppress Autoresolve',
				name: 'suppressAutoresolve',
				type: 'boolean',
				default: false,
				description: 'Whether to keep the conversation open',
			},
			{
				displayName: 'Suppress Notifications',
				name: 'suppressNotifications',
				type: 'boolean',
				default: false,
				description: 'Whether to send no email or integration notifications for the first message',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'shipping, order',
				description: 'Tags for the conversation, separated by commas',
			},
		]),
		messageContentField,
		messageAttachmentsField,
	],

	prepare(p) {
		const email = p.email('customerEmail', 'Customer Email');
		const user = { name: p.requiredText('customerName', 'Customer Name').trim(), email };
		const message: IDataObject = { body: p.content() };
		p.refuseAttachments('Re:amaze takes no files when a conversation is started', 'Send the file as a link in the content, or as a reply once the conversation exists.');
		const conversation: IDataObject = {
			subject: p.requiredText('subject', 'Subject').trim(),
			category: p.pathSegment('channel', 'Channel Slug'),
		};
		const fields = p.collection('conversationFields');
		const tags = fields.list('tags', 'Tags');
		if (tags.length) conversation.tag_list = tags;
		const status = fields.get('status');
		if (status !== undefined) {
			if (!STATUSES.includes(Number(status))) throw p.fail('Status', `must be one of ${STATUSES.join(', ')}, got "${String(status)}"`);
			conversation.status = Number(status);
		}
		const data = fields.jsonObject('data', 'Data');
		if (data && Object.keys(data).length) conversation.data = data;
		if (fields.boolean('suppressNotifications', 'Suppress Notifications')) message.suppress_notifications = true;
		if (fields.boolean('suppressAutoresolve', 'Suppress Autoresolve')) message.suppress_autoresolve = true;
		const json = { conversation: { ...conversation, message, user } };

		return {
			orderingKey: `customer:${email.toLowerCase()}`,
			send: async (client) => {
				const created = responseJson(await client.send({ method: 'POST', path: '/api/v1/conversations', json }, p.itemIndex));
				return { conversationId: created.slug, contact: created.author ?? user, conversation: created };
			},
		};
	},
};
