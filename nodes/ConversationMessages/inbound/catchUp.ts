import { createHmac, randomUUID } from 'crypto';
import type { IDataObject, IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ConversationMessage } from '../conversation/message';
import type { CatchUpReader, CatchUpWindow, Delivery, Received, WebhookReceiver } from '../platforms/types';
import { headerValue, sameSecret } from '../transport/signature';

import { messageKey, recentDeliveries } from './deliveries';
import { readEvents } from './events';

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
 * An n8n restart calls neither: at start n8n 1.x only asks `checkExists` (activation mode
 * `init`), and n8n 2.41 nothing at all (its webhooks stay registered in its database), so the
 * trigger also catches up at its first genuine delivery in a new process. For that, it keeps a
 * note of what it heard: after emitting, it sends its own URL a
 * second signed request that starts nothing — n8n saves static data after such a call — naming
 * the messages emitted, and catches up from the newest message heard, leaving out those named. A message emitted but not yet noted when n8n stopped comes again after the restart.
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
/** What the trigger emitted lately: `at`, the newest message's creation (unix s), and the memory keys of those within the slack of it. */
const HEARD = 'catchUpHeard';
/** At most this many keys in the note (a burst in one second beyond it may come again after a restart). */
const MAX_HEARD_KEYS = 500;
/** The header a catch-up request carries its signature in. */
export const CATCH_UP_HEADER = 'x-conversation-catch-up';
/** Vendor and n8n clocks agree to about this; a message on the edge may be read twice, the memory then drops it. */
const CLOCK_SLACK_S = 5;
/** A catch-up request is answered only this long after activation signed it (a replayed one is refused). */
const REQUEST_LIFETIME_S = 600;
const SEND_INTERVAL_MS = 500;
const DEFAULT_CATCH_UP_MINUTES = 60;
/** At most this many messages in one catch-up: a long pause in a busy account must not flood the workflow. */
export const MAX_CAUGHT_UP_MESSAGES = 200;

/** The option, shown only for the platforms whose receiver can catch up, and not under the settings where it cannot (its `notWith`). */
export function catchUpOption(platforms: Array<{ value: string; receive: { catchUp?: CatchUpReader } }>): INodeProperties {
	const hide: Record<string, string[]> = {};
	for (const platform of platforms) {
		for (const [name, values] of Object.entries(platform.receive.catchUp?.notWith ?? {})) hide[`/${name}`] = [...(hide[`/${name}`] ?? []), ...values];
	}
	return {
		displayName: 'Catch Up After a Pause (Minutes)',
		name: 'catchUpMinutes',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1440 },
		default: DEFAULT_CATCH_UP_MINUTES,
		displayOptions: {
			show: { '/platform': platforms.filter((platform) => platform.receive.catchUp).map((platform) => platform.value) },
			...(Object.keys(hide).length ? { hide } : {}),
		},
		description:
			'When the workflow is switched on again, re-published after an edit of this trigger or n8n restarts, emit the messages written while it was not listening, at most this many minutes back (0: none). The first activation emits nothing old.',
	};
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Whether this trigger, as it is set up, can catch up (its platform reads history, and not under the reader's `notWith`). */
function catchesUp(ctx: IHookFunctions | IWebhookFunctions, receiver: WebhookReceiver): receiver is WebhookReceiver & { catchUp: CatchUpReader } {
	if (!receiver.catchUp) return false;
	return !Object.entries(receiver.catchUp.notWith ?? {}).some(([name, values]) => values.includes(String(ctx.getNodeParameter(name, ''))));
}

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
	// Notes of the activation that ends would carry its record back over the next one's.
	listeningInThisProcess.delete(triggerOf(ctx));
	const pending = pendingNotes.get(triggerOf(ctx));
	if (pending) {
		pending.entries.splice(0);
		// A note in flight belongs to the activation that ends too: not carried over to the next one.
		pending.stops++;
	}
	ctx.getWorkflowStaticData('node')[STOPPED_AT] = nowSeconds();
}

function sign(key: string, body: string): string {
	return createHmac('sha256', key).update(`catch-up.${body}`).digest('hex');
}

/** One per activation (compared by identity: two activations in one second are two); `since` as saved in the static data. */
interface Listening {
	since: number;
}
/**
 * Triggers that have caught up (or started listening) in this n8n process. n8n 2.41 calls no
 * hook at all when it restarts (its webhooks stay registered in its database), so the first
 * genuine delivery a trigger gets in a new process is what tells it n8n was down.
 */
