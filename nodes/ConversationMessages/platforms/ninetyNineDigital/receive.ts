import { createHmac } from 'crypto';
import type { IDataObject, IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ChosenEvents } from '../../conversation/event';
import { sameSubscriptions } from '../../conversation/event';
import type { ConversationMessage } from '../../conversation/message';
import { chatwootBotOwns, chatwootInboundMessage, chatwootInboxId, chatwootMessage, withConversationState } from '../chatwoot/conversation';
import { CHATWOOT_EVENT_SOURCES, chatwootEvents } from '../chatwoot/events';
import { checkTimestampedSignature, headerValue, sameSecret } from '../../transport/signature';
import { callVendor } from '../../transport/lookup';
import type { CatchUpReader, CatchUpWindow, Platform, Received, WebhookReceiver } from '../types';

import { accountField } from './fields';

/** What activation keeps in the node's static data (saved by n8n with the workflow). */
interface Registration {
	webhookId?: string;
	accountId?: string;
	/** Chatwoot ≥ 4.11.2 signs deliveries with it; older servers have none. */
	secret?: string | null;
	/** The token in the registered URL (see urlTokenOf): what proves a delivery genuine where there is no secret. */
	urlToken?: string;
}

/**
 * The account webhook events the registration subscribes to: exactly those the Events option
 * needs (`message_created` alone by default, as before the option existed).
 */
function subscriptionsFor(chosen: ChosenEvents): string[] {
	const events = [...(chosen.newMessage ? ['message_created'] : []), ...chosen.changes.map((kind) => CHATWOOT_EVENT_SOURCES[kind])];
	return [...new Set(events)];
}

/** ConversationFinder's page; MessageFinder's page (vendor-actions.md §1.3). */
const CONVERSATIONS_PAGE = 25;
const MESSAGES_PAGE = 20;
/** A catch-up reads at most this many pages of conversations (the option bounds the time; this the requests). */
const MAX_CONVERSATION_PAGES = 8;

const chatwootTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Webhook',
		name: 'webhookSetup',
		type: 'options',
		noDataExpression: true,
		default: 'register',
		options: [
			{
				name: 'Register Automatically',
				value: 'register',
				description: 'On activation, create an account webhook pointing here; remove it on deactivation (administrator token needed)',
			},
			{
				name: 'Existing Webhook or Agent Bot',
				value: 'existing',
				description: 'You paste this trigger\'s URL into an API inbox\'s Webhook URL or an agent bot\'s Outgoing URL yourself',
			},
		],
	},
	{
		displayName:
			'Activation registers a webhook for new messages in the account, with the access token of an <b>administrator</b>. Deliveries are checked against the secret Chatwoot signs them with (v4.11.2 and later) and always against a token in the registered URL derived from the credential, which is what protects older servers that sign nothing. Chatwoot 4.14+ refuses to deliver to LAN addresses unless its server sets SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true.',
		name: 'registerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { webhookSetup: ['register'] } },
	},
	{
		displayName:
			'Paste this trigger\'s Production URL into the API inbox\'s Webhook URL (Settings → Inboxes → the inbox → Configuration) or the agent bot\'s Outgoing URL, and its secret below. Without a secret, anyone who learns the URL can start this workflow.',
		name: 'existingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { webhookSetup: ['existing'] } },
	},
	accountField('The account to listen to, as in …/app/accounts/<b>7</b>/…'),
	{
		displayName: 'Inbox Names or IDs',
		name: 'inboxIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getChatwootInboxes', loadOptionsDependsOn: ['accountId'] },
		default: [],
		description:
			'Only messages and events in these inboxes; none chosen means every inbox. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Webhook Secret',
		name: 'webhookSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		displayOptions: { show: { webhookSetup: ['existing'] } },
		description:
			'The secret Chatwoot shows for the inbox\'s webhook or the agent bot (v4.13 and later). Deliveries without a valid signature are then refused.',
	},
	{
		displayName: 'Only While the Bot Owns the Conversation',
		name: 'onlyWhileBotOwns',
		type: 'boolean',
		default: false,
		description:
			'Whether to start the workflow only while the conversation is Pending and no person is assigned to it (an agent bot may be) — how an inbox with an agent bot starts conversations. Once the bot hands off (status Open) or a person takes the conversation, its messages start nothing: the bot steps aside.',
	},
];

