import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import type { Attachment } from '../transport/multipart';

import { invalidParameter, readList } from './parameters';

const ATTACHMENTS_LABEL = 'Attachments';

/**
 * Resolves the binary properties named in the "Attachments" parameter (comma-separated, as in
 * n8n's Send Email node) to the item's files, checking the vendor's file count limit. Nothing
 * is read yet: the bytes are streamed when the request is sent.
 */
export function readAttachments(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	maxFiles: number,
): Attachment[] {
	const properties = readList(ctx, itemIndex, value, ATTACHMENTS_LABEL);
	if (properties.length > maxFiles) {
		throw invalidParameter(
			ctx,
			itemIndex,
			ATTACHMENTS_LABEL,
			`names ${properties.length} files; this platform takes at most ${maxFiles} per message`,
		);
	}
	return properties.map((property) => {
		let binary: IBinaryData;
		try {
			binary = ctx.helpers.assertBinaryData(itemIndex, property);
		} catch {
			const item = ctx.getInputData()[itemIndex];
			const available = Object.keys(item?.binary ?? {});
			throw invalidParameter(
				ctx,
				itemIndex,
				ATTACHMENTS_LABEL,
				available.length
					? `names the binary property "${property}", which this item does not have`
					: `names the binary property "${property}", but this item has no binary data at all`,
				available.length
					? `The item's binary properties are: ${available.join(', ')}`
					: 'Attach a file upstream (e.g. with Read/Write Files from Disk, HTTP Request or Convert to File), or leave Attachments empty.',
			);
		}
		return {
			property,
			binary,
			fileName: binary.fileName || `${property}${binary.fileExtension ? '.' + binary.fileExtension : ''}` || 'file',
			mimeType: binary.mimeType || 'application/octet-stream',
		};
	});
}

/**
 * For platforms (or operations) that take no uploads: the Attachments field is shown there
 * only so that a file meant for the conversation stops the node with a clear reason.
 */
export function refuseAttachments(
	ctx: IExecuteFunctions,
	itemIndex: number,
	reason: string,
	description: string,
): void {
	if (readList(ctx, itemIndex, ctx.getNodeParameter('attachments', itemIndex, ''), ATTACHMENTS_LABEL).length) {
		throw invalidParameter(ctx, itemIndex, ATTACHMENTS_LABEL, `is not supported: ${reason}`, description);
	}
}

/** The file's bytes, for vendors that take files inside JSON (Intercom's base64 attachment_files). */
export async function readAttachmentBase64(
	ctx: IExecuteFunctions,
	itemIndex: number,
	attachment: Attachment,
): Promise<string> {
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, attachment.property);
	return buffer.toString('base64');
}
