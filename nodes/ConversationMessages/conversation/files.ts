import type { IBinaryKeyData, IDataObject, IExecuteFunctions, IN8nHttpFullResponse, INodeExecutionData, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import type { Readable } from 'stream';
import { Transform } from 'stream';

import type { ConversationMessage } from './message';

/** The contexts that turn messages into items: the triggers, and the Conversation Actions node's Get Messages. */
export type MessageItemsContext = IWebhookFunctions | IPollFunctions | IExecuteFunctions;

const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Stops a download the moment it passes the size limit, whatever the server announced. */
function sizeLimit(maxBytes: number, fileName: string): Transform {
	let received = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			received += chunk.length;
			if (received > maxBytes) done(new Error(`${fileName} is larger than the ${maxBytes} bytes allowed`));
			else done(null, chunk);
		},
	});
}

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = (response.headers ?? {})[name];
	return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/**
 * Streams each attachment of a message into n8n's binary store as `attachment_0`, `attachment_1`, …
 * File URLs are fetched with no credential at all: Chatwoot's `data_url` redirects to signed
 * storage on another host, and nothing of the vendor's credential may travel there. A file that
 * cannot be had (too large, gone) leaves its reason on the attachment instead of losing the message.
 */
export async function downloadAttachments(
	ctx: MessageItemsContext,
	message: ConversationMessage,
	maxBytes: number,
): Promise<{ binary: IBinaryKeyData; attachments: Array<ConversationMessage['attachments'][number] & { binaryProperty?: string; error?: string }> }> {
	const binary: IBinaryKeyData = {};
	const attachments = [];
	for (const [index, attachment] of message.attachments.entries()) {
		const binaryProperty = `attachment_${index}`;
		try {
			if (attachment.size !== null && attachment.size > maxBytes) {
				throw new Error(`${attachment.fileName} is ${attachment.size} bytes, more than the ${maxBytes} bytes allowed`);
			}
			const response = (await ctx.helpers.httpRequest({
				method: 'GET',
				url: attachment.url,
				encoding: 'stream',
				returnFullResponse: true,
				timeout: DOWNLOAD_TIMEOUT_MS,
			})) as IN8nHttpFullResponse;
			const announced = Number(header(response, 'content-length'));
			const body = response.body as Readable;
			if (Number.isFinite(announced) && announced > maxBytes) {
				body.destroy();
				throw new Error(`${attachment.fileName} is ${announced} bytes, more than the ${maxBytes} bytes allowed`);
			}
			const mimeType = attachment.mimeType ?? header(response, 'content-type')?.split(';')[0].trim() ?? 'application/octet-stream';
			// Piped, not listened to: n8n 1.x reads a stream with 'data' listeners, 2.x iterates it.
			const limited = body.pipe(sizeLimit(maxBytes, attachment.fileName));
			body.on('error', (error) => limited.destroy(error));
			binary[binaryProperty] = await ctx.helpers.prepareBinaryData(limited, attachment.fileName, mimeType);
			attachments.push({ ...attachment, mimeType, binaryProperty });
		} catch (error) {
			attachments.push({ ...attachment, error: `Not downloaded: ${(error as Error).message}` });
		}
	}
	return { binary, attachments };
}

export interface FileOptions {
	downloadAttachments: boolean;
	maxAttachmentBytes: number;
}

/** One item per message, files attached when asked for: the triggers' items, and Get Messages'. */
export async function messageItems(
	ctx: MessageItemsContext,
	messages: ConversationMessage[],
	options: FileOptions,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for (const message of messages) {
		if (!options.downloadAttachments || !message.attachments.length) {
			items.push({ json: message as unknown as IDataObject });
			continue;
		}
		const { binary, attachments } = await downloadAttachments(ctx, message, options.maxAttachmentBytes);
		items.push({ json: { ...message, attachments } as unknown as IDataObject, binary });
	}
	return items;
}
