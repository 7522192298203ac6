/**
 * A change made to a conversation while a trigger listens: Conversation Actions runs as a
 * workflow would run it, then the test waits until the vendor's deliveries of that change have
 * reached the trigger and its executions have ended — the Events tests of every webhook platform.
 */
import type { INodeParameters } from 'n8n-workflow';

import { ACTIONS_NODE_TYPE, runNode } from './engine';
import type { WebhookTrigger } from './triggers';
import type { MockVendors } from './vendors';
import { credentialsFor } from './vendors';

/** The platforms whose mock pushes webhook deliveries of a change. */
type Pushing = 'ninetyNineDigital' | 'intercom' | 'zendesk';

/** A resource locator naming a conversation (or ticket) by its id. */
export const locator = (value: string) => ({ __rl: true, mode: 'id', value });

/** What each execution of the trigger started with: `event` of an event item, else `message`. */
export const heardEvents = (active: WebhookTrigger) => active.executions.map((items) => items.map((item) => item.json.event ?? 'message'));

/** Runs `operation` of Conversation Actions on `platform`; it must succeed. Resolves once the trigger has heard what the vendor delivered. */
export async function changeAndHear(
	mocks: MockVendors,
	platform: Pushing,
	trigger: WebhookTrigger,
	operation: string,
	parameters: Record<string, unknown>,
): Promise<void> {
	const result = await runNode({
		nodeType: ACTIONS_NODE_TYPE,
		parameters: { platform, resource: 'conversation', operation, ...parameters } as INodeParameters,
		credentials: credentialsFor(mocks, platform),
	});
	expect(result.error).toBeUndefined();
	await mocks[platform].deliveriesSettled();
	await trigger.settled();
}
