/**
 * n8n-core's deduplication helpers are real in these tests; what n8n's CLI puts behind them is a
 * database table (`processed_data`, one row per workflow and scope). This store keeps those rows
 * in memory with the CLI's semantics (packages/cli/src/deduplication/deduplication-helper.ts):
 * values kept as md5 hashes, the oldest dropped beyond `maxEntries`, and every call a read, then
 * a later write of the whole row — so calls that overlap lose one another's values, as the
 * database does. Real n8n runs the real one in the e2e suites.
 */
import { createHash } from 'crypto';

import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

const rows = new Map<string, string[]>();
let failing: Error | undefined;
/** Calls let through before the store fails `failuresLeft` calls with `failingLater`. */
let callsBeforeFailure = 0;
let failuresLeft = 0;
let failingLater: Error | undefined;

function failIfAsked(): void {
	if (failing) throw failing;
	if (!failuresLeft) return;
	if (callsBeforeFailure > 0) {
		callsBeforeFailure--;
		return;
	}
	failuresLeft--;
	throw failingLater;
}
/** Values another n8n process writes right after the next call, from the record as it read it. */
let staleWrite: DeduplicationItemTypes[] | undefined;

function rowKey(scope: DeduplicationScope, { workflow, node }: ICheckProcessedContextData): string {
	return `${workflow.id}|${scope === 'node' ? `n:${node?.id}` : ''}`;
}

const hash = (value: DeduplicationItemTypes) => createHash('md5').update(value.toString()).digest('base64');

/** A database round trip: other calls run in between. */
const roundTrip = async () => await new Promise((resolve) => setTimeout(resolve, 1));

const store: IDataDeduplicator = {
	async checkProcessedAndRecord(items, scope, contextData, options: ICheckProcessedOptions): Promise<IDeduplicationOutput> {
		failIfAsked();
		const key = rowKey(scope, contextData);
		const before = [...(rows.get(key) ?? [])];
		const row = [...before];
		await roundTrip();
		const seen = new Set(row);
		const result: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			if (seen.has(hash(item))) result.processed.push(item);
			else {
				result.new.push(item);
				row.push(hash(item));
			}
		}
		if (options.maxEntries) row.splice(0, row.length - options.maxEntries);
		rows.set(key, row);
		if (staleWrite) {
			// The other process read the record before this call wrote it, and writes after.
			const others = staleWrite.map(hash);
			staleWrite = undefined;
			rows.set(key, [...before, ...others]);
		}
		return result;
	},
	async removeProcessed(items, scope, contextData) {
		failIfAsked();
		const key = rowKey(scope, contextData);
		const row = [...(rows.get(key) ?? [])];
		await roundTrip();
		for (const item of items) {
			const at = row.indexOf(hash(item));
			if (at !== -1) row.splice(at, 1);
		}
		rows.set(key, row);
	},
	async clearAllProcessedItems(scope, contextData) {
		rows.delete(rowKey(scope, contextData));
	},
	async getProcessedDataCount(scope, contextData) {
		return rows.get(rowKey(scope, contextData))?.length ?? 0;
	},
};

void DataDeduplicationService.init(store);

export const deduplicationStore = {
	reset(): void {
		rows.clear();
		failing = undefined;
		staleWrite = undefined;
		callsBeforeFailure = 0;
		failuresLeft = 0;
	},
	/** How many values the row of that workflow (and node, for node scope) holds. */
	size(workflowId: string, nodeId?: string): number {
		return rows.get(`${workflowId}|${nodeId ? `n:${nodeId}` : ''}`)?.length ?? 0;
	},
	/**
	 * Another n8n process (a queue-mode worker) that read the record just before the next call
	 * wrote it, and writes these values after it: what that call added is gone.
	 */
	writeStaleAfterNextCall(values: string[]): void {
		staleWrite = values;
	},
	/** Lets `calls` calls through, then fails the next `times` ones. */
	failAfter(calls: number, times: number, error: Error): void {
		callsBeforeFailure = calls;
		failuresLeft = times;
		failingLater = error;
	},
	/** Makes every call fail, as a database that is down. */
	failWith(error: Error | undefined): void {
		failing = error;
	},
};
