import { createHmac } from 'crypto';
import type { IDataObject, IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ChosenEvents } from '../../conversation/event';
import { chatwootBotOwns, chatwootInboundMessage, chatwootInboxId } from '../chatwoot/conversation';
import { CHATWOOT_EVENT_SOURCES, chatwootEvents } from '../chatwoot/events';
import { checkTimestampedSignature, headerValue, sameSecret } from '../../transport/signature';
import { callVendor } from '../../transport/lookup';
import type { Platform, Received, WebhookReceiver } from '../types';

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

function accountIdOf(ctx: IHookFunctions): string {
	const accountId = String(ctx.getNodeParameter('accountId', '') ?? '').trim();
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
	const credentials = await ctx.getCredentials(platform.credentialType);
	return createHmac('sha256', String(credentials.accessToken ?? ''))
		.update(`conversation-message-trigger:${String(ctx.getWorkflow().id)}:${ctx.getNode().id}:${accountId}`)
		.digest('hex');
}

function sameSubscriptions(subscriptions: unknown, wanted: string[]): boolean {
	const held = Array.isArray(subscriptions) ? subscriptions.map(String) : [];
	return held.length === wanted.length && wanted.every((event) => held.includes(event));
}

function withoutToken(url: unknown): string {
	return String(url ?? '').replace(/\?token=[^&]*$/, '');
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
	const registered = (ctx: IHookFunctions) => ctx.getWorkflowStaticData('node') as Registration;
	const isRegistering = (ctx: IHookFunctions) => ctx.getNodeParameter('webhookSetup', 'register') === 'register';

	return {
		kind: 'webhook',
		properties: chatwootTriggerProperties,
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
				const url = ctx.getNodeWebhookUrl('default') as string;
				// Webhooks this trigger registered before, whose record was lost, would deliver twice.
				for (const stale of (await listWebhooks(ctx, accountId)).filter((webhook) => withoutToken(webhook.url) === url)) {
					await remove(ctx, accountId, String(stale.id));
				}
				const urlToken = await urlTokenOf(ctx, platform(), accountId);
				let body: IDataObject;
				try {
					({ body } = await callVendor(ctx, platform(), {
						method: 'POST',
						path: webhooksPath(accountId),
						json: { url: `${url}?token=${urlToken}`, name: `n8n: ${ctx.getWorkflow().name ?? 'workflow'}`, subscriptions: subscriptionsFor(chosen) },
					}));
				} catch (error) {
					throw explainRefusal(ctx, error);
				}
				const webhook = ((body.payload as IDataObject)?.webhook ?? body) as IDataObject;
				if (webhook.id === undefined) {
					throw new NodeOperationError(ctx.getNode(), `${platform().vendorName} created the webhook but did not say its id`);
				}
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
				} else {
					// Activation's record not in hand yet: the token is checked against its derivation,
					// and the secret read from the webhook the vendor holds for exactly this URL.
					const accountId = String(ctx.getNodeParameter('accountId', '') ?? '').trim();
					const urlToken = await urlTokenOf(ctx, platform(), accountId);
					if (!token || !sameSecret(token, urlToken)) return refuse('this trigger has no registered webhook');
					let webhooks: IDataObject[];
					try {
						webhooks = await listWebhooks(ctx, accountId);
					} catch (error) {
						return { refused: { status: 503, reason: `its registration could not be read: ${(error as Error).message}` } };
					}
					const url = `${String(ctx.getNodeWebhookUrl('default'))}?token=${urlToken}`;
					const webhook = webhooks.find((candidate) => candidate.url === url);
					if (!webhook) return refuse('this trigger has no registered webhook');
					secret = typeof webhook.secret === 'string' ? webhook.secret : '';
				}
			} else {
				secret = String(ctx.getNodeParameter('webhookSecret', '') ?? '');
			}
			if (secret) {
				const problem = checkTimestampedSignature(delivery.rawBody, signature, timestamp, secret);
				if (problem) return refuse(problem);
			}

			const deliveryId = headerValue(delivery.headers, 'x-chatwoot-delivery') || undefined;
			const accountId = String(ctx.getNodeParameter('accountId', '') ?? '').trim();
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
			const humansOwnIt = ctx.getNodeParameter('onlyWhileBotOwns', false) === true && !chatwootBotOwns(delivery.body);
			return { deliveryId, messages: elsewhere(message.accountId) || humansOwnIt ? [] : [message] };
		},
	};
}
