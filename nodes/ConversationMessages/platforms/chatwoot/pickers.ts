import type { INodeProperties } from 'n8n-workflow';

/**
 * A picker of one agent or team of the chosen account: from the vendor's list, or by ID. An
 * expression (or an AI agent) may give the ID, the name, or an agent's email.
 */
export function memberLocator(options: { displayName: string; name: string; searchMethod: string; description: string }): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '2' },
		],
	};
}