/** The trigger's Account ID as entered (trimmed, unchecked: a delivery or a deactivation reads it as it is). */
function accountParameter(ctx: IHookFunctions | IWebhookFunctions): string {
	return String(ctx.getNodeParameter('accountId', '') ?? '').trim();
}

/** The trigger's Only While the Bot Owns the Conversation: whether messages in `payload`'s conversation (`{conversation}`) start nothing. */
function humansOwn(ctx: IWebhookFunctions, payload: IDataObject): boolean {
	return ctx.getNodeParameter('onlyWhileBotOwns', false) === true && !chatwootBotOwns(payload);
}

/** The Account ID an activation registers in: a whole number, or activation fails naming it. */
function accountIdOf(ctx: IHookFunctions): string {
	const accountId = accountParameter(ctx);
	if (!/^\d+$/.test(accountId)) {
		throw new NodeOperationError(ctx.getNode(), `Account ID must be a positive whole number, got "${accountId}"`);
	}
	return accountId;
}

/** Administrator-only endpoints answer other tokens 401/403: say what is needed. */
function explainRefusal(ctx: IHookFunctions | IWebhookFunctions, error: unknown): unknown {
	if (error instanceof NodeApiError && (error.httpCode === '401' || error.httpCode === '403')) {
		return new NodeOperationError(
			ctx.getNode(),
			`Registering the webhook needs an administrator's access token: ${error.message}`,
			{
				description:
					'Chatwoot lets only administrators manage webhooks. Use the access token of an administrator of this account in the credential, or choose "Existing Webhook or Agent Bot".',
			},
		);
	}
	return error;
}

/**
 * The token in the registered URL, derived rather than drawn at random: from the credential's
 * access token (a secret n8n holds in every process), the workflow, the node and the account. The
 * vendor may deliver the moment it has stored the webhook, before the webhook sees the static
 * data activation writes (measured in n8n 2.41.1: 19 of 20 such deliveries refused). A delivery
 * carrying this token is then recognised without that record, and a forged one, which cannot know
 * the access token, still is not.
 */
async function urlTokenOf(ctx: IHookFunctions | IWebhookFunctions, platform: Platform, accountId: string): Promise<string> {
	return await derivedFromAccessToken(ctx, platform, `conversation-message-trigger:${String(ctx.getWorkflow().id)}:${ctx.getNode().id}:${accountId}`);
}

/**
 * The key a catch-up request to this trigger is signed with (inbound/catchUp.ts): derived like the
 * URL token but under another label, because the URL token travels — Chatwoot holds it and sends it
 * with every delivery — while this key never leaves n8n.
 */
async function catchUpKeyOf(ctx: IHookFunctions | IWebhookFunctions, platform: Platform, accountId: string): Promise<string> {
	return await derivedFromAccessToken(ctx, platform, `conversation-message-trigger-catch-up:${String(ctx.getWorkflow().id)}:${ctx.getNode().id}:${accountId}`);
}

async function derivedFromAccessToken(ctx: IHookFunctions | IWebhookFunctions, platform: Platform, label: string): Promise<string> {
	const credentials = await ctx.getCredentials(platform.credentialType);
	return createHmac('sha256', String(credentials.accessToken ?? '')).update(label).digest('hex');
}

function withoutToken(url: unknown): string {
	return String(url ?? '').replace(/\?token=[^&]*$/, '');
}

/**
 * What was written in the account while the trigger was not listening: the conversations by
 * last activity (newest first) down to the window's start, and in each the messages created in
 * the window, read backwards from the newest (vendor-actions.md §1.3), with the conversation's
 * state as deliveries carry it. Conversations of other inboxes, and those the bot does not own
 * where the trigger asks for that, are left out, as their deliveries are.
 */