const listeningInThisProcess = new Map<string, Listening>();
const triggerOf = (ctx: IHookFunctions | IWebhookFunctions) => `${String(ctx.getWorkflow().id)}/${ctx.getNode().id}`;

/**
 * At `create`. n8n calls it when `checkExists` answered false: at an activation (a pause before
 * it, or the first one), and also while n8n starts (1.x, activation mode `init`) where the
 * platform registers nothing at the vendor (Intercom) or the vendor lost the webhook meanwhile —
 * then n8n was down, not the trigger paused: caught up as after a restart, unless `delete` noted
 * a pause (n8n stopped between a re-publish's delete and create). A test listen (manual) catches
 * nothing up: it has its own URL and no past.
 */
export function catchUpAtCreate(ctx: IHookFunctions, receiver: WebhookReceiver): void {
	if (ctx.getMode() === 'manual') return;
	const state = ctx.getWorkflowStaticData('node');
	const restarting = ctx.getActivationMode() === 'init' && state[STOPPED_AT] === undefined && Number.isFinite(Number(state[LISTENING_SINCE]));
	if (restarting) catchUpAfterRestart(ctx, receiver);
	else catchUpAfterPause(ctx, receiver);
}

/**
 * After a pause: when `delete` noted a pause, ask for a catch-up of it (bounded by the option) —
 * sent in the background, as n8n serves the trigger's URL only once activation returns.
 * Without a note (the first activation) nothing old is emitted.
 */
function catchUpAfterPause(ctx: IHookFunctions, receiver: WebhookReceiver): void {
	const state = ctx.getWorkflowStaticData('node');
	if (!catchesUp(ctx, receiver)) return;
	const stoppedAt = Number(state[STOPPED_AT]);
	const listeningSince = Number(state[LISTENING_SINCE]);
	const heardAt = Number((state[HEARD] as Heard | undefined)?.at);
	delete state[STOPPED_AT];
	state[LISTENING_SINCE] = nowSeconds();
	listeningInThisProcess.set(triggerOf(ctx), { since: state[LISTENING_SINCE] as number });
	// Without the moment (a note saved over `delete`'s record), from the newest message heard.
	const from = Number.isFinite(stoppedAt) && stoppedAt > 0 ? stoppedAt : heardAt;
	if (!Number.isFinite(from)) return;
	requestCatchUp(ctx, receiver, from - CLOCK_SLACK_S, listeningSince, PATIENCE_AFTER_CREATE_MS);
}

/**
 * After n8n restarted: at its start where n8n asks `checkExists` (activation mode `init`, 1.x), or
 * else at the trigger's first genuine delivery in this process (2.41 calls no hook then). Catches
 * up from the newest message the trigger had noted as heard; without a note nothing was heard
 * since the activation, so from then (within the option's bound). Once per process.
 */
export function catchUpAfterRestart(ctx: IHookFunctions | IWebhookFunctions, receiver: WebhookReceiver): void {
	if (!catchesUp(ctx, receiver) || listeningInThisProcess.has(triggerOf(ctx))) return;
	const state = ctx.getWorkflowStaticData('node');
	const listeningSince = Number(state[LISTENING_SINCE]);
	if (!Number.isFinite(listeningSince)) return;
	listeningInThisProcess.set(triggerOf(ctx), { since: listeningSince });
	const heardAt = Number((state[HEARD] as Heard | undefined)?.at);
	requestCatchUp(ctx, receiver, Number.isFinite(heardAt) ? heardAt - CLOCK_SLACK_S : listeningSince, listeningSince, PATIENCE_AT_START_MS);
}

interface Heard {
	at: number;
	keys: Array<[string, number]>;
}

/** The window from `from` (bounded by the activation before it and by the option) to now, in the background. */
function requestCatchUp(ctx: IHookFunctions | IWebhookFunctions, receiver: WebhookReceiver, from: number, listeningSince: number, patienceMs: number): void {
	const minutes = catchUpMinutes(ctx);
	if (minutes === 0) return;
	const until = nowSeconds() + CLOCK_SLACK_S;
	const window: CatchUpWindow = {
		from: Math.max(from, Number.isFinite(listeningSince) ? listeningSince : 0, until - minutes * 60),
		until,
	};
	// Messages noted as heard are left out: the memory of this process may not have them (a restart).
	const heard = ctx.getWorkflowStaticData('node')[HEARD] as Heard | undefined;
	const exclude = (heard?.keys ?? []).filter(([, at]) => at >= window.from).map(([key]) => key);
	void sendCatchUp(ctx, receiver, { catchUp: { ...window, exclude } }, patienceMs);
}

