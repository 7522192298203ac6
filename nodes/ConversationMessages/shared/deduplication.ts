import type { DeduplicationScope, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invalidParameter } from './parameters';

export interface DeduplicationSettings {
	scope: DeduplicationScope;
	keysKept: number;
}

/** Other nodes may keep their own values in the same store: ours stay apart. */
const NAMESPACE = 'conversation-message:';

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

	/** Records the keys not sent before and answers them; the others were sent (or are being sent). */
	async claim(keys: string[]): Promise<Set<string>> {
		if (!keys.length) return new Set();
		const result = await this.store('check the Deduplication Keys', async () =>
			await this.ctx.helpers.checkProcessedAndRecord(keys.map(stored), this.settings.scope, this.options()),
		);
		return new Set(result.new.map((value) => String(value).slice(NAMESPACE.length)));
	}

	/**
	 * After sending: keys of messages the vendor did not create are given back, so a corrected
	 * re-run sends them; keys of sent messages are recorded again, in case another n8n process
	 * rewrote the record between this run's claim and now and dropped them.
	 */
	async settle({ sent, notCreated }: { sent: string[]; notCreated: string[] }): Promise<void> {
		// The messages have gone out (or not) already: a store failure here must not fail their items.
		try {
			if (sent.length) {
				await inTurn(this.record, async () =>
					await this.ctx.helpers.checkProcessedAndRecord(sent.map(stored), this.settings.scope, this.options()),
				);
			}
			if (notCreated.length) {
				await inTurn(this.record, async () =>
					await this.ctx.helpers.removeProcessed(notCreated.map(stored), this.settings.scope, this.options()),
				);
			}
		} catch (error) {
			this.ctx.logger.warn(
				`Send Conversation Message: could not update n8n's deduplication store after sending (${error instanceof Error ? error.message : String(error)}); ${notCreated.length} key(s) of messages not sent stay recorded, so a re-run skips them`,
			);
		}
	}

	private options() {
		return { mode: 'entries' as const, maxEntries: this.settings.keysKept };
	}

	private async store<T>(what: string, work: () => Promise<T>): Promise<T> {
		try {
			return await inTurn(this.record, work);
		} catch (error) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				`Could not ${what} in n8n's deduplication store: ${error instanceof Error ? error.message : String(error)}`,
				{ description: 'Nothing was sent: a message with a key goes out only after its key is recorded.' },
			);
		}
	}
}

function stored(key: string): string {
	return `${NAMESPACE}${key}`;
}
