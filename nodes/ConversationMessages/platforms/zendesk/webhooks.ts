import { createHmac } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { text } from '../../conversation/text';
import { callVendor } from '../../transport/lookup';
import type { Platform } from '../types';

// The trigger's registration at Zendesk (vendor-zendesk.md §9): one webhook whose endpoint is the
// trigger's URL with a token derived from the credential, connected to new comments either by an
// event subscription or by a Zendesk trigger this node creates; and the webhook's signing secret.

type Context = IHookFunctions | IWebhookFunctions;

/** How the webhook hears new comments (§9.1: one or the other, fixed once the webhook exists). */
export type Connection = 'events' | 'trigger';

/** What a trigger-connected webhook subscribes to (§9.2). */
const TRIGGER_SUBSCRIPTION = 'conditional_ticket_events';

/**
 * Titles of the Zendesk triggers this node creates start with this, followed by the trigger's own
 * mark: a trigger without both is never touched (n8n's ZendeskTrigger deleted everyone's, §10).
 */
export const TRIGGER_TITLE_PREFIX = 'n8n Conversation Message Trigger';

/**
 * The body of the trigger's notification: ids and states only, never comment text (§9.3: how
 * placeholders are quoted is unconfirmed); the comment is read back through the API.
 */
export const TRIGGER_BODY = JSON.stringify({
	ticket_id: '{{ticket.id}}',
	actor_id: '{{current_user.id}}',
	requester_id: '{{ticket.requester.id}}',
	assignee_id: '{{ticket.assignee.id}}',
	group_id: '{{ticket.group.id}}',
	status: '{{ticket.status}}',
});

/** What activation keeps in the node's static data (saved by n8n with the workflow). */
export interface Registration {
	webhookId?: string;
	connection?: Connection;
	secret?: string;
	/** The token in the webhook's endpoint (see urlTokenOf). */
	urlToken?: string;
	/** The Zendesk trigger this node created (trigger connection only). */
	triggerId?: string;
	/** The conditions it was created with, to notice that the trigger's options changed. */
	triggerConditions?: string;
	/** The agent the credential acts as (users/me): its own comments are never news. */
	apiUserId?: string;
}

export function registrationOf(ctx: Context): Registration {
	return ctx.getWorkflowStaticData('node') as Registration;
}

/**
 * The token in the registered endpoint, derived rather than drawn at random: from the
 * credential's secret, the workflow and the node. Zendesk may deliver the moment it has stored
 * the webhook, before the webhook sees the static data activation writes (docs/reliability.md);
 * a delivery carrying this token is then recognised without that record, and one without it is
 * refused before Zendesk is asked anything.
 */
export async function urlTokenOf(ctx: Context, platform: Platform): Promise<string> {
	const credentials = await ctx.getCredentials(platform.credentialType);
	const secret = String(credentials.apiToken || credentials.accessToken || '');
	return createHmac('sha256', secret)
		.update(`conversation-message-trigger:zendesk:${String(ctx.getWorkflow().id)}:${ctx.getNode().id}`)
		.digest('hex');
}

export async function endpointOf(ctx: Context, platform: Platform): Promise<{ endpoint: string; urlToken: string }> {
	const urlToken = await urlTokenOf(ctx, platform);
	return { endpoint: `${String(ctx.getNodeWebhookUrl('default'))}?token=${urlToken}`, urlToken };
}

const isNotFound = (error: unknown): boolean => error instanceof NodeApiError && error.httpCode === '404';

/** What may be gone already (removed by hand in Zendesk): undefined then, other failures as they are. */
const unlessGone = async <T>(reading: Promise<T>): Promise<T | undefined> =>
	await reading.catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));

/** Webhook and trigger endpoints are admin-only (§9.1): say so instead of a bare 403. */
export function explainRefusal(ctx: Context, error: unknown): unknown {
	if (error instanceof NodeApiError && (error.httpCode === '401' || error.httpCode === '403')) {
		return new NodeOperationError(ctx.getNode(), `Registering the webhook needs a Zendesk administrator: ${error.message}`, {
			description:
				'Zendesk lets only administrators (or a custom role allowed to manage webhooks and triggers) create webhooks. Use an administrator\'s email and API token in the credential.',
		});
	}
	return error;
}

export class ZendeskWebhooks {
	constructor(
		private readonly ctx: Context,
		private readonly platform: Platform,
	) {}

