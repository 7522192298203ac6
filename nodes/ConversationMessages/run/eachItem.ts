import type { PreparedOperation } from '../operations/types';

import { runOrdered } from './orderedPool';

/** The failure that stopped a run without Continue On Fail: the lowest-numbered item of those that failed. */
export interface ItemFailure {
	itemIndex: number;
	error: Error;
}

/**
 * The last stage of both per-item nodes (Send Conversation Message, Conversation Actions), once
 * every item is prepared: `step` runs for each prepared item (undefined: skipped, or failed before),
 * up to `concurrency` at once and one after another per ordering key, so the items into one
 * conversation go in item order. With Continue On Fail, an item whose step throws goes to `failed`
 * (its error item) and the others run on. Without it, the first failure stops the items not yet
 * started, and the lowest-numbered failure among the items that ran is returned, for the runner to
 * throw once it has noted what went out.
 */
export async function runEachItem<Prepared extends Pick<PreparedOperation<unknown>, 'orderingKey'>>(
	prepared: ReadonlyArray<Prepared | undefined>,
	run: {
		concurrency: number;
		continueOnFail: boolean;
		/** With Continue On Fail: puts the failed item's error item in the output. */
		failed: (itemIndex: number, error: Error) => void;
		/** Told of every failure first, with Continue On Fail or without (the send node notes what may have gone out). */
		noteFailure?: (itemIndex: number, error: Error) => void;
	},
	step: (item: Prepared, itemIndex: number) => Promise<void>,
): Promise<ItemFailure | undefined> {
	let firstFailure: ItemFailure | undefined;
	await runOrdered(
		prepared.flatMap((item, itemIndex) =>
			item
				? [
						{
							key: item.orderingKey,
							run: async () => {
								try {
									await step(item, itemIndex);
								} catch (error) {
									run.noteFailure?.(itemIndex, error);
									if (run.continueOnFail) return run.failed(itemIndex, error);
									if (!firstFailure || itemIndex < firstFailure.itemIndex) firstFailure = { itemIndex, error };
								}
							},
						},
					]
				: [],
		),
		run.concurrency,
		() => firstFailure !== undefined,
	);
	return firstFailure;
}
