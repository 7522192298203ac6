import type { IDataObject } from 'n8n-workflow';

import type { RequestContext, Vendor, VendorClient } from './client';
import { callVendor } from './lookup';

/**
 * A GET that answers the vendor's JSON: all a conversation reader needs, so one reader serves
 * a send's read-back, a poll and a webhook (and whatever reads a conversation next).
 */
export type GetJson = (path: string, qs?: IDataObject) => Promise<IDataObject>;

/** Through a send's client, for one item (a read-back after a lost answer). */
export function getThrough(client: VendorClient, itemIndex?: number): GetJson {
	return async (path, qs) => {
		const { body } = await client.send({ method: 'GET', path, qs, safeToRetry: true }, itemIndex);
		return (body ?? {}) as IDataObject;
	};
}

/** Outside any item (a poll, activation, a webhook), with the background request settings. */
export function getInBackground(ctx: RequestContext, vendor: Vendor): GetJson {
	return async (path, qs) => (await callVendor(ctx, vendor, { method: 'GET', path, qs })).body;
}
