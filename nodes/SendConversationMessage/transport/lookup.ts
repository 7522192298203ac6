import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import type { Platform } from '../platforms/types';

import { VendorClient } from './client';

/** Pickers answer while the user waits: short timeout, one quick retry (GETs are safe to repeat). */
const LOOKUP_SETTINGS = { timeoutMs: 15_000, maxRetries: 1, maxRetryWaitMs: 5_000, retryOnServerErrors: true };

/**
 * A GET to the vendor for the editor's pickers, through the same transport (and so the same
 * auth, redirect policy and error messages) as the messages themselves.
 */
export async function lookup(
	ctx: ILoadOptionsFunctions,
	platform: Platform,
	path: string,
	qs?: IDataObject,
): Promise<{ body: IDataObject; baseUrl: string }> {
	const credentials = await ctx.getCredentials(platform.credentialType);
	const connection = platform.connect(ctx.getNode(), credentials);
	const client = new VendorClient(ctx, platform.vendorName, platform.credentialType, credentials, connection, LOOKUP_SETTINGS);
	const { body } = await client.send({ method: 'GET', path, qs, safeToRetry: true });
	return { body: (body ?? {}) as IDataObject, baseUrl: connection.baseUrl };
}

/** Keeps entries whose text contains the filter, case-insensitively (for vendors without search). */
export function matchesFilter(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}
