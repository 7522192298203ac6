import { createHmac } from 'crypto';
import type { IDataObject, IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { sameSubscriptions } from '../../conversation/event';
import type { ConversationMessage, ReceiveFilters } from '../../conversation/message';
import { text } from '../../conversation/text';
import { getInBackground } from '../../transport/getJson';
import { headerValue, sameSecret, SIGNATURE_MAX_AGE_SECONDS } from '../../transport/signature';
import type { Platform, Received, WebhookReceiver } from '../types';

import { readCommentsPage, toMessage } from './conversation';
import { COMMENT_ADDED, subscriptionsFor, ticketEvents } from './ticketEvents';
import type { Connection, Registration } from './webhooks';
import { TRIGGER_TITLE_PREFIX, ZendeskWebhooks, endpointOf, registrationOf } from './webhooks';

const CONNECTIONS = ['auto', 'events', 'trigger'] as const;
type ConnectionSetting = (typeof CONNECTIONS)[number];

const properties: INodeProperties[] = [
	{
		displayName:
			'Activation registers a webhook at Zendesk pointing here (and, where needed, a Zendesk trigger that notifies it of new comments), with the email and API token of a Zendesk <b>administrator</b>; deactivation removes what it made. Each delivery\'s signature is checked with the webhook\'s signing secret.',
		name: 'zendeskNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Connect By',
		name: 'connectBy',
		type: 'options',
		noDataExpression: true,
		default: 'auto',
		options: [
			{
				name: 'Automatic',
				value: 'auto',
				description: 'A webhook subscribed to the ticket event "comment added"; where the account does not offer ticket events, a Zendesk trigger instead',
			},
			{
				name: 'Ticket Event Subscription',
				value: 'events',
				description: 'A webhook subscribed to the ticket event "comment added" (fails where the account does not offer ticket events)',
			},
			{
				name: 'Zendesk Trigger',
				value: 'trigger',
				description:
					'A webhook and a Zendesk trigger that notifies it of new comments (Admin Center → Objects and rules → Triggers shows it). New customer messages only: the other Events need a ticket event subscription.',
			},
		],
		description: 'How Zendesk tells this trigger about new comments',
	},
	{
		displayName: 'Only While the Bot Owns the Conversation',
		name: 'onlyWhileBotOwns',
		type: 'boolean',
		default: false,
		description:
			'Whether to start the workflow only while the ticket is unassigned or assigned to the bot\'s agent (and, if set below, in the bot\'s group), and not on hold, solved or closed. Once an agent takes the ticket, its comments start nothing: the bot steps aside.',
	},
	{
		displayName: 'Bot Agent ID',
		name: 'botAgentId',
		type: 'string',
		default: '',
		displayOptions: { show: { onlyWhileBotOwns: [true] } },
		description: 'The agent the bot acts as; tickets assigned to this agent are still the bot\'s. Empty: the agent of the credential.',
	},
	{
		displayName: 'Bot Group ID',
		name: 'botGroupId',
		type: 'string',
		default: '',
		displayOptions: { show: { onlyWhileBotOwns: [true] } },
		description: 'Only tickets in this group (or in none) are the bot\'s. Empty: any group.',
	},
];

/**
 * `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(secret, timestamp + raw body)) (§9.4), the
 * timestamp within 300 s of now when it parses (ISO 8601 or Unix seconds: both are seen).
 * Returns the reason a delivery is refused, or undefined when it is genuine.
 */
export function checkZendeskSignature(rawBody: Buffer, signature: string, timestamp: string, secret: string, nowMs = Date.now()): string | undefined {
	if (!signature) return 'the delivery is not signed';
	if (!timestamp) return 'the delivery has no signature timestamp';
	const at = /^\d+$/.test(timestamp) ? Number(timestamp) * 1000 : Date.parse(timestamp);
	if (Number.isFinite(at)) {
		const age = Math.round(Math.abs(nowMs - at) / 1000);
		if (age > SIGNATURE_MAX_AGE_SECONDS) return `the delivery's timestamp is ${age} s away from now (more than ${SIGNATURE_MAX_AGE_SECONDS} s)`;
	}
	const expected = createHmac('sha256', secret).update(Buffer.concat([Buffer.from(timestamp), rawBody])).digest('base64');
	return sameSecret(signature.trim(), expected) ? undefined : 'the signature does not match';
}

/** What a delivery says, before anything is read back: the ticket, the comment (events) or who acted (trigger). */
interface Notice {
	ticketId: string;
	commentId: string | null;
	authorId: string | null;
	isPublic: boolean | null;
	requesterId: string | null;
	status: string | null;
	assigneeId: string | null;
	groupId: string | null;
}

/** A placeholder Zendesk rendered empty (no assignee) says "none", as does a missing field. */
const idOrNull = (value: unknown): string | null => {
	const id = text(value)?.trim();
	return id ? id : null;
};

function noticeOf(body: IDataObject): Notice | undefined {
	if (body.type === COMMENT_ADDED) {
		const detail = (body.detail ?? {}) as IDataObject;
		const comment = (((body.event ?? {}) as IDataObject).comment ?? {}) as IDataObject;
		const ticketId = idOrNull(detail.id) ?? /^zen:ticket:(\d+)$/.exec(String(body.subject ?? ''))?.[1] ?? null;
		if (!ticketId) return undefined;
		return {
			ticketId,
			commentId: idOrNull(comment.id),
			authorId: idOrNull((comment.author as IDataObject | undefined)?.id),
			isPublic: typeof comment.is_public === 'boolean' ? comment.is_public : null,
			requesterId: idOrNull(detail.requester_id),
			status: text(detail.status)?.toLowerCase() ?? null,
			assigneeId: idOrNull(detail.assignee_id),
			groupId: idOrNull(detail.group_id),
		};
	}
	// The body of our own Zendesk trigger (webhooks.ts TRIGGER_BODY).
	const ticketId = idOrNull(body.ticket_id);
	if (!ticketId || typeof body.type === 'string') return undefined;
	return {
		ticketId,
		commentId: null,
		authorId: idOrNull(body.actor_id),
		isPublic: null,
		requesterId: idOrNull(body.requester_id),
		// Zendesk renders {{ticket.status}} as a word ("Open"); [UNCONFIRMED] in other account languages.
		status: text(body.status)?.trim().toLowerCase() || null,
		assigneeId: idOrNull(body.assignee_id),
		groupId: idOrNull(body.group_id),
	};
}

/** Tickets that are the bot's (§9.6): unassigned or the bot's agent, the bot's group or none, not put aside. */
function botOwns(notice: Notice, bot: { agentId: string; groupId: string }): boolean {
	if (notice.status !== null && ['hold', 'on-hold', 'solved', 'closed'].includes(notice.status)) return false;
	if (notice.assigneeId !== null && notice.assigneeId !== bot.agentId) return false;
	return bot.groupId === '' || notice.groupId === null || notice.groupId === bot.groupId;
}

/**
 * Roles of comment authors seen in read-backs, per trigger: a known agent's comment is skipped
 * without reading the ticket when agents' messages are not wanted. A memory of this process.
 */
const MAX_KNOWN_ROLES = 10_000;
const knownRoles = new Map<string, string>();
function rememberRole(key: string, role: string): void {
	knownRoles.set(key, role);
	if (knownRoles.size > MAX_KNOWN_ROLES) knownRoles.delete(knownRoles.keys().next().value as string);
}

function filtersOf(ctx: IHookFunctions | IWebhookFunctions): ReceiveFilters {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	return { includeAgentMessages: options.includeAgentMessages === true, includePrivateNotes: options.includePrivateNotes === true };
}

/** The Zendesk trigger's conditions (§9.3): public end users' comments, widened by the trigger's options. */
function triggerConditions(filters: ReceiveFilters): IDataObject {
	const all: IDataObject[] = [{ field: 'comment_is_public', operator: 'is', value: filters.includePrivateNotes ? 'not_relevant' : 'true' }];
	if (!filters.includeAgentMessages) all.push({ field: 'role', operator: 'is', value: 'end_user' });
	return { all, any: [] };
}

const triggerTitle = (urlToken: string) => `${TRIGGER_TITLE_PREFIX} ${urlToken.slice(0, 12)}`;

/** A Zendesk answer that refuses the event subscription itself (an account without ticket events). */
const refusesSubscription = (error: unknown) => error instanceof NodeApiError && (error.httpCode === '400' || error.httpCode === '422');

/**
 * The Events option's changes come from ticket event subscriptions only: a Zendesk trigger here is
 * set off by comments (and its conditions are this node's), so a trigger-connected webhook hears
 * no status, assignment or tag change. `why`: the connection chosen, or the account refusing.
 */
function changesNeedSubscription(ctx: IHookFunctions, why: 'connection' | 'account', refusal?: unknown): NodeOperationError {
	const reason =
		why === 'connection'
			? 'Connect By "Zendesk Trigger" hears new comments only'
			: `this Zendesk account does not offer ticket event subscriptions (${(refusal as Error).message})`;
	return new NodeOperationError(ctx.getNode(), `Events: only New Customer Message can be heard here: ${reason}`, {
		description:
			'Conversation Created, Status Changed, Assigned and Labels Changed come from Zendesk\'s ticket event subscriptions. Choose Connect By "Automatic" or "Ticket Event Subscription" on an account that offers ticket events, or keep only New Customer Message in the Events option.',
	});
}

export function zendeskReceiver(platform: () => Platform): WebhookReceiver {
	const connectionSetting = (ctx: IHookFunctions): ConnectionSetting => {
		const value = ctx.getNodeParameter('connectBy', 'auto') as ConnectionSetting;
		return CONNECTIONS.includes(value) ? value : 'auto';
	};

	/** The comment a notice is about, read back through the API (§9.3: "the REST API is the source of truth"). */
	async function readBack(ctx: IWebhookFunctions, notice: Notice, roleKey: (id: string) => string): Promise<ConversationMessage | undefined> {
		const get = getInBackground(ctx, platform());
		let after: string | undefined;
		// The newest comments first: the one just added is on the first page unless many followed it.
		for (let page = 0; page < 3; page++) {
			const { comments, users, after: next } = await readCommentsPage(get, notice.ticketId, 'desc', after);
			for (const [id, user] of users) if (typeof user.role === 'string') rememberRole(roleKey(id), user.role);
			const comment = notice.commentId
				? comments.find((candidate) => String(candidate.id) === notice.commentId)
				: (comments.find((candidate) => notice.authorId !== null && String(candidate.author_id) === notice.authorId) ?? comments[0]);
			if (comment) return toMessage(comment, notice.ticketId, users.get(String(comment.author_id)));
			if (!notice.commentId || !next) return undefined;
			after = next;
		}
		return undefined;
	}

	return {
		kind: 'webhook',
		properties,
		events: ['conversationCreated', 'statusChanged', 'assigned', 'labelsChanged'],
		registration: {
			async checkExists(ctx, chosen) {
				const state = registrationOf(ctx);
				if (!state.webhookId || !state.urlToken || !state.secret) return false;
				const { endpoint, urlToken } = await endpointOf(ctx, platform());
				const setting = connectionSetting(ctx);
				if (urlToken !== state.urlToken || (setting !== 'auto' && setting !== state.connection)) return false;
				const hooks = new ZendeskWebhooks(ctx, platform());
				const webhook = await hooks.webhook(state.webhookId);
				if (!webhook || webhook.endpoint !== endpoint) return false;
				// Other Events chosen: registered anew (create refuses changes on a trigger connection).
				if (state.connection !== 'trigger') return sameSubscriptions(ZendeskWebhooks.subscriptionsOf(webhook), subscriptionsFor(chosen));
				if (chosen.changes.length) return false;
				// The trigger's options decide its conditions: changed options, a new trigger.
				const trigger = state.triggerId ? await hooks.trigger(state.triggerId) : undefined;
				return trigger !== undefined && state.triggerConditions === JSON.stringify(triggerConditions(filtersOf(ctx)));
			},
			async create(ctx, chosen) {
				const setting = connectionSetting(ctx);
				if (setting === 'trigger' && chosen.changes.length) throw changesNeedSubscription(ctx, 'connection');
				const hooks = new ZendeskWebhooks(ctx, platform());
				const state = registrationOf(ctx);
				const { endpoint, urlToken } = await endpointOf(ctx, platform());
				const wanted = subscriptionsFor(chosen);
				// Ours from an earlier activation (the endpoint carries this node's token): reused when it
				// connects as asked and, subscribed to events, to exactly those the Events option needs.
				// Otherwise deleted and created anew (the fact sheet documents no update of subscriptions, §9.2).
				const found = await hooks.findWebhook(endpoint);
				const fits = (webhook: IDataObject) =>
					ZendeskWebhooks.connectionOf(webhook) === 'trigger'
						? setting !== 'events' && !chosen.changes.length
						: setting !== 'trigger' && sameSubscriptions(ZendeskWebhooks.subscriptionsOf(webhook), wanted);
				const reused = found && fits(found) ? found : undefined;
				if (found && !reused) {
					await hooks.deleteWebhook(String(found.id));
					// Its trigger notifies nothing now: removed here, before a refusal below could end activation.
					if (state.triggerId) await hooks.deleteTrigger(state.triggerId);
					delete state.triggerId;
				}
				const webhook: IDataObject =
					reused ??
					(await hooks.createWebhook(endpoint, setting === 'trigger' ? [] : wanted).catch(async (error: unknown): Promise<IDataObject> => {
						if (setting !== 'auto' || !refusesSubscription(error)) throw error;
						// Automatic: where the account refuses ticket events, a trigger-connected webhook instead — for messages only.
						if (chosen.changes.length) throw changesNeedSubscription(ctx, 'account', error);
						return await hooks.createWebhook(endpoint, []);
					}));
				const webhookId = String(webhook.id);
				const connection: Connection = ZendeskWebhooks.connectionOf(webhook);
				const title = triggerTitle(urlToken);
				// Only triggers this node made (its stored id, or its title mark pointing at its webhook) are replaced.
				const stale = new Set(await hooks.ownTriggers(title, webhookId));
				if (state.triggerId) stale.add(state.triggerId);
				for (const id of stale) await hooks.deleteTrigger(id);
				const conditions = triggerConditions(filtersOf(ctx));
				const triggerId = connection === 'trigger' ? await hooks.createTrigger(title, conditions, webhookId) : undefined;
				const fresh: Registration = {
					webhookId,
					connection,
					secret: await hooks.signingSecret(webhookId),
					urlToken,
					triggerId,
					triggerConditions: triggerId ? JSON.stringify(conditions) : undefined,
					apiUserId: await hooks.apiUserId(),
				};
				for (const key of Object.keys(state)) delete (state as IDataObject)[key];
				for (const [key, value] of Object.entries(fresh)) if (value !== undefined) (state as IDataObject)[key] = value;
				return true;
			},
			async delete(ctx) {
				const state = registrationOf(ctx);
				const hooks = new ZendeskWebhooks(ctx, platform());
				if (state.triggerId) await hooks.deleteTrigger(state.triggerId);
				if (state.webhookId) await hooks.deleteWebhook(state.webhookId);
				for (const key of Object.keys(state)) delete (state as IDataObject)[key];
				return true;
			},
		},
		async receive(ctx, delivery): Promise<Received> {
			const refuse = (reason: string): Received => ({ refused: { status: 401, reason } });
			const state = registrationOf(ctx);
			const token = String(delivery.query.token ?? '');
			let secret: string;
			let urlToken: string;
			let apiUserId = state.apiUserId;
			if (state.urlToken && state.secret) {
				if (!sameSecret(token, state.urlToken)) return refuse('the URL token does not match');
				({ secret, urlToken } = { secret: state.secret, urlToken: state.urlToken });
			} else {
				// Activation's record not in hand yet (the instant Zendesk stored the webhook): the token is
				// checked against its derivation, and the secret read from the webhook Zendesk holds for this endpoint.
				const derived = await endpointOf(ctx, platform());
				urlToken = derived.urlToken;
				if (!token || !sameSecret(token, urlToken)) return refuse('this trigger has no registered webhook');
				try {
					const hooks = new ZendeskWebhooks(ctx, platform());
					const webhookId = headerValue(delivery.headers, 'x-zendesk-webhook-id');
					const webhook = webhookId ? await hooks.webhook(webhookId) : await hooks.findWebhook(derived.endpoint);
					if (!webhook || webhook.endpoint !== derived.endpoint) return refuse('this trigger has no registered webhook');
					secret = await hooks.signingSecret(String(webhook.id));
					apiUserId = await hooks.apiUserId();
				} catch (error) {
					return { refused: { status: 503, reason: `its registration could not be read: ${(error as Error).message}` } };
				}
			}
			const problem = checkZendeskSignature(
				delivery.rawBody,
				headerValue(delivery.headers, 'x-zendesk-webhook-signature'),
				headerValue(delivery.headers, 'x-zendesk-webhook-signature-timestamp'),
				secret,
			);
			if (problem) return refuse(problem);

			const deliveryId = headerValue(delivery.headers, 'x-zendesk-webhook-invocation-id') || idOrNull(delivery.body.id) || undefined;
			// A change (ticket events): the item is read from the delivery; the bot-owner filter is for
			// messages only, since the changes that end the bot's ownership are what a hand-off listens for.
			const events = ticketEvents(delivery.body);
			if (events.length) return { deliveryId, messages: [], events };
			const notice = noticeOf(delivery.body);
			if (!notice) return { deliveryId, messages: [] };
			const filters = filtersOf(ctx);
			const roleKey = (id: string) => `${urlToken}:${id}`;
			// What the delivery already rules out costs no read: notes, our own comments, known agents', the bot stepping aside.
			if (notice.isPublic === false && !filters.includePrivateNotes) return { deliveryId, messages: [] };
			if (!filters.includeAgentMessages && notice.authorId !== null && notice.authorId !== notice.requesterId) {
				const role = knownRoles.get(roleKey(notice.authorId));
				if (notice.authorId === apiUserId || role === 'agent' || role === 'admin') return { deliveryId, messages: [] };
			}
			if (ctx.getNodeParameter('onlyWhileBotOwns', false) === true) {
				const bot = { agentId: String(ctx.getNodeParameter('botAgentId', '') ?? '').trim() || (apiUserId ?? ''), groupId: String(ctx.getNodeParameter('botGroupId', '') ?? '').trim() };
				if (!botOwns(notice, bot)) return { deliveryId, messages: [] };
			}
			let message: ConversationMessage | undefined;
			try {
				message = await readBack(ctx, notice, roleKey);
			} catch (error) {
				// Zendesk redelivers on 503 (§9.5), and nothing was claimed yet: the retry is heard once.
				return { refused: { status: 503, reason: `ticket ${notice.ticketId}'s comment could not be read: ${(error as Error).message}` } };
			}
			if (!message) return { deliveryId, messages: [] };
			const { raw, ...fields } = message;
			return {
				deliveryId,
				messages: [
					{
						...fields,
						status: notice.status,
						assignee: notice.assigneeId === null ? null : { type: 'agent', id: notice.assigneeId, name: null, email: null },
						team: notice.groupId === null ? null : { id: notice.groupId, name: null },
						raw,
					},
				],
			};
		},
	};
}
