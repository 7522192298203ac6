import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemParameters } from '../params/itemParameters';
import type { VendorClient } from '../transport/client';

import type { OperationKey, OperationWording } from './catalogue';

/** One operation of one item, validated and ready to go; nothing has been sent yet. */
export interface PreparedOperation {
	/** Operations with the same key (the conversation, the contact) run one after another, in item order. */
	orderingKey: string;
	/** Performs it; answers the item's JSON. */
	send(client: VendorClient): Promise<IDataObject>;
}

/**
 * How one platform performs one operation of the catalogue: its fields in the panel, in the
 * order shown, and how an item's parameters become a prepared operation. One file each.
 */
export interface Operation {
	operation: OperationKey;
	/** This platform's wording of the Operation option, where the catalogue's does not fit. */
	wording?: Partial<OperationWording>;
	/** Shown when this operation is chosen; a field several operations share is declared alike in each. */
	fields: INodeProperties[];
	/** Reads and checks the item's parameters (bad input fails here, before anything is sent). */
	prepare(p: ItemParameters): PreparedOperation | Promise<PreparedOperation>;
}

/**
 * A platform's operations in one node: the Operation parameter as saved in workflows (name,
 * values, default: never renamed) and, for each saved value, the operation file it runs.
 */
export interface OperationMap {
	/** Not `operation`: n8n's node creator would list the options as actions of the whole node. */
	parameter: string;
	default: string;
	/** How an unknown value's error names the platform's operations, e.g. "a User.com operation". */
	noun: string;
	/** Saved value → operation, in the order the Operation field offers them. */
	operations: Record<string, Operation>;
}
