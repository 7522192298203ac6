import FormData from 'form-data';
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import type { RawBody } from './client';

/** A file of the item, resolved but not read: its bytes are streamed when the request is sent. */
export interface Attachment {
	property: string;
	binary: IBinaryData;
	fileName: string;
	mimeType: string;
}

/**
 * A multipart body with the text fields first and one part per file. Files stored by n8n's
 * binary data service (filesystem or database mode) are streamed with their known length, so
 * an upload never holds the whole file in memory; in-memory binaries are sent as buffers.
 */
export async function buildMultipart(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: Array<[string, string]>,
	fileField: string,
	attachments: Attachment[],
): Promise<FormData> {
	const form = new FormData();
	for (const [name, value] of fields) form.append(name, value);
	for (const attachment of attachments) {
		const options = { filename: attachment.fileName, contentType: attachment.mimeType };
		if (attachment.binary.id) {
			const { fileSize } = await ctx.helpers.getBinaryMetadata(attachment.binary.id);
			const stream = await ctx.helpers.getBinaryStream(attachment.binary.id);
			form.append(fileField, stream, { ...options, knownLength: fileSize });
		} else {
			const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, attachment.property);
			form.append(fileField, buffer, options);
		}
	}
	return form;
}

/**
 * One file as a whole request body (Zendesk's uploads take the raw bytes): streamed from n8n's
 * binary data service with its known length, like a multipart part; in-memory binaries as buffers.
 */
export async function fileBody(ctx: IExecuteFunctions, itemIndex: number, attachment: Attachment): Promise<RawBody> {
	const contentType = attachment.mimeType;
	if (attachment.binary.id) {
		const { fileSize } = await ctx.helpers.getBinaryMetadata(attachment.binary.id);
		return { body: await ctx.helpers.getBinaryStream(attachment.binary.id), contentType, length: fileSize };
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, attachment.property);
	return { body: buffer, contentType, length: buffer.length };
}
