/** Restarting n8n under a trigger, for the catch-up tests of every platform. */
import type { IDataObject } from 'n8n-workflow';

import type { TriggerOptions, WebhookTrigger } from './triggers';

/**
 * n8n restarted: `before` is closed, and a new process (the package's modules loaded anew, its
 * memory empty) serves the same URL with the static data n8n saved.
 */
export async function restartedTrigger(before: WebhookTrigger, options: Omit<TriggerOptions, 'staticData' | 'port'>): Promise<WebhookTrigger> {
	const staticData = { 'node:Trigger': JSON.parse(JSON.stringify(before.staticData)) as IDataObject };
	const port = Number(new URL(before.url).port);
	await before.close();
	let FreshTrigger!: typeof WebhookTrigger;
	jest.isolateModules(() => {
		FreshTrigger = (require('./triggers') as { WebhookTrigger: typeof WebhookTrigger }).WebhookTrigger;
	});
	return await FreshTrigger.start({ ...options, staticData, port });
}
