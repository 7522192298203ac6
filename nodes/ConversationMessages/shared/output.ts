import type { IDataObject } from 'n8n-workflow';

import type { VendorResponse } from '../transport/client';

/** The vendor's answer as the item's JSON. Some vendors answer 201 with no body (User.com). */
export function responseJson({ statusCode, body }: VendorResponse): IDataObject {
	if (Array.isArray(body)) return { data: body };
	if (body && typeof body === 'object' && !Buffer.isBuffer(body) && Object.keys(body).length) {
		return body as IDataObject;
	}
	if (typeof body === 'string' && body.trim() !== '') return { success: true, statusCode, response: body };
	return { success: true, statusCode };
}
