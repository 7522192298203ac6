import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeProperties,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { ChosenEvents, ConversationEvent, ConversationEventKind } from '../conversation/event';
import type { ConversationMessage, ReceiveFilters } from '../conversation/message';
import type { ActionMap, OperationMap } from '../operations/types';
import type { Vendor } from '../transport/client';

/**
 * A chat platform: its credential and connection, its operations in the send node (the
 * Operation field's options, each with its fields and its request builder), how the triggers
 * hear it, and its pickers.
 */
export interface Platform extends Vendor {
	value: string;
	name: string;
	description: string;
	/** The Send Conversation Message node's operations on this platform. */
	send: OperationMap;
	/** The Conversation Actions node's operations on this platform, per resource (only what the vendor documents). */
	actions: ActionMap;
	/** Pickers: conversation lists and option lists loaded from the vendor. */
	methods?: PlatformMethods;
	/** How the triggers hear this platform's new messages: pushed to a webhook, or polled. */
	receive: WebhookReceiver | PollReceiver;
}

/** A delivery as it reached n8n: the raw body is what vendors sign. */
export interface Delivery {
	headers: Record<string, unknown>;
	query: Record<string, unknown>;
	body: IDataObject;
	rawBody: Buffer;
}

export type Received =
	/** Not from the vendor (signature, token): answered with this status, starts nothing. */
	| { refused: { status: number; reason: string } }
	/**
	 * Genuine. `deliveryId` recognises a redelivery; `messages` and `events` may be empty (an event
	 * not handled, or filtered out). `events`: every change the delivery announces, whatever the
	 * trigger's Events option (the trigger keeps those chosen).
	 */
	| { deliveryId?: string; messages: ConversationMessage[]; events?: ConversationEvent[] };

export interface Receiver {
	/** The trigger panel's fields for this platform. */
	properties: INodeProperties[];
	/** What the trigger's Events option offers on this platform besides new messages; none: no Events option. */
	events?: ConversationEventKind[];
	methods?: PlatformMethods;
}

export interface WebhookReceiver extends Receiver {
	kind: 'webhook';
	/** Registers the trigger's URL at the vendor on activation, where the vendor has an API for it. */
	/** `checkExists` answers false when the registered webhook does not hear what the Events option needs, so it is registered anew. */
	registration?: {
		checkExists(ctx: IHookFunctions, chosen: ChosenEvents): Promise<boolean>;
		create(ctx: IHookFunctions, chosen: ChosenEvents): Promise<boolean>;
		delete(ctx: IHookFunctions): Promise<boolean>;
	};
	receive(ctx: IWebhookFunctions, delivery: Delivery): Promise<Received>;
	/** Where the vendor lets a trigger read what was written while it was not listening (inbound/catchUp.ts). */
	catchUp?: CatchUpReader;
}

/** A span of vendor time, in unix seconds, both ends included. */
export interface CatchUpWindow {
	from: number;
	until: number;
}

export interface CatchUpReader {
	/** The secret a catch-up request to this trigger is signed with: derivable in every n8n process, never sent. */
	key(ctx: IHookFunctions | IWebhookFunctions): Promise<string>;
	/** The messages written in the window (every kind: the trigger filters as it filters deliveries), oldest first. */
	read(ctx: IWebhookFunctions, window: CatchUpWindow): Promise<ConversationMessage[]>;
	/** The trigger's settings under which it cannot catch up (parameter name → values): the option is hidden there and nothing is caught up. */
	notWith?: Record<string, string[]>;
}

export interface PollReceiver extends Receiver {
	kind: 'poll';
	/**
	 * Messages newer than the cursor kept in `state`, oldest first, and the cursor moved past
	 * them. Without a cursor (first activation) it only sets one: no flood of history.
	 * `latest` (manual runs) asks for the newest message only, whatever the cursor. `wanted`
	 * is what the trigger keeps besides customers' messages, so a poll can skip reading the rest.
	 */
	poll(ctx: IPollFunctions, state: IDataObject, request: { latest: boolean; wanted: ReceiveFilters }): Promise<ConversationMessage[]>;
	/**
	 * The changes (of `events`) seen since the last poll, by comparing what the vendor shows now
	 * with what `state` kept; without a state (first activation) it only notes where things
	 * stand. `latest` (manual runs): the most recent conversation as a sample, whatever the state.
	 */
	pollChanges?(ctx: IPollFunctions, state: IDataObject, request: { latest: boolean; changes: ConversationEventKind[] }): Promise<ConversationEvent[]>;
}

export interface PlatformMethods {
	listSearch?: Record<
		string,
		(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>
	>;
	loadOptions?: Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>;
}
