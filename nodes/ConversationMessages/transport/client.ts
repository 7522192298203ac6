import type FormData from 'form-data';
import type { Readable } from 'stream';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	IPollFunctions,
	IWebhookFunctions,
	JsonValue,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { RateGate } from './rateGate';
import { backoffDelay, vendorRetryDelay } from './retryDelay';
import { extractVendorMessage } from './vendorMessage';

export interface VendorRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** Appended to the credential's base URL. */
	path: string;
	qs?: IDataObject;
	/** This request's own headers beside the connection's (Zendesk's Idempotency-Key). */
	headers?: Record<string, string>;
	json?: IDataObject;
	/** Built anew for every attempt: a file streamed from n8n's binary store can be read once. */
	multipart?: () => Promise<FormData>;
	/** A file as the whole body (Zendesk's uploads), built anew for every attempt like `multipart`. */
	rawBody?: () => Promise<RawBody>;
	/** The vendor deduplicates it (Re:amaze origin_id) or it creates nothing (a search). */
	safeToRetry?: boolean;
	/**
	 * What the request creates, for a lost answer: errors say what may exist, and only a message
	 * is sent again blindly, when the settings ask for it (`retryOnServerErrors`: a duplicate
	 * message is what that setting accepts). A conversation, or anything not named here, never
	 * is: a second conversation (empty, on Chatwoot) is worse than the lost answer.
	 */
	creates?: 'message' | 'conversation';
	/**
	 * For a request that creates a message: finds that message at the vendor after an answer
	 * that leaves it open whether it was stored (5xx, timeout, dropped connection). Gets the
	 * earliest creation time, on the vendor's clock, the message can have; answers the vendor's
	 * message, or undefined when it is not there. Throws when the vendor cannot be read.
	 */
	readBack?: (createdNotBeforeMs: number) => Promise<IDataObject | undefined>;
}

/** A body sent as it is, with its length known up front (vendors taking raw uploads want Content-Length). */
export interface RawBody {
	body: Readable | Buffer;
	contentType: string;
	length: number;
}

export interface VendorResponse {
	statusCode: number;
	body: unknown;
	/** The answer's headers (none for a message found by read-back). */
	headers?: Record<string, unknown>;
	/** The request's answer was lost, and the message was found by reading the conversation. */
	confirmedByReadBack?: boolean;
}

export interface Connection {
	baseUrl: string;
	/** Sent with every request (Accept, API version). Auth comes from the credential type. */
	headers: Record<string, string>;
}

/** Every n8n context that talks to a vendor: both nodes, the editor's pickers, activation, polls. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IPollFunctions | IWebhookFunctions;

/** What the transport needs to know of a platform: how to name it, authenticate and reach it. */
export interface Vendor {
	/** How errors name the vendor. */
	vendorName: string;
	credentialType: string;
	connect(node: INode, credentials: ICredentialDataDecryptedObject): Connection;
}

export interface RetrySettings {
	timeoutMs: number;
	maxRetries: number;
	maxRetryWaitMs: number;
	retryOnServerErrors: boolean;
	/** How long to let the vendor settle before reading back a message whose answer was lost. */
	readBackDelayMs: number;
	/** What errors advise, in the caller's words (the send node names its options; the transport names none). */
	advice: {
		/** After a 429 the retries could not wait out. */
		rateLimited: string;
		/** After a failure where the message may exist and was not sent again; may be ''. */
		retryAnyway: string;
	};
}

/**
 * Errors after which the message may or may not exist at the vendor: neither the answer nor a
 * read-back settled it. Everything else the client throws means the message was not created.
 */
const OUTCOME_UNKNOWN = new WeakSet<Error>();

export function mayHaveBeenCreated(error: unknown): boolean {
	return error instanceof Error && OUTCOME_UNKNOWN.has(error);
}

/** Marks an error as one after which something may exist at the vendor (so a Deduplication Key stays recorded). */
export function outcomeUnknown<E extends Error>(error: E): E {
	OUTCOME_UNKNOWN.add(error);
	return error;
}

