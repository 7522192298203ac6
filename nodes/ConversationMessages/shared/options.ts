import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RetrySettings } from '../transport/client';

export interface SendSettings extends RetrySettings {
	concurrency: number;
}

const LIMITS = {
	concurrency: { label: 'Concurrency', min: 1, max: 50, default: 5 },
	timeout: { label: 'Timeout (Ms)', min: 1, max: 600_000, default: 30_000 },
	maxRetries: { label: 'Max Retries', min: 0, max: 10, default: 3 },
	maxRetryWaitSeconds: { label: 'Max Retry Wait (Seconds)', min: 0, max: 3600, default: 60 },
} as const;

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
			displayName: 'Retry on Server Errors',
			name: 'retryOnServerErrors',
			type: 'boolean',
			default: false,
			description:
				'Whether to send again after a 5xx answer, a timeout or a dropped connection. The vendor may already have created the message, so this can post it twice. Re:amaze is always retried safely (its origin ID deduplicates).',
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
	};
}
