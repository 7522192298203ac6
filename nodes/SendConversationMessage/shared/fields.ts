import type { INodeProperties } from 'n8n-workflow';

/**
 * Fields every platform has. They share one parameter name across platforms, so a workflow
 * keeps its conversation and message when the user switches platform.
 */
export function conversationIdField(displayName: string, description: string, placeholder: string): INodeProperties {
	return {
		displayName,
		name: 'conversationId',
		type: 'string',
		required: true,
		default: '',
		placeholder,
		description,
	};
}

export function contentField(description: string, required = true): INodeProperties {
	return {
		displayName: 'Content',
		name: 'content',
		type: 'string',
		required,
		default: '',
		typeOptions: { rows: 4 },
		description,
	};
}

export function attachmentsField(description: string): INodeProperties {
	return {
		displayName: 'Attachments',
		name: 'attachments',
		type: 'string',
		default: '',
		placeholder: 'data, invoice',
		description,
		hint: 'Names of binary properties of the input item, separated by commas',
	};
}
