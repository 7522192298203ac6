import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { messageItems } from '../conversation/files';
import type { ConversationMessage } from '../conversation/message';
import { wholeNumber } from '../params/checks';
import type { ItemParameters } from '../params/itemParameters';

import type { ActionItem } from './types';

// Get Messages as every platform offers it: the same fields, options, items and transcript;
// a platform brings only how its vendor's history is read (e.g. chatwoot/history.ts).

const DEFAULT_MAX_MESSAGES = 5000;
const MAX_ATTACHMENT_MB = { default: 25, max: 1024 };

/** Get Messages' fields after the conversation: Return All, Limit, Options. */
export const historyFields: INodeProperties[] = [
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
];

/** What an item asks of the history: how much, which messages, and in which form. */
export interface HistoryRequest {
	/** The latest this many; undefined: all of them, up to `cap`. */
	limit?: number;
	/** With no limit: more messages than this fail the item rather than fill the memory. */
	cap: number;
	includePrivateNotes: boolean;
	asTranscript: boolean;
	downloadAttachments: boolean;
	maxAttachmentBytes: number;
	/** The error for a history longer than the cap (it names the option and the item). */
	tooLong(conversationId: string): Error;
}

/** Reads Get Messages' fields; bad values fail here, before anything is sent. */
export function historyRequest(p: ItemParameters): HistoryRequest {
	const returnAll = p.boolean('returnAll', 'Return All');
	const limit = returnAll ? undefined : p.read('limit', wholeNumber, 'Limit', 50);
	if (limit === 0) throw p.fail('Limit', 'must be at least 1');
	const options = p.collection('options');
	const cap = options.read('maxMessages', wholeNumber, 'Max Messages', DEFAULT_MAX_MESSAGES);
	const asTranscript = options.boolean('asTranscript', 'As One Transcript');
	const megabytes = options.read('maxAttachmentSizeMb', wholeNumber, 'Max Attachment Size (MB)', MAX_ATTACHMENT_MB.default);
	if (megabytes > MAX_ATTACHMENT_MB.max) throw options.fail('Max Attachment Size (MB)', `must be at most ${MAX_ATTACHMENT_MB.max}, got ${megabytes}`);
	return {
		limit,
		cap,
		includePrivateNotes: options.boolean('includePrivateNotes', 'Include Private Notes'),
		asTranscript,
		downloadAttachments: !asTranscript && options.boolean('downloadAttachments', 'Download Attachments'),
		maxAttachmentBytes: megabytes * 1024 * 1024,
		tooLong: (conversationId) =>
			options.fail('Max Messages', `is ${cap}, and conversation ${conversationId} has more messages`, 'Raise Max Messages, or turn off Return All to get the latest ones.'),
	};
}

/**
 * The history's output: an item per message in the triggers' shape (files downloaded when
 * asked), or one transcript item headed by `conversation` (platform, conversationId, accountId).
 */
export async function historyItems(
	p: ItemParameters,
	request: HistoryRequest,
	conversation: IDataObject,
	messages: ConversationMessage[],
): Promise<ActionItem[]> {
	if (request.asTranscript) return [{ json: { ...conversation, messageCount: messages.length, transcript: transcript(messages) } }];
	return await messageItems(p.ctx, messages, { downloadAttachments: request.downloadAttachments, maxAttachmentBytes: request.maxAttachmentBytes });
}

/** The history as one text for a prompt: a line per message, `customer:`, `agent:`, `bot:` or `note:` first. */
export function transcript(messages: ConversationMessage[]): string {
	return messages
		.map((message) => {
			const role = message.private ? 'note' : message.sender.type;
			const files = message.attachments.map((attachment) => ` [file: ${attachment.fileName}]`).join('');
			return `${role}: ${message.content.replace(/\s*\n\s*/g, ' ').trim()}${files}`;
		})
		.join('\n');
}
