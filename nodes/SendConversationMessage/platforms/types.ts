import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeProperties,
} from 'n8n-workflow';

import type { Connection, VendorClient } from '../transport/client';

/** One message, validated and ready to go; nothing has been sent yet. */
export interface PreparedMessage {
	/** Messages with the same key (the conversation) go out one after another, in item order. */
	orderingKey: string;
	send(client: VendorClient): Promise<IDataObject>;
}

/**
 * A chat platform: its panel and its request builder. The node shows `properties` when the
 * platform is chosen, asks for `credentialType`, and sends each item through `prepare`.
 */
export interface Platform {
	value: string;
	name: string;
	description: string;
	/** How errors name the vendor. */
	vendorName: string;
	credentialType: string;
	properties: INodeProperties[];
	connect(node: INode, credentials: ICredentialDataDecryptedObject): Connection;
	prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedMessage>;
	/** Pickers: conversation lists and option lists loaded from the vendor. */
	methods?: PlatformMethods;
}

export interface PlatformMethods {
	listSearch?: Record<
		string,
		(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>
	>;
	loadOptions?: Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>;
}