function chatwootCatchUp(platform: () => Platform): CatchUpReader {
	const messagesIn = async (ctx: IWebhookFunctions, accountId: string, conversationId: string, window: CatchUpWindow) => {
		const where = { conversationId, accountId: Number(accountId) };
		const found: ConversationMessage[] = [];
		let before: number | undefined;
		for (;;) {
			const { body } = await callVendor(ctx, platform(), {
				method: 'GET',
				path: `/api/v1/accounts/${accountId}/conversations/${conversationId}/messages`,
				qs: before === undefined ? {} : { before },
			});
			const page = Array.isArray(body.payload) ? (body.payload as IDataObject[]) : [];
			for (const entry of page) {
				const createdAt = Number(entry.created_at);
				const message = createdAt >= window.from && createdAt <= window.until ? chatwootMessage(platform().value, entry, where) : undefined;
				if (message) found.push(message);
			}
			const ids = page.map((entry) => Number(entry.id)).filter(Number.isFinite);
			const oldest = ids.length ? Math.min(...ids) : undefined;
			const reachedStart = page.some((entry) => Number(entry.created_at) < window.from);
			if (page.length < MESSAGES_PAGE || reachedStart || oldest === undefined || (before !== undefined && oldest >= before)) break;
			before = oldest;
		}
		return found;
	};
	return {
		key: async (ctx) => await catchUpKeyOf(ctx, platform(), accountParameter(ctx)),
		// A URL pasted by hand: which inbox or bot delivers is not known, and n8n calls no create or
		// delete for it, so no pause is noted — a catch-up would emit messages it never hears.
		notWith: { webhookSetup: ['existing'] },
		async read(ctx, window) {
			const accountId = accountParameter(ctx);
			const inboxIds = (ctx.getNodeParameter('inboxIds', []) as unknown[]).map(String);
			const messages: ConversationMessage[] = [];
			for (let page = 1; page <= MAX_CONVERSATION_PAGES; page++) {
				const { body } = await callVendor(ctx, platform(), {
					method: 'GET',
					path: `/api/v1/accounts/${accountId}/conversations`,
					qs: { status: 'all', assignee_type: 'all', sort_by: 'last_activity_at_desc', page },
				});
				const conversations = (((body.data as IDataObject)?.payload ?? []) as IDataObject[]);
				const active = conversations.filter((conversation) => Number(conversation.last_activity_at ?? conversation.timestamp) >= window.from);
				for (const conversation of active) {
					if (inboxIds.length && !inboxIds.includes(String(conversation.inbox_id))) continue;
					// As a delivery's, by the conversation's state — as Chatwoot lists it now.
					if (humansOwn(ctx, { conversation })) continue;
					const written = await messagesIn(ctx, accountId, String(conversation.id), window);
					messages.push(...written.map((message) => withConversationState(message, conversation)));
				}
				if (active.length < conversations.length || conversations.length < CONVERSATIONS_PAGE) break;
			}
			return messages.sort((a, b) => Date.parse(a.createdAt ?? '') - Date.parse(b.createdAt ?? '') || Number(a.messageId) - Number(b.messageId));
		},
	};
}

