import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RetrySettings } from '../transport/client';

import type { DeduplicationSettings } from './deduplication';

export interface SendSettings extends RetrySettings {
	concurrency: number;
	deduplication: DeduplicationSettings;
}

const LIMITS = {
	concurrency: { label: 'Concurrency', min: 1, max: 50, default: 5 },
	timeout: { label: 'Timeout (Ms)', min: 1, max: 600_000, default: 30_000 },
	maxRetries: { label: 'Max Retries', min: 0, max: 10, default: 3 },
	maxRetryWaitSeconds: { label: 'Max Retry Wait (Seconds)', min: 0, max: 3600, default: 60 },
	readBackDelay: { label: 'Read-Back Wait (Ms)', min: 0, max: 60_000, default: 1_000 },
	deduplicationKeysKept: { label: 'Deduplication Keys Kept', min: 1, max: 100_000, default: 10_000 },
} as const;

const SCOPES = ['node', 'workflow'] as const;

/** What the transport's errors advise: the options of this panel that change the outcome. */
const ADVICE: SendSettings['advice'] = {
	rateLimited:
		'The vendor is rate-limiting this credential. Raise "Max Retries" or "Max Retry Wait" in the options, lower "Concurrency", or send fewer messages at once.',
	retryAnyway: '"Retry on Server Errors" in the options retries anyway',
};

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 5,
			description:
				'How many messages to send at the same time. Messages to the same conversation always go one after another, in item order.',
		},
		{
			displayName: 'Deduplication Key',
			name: 'deduplicationKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.orderId }}-shipped',
			description:
				"A key per message, e.g. an order ID or the webhook's event ID. A message whose key was sent before is not sent again (its item says so), across executions, Retry, restarts and queue-mode workers. Kept in n8n's deduplication store.",
		},
		{
			displayName: 'Deduplication Keys Kept',
			name: 'deduplicationKeysKept',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100_000 },
			default: 10_000,
			description: 'How many of the latest keys n8n keeps; an older key is forgotten and would be sent again',
		},
		{
			displayName: 'Deduplication Scope',
			name: 'deduplicationScope',
			type: 'options',
			options: [
				{ name: 'This Node', value: 'node', description: 'Keys sent by this node only' },
				{ name: 'This Workflow', value: 'workflow', description: 'Keys sent by any node of this workflow that uses this scope' },
			],
			default: 'node',
			description: 'Which earlier sends count when checking a key',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description:
				'How often to send again after a rate limit (429), or where sending again cannot duplicate the message',
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 60,
			description: 'The longest total wait for retries of one message; past it the item fails',
		},
		{
			displayName: 'Read-Back Wait (Ms)',
			name: 'readBackDelay',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 60_000 },
			default: 1_000,
			description:
				'After a 5xx answer, a timeout or a dropped connection, how long to let the vendor settle before reading the conversation to see whether the message was created',
		},
		{
			displayName: 'Retry on Server Errors',
			name: 'retryOnServerErrors',
			type: 'boolean',
			default: false,
			description:
				'Whether to send again after a 5xx answer, a timeout or a dropped connection where the conversation cannot be read back (EngageLab LiveDesk; Intercom when a contact starts a conversation or replies to "last"). The vendor may already have created the message, so this can post it twice. Elsewhere the node reads the conversation and sends again only if the message is not there.',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30_000,
			description: 'How long to wait for the vendor to answer one request',
		},
	],
};

export function readSendSettings(ctx: IExecuteFunctions): SendSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const read = (name: keyof typeof LIMITS): number => {
		const { label, min, max, default: fallback } = LIMITS[name];
		const raw = options[name];
		if (raw === undefined || raw === null || raw === '') return fallback;
		const value = Number(raw);
		if (!Number.isFinite(value) || value < min || value > max) {
			throw new NodeOperationError(ctx.getNode(), `Option "${label}" must be a number from ${min} to ${max}, got "${String(raw)}"`);
		}
		return value;
	};
	return {
		concurrency: Math.floor(read('concurrency')),
		timeoutMs: read('timeout'),
		maxRetries: Math.floor(read('maxRetries')),
		maxRetryWaitMs: read('maxRetryWaitSeconds') * 1000,
		retryOnServerErrors: options.retryOnServerErrors === true || options.retryOnServerErrors === 'true',
		readBackDelayMs: read('readBackDelay'),
		advice: ADVICE,
		deduplication: { scope: readScope(ctx, options.deduplicationScope), keysKept: Math.floor(read('deduplicationKeysKept')) },
	};
}

function readScope(ctx: IExecuteFunctions, raw: unknown): DeduplicationSettings['scope'] {
	if (raw === undefined || raw === '') return 'node';
	const scope = SCOPES.find((candidate) => candidate === raw);
	if (!scope) throw new NodeOperationError(ctx.getNode(), `Option "Deduplication Scope" must be node or workflow, got "${String(raw)}"`);
	return scope;
}
