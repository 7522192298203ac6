import { randomUUID } from 'crypto';
import type { DeduplicationScope, IDataObject, IDeduplicationOutput, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { invalidParameter } from './parameters';

export interface DeduplicationSettings {
	scope: DeduplicationScope;
	keysKept: number;
}

/** Other nodes may keep their own values in the same store: ours stay apart. */
const NAMESPACE = 'conversation-message:';
/** A claim's own mark beside the key, gone again once the claim is settled. */
const MARK = 'conversation-message-claim:';

/**
 * How long a claim waits before looking whether its mark is still there: longer than another
 * process's store call that read the record before this claim wrote it (they take a few ms).
 */
const CLAIM_SETTLE_MIN_MS = 100;
const CLAIM_SETTLE_FACTOR = 3;
const CLAIM_ROUNDS = 5;
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

/** The item's Deduplication Key, or undefined when the option is not set. */
export function readDeduplicationKey(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	// Only an option the user added is in the collection: an empty value is then a missing key.
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (!('deduplicationKey' in options)) return undefined;
	const raw = options.deduplicationKey as unknown;
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

/**
 * The keys this node has sent, in n8n's deduplication store (the database every n8n process
 * shares), so they hold across executions, restarts, Retry and queue-mode workers.
 *
 * A claim writes the key together with a mark of its own, waits, and looks for the mark: another
 * process that found the key new at the same moment read the record before this write, so its
 * own write (the key with its mark) removed this mark — or this write removed its mark. Only the
 * claim whose mark survives sends; a claim whose mark is gone finds the key recorded by the
 * winner, or, if a third write dropped both, claims again.
 */
export class SentKeys {
	private readonly marks: string[] = [];

	private constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly settings: DeduplicationSettings,
		private readonly record: string,
	) {}

	static open(ctx: IExecuteFunctions, settings: DeduplicationSettings): SentKeys {
		const node = settings.scope === 'node' ? `/${ctx.getNode().id}` : '';
		return new SentKeys(ctx, settings, `${ctx.getWorkflow().id ?? ''}${node}`);
	}

	/** Records the keys not sent before and answers them; the others were sent (or are being sent). */
	async claim(keys: string[]): Promise<Set<string>> {
		const won = new Set<string>();
		let pending = [...new Set(keys)];
		for (let round = 0; pending.length && round < CLAIM_ROUNDS; round++) {
			const token = randomUUID();
			const markOf = (key: string) => `${MARK}${token}:${key}`;
			const marks = pending.map(markOf);
			this.marks.push(...marks);
			const startedAt = Date.now();
			const recorded = await this.call('check the Deduplication Keys', [...pending.map(stored), ...marks]);
			const isNew = new Set(recorded.new.map(String));
			// Keys found recorded were sent (or are being sent) by another execution.
			const fresh = pending.filter((key) => isNew.has(stored(key)));
			pending = fresh;
			if (!fresh.length) break;
			await sleep(Math.max(CLAIM_SETTLE_MIN_MS, CLAIM_SETTLE_FACTOR * (Date.now() - startedAt)));
			const looked = await this.call('check the Deduplication Keys', fresh.map(markOf));
			const survived = new Set(looked.processed.map(String));
			for (const key of fresh) if (survived.has(markOf(key))) won.add(key);
			pending = fresh.filter((key) => !survived.has(markOf(key)));
		}
		if (pending.length) {
			// Their keys stay: another execution may hold them, and a second message is worse than none.
			throw new NodeOperationError(
				this.ctx.getNode(),
				`Could not claim ${pending.length} Deduplication Key(s) in n8n's deduplication store: other executions rewrote its record at the same moment ${CLAIM_ROUNDS} times`,
				{ description: 'Nothing was sent for them, and their keys may stay recorded. Check the conversation; fewer executions of this node at once make this rarer.' },
			);
		}
		return won;
	}

	/**
	 * After sending: keys of messages the vendor did not create are given back, so a corrected
	 * re-run sends them, and the claims' marks are removed.
	 */
	async settle({ notCreated }: { notCreated: string[] }): Promise<void> {
		const values = [...this.marks.splice(0), ...notCreated.map(stored)];
		if (!values.length) return;
		try {
			await this.call('remove the claims', values, 'remove');
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
		// Marks come and go; the record holds room for them beside the keys kept.
		const options = { mode: 'entries' as const, maxEntries: 2 * this.settings.keysKept };
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
