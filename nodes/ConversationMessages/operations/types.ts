import type { IBinaryKeyData, IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemParameters } from '../params/itemParameters';
import type { VendorClient } from '../transport/client';

import type { OperationKey, OperationWording } from './catalogue';

/**
 * One operation of one item, validated and ready to go; nothing has been sent yet. `Output` is
 * what it answers: the item's JSON in the send node, output items in Conversation Actions.
 */
export interface PreparedOperation<Output = IDataObject> {
	/** Operations with the same key (the conversation, the contact) run one after another, in item order. */
	orderingKey: string;
	/**
	 * Checks that need the vendor (a name resolved to its id, a label the account has): run for
	 * every item before any item's write, so bad input stops the node before it changes anything.
	 */
	check?(client: VendorClient): Promise<void>;
	/** Performs it. */
	send(client: VendorClient): Promise<Output>;
}

/**
 * How one platform performs one operation of the catalogue: its fields in the panel, in the
 * order shown, and how an item's parameters become a prepared operation. One file each.
 */
export interface Operation<Output = IDataObject> {
	operation: OperationKey;
	/** This platform's wording of the Operation option, where the catalogue's does not fit. */
	wording?: Partial<OperationWording>;
	/** Shown when this operation is chosen; a field several operations share is declared alike in each. */
	fields: INodeProperties[];
	/** Reads and checks the item's parameters (bad input fails here, before anything is sent). */
	prepare(p: ItemParameters): PreparedOperation<Output> | Promise<PreparedOperation<Output>>;
}

/**
 * A platform's operations in one node: the Operation parameter as saved in workflows (name,
 * values, default: never renamed) and, for each saved value, the operation file it runs.
 */
export interface OperationMap<Output = IDataObject> {
	/** The send node's is not `operation`: n8n's node creator would list its options as actions of the whole node. */
	parameter: string;
	default: string;
	/** How an unknown value's error names the platform's operations, e.g. "a User.com operation". */
	noun: string;
	/** Saved value → operation, in the order the Operation field offers them. */
	operations: Record<string, Operation<Output>>;
}

/** An output item of a Conversation Actions operation; Get Messages answers several, with files. */
export interface ActionItem {
	json: IDataObject;
	binary?: IBinaryKeyData;
}

/** A Conversation Actions operation: one file per platform and operation, like the send node's. */
export type Action = Operation<ActionItem[]>;

/** What the Conversation Actions node acts on (its Resource parameter's values, saved in workflows). */
export type ActionResource = 'conversation' | 'contact';

/** A platform's Conversation Actions: per resource, its Operation field and the operation files. */
export type ActionMap = Partial<Record<ActionResource, OperationMap<ActionItem[]>>>;
