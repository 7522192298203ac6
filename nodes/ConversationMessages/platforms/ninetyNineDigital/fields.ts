import type { INodeProperties } from 'n8n-workflow';

// Fields of 99digital's panels in both nodes (the send node and the trigger).

/** The Chatwoot account, loaded from the token's profile: the same field in the send node and the trigger. */
export function accountField(purpose: string): INodeProperties {
	return {
		displayName: 'Account Name or ID',
		name: 'accountId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getChatwootAccounts' },
		required: true,
		default: '',
		description: `${purpose}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}