	private async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, json?: IDataObject, qs?: IDataObject): Promise<IDataObject> {
		try {
			return (await callVendor(this.ctx, this.platform, { method, path, json, qs })).body;
		} catch (error) {
			throw explainRefusal(this.ctx, error);
		}
	}

	/** DELETE that is content when the thing is gone already. */
	private async remove(path: string): Promise<void> {
		await unlessGone(this.call('DELETE', path));
	}

	/** Every page of a cursor-paged list (§9.2: the webhook we look for need not be on the first). */
	private async *pages(path: string, key: string): AsyncGenerator<IDataObject> {
		let after: string | null = null;
		do {
			const qs: IDataObject = { 'page[size]': 100 };
			if (after) qs['page[after]'] = after;
			const body = await this.call('GET', path, undefined, qs);
			for (const entry of (body[key] as IDataObject[] | undefined) ?? []) yield entry;
			const meta = (body.meta ?? {}) as IDataObject;
			after = meta.has_more === true ? text(meta.after_cursor) : null;
		} while (after);
	}

	async webhook(id: string): Promise<IDataObject | undefined> {
		return (await unlessGone(this.call('GET', `/api/v2/webhooks/${encodeURIComponent(id)}`)))?.webhook as IDataObject | undefined;
	}

	async findWebhook(endpoint: string): Promise<IDataObject | undefined> {
		for await (const webhook of this.pages('/api/v2/webhooks', 'webhooks')) if (webhook.endpoint === endpoint) return webhook;
		return undefined;
	}

	static connectionOf(webhook: IDataObject): Connection {
		const subscriptions = (webhook.subscriptions as unknown[] | undefined) ?? [];
		return subscriptions.includes(TRIGGER_SUBSCRIPTION) ? 'trigger' : 'events';
	}

	/** The ticket events an event-subscribed webhook holds (none for a trigger-connected one). */
	static subscriptionsOf(webhook: IDataObject): string[] {
		const subscriptions = (webhook.subscriptions as unknown[] | undefined) ?? [];
		return subscriptions.map(String).filter((subscription) => subscription !== TRIGGER_SUBSCRIPTION);
	}

	/** `events`: the ticket events to subscribe to (an event-subscribed webhook); none: connected to triggers. */
	async createWebhook(endpoint: string, events: string[]): Promise<IDataObject> {
		const body = await this.call('POST', '/api/v2/webhooks', {
			webhook: {
				name: `n8n: ${this.ctx.getWorkflow().name ?? 'workflow'}`,
				endpoint,
				http_method: 'POST',
				request_format: 'json',
				status: 'active',
				subscriptions: events.length ? events : [TRIGGER_SUBSCRIPTION],
			},
		});
		const webhook = body.webhook as IDataObject | undefined;
		if (webhook?.id === undefined) throw new NodeOperationError(this.ctx.getNode(), 'Zendesk created the webhook but did not say its id');
		return webhook;
	}

	async deleteWebhook(id: string): Promise<void> {
		await this.remove(`/api/v2/webhooks/${encodeURIComponent(id)}`);
	}

	async signingSecret(webhookId: string): Promise<string> {
		const body = await this.call('GET', `/api/v2/webhooks/${encodeURIComponent(webhookId)}/signing_secret`);
		const secret = text((body.signing_secret as IDataObject | undefined)?.secret);
		if (!secret) throw new NodeOperationError(this.ctx.getNode(), `Zendesk did not give the signing secret of webhook ${webhookId}`);
		return secret;
	}

	async trigger(id: string): Promise<IDataObject | undefined> {
		return (await unlessGone(this.call('GET', `/api/v2/triggers/${encodeURIComponent(id)}`)))?.trigger as IDataObject | undefined;
	}

	/** Triggers of this node left over from a registration whose record was lost: its title mark and our webhook. */
	async ownTriggers(title: string, webhookId: string): Promise<string[]> {
		const own: string[] = [];
		for await (const trigger of this.pages('/api/v2/triggers', 'triggers')) {
			const actions = (trigger.actions as IDataObject[] | undefined) ?? [];
			const notifiesOurs = actions.some(
				(action) => action.field === 'notification_webhook' && String((action.value as unknown[] | undefined)?.[0]) === webhookId,
			);
			if (trigger.title === title && notifiesOurs) own.push(String(trigger.id));
		}
		return own;
	}

	async createTrigger(title: string, conditions: IDataObject, webhookId: string): Promise<string> {
		const body = await this.call('POST', '/api/v2/triggers', {
			trigger: { title, conditions, actions: [{ field: 'notification_webhook', value: [webhookId, TRIGGER_BODY] }] },
		});
		const id = text((body.trigger as IDataObject | undefined)?.id);
		if (!id) throw new NodeOperationError(this.ctx.getNode(), 'Zendesk created the trigger but did not say its id');
		return id;
	}

	async deleteTrigger(id: string): Promise<void> {
		await this.remove(`/api/v2/triggers/${encodeURIComponent(id)}`);
	}

	/** The agent the credential acts as. */
	async apiUserId(): Promise<string> {
		const body = await this.call('GET', '/api/v2/users/me');
		return String((body.user as IDataObject | undefined)?.id ?? '');
	}
}
