import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { chosenOperation } from '../operations/panel';
import type { PreparedOperation } from '../operations/types';
import { itemParameters } from '../params/itemParameters';
import { PLATFORMS, platformNamed } from '../platforms';
import type { Platform } from '../platforms/types';
import { VendorClient, mayHaveBeenCreated } from '../transport/client';

import { SentKeys } from './deduplication';
import { runEachItem } from './eachItem';
import type { EarlierDelivery } from './failedRunRecord';
import { FailedRunRecord } from './failedRunRecord';
import { asNodeError, errorItem } from './failures';
import type { SendSettings } from './options';
import { readSendSettings } from './options';

/**
 * Validates every item before anything is sent (without Continue On Fail, bad input stops the
 * node before a single message goes out), then sends in parallel up to the concurrency bound.
 * The output has exactly one item per input item, in input order, each paired with its input.
 */
export async function sendConversationMessages(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	let platform: Platform;
	let settings: SendSettings;
	let client: VendorClient;
	try {
		({ platform, settings, client } = await connect(this));
	} catch (error) {
		// A broken credential or option fails every item alike.
		const failure = asNodeError(this, error);
		if (!continueOnFail) throw failure;
		return [items.map((_, itemIndex) => errorItem(failure, itemIndex))];
	}
	const output: INodeExecutionData[] = new Array(items.length);
	const failed = (itemIndex: number, error: Error) => {
		output[itemIndex] = errorItem(asNodeError(this, error, itemIndex), itemIndex);
	};

	const prepared: Array<PreparedOperation | undefined> = [];
	const keys: Array<string | undefined> = [];
	// Without a Deduplication Key, a Retry of a failed run skips what that run delivered.
	const failedRun = FailedRunRecord.open(this);
	const earlier: Array<EarlierDelivery | undefined> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const p = itemParameters(this, itemIndex);
			keys[itemIndex] = p.deduplicationKey();
			const delivered = keys[itemIndex] === undefined ? failedRun.earlierDelivery(itemIndex) : undefined;
			if (delivered) {
				earlier[itemIndex] = delivered;
				output[itemIndex] = skippedItem(itemIndex, EARLIER_DELIVERY_REASON[delivered]);
				continue;
			}
			prepared[itemIndex] = await chosenOperation(p, platform.send).prepare(p);
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			failed(itemIndex, error);
		}
	}

	// Keys are claimed just before sending: a key already sent, or repeated in this run, skips its item.
	const sentKeys = keys.some((key) => key !== undefined) ? SentKeys.open(this, settings.deduplication) : undefined;
	if (sentKeys) {
		const firstItemOf = new Map<string, number>();
		prepared.forEach((message, itemIndex) => {
			const key = keys[itemIndex];
			if (!message || key === undefined) return;
			const first = firstItemOf.get(key);
			if (first === undefined) {
				firstItemOf.set(key, itemIndex);
				return;
			}
			prepared[itemIndex] = undefined;
			output[itemIndex] = skippedItem(itemIndex, `item ${first} of this run has the same Deduplication Key`, key);
		});
		let claim: { won: Set<string>; unsettled: string[] } | undefined;
		try {
			claim = await sentKeys.claim([...firstItemOf.keys()]);
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error);
			for (const itemIndex of firstItemOf.values()) {
				prepared[itemIndex] = undefined;
				failed(itemIndex, error);
			}
		}
		if (claim?.unsettled.length && !continueOnFail) {
			await sentKeys.settle({ notCreated: [...claim.won] });
			const itemIndex = firstItemOf.get(claim.unsettled[0]) as number;
			throw sentKeys.unsettledError(itemIndex);
		}
		for (const [key, itemIndex] of claim ? firstItemOf : []) {
			if (claim?.won.has(key)) continue;
			prepared[itemIndex] = undefined;
			output[itemIndex] = claim?.unsettled.includes(key)
				? errorItem(sentKeys.unsettledError(itemIndex), itemIndex)
				: skippedItem(itemIndex, 'a message with this Deduplication Key was sent before', key);
		}
	}

	const outcome: Array<'sent' | 'notCreated' | 'unknown'> = [];
	// Every failure's outcome is noted, with Continue On Fail or without: the keys and a Retry go by what may have gone out.
	const noteFailure = (itemIndex: number, error: Error) => {
		outcome[itemIndex] = mayHaveBeenCreated(error) ? 'unknown' : 'notCreated';
	};
	const firstFailure = await runEachItem(prepared, { concurrency: settings.concurrency, continueOnFail, failed, noteFailure }, async (message, itemIndex) => {
		output[itemIndex] = { json: await message.send(client), pairedItem: { item: itemIndex } };
		outcome[itemIndex] = 'sent';
	});
	if (sentKeys) {
		// A key stays recorded unless the vendor certainly did not create the message (refused, or
		// not there on read-back) or the run stopped before sending it.
		await sentKeys.settle({
			notCreated: prepared.flatMap((message, itemIndex) =>
				message && (outcome[itemIndex] === undefined || outcome[itemIndex] === 'notCreated') ? [keys[itemIndex] as string] : [],
			),
		});
	}
	if (firstFailure) {
		// What went out (or may have) stays noted in the execution, for its Retry; keyed items have their keys.
		failedRun.remember(
			items.map((_, itemIndex) => {
				if (keys[itemIndex] !== undefined) return undefined;
				if (earlier[itemIndex]) return earlier[itemIndex];
				if (outcome[itemIndex] === 'sent') return 'sent';
				return outcome[itemIndex] === 'unknown' ? 'mayExist' : undefined;
			}),
		);
		throw asNodeError(this, firstFailure.error, firstFailure.itemIndex);
	}
	failedRun.forget();
	return [output];
}

const EARLIER_DELIVERY_REASON: Record<EarlierDelivery, string> = {
	sent: 'the failed run this one retries sent it already',
	mayExist: 'the failed run this one retries may have sent it (the vendor\'s answer was lost); check the conversation',
};

/** The item of a message not sent because it went out before: says why, and the key if it had one. */
function skippedItem(itemIndex: number, because: string, deduplicationKey?: string): INodeExecutionData {
	const json: IDataObject = { skipped: true };
	if (deduplicationKey !== undefined) json.deduplicationKey = deduplicationKey;
	json.reason = `Not sent: ${because}`;
	return { json, pairedItem: { item: itemIndex } };
}

async function connect(ctx: IExecuteFunctions): Promise<{ platform: Platform; settings: SendSettings; client: VendorClient }> {
	const platform = platformNamed(ctx.getNode(), PLATFORMS, ctx.getNodeParameter('platform', 0));
	const settings = readSendSettings(ctx);
	const client = await VendorClient.connect(ctx, platform, settings);
	return { platform, settings, client };
}