export function chatwootReceiver(platform: () => Platform): WebhookReceiver {
	const webhooksPath = (accountId: string) => `/api/v1/accounts/${accountId}/webhooks`;
	const listWebhooks = async (ctx: IHookFunctions | IWebhookFunctions, accountId: string): Promise<IDataObject[]> => {
		try {
			const { body } = await callVendor(ctx, platform(), { method: 'GET', path: webhooksPath(accountId) });
			return (((body.payload as IDataObject)?.webhooks as IDataObject[]) ?? []);
		} catch (error) {
			throw explainRefusal(ctx, error);
		}
	};
	const remove = async (ctx: IHookFunctions, accountId: string, webhookId: string) => {
		try {
			await callVendor(ctx, platform(), { method: 'DELETE', path: `${webhooksPath(accountId)}/${webhookId}` });
		} catch (error) {
			// Already gone (deleted by hand in Chatwoot): nothing left to remove.
			if (!(error instanceof NodeApiError && error.httpCode === '404')) throw explainRefusal(ctx, error);
		}
	};
	/**
	 * The vendor's webhook for this trigger: the one it registered before when the vendor still
	 * holds it (same URL and token, so the same credential, workflow, node and account; same
	 * subscriptions) — reused with its id and secret, so nothing changes for deliveries already on
	 * their way — or a new one. Webhooks at this trigger's URL that do not match (another
	 * credential's token, other subscriptions) would deliver twice and are removed.
	 */
	const reuseOrRegister = async (ctx: IHookFunctions, accountId: string, urlToken: string, subscriptions: string[]): Promise<IDataObject> => {
		const url = ctx.getNodeWebhookUrl('default') as string;
		const registeredUrl = `${url}?token=${urlToken}`;
		let reusable: IDataObject | undefined;
		for (const candidate of (await listWebhooks(ctx, accountId)).filter((webhook) => withoutToken(webhook.url) === url)) {
			if (!reusable && candidate.url === registeredUrl && sameSubscriptions(candidate.subscriptions, subscriptions)) reusable = candidate;
			else await remove(ctx, accountId, String(candidate.id));
		}
		if (reusable) return reusable;
		let body: IDataObject;
		try {
			({ body } = await callVendor(ctx, platform(), {
				method: 'POST',
				path: webhooksPath(accountId),
				json: { url: registeredUrl, name: `n8n: ${ctx.getWorkflow().name ?? 'workflow'}`, subscriptions },
			}));
		} catch (error) {
			throw explainRefusal(ctx, error);
		}
		const webhook = ((body.payload as IDataObject)?.webhook ?? body) as IDataObject;
		if (webhook.id === undefined) {
			throw new NodeOperationError(ctx.getNode(), `${platform().vendorName} created the webhook but did not say its id`);
		}
		return webhook;
	};
	/** The secret of the webhook Chatwoot holds for this trigger's URL with this token ('' on servers without secrets); undefined when it holds none. */
	const heldSecret = async (ctx: IWebhookFunctions, urlToken: string): Promise<string | undefined> => {
		const accountId = accountParameter(ctx);
		const url = `${String(ctx.getNodeWebhookUrl('default'))}?token=${urlToken}`;
		const webhook = (await listWebhooks(ctx, accountId)).find((candidate) => candidate.url === url);
		if (!webhook) return undefined;
		return typeof webhook.secret === 'string' ? webhook.secret : '';
	};
	const registered = (ctx: IHookFunctions) => ctx.getWorkflowStaticData('node') as Registration;
	const isRegistering = (ctx: IHookFunctions) => ctx.getNodeParameter('webhookSetup', 'register') === 'register';

	return {
		kind: 'webhook',
		properties: chatwootTriggerProperties,
		catchUp: chatwootCatchUp(platform),
		events: ['conversationCreated', 'statusChanged', 'assigned', 'labelsChanged'],
		registration: {
			async checkExists(ctx, chosen) {
				if (!isRegistering(ctx)) return true;
				const state = registered(ctx);
				const accountId = accountIdOf(ctx);
				if (!state.webhookId || state.accountId !== accountId) return false;
				const url = ctx.getNodeWebhookUrl('default');
				const webhooks = await listWebhooks(ctx, accountId);
				return webhooks.some(
					(webhook) => String(webhook.id) === state.webhookId && withoutToken(webhook.url) === url && sameSubscriptions(webhook.subscriptions, subscriptionsFor(chosen)),
				);
			},
			async create(ctx, chosen) {
				const accountId = accountIdOf(ctx);
				const urlToken = await urlTokenOf(ctx, platform(), accountId);
				const webhook = await reuseOrRegister(ctx, accountId, urlToken, subscriptionsFor(chosen));
				const state = registered(ctx);
				state.webhookId = String(webhook.id);
				state.accountId = accountId;
				state.secret = typeof webhook.secret === 'string' && webhook.secret !== '' ? webhook.secret : null;
				state.urlToken = urlToken;
				return true;
			},
			async delete(ctx) {
				const state = registered(ctx);
				if (state.webhookId && state.accountId) await remove(ctx, state.accountId, state.webhookId);
				// The record may be outdated (an older copy of the static data saved over activation's) or
				// not there at all: n8n 2.41 saves an activation's record only once all of it is done, and a
				// deactivation right after a re-publish loads the static data `delete` left (measured: the
				// webhook stayed at Chatwoot). Whatever Chatwoot holds at this trigger's URL with its token
				// goes too — the token derived again where the record has none, as deliveries in that
				// window are recognised.
				const parameterAccount = accountParameter(ctx);
				const accountId = state.accountId ?? (isRegistering(ctx) && /^\d+$/.test(parameterAccount) ? parameterAccount : undefined);
				if (accountId) {
					const urls = new Set(
						[state.urlToken, await urlTokenOf(ctx, platform(), accountId)]
							.filter((token) => token)
							.map((token) => `${String(ctx.getNodeWebhookUrl('default'))}?token=${String(token)}`),
					);
					const held = state.accountId
						? await listWebhooks(ctx, accountId)
						: // Without a record nothing may have been registered (a credential that could not): stopping must not fail then.
							await listWebhooks(ctx, accountId).catch((error: Error) => {
								ctx.logger.warn(`Conversation Message Trigger could not look for its webhook at ${platform().vendorName}: ${error.message}`);
								return [];
							});
					for (const webhook of held.filter((candidate) => urls.has(String(candidate.url)))) {
						await remove(ctx, accountId, String(webhook.id));
					}
				}
				delete state.webhookId;
				delete state.accountId;
				delete state.secret;
				delete state.urlToken;
				return true;
			},
		},
		async receive(ctx, delivery): Promise<Received> {
			const refuse = (reason: string): Received => ({ refused: { status: 401, reason } });
			const signature = headerValue(delivery.headers, 'x-chatwoot-signature');
			const timestamp = headerValue(delivery.headers, 'x-chatwoot-timestamp');
			let secret: string;
			if (ctx.getNodeParameter('webhookSetup', 'register') === 'register') {
				const state = ctx.getWorkflowStaticData('node') as Registration;
				const token = String(delivery.query.token ?? '');
				if (state.urlToken) {
					if (!sameSecret(token, state.urlToken)) return refuse('the URL token does not match');
					secret = state.secret ?? '';
					const problem = secret ? checkTimestampedSignature(delivery.rawBody, signature, timestamp, secret) : undefined;
					// The record may be outdated (an older copy of the static data saved over activation's):
					// the secret of the webhook Chatwoot holds for this URL decides, as at registration.
					if (problem) secret = (await heldSecret(ctx, token).catch(() => undefined)) ?? secret;
				} else {
					// Activation's record not in hand yet: the token is checked against its derivation,
					// and the secret read from the webhook the vendor holds for exactly this URL.
					const accountId = accountParameter(ctx);
					const urlToken = await urlTokenOf(ctx, platform(), accountId);
					if (!token || !sameSecret(token, urlToken)) return refuse('this trigger has no registered webhook');
					let held: string | undefined;
					try {
						held = await heldSecret(ctx, urlToken);
					} catch (error) {
						return { refused: { status: 503, reason: `its registration could not be read: ${(error as Error).message}` } };
					}
					if (held === undefined) return refuse('this trigger has no registered webhook');
					secret = held;
				}
			} else {
				secret = String(ctx.getNodeParameter('webhookSecret', '') ?? '');
			}
			if (secret) {
				const problem = checkTimestampedSignature(delivery.rawBody, signature, timestamp, secret);
				if (problem) return refuse(problem);
			}

			const deliveryId = headerValue(delivery.headers, 'x-chatwoot-delivery') || undefined;
			const accountId = accountParameter(ctx);
			const inboxIds = (ctx.getNodeParameter('inboxIds', []) as unknown[]).map(String);
			const inboxId = chatwootInboxId(delivery.body);
			const elsewhere = (deliveredFor: number | null) =>
				(accountId !== '' && deliveredFor !== null && String(deliveredFor) !== accountId) ||
				(inboxIds.length > 0 && (inboxId === null || !inboxIds.includes(inboxId)));
			// The bot-owner filter is for messages only: the changes that end the bot's ownership (status
			// open, a person assigned) are what a hand-off workflow listens for.
			const events = chatwootEvents(platform().value, /^\d+$/.test(accountId) ? Number(accountId) : null, delivery.body);
			if (events.length) return { deliveryId, messages: [], events: events.filter((event) => !elsewhere(event.accountId)) };
			const message = chatwootInboundMessage(platform().value, delivery.body);
			if (!message) return { deliveryId, messages: [] };
			return { deliveryId, messages: elsewhere(message.accountId) || humansOwn(ctx, delivery.body) ? [] : [message] };
		},
	};
}
