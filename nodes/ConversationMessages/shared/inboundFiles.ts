import type { IBinaryKeyData, IN8nHttpFullResponse, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { InboundMessage } from './inbound';

const DOWNLOAD_TIMEOUT_MS = 60_000;

type Download = NodeJS.ReadableStream & { destroy(error?: Error): void };

/** Stops a download the moment it passes the size limit, whatever the server announced. */
function limitSize(body: Download, maxBytes: number, fileName: string): void {
	let received = 0;
	// Counts every chunk whichever way n8n's binary store reads the stream (piped or iterated).
	body.on('data', (chunk: Buffer) => {
		received += chunk.length;
		if (received > maxBytes) body.destroy(new Error(`${fileName} is larger than the ${maxBytes} bytes allowed`));
	});
	// A 'data' listener starts the flow: hold it until the binary store reads.
	body.pause();
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
	ctx: IWebhookFunctions | IPollFunctions,
	message: InboundMessage,
	maxBytes: number,
): Promise<{ binary: IBinaryKeyData; attachments: Array<InboundMessage['attachments'][number] & { binaryProperty?: string; error?: string }> }> {
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
			const body = response.body as Download;
			if (Number.isFinite(announced) && announced > maxBytes) {
				body.destroy();
				throw new Error(`${attachment.fileName} is ${announced} bytes, more than the ${maxBytes} bytes allowed`);
			}
			const mimeType = attachment.mimeType ?? header(response, 'content-type')?.split(';')[0].trim() ?? 'application/octet-stream';
			limitSize(body, maxBytes, attachment.fileName);
			binary[binaryProperty] = await ctx.helpers.prepareBinaryData(
				body as unknown as Parameters<typeof ctx.helpers.prepareBinaryData>[0],
				attachment.fileName,
				mimeType,
			);
			attachments.push({ ...attachment, mimeType, binaryProperty });
		} catch (error) {
			attachments.push({ ...attachment, error: `Not downloaded: ${(error as Error).message}` });
		}
	}
	return { binary, attachments };
}
