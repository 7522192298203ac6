import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
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
}
