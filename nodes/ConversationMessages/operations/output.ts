import type { IDataObject } from 'n8n-workflow';

import type { VendorResponse } from '../transport/client';

/**
 * The vendor's answer as the item's JSON. Some vendors answer 201 with no body (User.com). A
 * message found by reading the conversation back (its answer was lost) says so.
 */
export function responseJson({ statusCode, body, confirmedByReadBack }: VendorResponse): IDataObject {
	const json = answerJson(statusCode, body);
	return confirmedByReadBack ? { ...json, confirmedByReadBack: true } : json;
}

function answerJson(statusCode: number, body: unknown): IDataObject {
	if (Array.isArray(body)) return { data: body };
	if (body && typeof body === 'object' && !Buffer.isBuffer(body) && Object.keys(body).length) {
		return body as IDataObject;
	}
	if (typeof body === 'string' && body.trim() !== '') return { success: true, statusCode, response: body };
	return { success: true, statusCode };
}