/** After a conversation create of unknown outcome: where to look before running it again. */
const CHECK_CONVERSATIONS = "Check the contact's conversations before re-running: running it again opens another one.";

/** Date headers and created_at are whole seconds: allow for both roundings. */
const KNOWN_CLOCK_TOLERANCE_MS = 2_000;
/** Before any answer has told the vendor's time, allow for clocks a minute apart. */
const UNKNOWN_CLOCK_TOLERANCE_MS = 60_000;

/** Network failures where nothing reached the vendor, so sending again cannot duplicate. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const CONNECTION_PROBLEMS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed before an answer came',
	EPIPE: 'the connection was closed while sending',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

type Outcome =
	| { kind: 'response'; response: IN8nHttpFullResponse }
	| { kind: 'failure'; code?: string; message: string };

/**
 * The one way this node talks to a vendor: authentication through the credential type, no
 * redirects followed (the credential must not travel to another host, and a streamed upload
 * is only streamed without redirect replay), a timeout, 429s waited out after the vendor's own
 * hint, and no blind retry of a request that may already have created a message.
 */
export class VendorClient {
	constructor(
		private readonly ctx: RequestContext,
		private readonly vendorName: string,
		private readonly credentialType: string,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly connection: Connection,
		private readonly settings: RetrySettings,
		private readonly gate = new RateGate(),
	) {}

	/** A client for `vendor` with the node's credential of its type. */
	static async connect(ctx: RequestContext, vendor: Vendor, settings: RetrySettings): Promise<VendorClient> {
		const credentials = await ctx.getCredentials(vendor.credentialType);
		const connection = vendor.connect(ctx.getNode(), credentials);
		return new VendorClient(ctx, vendor.vendorName, vendor.credentialType, credentials, connection, settings);
	}

	get baseUrl(): string {
		return this.connection.baseUrl;
	}

	/**
	 * Ids of the messages this run has created or found by read-back, so that a read-back never
	 * takes a message of another item (the same text twice into one conversation) for its own.
	 */
	private readonly messagesOfThisRun = new Set<string>();

	noteMessageOfThisRun(id: unknown): void {
		if (id !== undefined && id !== null) this.messagesOfThisRun.add(String(id));
	}

	/** The first candidate that is no other item's message, now noted as this one's. */
	claimReadBack<T extends { id?: unknown }>(candidates: T[]): T | undefined {
		const found = candidates.find((candidate) => !this.messagesOfThisRun.has(String(candidate.id)));
		if (found) this.noteMessageOfThisRun(found.id);
		return found;
	}

	/** Reads every item of a run may need (an account's agents), made once per run: key → the read. */
	private readonly sharedReads = new Map<string, Promise<unknown>>();

	/** A read made once for the whole run, whichever item asks first; a failed read is not kept. */
	async shared<T>(key: string, read: () => Promise<T>): Promise<T> {
		let pending = this.sharedReads.get(key) as Promise<T> | undefined;
		if (!pending) {
			pending = read();
			this.sharedReads.set(key, pending);
			pending.catch(() => this.sharedReads.delete(key));
		}
		return await pending;
	}

