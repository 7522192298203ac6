import { createHmac, randomUUID } from 'crypto';
import type { IDataObject, IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { CatchUpWindow, Delivery, Received, WebhookReceiver } from '../platforms/types';
import { headerValue, sameSecret } from '../transport/signature';

/**
 * Catching up after a pause: what a customer wrote while the trigger was not listening — the
 * workflow switched off and on, or re-published after an edit of the trigger (n8n deletes and
 * re-creates it, and answers 404 in between) — is read from the vendor at the next activation and
 * emitted once.
 *
 * Where "when it stopped listening" lives: n8n saves the node's static data after it calls the
 * trigger's `delete` and after `create` (n8n's ActiveWorkflowManager and the 2.x publication
 * service both do), while static data written while answering a webhook that starts an execution
 * is not saved. So `delete` notes the moment, `create` takes it back and asks for a catch-up.
 *
 * How the messages reach the workflow: a hook cannot start an execution, only a webhook call
 * can. So activation sends one request, signed with the receiver's key, to the trigger's own
 * production URL once n8n serves it; the trigger answers it by reading the vendor for the window
 * and emitting what it finds, through the same filters and the same memory of messages already
 * emitted as deliveries, so a message both delivered and caught up starts one execution.
 */

/** The moment `delete` stopped listening (unix s), kept in the node's static data until the next `create`. */
const STOPPED_AT = 'catchUpStoppedAt';
/**
 * The moment `create` started listening (unix s): what was written before it is not this
 * activation's to catch up (the first activation emits nothing old; a pause before it had its own
 * catch-up), so the clock slack at the next pause never reaches back over it. Its own second is
 * kept (the vendor counts in seconds): a message written in it before the registration may come
 * with the next catch-up, rather than one written after a pause in that same second be lost.
 */
const LISTENING_SINCE = 'catchUpListeningSince';
/** The header a catch-up request carries its signature in. */
export const CATCH_UP_HEADER = 'x-conversation-catch-up';
/** Vendor and n8n clocks agree to about this; a message on the edge may be read twice, the memory then drops it. */
const CLOCK_SLACK_S = 5;
/** A catch-up request is answered only this long after activation signed it (a replayed one is refused). */
const REQUEST_LIFETIME_S = 600;
/** n8n may serve the URL a moment after `create` returns (it saves the activation first). */
const SEND_ATTEMPTS = 40;
const SEND_INTERVAL_MS = 500;
const DEFAULT_CATCH_UP_MINUTES = 60;
/** At most this many messages in one catch-up: a long pause in a busy account must not flood the workflow. */
export const MAX_CAUGHT_UP_MESSAGES = 200;

export const catchUpOption: INodeProperties = {
	displayName: 'Catch Up After a Pause (Minutes)',
	name: 'catchUpMinutes',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1440 },
	default: DEFAULT_CATCH_UP_MINUTES,
	description:
		'When the workflow is switched on again or re-published after an edit of this trigger, emit the messages written while it was not listening, at most this many minutes back (0: none). The first activation emits nothing old.',
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

function catchUpMinutes(ctx: IHookFunctions | IWebhookFunctions): number {
	const minutes = (ctx.getNodeParameter('options', {}) as IDataObject).catchUpMinutes ?? DEFAULT_CATCH_UP_MINUTES;
	if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0 || minutes > 1440) {
		throw new NodeOperationError(ctx.getNode(), `Option "Catch Up After a Pause (Minutes)" must be a number from 0 to 1440, got "${String(minutes)}"`);
	}
	return minutes;
}

/** At `delete`: the trigger stops listening now. */
export function noteStoppedListening(ctx: IHookFunctions, receiver: WebhookReceiver): void {
	if (!receiver.catchUp) return;
	ctx.getWorkflowStaticData('node')[STOPPED_AT] = nowSeconds();
}

function sign(key: string, body: string): string {
	return createHmac('sha256', key).update(`catch-up.${body}`).digest('hex');
}

