import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { chosenAction } from '../operations/panel';
import type { ActionItem, PreparedOperation } from '../operations/types';
import { itemParameters } from '../params/itemParameters';
import { PLATFORMS, platformNamed } from '../platforms';
import type { Platform } from '../platforms/types';
import type { RetrySettings } from '../transport/client';
import { VendorClient } from '../transport/client';

import { runEachItem } from './eachItem';
import { asNodeError, errorItem } from './failures';

/**
 * The Conversation Actions node has no options of its own (yet): the send node's defaults. Its
 * writes state a target and are safe to repeat, so they retry on their own where the vendor failed.
 */
const SETTINGS: RetrySettings & { concurrency: number } = {
	concurrency: 5,
	timeoutMs: 30_000,
	maxRetries: 3,
	maxRetryWaitMs: 60_000,
	retryOnServerErrors: false,
	readBackDelayMs: 1_000,
	advice: {
		rateLimited: 'The vendor is rate-limiting this credential: act on fewer conversations at once, or try again in a moment.',
		retryAnyway: '',
	},
};

/**
 * Like the send node: every item's input is checked (its parameters, then what needs the
 * vendor: names to ids) before any item writes; then the items run, up to the concurrency bound,
 * one after another per conversation or contact. Each input item gives its output items (Get
 * Messages: several), paired with it, in input order; a failed item, with Continue On Fail, one
 * error item.
 */
export async function runConversationActions(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const outputs: INodeExecutionData[][] = items.map(() => []);
	const failed = (itemIndex: number, error: Error) => {
		outputs[itemIndex] = [errorItem(asNodeError(this, error, itemIndex), itemIndex)];
	};

	let client: VendorClient;
	let platform: Platform;
	try {
		platform = platformNamed(this.getNode(), PLATFORMS, this.getNodeParameter('platform', 0));
		client = await VendorClient.connect(this, platform, SETTINGS);
	} catch (error) {
		const failure = asNodeError(this, error);
		if (!continueOnFail) throw failure;
		return [items.map((_, itemIndex) => errorItem(failure, itemIndex))];
	}

	const prepared: Array<PreparedOperation<ActionItem[]> | undefined> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const p = itemParameters(this, itemIndex);
			prepared[itemIndex] = await chosenAction(p, platform.actions, platform.name).prepare(p);
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			failed(itemIndex, error);
		}
	}
	for (const [itemIndex, action] of prepared.entries()) {
		if (!action?.check) continue;
		try {
			await action.check(client);
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			prepared[itemIndex] = undefined;
			failed(itemIndex, error);
		}
	}

	const firstFailure = await runEachItem(prepared, { concurrency: SETTINGS.concurrency, continueOnFail, failed }, async (action, itemIndex) => {
		const answered = await action.send(client);
		outputs[itemIndex] = answered.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
	});
	if (firstFailure) throw asNodeError(this, firstFailure.error, firstFailure.itemIndex);
	return [outputs.flat()];
}
