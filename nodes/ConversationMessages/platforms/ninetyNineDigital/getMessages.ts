import type { IDataObject } from 'n8n-workflow';

import { messageItems } from '../../conversation/files';
import type { Action } from '../../operations/types';
import { wholeNumber } from '../../params/checks';
import { ChatwootAction } from '../chatwoot/actions';
import { chatwootHistory, transcript } from '../chatwoot/history';

import { conversationField, sendAccountField } from './fields';

/** The panel's defaults (as literals there), for options the user did not add. */
const DEFAULT_MAX_MESSAGES = 5000;
const MAX_ATTACHMENT_MB = { default: 25, max: 1024 };

/** GET …/conversations/{id}/messages, paged backwards (vendor-actions.md §1.3): items in the triggers' shape. */
export const getMessages: Action = {
	operation: 'getMessages',
	fields: [
		sendAccountField,
		conversationField,
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
			hint: 'The latest messages, oldest first',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'As One Transcript',
					name: 'asTranscript',
					type: 'boolean',
					default: false,
					description:
						'Whether to return one item with the whole history as text, a line per message starting customer:, agent:, bot: or note: (for an AI prompt), instead of an item per message. Files are named, not downloaded.',
				},
				{
					displayName: 'Download Attachments',
					name: 'downloadAttachments',
					type: 'boolean',
					default: false,
					description:
						"Whether to put each message's files on its item as binary data (attachment_0, attachment_1, …), streamed into n8n's binary store as the trigger does",
				},
				{
					displayName: 'Include Private Notes',
					name: 'includePrivateNotes',
					type: 'boolean',
					default: false,
					description: 'Whether to include the notes agents left for each other, which the contact never saw',
				},
				{
					displayName: 'Max Attachment Size (MB)',
					name: 'maxAttachmentSizeMb',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: MAX_ATTACHMENT_MB.max },
					default: 25,
					description: 'Larger files are not downloaded: the attachment then says why, and the message still arrives',
				},
				{
					displayName: 'Max Messages',
					name: 'maxMessages',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 5000,
					description: 'With Return All: a conversation with more messages than this fails the item instead of filling the memory',
				},
			],
		},
	],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const returnAll = p.boolean('returnAll', 'Return All');
		const limit = returnAll ? undefined : p.read('limit', wholeNumber, 'Limit', 50);
		const options = p.collection('options');
		const cap = options.read('maxMessages', wholeNumber, 'Max Messages', DEFAULT_MAX_MESSAGES);
		const asTranscript = options.boolean('asTranscript', 'As One Transcript');
		const includePrivateNotes = options.boolean('includePrivateNotes', 'Include Private Notes');
		const downloadAttachments = !asTranscript && options.boolean('downloadAttachments', 'Download Attachments');
		const megabytes = options.read('maxAttachmentSizeMb', wholeNumber, 'Max Attachment Size (MB)', MAX_ATTACHMENT_MB.default);
		if (megabytes > MAX_ATTACHMENT_MB.max) throw options.fail('Max Attachment Size (MB)', `must be at most ${MAX_ATTACHMENT_MB.max}, got ${megabytes}`);
		const chatwoot = new ChatwootAction(p, 'getMessages', 'ninetyNineDigital', `/api/v1/accounts/${accountId}`, accountId);
		return {
			orderingKey: `${accountId}/${conversationId}`,
			send: async (client) => {
				const messages = await chatwootHistory(chatwoot, client, conversationId, {
					limit,
					cap,
					includePrivateNotes,
					tooLong: (most) =>
						options.fail('Max Messages', `is ${most}, and conversation ${conversationId} has more messages`, 'Raise Max Messages, or turn off Return All to get the latest ones.'),
				});
				if (asTranscript) {
					const json: IDataObject = {
						platform: 'ninetyNineDigital',
						conversationId: String(conversationId),
						accountId,
						messageCount: messages.length,
						transcript: transcript(messages),
					};
					return [{ json }];
				}
				return await messageItems(p.ctx, messages, { downloadAttachments, maxAttachmentBytes: megabytes * 1024 * 1024 });
			},
		};
	},
};
