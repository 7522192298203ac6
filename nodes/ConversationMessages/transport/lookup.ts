import type { IDataObject } from 'n8n-workflow';

import type { RequestContext, RetrySettings, Vendor, VendorRequest } from './client';
import { VendorClient } from './client';

/** Outside the send node there are no retry options to point at. */
const ADVICE = { rateLimited: 'The vendor is rate-limiting this credential: try again in a moment.', retryAnyway: '' };

/** Pickers answer while the user waits: short timeout, one quick retry (GETs are safe to repeat). */
const LOOKUP_SETTINGS: RetrySettings = { timeoutMs: 15_000, maxRetries: 1, maxRetryWaitMs: 5_000, retryOnServerErrors: true, readBackDelayMs: 0, advice: ADVICE };

/** Activation and polling run unattended: a longer wait, the same single safe retry. */
const BACKGROUND_SETTINGS: RetrySettings = { timeoutMs: 30_000, maxRetries: 1, maxRetryWaitMs: 5_000, retryOnServerErrors: false, readBackDelayMs: 1_000, advice: ADVICE };

/**
 * One request outside a node's item loop (registering a webhook, a poll), through the same
 * transport as messages. GETs are retried once; anything else only where `safeToRetry` says so.
 */
export async function callVendor(
	ctx: RequestContext,
	vendor: Vendor,
	request: VendorRequest,
): Promise<{ body: IDataObject; baseUrl: string; statusCode: number }> {
	const client = await VendorClient.connect(ctx, vendor, BACKGROUND_SETTINGS);
	const { body, statusCode } = await client.send({ ...request, safeToRetry: request.safeToRetry ?? request.method === 'GET' });
	return { body: (body ?? {}) as IDataObject, baseUrl: client.baseUrl, statusCode };
}

/**
 * A GET to the vendor for the editor's pickers, through the same transport (and so the same
 * auth, redirect policy and error messages) as the messages themselves.
 */
export async function lookup(
	ctx: RequestContext,
	platform: Vendor,
	path: string,
	qs?: IDataObject,
): Promise<{ body: IDataObject; baseUrl: string }> {
	const client = await VendorClient.connect(ctx, platform, LOOKUP_SETTINGS);
	const { body } = await client.send({ method: 'GET', path, qs, safeToRetry: true });
	return { body: (body ?? {}) as IDataObject, baseUrl: client.baseUrl };
}

/** Keeps entries whose text contains the filter, case-insensitively (for vendors without search). */
export function matchesFilter(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}
