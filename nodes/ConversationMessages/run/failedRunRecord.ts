import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** What a failed run did with an item: sent it, or may have (the vendor's answer was lost). */
export type EarlierDelivery = 'sent' | 'mayExist';

/** The record as it lies in the execution's data: item position → fingerprint of the item. */
interface StoredRecord {
	executionId: string;
	sent: Record<string, string>;
	mayExist: Record<string, string>;
}

/** The node's own entry in its context (every node has its own context in the execution). */
const CONTEXT_KEY = 'deliveredBeforeFailure';

/**
 * What a failed run of this node had delivered, so that n8n's **Retry** does not send it again
 * when the messages have no Deduplication Key.
 *
 * n8n's Retry of a failed execution (mode `retry`) runs the failed node again on the same input
 * items, taken from the failed execution's saved data, and so does the node setting Retry On
 * Fail, within its execution. Both start from what the failed run left in the execution's data
 * — the node's context (`getContext('node')`) included, which n8n saves with the execution and
 * hands back to the Retry. So a run that fails writes there which items it delivered, and the
 * run that repeats it skips them. A new execution (a re-run, the next trigger, a test run in the
 * editor) starts with an empty context, so deliberate repeats are never skipped, and an earlier
 * execution's messages, however alike, are never taken for this one's.
 *
 * Only a failing run writes (a run that succeeds is not repeated by Retry), so a successful run
 * costs one look at an empty context, and nothing goes to n8n's deduplication store.
 */
export class FailedRunRecord {
	private constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly items: INodeExecutionData[],
		private readonly earlier: StoredRecord | undefined,
	) {}

	static open(ctx: IExecuteFunctions): FailedRunRecord {
		const stored = ctx.getContext('node')[CONTEXT_KEY] as StoredRecord | undefined;
		// Retry runs as a new execution; Retry On Fail runs again within the same one.
		const repeatsIt = stored !== undefined && (ctx.getMode() === 'retry' || stored.executionId === ctx.getExecutionId());
		return new FailedRunRecord(ctx, ctx.getInputData(), repeatsIt ? stored : undefined);
	}

	/** What the failed run this one repeats did with the item, if this run repeats one. */
	earlierDelivery(itemIndex: number): EarlierDelivery | undefined {
		if (!this.earlier) return undefined;
		const { sent, mayExist } = this.earlier;
		if (sent[itemIndex] === undefined && mayExist[itemIndex] === undefined) return undefined;
		// The same position with other content is another message (n8n fed the node other items).
		const fingerprint = fingerprintOf(this.items[itemIndex]);
		if (sent[itemIndex] === fingerprint) return 'sent';
		if (mayExist[itemIndex] === fingerprint) return 'mayExist';
		return undefined;
	}

	/**
	 * This run fails: records what it delivered — and what the run it repeats had delivered, now
	 * skipped — for the Retry. Never throws: the run's own error is what the user must see.
	 */
	remember(deliveries: Array<EarlierDelivery | undefined>): void {
		try {
			const record: StoredRecord = { executionId: this.ctx.getExecutionId(), sent: {}, mayExist: {} };
			deliveries.forEach((delivery, itemIndex) => {
				if (delivery) record[delivery][itemIndex] = fingerprintOf(this.items[itemIndex]);
			});
			this.ctx.getContext('node')[CONTEXT_KEY] = record;
		} catch (error) {
			this.ctx.logger.warn(
				`Send Conversation Message: could not note which messages went out before the failure (${error instanceof Error ? error.message : String(error)}); a Retry of this execution sends them again`,
			);
		}
	}

	/** This run succeeded: nothing is left to repeat. */
	forget(): void {
		const context = this.ctx.getContext('node');
		if (context[CONTEXT_KEY] !== undefined) delete context[CONTEXT_KEY];
	}
}

/**
 * The item as n8n stores it between the failed run and its Retry: its JSON as serialised (a Date
 * becomes its ISO text either way) and each file by its binary-data id (or inline content).
 */
function fingerprintOf(item: INodeExecutionData): string {
	const files: IDataObject = {};
	for (const [property, file] of Object.entries(item.binary ?? {})) files[property] = file.id ?? file.data;
	return createHash('sha256').update(JSON.stringify([item.json, files])).digest('base64url').slice(0, 16);
}
