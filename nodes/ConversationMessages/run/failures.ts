import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

// How the nodes that act per item (Send Conversation Message, Conversation Actions) fail an item.

export function asNodeError(ctx: IExecuteFunctions, error: Error, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	// Unexpected failures keep their message only: their other properties may hold request details.
	const where = itemIndex === undefined ? '' : ` (item ${itemIndex})`;
	return new NodeOperationError(ctx.getNode(), `${error.message}${where}`, { itemIndex });
}

/**
 * The item in place of a failed one. `error` on the item is what routes it to the error output
 * ("Continue (using error output)"); n8n then keeps `{error: message}` as its JSON, and the
 * message already carries the vendor's status and text.
 */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	return { json: { error: error.message }, error, pairedItem: { item: itemIndex } };
}
