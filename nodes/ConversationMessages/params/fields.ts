import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

// Fields every platform has. They share one parameter name across platforms, so a workflow
// keeps its conversation and message when the user switches platform.

export interface ConversationLocator {
	displayName: string;
	description: string;
	/** A valid id, shown as the placeholder of the By ID mode. */
	example: string;
	/** For the By ID mode: what an id looks like. */
	idPattern: string;
	/** For the By URL mode: one capture group, the id inside the inbox address. */
	urlPattern: string;
	urlExample: string;
	/** The listSearch method of the From List mode, where the vendor lists conversations. */
	searchMethod?: string;
}

/**
 * The conversation, as a resource locator: picked from the vendor's list, typed as an ID, or
 * taken from the conversation's address in the vendor's inbox. A plain string saved by an
 * older workflow is read as an ID.
 */
export function conversationIdField(locator: ConversationLocator): INodeProperties {
	const modes: INodeProperties['modes'] = [];
	if (locator.searchMethod) {
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- a locator mode, not a parameter
		modes.push({
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: locator.searchMethod, searchable: true },
		});
	}
	modes.push(
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- a locator mode, not a parameter
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: locator.example,
			validation: [
				{
					type: 'regex',
					properties: { regex: locator.idPattern, errorMessage: `Not a valid ID, e.g. ${locator.example}` },
				},
			],
		},
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- a locator mode, not a parameter
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: locator.urlExample,
			validation: [
				{
					type: 'regex',
					properties: { regex: `.*${locator.urlPattern}.*`, errorMessage: `Not a conversation address, e.g. ${locator.urlExample}` },
				},
			],
			extractValue: { type: 'regex', regex: locator.urlPattern },
		},
	);
	return {
		displayName: locator.displayName,
		name: 'conversationId',
		type: 'resourceLocator',
		required: true,
		default: { mode: locator.searchMethod ? 'list' : 'id', value: '' },
		description: locator.description,
		modes,
	};
}

/**
 * A picker of one member of the vendor's workspace (an agent, an admin, a team): from the vendor's
 * list, or by ID. An expression (or an AI agent) may give the ID, the name, or an agent's email.
 */
export interface MemberLocatorOptions {
	displayName: string;
	name: string;
	searchMethod: string;
	description: string;
	/** A valid id, the By ID mode's placeholder. */
	example: string;
}

export function memberLocator(options: MemberLocatorOptions): INodeProperties {
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
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: options.example },
		],
	};
}

/**
 * Set Status's Status: the status stated, never toggled. Its values are the vendor's own (they
 * differ by platform); the name, type and default are the same everywhere, so a workflow keeps
 * the status it sets when the user switches platform.
 */
export function statusField(options: INodePropertyOptions[], description?: string): INodeProperties {
	return {
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'open',
		options,
		...(description === undefined ? {} : { description }),
	};
}

/**
 * Set Status's Snooze Until, shown with Snoozed. Never marked required, also where the platform
 * needs it (its prepare checks it): the platforms share the name, and n8n would then demand it on
 * every platform's panel, also where Snooze Until is optional or Status is an expression.
 */
export function snoozeUntilField(description: string): INodeProperties {
	return {
		displayName: 'Snooze Until',
		name: 'snoozeUntil',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { status: ['snoozed'] } },
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

/** The optional fields of a platform, collapsed until the user adds one. */
export function additionalFieldsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options,
	};
}

/** Start a Conversation's optional fields of the new conversation (status, assignee, tags, …). */
export function conversationFieldsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Conversation Fields',
		name: 'conversationFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options,
	};
}