/**
 * At `create`: when `delete` noted a pause, ask for a catch-up of it (bounded by the option) —
 * sent in the background, as n8n serves the trigger's URL only once activation returns.
 * Without a note (the first activation) nothing old is emitted.
 */
export function catchUpAfterPause(ctx: IHookFunctions, receiver: WebhookReceiver): void {
	const state = ctx.getWorkflowStaticData('node');
	if (!receiver.catchUp) return;
	const stoppedAt = Number(state[STOPPED_AT]);
	const listeningSince = Number(state[LISTENING_SINCE]);
	delete state[STOPPED_AT];
	state[LISTENING_SINCE] = nowSeconds();
	if (!Number.isFinite(stoppedAt) || stoppedAt <= 0) return;
	const minutes = catchUpMinutes(ctx);
	if (minutes === 0) return;
	const until = nowSeconds() + CLOCK_SLACK_S;
	const from = Math.max(stoppedAt - CLOCK_SLACK_S, Number.isFinite(listeningSince) ? listeningSince : 0, until - minutes * 60);
	const window: CatchUpWindow = { from, until };
	void sendCatchUp(ctx, receiver, window);
}

async function sendCatchUp(ctx: IHookFunctions, receiver: WebhookReceiver, window: CatchUpWindow): Promise<void> {
	const url = String(ctx.getNodeWebhookUrl('default'));
	try {
		const key = await receiver.catchUp!.key(ctx);
		const body = JSON.stringify({ catchUp: { ...window, id: randomUUID(), signedAt: nowSeconds() } });
		for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
			const answer = (await ctx.helpers.httpRequest({
				method: 'POST',
				url,
				body,
				headers: { 'Content-Type': 'application/json', [CATCH_UP_HEADER]: sign(key, body) },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				json: false,
			})) as { statusCode: number };
			// 404: n8n does not serve the URL yet; anything else was answered by the trigger itself.
			if (answer.statusCode !== 404) return;
			await sleep(SEND_INTERVAL_MS);
		}
		ctx.logger.warn('Conversation Message Trigger could not reach its own URL to catch up after a pause', { url });
	} catch (error) {
		ctx.logger.warn(`Conversation Message Trigger could not catch up after a pause: ${(error as Error).message}`);
	}
}

export function isCatchUpRequest(delivery: Delivery): boolean {
	return headerValue(delivery.headers, CATCH_UP_HEADER) !== '';
}

/** A catch-up request as a delivery: refused unless activation signed it lately; else the window's messages, oldest first. */
export async function answerCatchUp(ctx: IWebhookFunctions, receiver: WebhookReceiver, delivery: Delivery): Promise<Received> {
	const refuse = (reason: string): Received => ({ refused: { status: 401, reason } });
	if (!receiver.catchUp) return refuse('this platform has no catch-up');
	const key = await receiver.catchUp.key(ctx);
	if (!sameSecret(headerValue(delivery.headers, CATCH_UP_HEADER), sign(key, delivery.rawBody.toString('utf8')))) {
		return refuse('the catch-up request is not signed by this trigger');
	}
	const request = (delivery.body.catchUp ?? {}) as IDataObject;
	const window = { from: Number(request.from), until: Number(request.until) };
	if (!Number.isFinite(window.from) || !Number.isFinite(window.until) || !(nowSeconds() - Number(request.signedAt) <= REQUEST_LIFETIME_S)) {
		return refuse('the catch-up request is stale');
	}
	const messages = await receiver.catchUp.read(ctx, window);
	if (messages.length > MAX_CAUGHT_UP_MESSAGES) {
		ctx.logger.warn(`Conversation Message Trigger caught up ${messages.length} messages; only the latest ${MAX_CAUGHT_UP_MESSAGES} are emitted`);
	}
	return { deliveryId: `catch-up:${String(request.id)}`, messages: messages.slice(-MAX_CAUGHT_UP_MESSAGES) };
}
