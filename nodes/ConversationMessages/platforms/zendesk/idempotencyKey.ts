import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { ItemParameters } from '../../params/itemParameters';

/** The node's own entry in its execution context: the execution its keys were first made in. */
const CONTEXT_KEY = 'zendeskIdempotencyBase';

interface StoredBase {
	executionId: string;
	base: string;
}

const hash = (parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 48);

/**
 * The `Idempotency-Key` of a ticket create (vendor-zendesk.md §6): Zendesk answers a repeat of the
 * same key and body with the first answer, and creates nothing, for about 2 hours.
 *
 * From the item's Deduplication Key when it has one (per workflow: keys are the account's).
 * Otherwise one per execution, node and item, where the execution is the one the item was first
 * sent in: n8n's Retry of a failed execution runs as a new execution but hands the failed one's
 * node context back (as run/failedRunRecord.ts relies on), and so does Retry On Fail within one
 * execution; the first execution is kept there. A new execution (a re-run, the next trigger) starts
 * with an empty context, so a deliberate repeat opens a new ticket.
 */
export function idempotencyKey(p: ItemParameters): string {
	const workflowId = p.ctx.getWorkflow().id ?? '';
	const deduplicationKey = p.deduplicationKey();
	if (deduplicationKey !== undefined) return `n8n-dk-${hash([workflowId, deduplicationKey])}`;
	return `n8n-${hash([workflowId, firstExecution(p), p.ctx.getNode().id, p.itemIndex])}`;
}

function firstExecution(p: ItemParameters): string {
	const executionId = p.ctx.getExecutionId();
	const context = p.ctx.getContext('node') as IDataObject;
	const stored = context[CONTEXT_KEY] as StoredBase | undefined;
	const repeatsIt = stored !== undefined && (p.ctx.getMode() === 'retry' || stored.executionId === executionId);
	const base = repeatsIt ? stored.base : executionId;
	context[CONTEXT_KEY] = { executionId, base } satisfies StoredBase;
	return base;
}