/**
 * How long a request to the trigger's own URL is asked again while n8n does not serve it
 * (refused, 404, 503): at n8n's start, until it is up; after `create`, where n8n serves the URL
 * already, briefly; a note, hardly (n8n stopping: its messages may come again after the restart),
 * but while the trigger answers 503 — its activation not saved yet: n8n 2.41 saves an activation's
 * record only once all of it is done, and a note is refused until then (see answerCatchUp) — for
 * as long as that activation listens, at most a minute.
 */
const PATIENCE_AT_START_MS = 180_000;
const PATIENCE_AFTER_CREATE_MS = 20_000;
const PATIENCE_OF_A_NOTE_MS = 5_000;
const PATIENCE_OF_A_NOTE_BEFORE_ITS_ACTIVATION_IS_SAVED_MS = 60_000;

/** `superseded`: `stillWanted` said no before an answer came. */
type Sent = 'answered' | 'superseded' | 'given up';

async function sendCatchUp(
	ctx: IHookFunctions | IWebhookFunctions,
	receiver: WebhookReceiver,
	request: IDataObject,
	patienceMs: number,
	stillWanted: () => boolean = () => true,
	patienceWhileBusyMs = patienceMs,
): Promise<Sent> {
	const url = String(ctx.getNodeWebhookUrl('default'));
	const startedAt = Date.now();
	try {
		const key = await receiver.catchUp!.key(ctx);
		const body = JSON.stringify({ ...request, id: randomUUID(), signedAt: nowSeconds() });
		for (;;) {
			const status = await ctx.helpers
				.httpRequest({
					method: 'POST',
					url,
					body,
					headers: { 'Content-Type': 'application/json', [CATCH_UP_HEADER]: sign(key, body) },
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					json: false,
				})
				.then((answer: { statusCode: number }) => answer.statusCode, () => 0);
			// Anything but "not served (yet)" was answered by the trigger itself.
			if (status !== 0 && status !== 404 && status !== 503) return 'answered';
			if (Date.now() - startedAt > (status === 503 ? patienceWhileBusyMs : patienceMs)) break;
			await sleep(SEND_INTERVAL_MS);
			if (!stillWanted()) return 'superseded';
		}
		ctx.logger.warn('Conversation Message Trigger could not reach its own URL to catch up or note what it heard', { url });
	} catch (error) {
		ctx.logger.warn(`Conversation Message Trigger could not catch up or note what it heard: ${(error as Error).message}`);
	}
	return 'given up';
}

/**
 * Notes waiting to be sent, per trigger: one request at a time carries all that gathered
 * meanwhile, through the context of the latest delivery.
 */
const pendingNotes = new Map<string, { entries: Array<[string, number]>; sending: boolean; ctx: IWebhookFunctions; stops: number }>();

/**
 * After emitting: note the messages as heard (see the top of this file), in the background, so a
 * catch-up after a restart leaves them out. Only where the trigger catches up.
 */
