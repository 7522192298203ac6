import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidParameter } from './parameters';

// The Deduplication Key is an option of the send node, read per item: run/ claims it in n8n's
// store, and Re:amaze also derives its origin_id from it.

/** Whether the user added the option, per node run (getNode() copies the node: once is enough). */
const keyOptionSet = new WeakMap<IExecuteFunctions, boolean>();

/** The item's Deduplication Key, or undefined when the option is not set. */
export function readDeduplicationKey(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	// Only an option the user added is in the collection: an empty value is then a missing key.
	let isSet = keyOptionSet.get(ctx);
	if (isSet === undefined) {
		isSet = (ctx.getNode().parameters.options as IDataObject | undefined)?.deduplicationKey !== undefined;
		keyOptionSet.set(ctx, isSet);
	}
	if (!isSet) return undefined;
	const raw = ctx.getNodeParameter('options.deduplicationKey', itemIndex) as unknown;
	const key = typeof raw === 'number' || typeof raw === 'bigint' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
	if (key === undefined) {
		throw invalidParameter(ctx, itemIndex, 'Deduplication Key', `must be text or a number, got ${raw === null ? 'null' : typeof raw}`);
	}
	if (key === '') {
		throw invalidParameter(
			ctx,
			itemIndex,
			'Deduplication Key',
			'is empty',
			'The expression gave nothing for this item (a missing field?). Without a key the message could be sent twice, so it was not sent.',
		);
	}
	return key;
}
