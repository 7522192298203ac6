import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VendorRequest } from '../transport/client';

import type { Attachment } from './attachments';
import { buildMultipart } from './attachments';

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