	/** `itemIndex` is left out for the editor's lookups, which belong to no item. */
	async send(request: VendorRequest, itemIndex?: number): Promise<VendorResponse> {
		let retries = 0;
		let waitedMs = 0;
		// Where the message can be read back, a lost answer is settled by reading, never by a blind retry.
		const mayRetryFailures =
			request.safeToRetry === true || (this.settings.retryOnServerErrors && request.creates === 'message' && !request.readBack);
		/** A lost answer to a search changes nothing at the vendor; to a creating request it may have. */
		const unsettled = <E extends Error>(error: E): E =>
			request.safeToRetry && !request.readBack ? error : outcomeUnknown(error);

		/** Books one more retry after `delayMs`, if the attempt and wait budgets allow it. */
		const retry = (delayMs: number) => {
			if (retries >= this.settings.maxRetries) return false;
			if (waitedMs + delayMs > this.settings.maxRetryWaitMs) return false;
			retries++;
			waitedMs += delayMs;
			return true;
		};
		/** Waits out this request's own backoff (not the whole batch's), if a retry is allowed. */
		const backOff = async () => {
			const delayMs = backoffDelay(retries + 1);
			if (!retry(delayMs)) return false;
			await sleep(delayMs);
			return true;
		};
		/**
		 * The answer leaves it open whether the message was stored: retry where that is safe,
		 * else look for the message. Found → its vendor copy; not there → it was not stored, so
		 * sending again is safe; unreadable → the failure stands, saying the message may exist.
		 */
		const settle = async (failure: () => NodeApiError | NodeOperationError, startedAtMs: number): Promise<VendorResponse | 'again'> => {
			if (mayRetryFailures && (await backOff())) return 'again';
			if (!request.readBack) throw unsettled(failure());
			await sleep(this.settings.readBackDelayMs);
			let found: IDataObject | undefined;
			try {
				found = await request.readBack(this.vendorTime(startedAtMs));
			} catch (readError) {
				throw outcomeUnknown(this.withReadBackFailure(failure(), readError));
			}
			if (found) return { statusCode: 200, body: found, confirmedByReadBack: true };
			if (await backOff()) return 'again';
			throw this.notStored(failure(), retries);
		};

		for (;;) {
			await this.gate.wait();
			const startedAtMs = Date.now();
			const outcome = await this.attempt(request);

			if (outcome.kind === 'failure') {
				if (outcome.code === undefined) throw unsettled(this.unexpectedError(outcome.message, itemIndex));
				const { code } = outcome;
				if (NOT_SENT_CODES.has(code)) {
					if (await backOff()) continue;
					throw this.transportError(code, itemIndex, { notSent: true, retries, request });
				}
				const settled = await settle(
					() => this.transportError(code, itemIndex, { notSent: false, retries, request }),
					startedAtMs,
				);
				if (settled === 'again') continue;
				return settled;
			}

			const { statusCode, body, headers } = outcome.response;
			this.noteVendorClock(headers);
			if (statusCode >= 200 && statusCode < 300) return { statusCode, body, headers };

			if (statusCode === 429) {
				const delay = vendorRetryDelay(headers ?? {}, body, Date.now()) ?? backoffDelay(retries + 1);
				if (retry(delay)) {
					this.ctx.logger.info(
						`${this.vendorName} rate-limited the request (429); waiting ${Math.ceil(delay / 1000)} s before retry ${retries} of ${this.settings.maxRetries}`,
					);
					this.gate.pauseFor(delay);
					continue;
				}
				throw this.vendorError(outcome.response, itemIndex, {
					suffix: `; gave up after ${retries + 1} attempt${retries ? 's' : ''} and ${Math.round(waitedMs / 1000)} s of waiting`,
					description: this.settings.advice.rateLimited,
				});
			}

			if (statusCode >= 500) {
				const response = outcome.response;
				const settled = await settle(
					() => this.vendorError(response, itemIndex, { description: this.serverErrorHint(request, mayRetryFailures, retries) }),
					startedAtMs,
				);
				if (settled === 'again') continue;
				return settled;
			}

			if (statusCode >= 300 && statusCode < 400) throw this.redirectError(outcome.response, itemIndex);
			throw this.vendorError(outcome.response, itemIndex, { description: hintFor(statusCode) });
		}
	}

	/** How far the vendor's clock is ahead of ours, from the last answer's Date header. */
	private vendorClockOffsetMs: number | undefined;

	private noteVendorClock(headers: IN8nHttpFullResponse['headers'] | undefined): void {
		const date = Date.parse(String(headers?.date ?? ''));
		if (Number.isFinite(date)) this.vendorClockOffsetMs = date - Date.now();
	}

