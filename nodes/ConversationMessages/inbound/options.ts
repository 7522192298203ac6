import type { IDataObject, INodeProperties, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ConversationMessage, ReceiveFilters } from '../conversation/message';
import type { FileOptions } from '../conversation/files';

export interface ReceiveOptions extends ReceiveFilters, FileOptions {}

const DEFAULT_MAX_ATTACHMENT_MB = 25;

/** The options both triggers share. */
export const receiveOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Download Attachments',
			name: 'downloadAttachments',
			type: 'boolean',
			default: false,
			description:
				'Whether to put each file of the message on the item as binary data (attachment_0, attachment_1, …), streamed into n8n\'s binary store',
		},
		{
			displayName: 'Include Agent Messages',
			name: 'includeAgentMessages',
			type: 'boolean',
			default: false,
			description:
				'Whether to fire for agents\' and bots\' replies too, this package\'s own replies among them. Off, a workflow that answers customers cannot trigger itself.',
		},
		{
			displayName: 'Include Private Notes',
			name: 'includePrivateNotes',
			type: 'boolean',
			default: false,
			description: 'Whether to fire for private notes between agents',
		},
		{
			displayName: 'Max Attachment Size (MB)',
			name: 'maxAttachmentSizeMb',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1024 },
			default: DEFAULT_MAX_ATTACHMENT_MB,
			description: 'Larger files are not downloaded: the attachment then says why, and the message still arrives',
		},
	],
};

export function readReceiveOptions(ctx: IWebhookFunctions | IPollFunctions): ReceiveOptions {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const megabytes = options.maxAttachmentSizeMb ?? DEFAULT_MAX_ATTACHMENT_MB;
	if (typeof megabytes !== 'number' || !Number.isFinite(megabytes) || megabytes < 1 || megabytes > 1024) {
		throw new NodeOperationError(ctx.getNode(), `Option "Max Attachment Size (MB)" must be a number from 1 to 1024, got "${String(megabytes)}"`);
	}
	return {
		includeAgentMessages: options.includeAgentMessages === true,
		includePrivateNotes: options.includePrivateNotes === true,
		downloadAttachments: options.downloadAttachments === true,
		maxAttachmentBytes: Math.floor(megabytes * 1024 * 1024),
	};
}

export function isWanted(message: ConversationMessage, filters: ReceiveFilters): boolean {
	if (message.private) return filters.includePrivateNotes;
	return message.sender.type === 'customer' || filters.includeAgentMessages;
}