export function noteHeard(ctx: IWebhookFunctions, receiver: WebhookReceiver, messages: ConversationMessage[]): void {
	const trigger = triggerOf(ctx);
	const listeningSince = listeningInThisProcess.get(trigger);
	if (!catchesUp(ctx, receiver) || !messages.length || listeningSince === undefined || catchUpMinutes(ctx) === 0) return;
	const pending = pendingNotes.get(trigger) ?? { entries: [], sending: false, ctx, stops: 0 };
	pendingNotes.set(trigger, pending);
	pending.ctx = ctx;
	for (const message of messages) {
		pending.entries.push([messageKey(message), Math.floor(Date.parse(message.createdAt ?? '') / 1000) || nowSeconds()]);
	}
	if (pending.sending) return;
	pending.sending = true;
	void (async () => {
		for (;;) {
			// Each note names the activation listening when it is sent, not the one that started this
			// loop: a loop outliving its activation (switched off and on while a note waited) carried
			// the ended activation's mark over the next one's notes, all refused, and their messages
			// came again at the next restart (measured in n8n 2.41.1: 7 and 9 doubled).
			const current = listeningInThisProcess.get(trigger);
			if (current === undefined || !pending.entries.length) break;
			const entries = pending.entries.splice(0);
			const stops = pending.stops;
			const sent = await sendCatchUp(pending.ctx, receiver, { heard: entries, listeningSince: current.since }, PATIENCE_OF_A_NOTE_MS, () => listeningInThisProcess.get(trigger) === current, PATIENCE_OF_A_NOTE_BEFORE_ITS_ACTIVATION_IS_SAVED_MS);
			// Another activation listens now without this one having stopped (created again without a
			// delete): its note carries these too. After a delete they belong to no activation.
			if (sent === 'superseded' && pending.stops === stops) pending.entries.unshift(...entries);
		}
		// Stopped listening: what is left belongs to no activation (delete noted the stop).
		pending.entries.splice(0);
		pending.sending = false;
	})();
}

function mergeHeard(state: IDataObject, entries: Array<[string, number]>): void {
	const before = state[HEARD] as Heard | undefined;
	const at = Math.max(before?.at ?? 0, ...entries.map(([, createdAt]) => createdAt));
	const keys = [...(before?.keys ?? []), ...entries].filter(([, createdAt]) => createdAt >= at - CLOCK_SLACK_S);
	state[HEARD] = { at, keys: keys.slice(-MAX_HEARD_KEYS) };
}

export function isCatchUpRequest(delivery: Delivery): boolean {
	return headerValue(delivery.headers, CATCH_UP_HEADER) !== '';
}

/**
 * A request of this trigger to itself, as a delivery: refused unless signed by it lately. A note
 * of what was heard is kept and starts nothing (n8n then saves it); a catch-up answers the
 * window's messages, oldest first, those noted as heard already claimed.
 */
export async function answerCatchUp(ctx: IWebhookFunctions, receiver: WebhookReceiver, delivery: Delivery): Promise<Received> {
	const refuse = (reason: string): Received => ({ refused: { status: 401, reason } });
	if (!catchesUp(ctx, receiver)) return refuse('this trigger does not catch up');
	const key = await receiver.catchUp.key(ctx);
	if (!sameSecret(headerValue(delivery.headers, CATCH_UP_HEADER), sign(key, delivery.rawBody.toString('utf8')))) {
		return refuse('the catch-up request is not signed by this trigger');
	}
	if (!(nowSeconds() - Number(delivery.body.signedAt) <= REQUEST_LIFETIME_S)) return refuse('the catch-up request is stale');
	if (Array.isArray(delivery.body.heard)) {
		const state = ctx.getWorkflowStaticData('node');
		// n8n saves all the static data this call loaded: written only over the activation the note
		// belongs to, never over an older copy (a 503 asks the sender again, once activation's is saved).
		if (state[LISTENING_SINCE] !== delivery.body.listeningSince) return { refused: { status: 503, reason: 'the activation this note belongs to is not saved yet' } };
		mergeHeard(state, delivery.body.heard as Array<[string, number]>);
		return { messages: [] };
	}
	const request = (delivery.body.catchUp ?? {}) as IDataObject;
	const window = { from: Number(request.from), until: Number(request.until) };
	if (!Number.isFinite(window.from) || !Number.isFinite(window.until)) return refuse('the catch-up request names no window');
	// Only messages are caught up: where the Events option does not choose them, there is nothing to read.
	if (!readEvents(ctx, receiver.events).newMessage) return { messages: [] };
	const memory = recentDeliveries(String(ctx.getWorkflow().id), ctx.getNode().id);
	for (const heard of (request.exclude as unknown[] | undefined) ?? []) memory.claim(String(heard));
	const messages = await receiver.catchUp.read(ctx, window);
	if (messages.length > MAX_CAUGHT_UP_MESSAGES) {
		ctx.logger.warn(`Conversation Message Trigger caught up ${messages.length} messages; only the latest ${MAX_CAUGHT_UP_MESSAGES} are emitted`);
	}
	return { deliveryId: `catch-up:${String(delivery.body.id)}`, messages: messages.slice(-MAX_CAUGHT_UP_MESSAGES) };
}