	/** The earliest time, on the vendor's clock, a message created by an attempt started at `ms` can carry. */
	private vendorTime(ms: number): number {
		if (this.vendorClockOffsetMs === undefined) return ms - UNKNOWN_CLOCK_TOLERANCE_MS;
		return ms + this.vendorClockOffsetMs - KNOWN_CLOCK_TOLERANCE_MS;
	}

	private async attempt(request: VendorRequest): Promise<Outcome> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${this.connection.baseUrl}${request.path}`,
			qs: request.qs,
			headers: { ...this.connection.headers, ...request.headers },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: this.settings.timeoutMs,
		};
		if (request.json) {
			options.body = request.json;
			options.json = true;
		} else if (request.multipart) {
			options.body = await request.multipart();
		} else if (request.rawBody) {
			const raw = await request.rawBody();
			options.body = raw.body as Buffer; // a Readable too: n8n hands it to axios, which streams it
			options.headers = { ...options.headers, 'Content-Type': raw.contentType, 'Content-Length': String(raw.length) };
		}
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.credentialType,
				options,
				{
					credentialsDecrypted: {
						id: '',
						name: this.credentialType,
						type: this.credentialType,
						data: this.credentials,
					},
				},
			)) as IN8nHttpFullResponse;
			return { kind: 'response', response };
		} catch (error) {
			const code = failureCode(error);
			// The execution was stopped: n8n must see its own cancellation, unwrapped.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			if (code === 'ERR_CANCELED') throw error;
			return { kind: 'failure', code, message: error instanceof Error ? error.message : String(error) };
		}
	}

	private vendorError(
		response: IN8nHttpFullResponse,
		itemIndex: number | undefined,
		{ suffix = '', description }: { suffix?: string; description?: string },
	): NodeApiError {
		const vendorMessage = extractVendorMessage(response.body) ?? response.statusMessage ?? 'no message';
		const message = `${this.vendorName} answered ${response.statusCode}: ${vendorMessage}${suffix}${atItem(itemIndex)}`;
		return new NodeApiError(
			this.ctx.getNode(),
			{ message, httpCode: String(response.statusCode), vendorResponse: sanitizeBody(response.body) },
			{ message, description, httpCode: String(response.statusCode), itemIndex },
		);
	}

	private redirectError(response: IN8nHttpFullResponse, itemIndex: number | undefined): NodeApiError {
		const location = String((response.headers ?? {}).location ?? '');
		let target = 'another address';
		try {
			target = new URL(location, this.connection.baseUrl).origin;
		} catch {
			// keep the generic wording
		}
		const message = `${this.vendorName} answered ${response.statusCode} (a redirect to ${target}), which is not followed so the credential is never sent elsewhere${atItem(itemIndex)}`;
		return new NodeApiError(
			this.ctx.getNode(),
			{ message, httpCode: String(response.statusCode) },
			{
				message,
				description: 'Check the base URL in the credential, e.g. http:// where the vendor wants https://, or a wrong host.',
				httpCode: String(response.statusCode),
				itemIndex,
			},
		);
	}

	private transportError(
		code: string,
		itemIndex: number | undefined,
		{ notSent, retries, request }: { notSent: boolean; retries: number; request: VendorRequest },
	): NodeOperationError {
		const host = new URL(this.connection.baseUrl).host;
		// n8n replaces a message that contains a Node error code with a generic one, so the code
		// goes into the description and the message says it in words.
		const what = TIMEOUT_CODES.has(code)
			? `${this.vendorName} did not answer within ${this.settings.timeoutMs} ms`
			: `Could not reach ${this.vendorName} at ${host}: ${CONNECTION_PROBLEMS[code] ?? 'the connection failed'}`;
		const tries = `Tried ${retries + 1} time${retries ? 's' : ''} (${code}).`;
		// Where the message can be read back, the read-back's outcome replaces this description.
		const description = notSent
			? `Nothing was sent. ${tries} Check the base URL in the credential and the network.`
			: request.creates === 'conversation'
				? `The conversation may or may not have been created: the connection ended before the vendor answered, so it was not requested again (that could open a second conversation). ${tries} ${CHECK_CONVERSATIONS}`
				: `The message may or may not have been created: the connection ended before the vendor answered, and this conversation cannot be read back, so it was not sent again (a retry could post it twice). ${tries} Check the conversation before re-running${this.retryAnyway(request)}.`;
		return new NodeOperationError(this.ctx.getNode(), `${what}${atItem(itemIndex)}`, { itemIndex, description });
	}

	/** The read-back found no such message: the failure stands, and the message was not created. */
	private notStored<E extends NodeApiError | NodeOperationError>(error: E, retries: number): E {
		error.description = `The message was not sent: reading the conversation back showed it was not created${retries ? ` (tried ${retries + 1} times)` : ''}. Re-running sends it.`;
		return error;
	}

	private withReadBackFailure<E extends NodeApiError | NodeOperationError>(error: E, readError: unknown): E {
		const reason = readError instanceof Error ? this.redact(readError.message) : String(readError);
		error.description = `The message may or may not have been created, and reading the conversation back failed too (${reason}), so it was not sent again. Check the conversation before re-running.`;
		return error;
	}

	/** A failure with no network error code: n8n itself could not make the request. */
	private unexpectedError(message: string, itemIndex: number | undefined): NodeOperationError {
		return new NodeOperationError(
			this.ctx.getNode(),
			`Could not send the request to ${this.vendorName}: ${this.redact(message)}${atItem(itemIndex)}`,
			{ itemIndex, description: 'n8n failed before the vendor answered; the request was not retried.' },
		);
	}

	/** Credential values never reach a message, whatever a lower layer put into its text. */
	private redact(text: string): string {
		return Object.values(this.credentials)
			.filter((value): value is string => typeof value === 'string' && value.length >= 6)
			.reduce((result, secret) => result.split(secret).join('***'), text);
	}

	private serverErrorHint(request: VendorRequest, mayRetryFailures: boolean, retries: number): string {
		if (mayRetryFailures) return `Still failing after ${retries + 1} attempt${retries ? 's' : ''}.`;
		if (request.creates === 'conversation') {
			return `The vendor failed after receiving the request, so the conversation may exist; it was not requested again, as that could open a second conversation. ${CHECK_CONVERSATIONS}`;
		}
		return `The vendor failed after receiving the message, so it may have been created; it was not sent again because this conversation cannot be read back and a retry could post it twice. Check the conversation before re-running${this.retryAnyway(request)}.`;
	}

	/** The setting that would send it again anyway, where it is off: only a message may be repeated so. */
	private retryAnyway(request: VendorRequest): string {
		const offered = request.creates === 'message' && !this.settings.retryOnServerErrors && this.settings.advice.retryAnyway;
		return offered ? `; ${this.settings.advice.retryAnyway}` : '';
	}
}

function atItem(itemIndex: number | undefined): string {
	return itemIndex === undefined ? '' : ` (item ${itemIndex})`;
}

function hintFor(statusCode: number): string | undefined {
	if (statusCode === 401 || statusCode === 403) {
		return 'The vendor did not accept the credential: check the key or token, and that it may access this account and conversation.';
	}
	if (statusCode === 404) return 'Check the conversation id (and account id), and the base URL in the credential.';
	if (statusCode === 406) return 'The vendor did not accept the request format.';
	if (statusCode === 400 || statusCode === 422) return 'The vendor rejected the message: check the fields named above.';
	return undefined;
}

/** The Node.js / axios error code of a failed request, if there is one. */
function failureCode(error: unknown): string | undefined {
	for (let current = error as Record<string, unknown> | undefined, depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
		current = current.cause as Record<string, unknown> | undefined;
	}
	return undefined;
}

/** Vendor error bodies go into the error's context; keep them bounded. */
function sanitizeBody(body: unknown): JsonValue {
	if (typeof body === 'string') return body.slice(0, 2000);
	if (Buffer.isBuffer(body)) return body.toString('utf8', 0, 2000);
	return (body ?? null) as JsonValue;
}
