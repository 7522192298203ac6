import { randomUUID } from 'crypto';
import type { DeduplicationScope, IDeduplicationOutput, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';


export interface DeduplicationSettings {
	scope: DeduplicationScope;
	keysKept: number;
}

/** Other nodes may keep their own values in the same store: ours stay apart. */
const NAMESPACE = 'conversation-message:';
/** A claim's own mark beside its keys. */
const MARK = 'conversation-message-claim:';

/**
 * How long a claim waits before looking whether its mark is still there: longer than another
 * process's store call that read the record before this claim wrote it (they take a few ms).
 */
const CLAIM_SETTLE_MIN_MS = 50;
const CLAIM_SETTLE_FACTOR = 3;
const CLAIM_ROUNDS = 5;
const MARK_ROOM = 100;
/** n8n's store answers a first-ever write of two processes at once with a duplicate-key error. */
const STORE_ATTEMPTS = 3;

/**
 * n8n's store reads and rewrites one record per workflow (or node) for every call, without a
 * lock: two calls at once would drop one another's keys. Within this process they take turns.
 */
const turns = new Map<string, Promise<unknown>>();

async function inTurn<T>(record: string, work: () => Promise<T>): Promise<T> {
	const previous = turns.get(record) ?? Promise.resolve();
	const mine = previous.then(work, work);
	const settled = mine.catch(() => undefined);
	turns.set(record, settled);
	try {
		return await mine;
	} finally {
		if (turns.get(record) === settled) turns.delete(record);
	}
}

/**
 * The keys this node has sent, in n8n's deduplication store (the database every n8n process
 * shares), so they hold across executions, restarts, Retry and queue-mode workers.
 *
 * A claim writes its keys together with a mark of its own, waits, and looks for the mark:
 * another process that found a key new at the same moment read the record before this write, so
 * its own write (the key with its mark) removed this mark — or this write removed its mark. Only
 * the claim whose mark survives sends; a claim whose mark is gone claims again, and then finds
 * the keys the winner recorded (or, if a third write dropped them all, claims them anew).
 */
export class SentKeys {
	private constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly settings: DeduplicationSettings,
		private readonly record: string,
	) {}

	static open(ctx: IExecuteFunctions, settings: DeduplicationSettings): SentKeys {
		const node = settings.scope === 'node' ? `/${ctx.getNode().id}` : '';
		return new SentKeys(ctx, settings, `${ctx.getWorkflow().id ?? ''}${node}`);
	}

	/**
	 * Records the keys not sent before: `won` may be sent now; the others were sent (or are being
	 * sent) by another execution, except `unsettled` ones, whose claim kept being overwritten.
	 */
	async claim(keys: string[]): Promise<{ won: Set<string>; unsettled: string[] }> {
		const won = new Set<string>();
		let pending = [...new Set(keys)];
		try {
			for (let round = 0; pending.length && round < CLAIM_ROUNDS; round++) {
				const mark = `${MARK}${randomUUID()}`;
				const startedAt = Date.now();
				const recorded = await this.call('check the Deduplication Keys', [...pending.map(stored), mark]);
				const isNew = new Set(recorded.new.map(String));
				// Keys found recorded were sent (or are being sent) by another execution.
				pending = pending.filter((key) => isNew.has(stored(key)));
				if (!pending.length) break;
				await sleep(Math.max(CLAIM_SETTLE_MIN_MS, CLAIM_SETTLE_FACTOR * (Date.now() - startedAt)));
				const looked = await this.call('check the Deduplication Keys', [mark]);
				if (looked.processed.length) {
					for (const key of pending) won.add(key);
					pending = [];
				}
			}
		} catch (error) {
			// Nothing is sent: give back what this claim recorded, so that a re-run sends it.
			await this.settle({ notCreated: [...won, ...pending] });
			const failure = error as NodeOperationError;
			throw new NodeOperationError(this.ctx.getNode(), failure.message, { description: failure.description ?? undefined });
		}
		return { won, unsettled: pending };
	}

	/** The error of an item whose claim stayed unsettled. Its key stays: another execution may hold it. */
	unsettledError(itemIndex: number): NodeOperationError {
		return new NodeOperationError(
			this.ctx.getNode(),
			`Could not claim the Deduplication Key in n8n's deduplication store: other executions rewrote its record at the same moment ${CLAIM_ROUNDS} times (item ${itemIndex})`,
			{
				itemIndex,
				description: 'Nothing was sent, and the key may stay recorded. Check the conversation; fewer executions of this node at once make this rarer.',
			},
		);
	}

	/**
	 * After sending: keys of messages the vendor did not create are given back, so a corrected
	 * re-run sends them. (The claims' marks stay and age out with the oldest keys: removing them
	 * would cost every run one more rewrite of the record.)
	 */
	async settle({ notCreated }: { notCreated: string[] }): Promise<void> {
		if (!notCreated.length) return;
		try {
			await this.call('give back the Deduplication Keys', notCreated.map(stored), 'remove');
		} catch (error) {
			// The messages have gone out (or not) already: a store failure here must not fail their items.
			this.ctx.logger.warn(
				`Send Conversation Message: could not update n8n's deduplication store after sending (${error instanceof Error ? error.message : String(error)}); ${notCreated.length} key(s) of messages not sent stay recorded, so a re-run skips them`,
			);
		}
	}

	private async call(what: string, values: string[]): Promise<IDeduplicationOutput>;
	private async call(what: string, values: string[], remove: 'remove'): Promise<void>;
	private async call(what: string, values: string[], remove?: 'remove'): Promise<IDeduplicationOutput | void> {
		// Each claim leaves a mark; the record holds room for the latest ones beside the keys kept.
		const options = { mode: 'entries' as const, maxEntries: this.settings.keysKept + MARK_ROOM };
		for (let attempt = 1; ; attempt++) {
			try {
				return await inTurn(this.record, async () =>
					remove
						? await this.ctx.helpers.removeProcessed(values, this.settings.scope, options)
						: await this.ctx.helpers.checkProcessedAndRecord(values, this.settings.scope, options),
				);
			} catch (error) {
				if (attempt < STORE_ATTEMPTS) {
					await sleep(25 + Math.random() * 100);
					continue;
				}
				throw new NodeOperationError(
					this.ctx.getNode(),
					`Could not ${what} in n8n's deduplication store: ${error instanceof Error ? error.message : String(error)}`,
					{ description: 'Nothing was sent: a message with a key goes out only after its key is recorded.' },
				);
			}
		}
	}
}

function stored(key: string): string {
	return `${NAMESPACE}${key}`;
}
