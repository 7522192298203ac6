import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VendorRequest } from '../transport/client';

import type { Attachment } from './attachments';
import { buildMultipart, readAttachments } from './attachments';
import { invalidParameter, readText } from './parameters';

/** Content and files of a Chatwoot-family message: either may be empty, not both. */
export function readContentAndFiles(
	ctx: IExecuteFunctions,
	itemIndex: number,
	maxFiles: number,
): { content: string; attachments: Attachment[] } {
	const content = readText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex, ''), 'Content');
	const attachments = readAttachments(ctx, itemIndex, ctx.getNodeParameter('attachments', itemIndex, ''), maxFiles);
	if (content.trim() === '' && !attachments.length) {
		throw invalidParameter(ctx, itemIndex, 'Content', 'is empty and no file is attached');
	}
	return { content, attachments };
}

/**
 * Chatwoot and EngageLab LiveDesk (built on it) take the same message: JSON without files,
 * multipart with one `attachments[]` part per file and the other fields as text parts, which
 * Rails turns back into booleans and (for content_attributes / template_params) JSON objects.
 */
export function chatwootMessageRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	fields: IDataObject,
	attachments: Attachment[],
): VendorRequest {
	if (!attachments.length) return { method: 'POST', path, json: fields };
	const textParts = Object.entries(fields)
		.filter(([, value]) => value !== undefined)
		.map(([name, value]): [string, string] => [
			name,
			typeof value === 'object' ? JSON.stringify(value) : String(value),
		]);
	return {
		method: 'POST',
		path,
		multipart: async () => await buildMultipart(ctx, itemIndex, textParts, 'attachments[]', attachments),
	};
}
