import type { INodeProperties } from 'n8n-workflow';

import type { ItemParameters } from '../params/itemParameters';

import { OPERATIONS } from './catalogue';
import type { Action, ActionMap, ActionResource, Operation, OperationMap } from './types';

/**
 * A platform's panel for one node: the Operation field, then every operation's fields, each
 * shown for the operations that declare it. A field declared alike by several operations
 * appears once; each operation sees its fields in the order it declares them.
 */
export function operationPanel<Output>(map: OperationMap<Output>): INodeProperties[] {
	const entries = Object.entries(map.operations);
	const placed: Array<{ property: INodeProperties; identity: string; values: string[] }> = [];
	for (const [value, operation] of entries) {
		let after = -1;
		for (const property of operation.fields) {
			const identity = JSON.stringify(property);
			let index = placed.findIndex((entry) => entry.identity === identity);
			if (index === -1) {
				index = after + 1;
				placed.splice(index, 0, { property, identity, values: [] });
			} else if (index < after) {
				throw new Error(`${map.parameter} "${value}": field "${property.name}" comes before a field it follows in another operation`);
			}
			placed[index].values.push(value);
			after = index;
		}
	}
	return [
		operationField(map),
		...placed.map(({ property, values }) => ({
			...property,
			displayOptions: {
				...property.displayOptions,
				show: { [map.parameter]: values, ...property.displayOptions?.show },
			},
		})),
	];
}

function operationField<Output>(map: OperationMap<Output>): INodeProperties {
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is the platform's saved one (map.default)
	return {
		displayName: 'Operation',
		name: map.parameter,
		type: 'options',
		noDataExpression: true,
		default: map.default,
		options: Object.entries(map.operations).map(([value, operation]) => {
			const { name, action, description } = { ...OPERATIONS[operation.operation], ...operation.wording };
			return { name, value, action, description };
		}),
	};
}

/** The operation an item asks for, by the platform's saved Operation value. */
export function chosenOperation<Output>(p: ItemParameters, map: OperationMap<Output>): Operation<Output> {
	const value = p.get(map.parameter, map.default) as string;
	const operation = Object.prototype.hasOwnProperty.call(map.operations, value) ? map.operations[value] : undefined;
	if (!operation) throw p.fail('Operation', `"${value}" is not ${map.noun}`);
	return operation;
}

/** The Resource parameter's options, in the order offered; a platform offers those it has operations for. */
const RESOURCES: Record<ActionResource, { name: string; description: string }> = {
	conversation: { name: 'Conversation', description: 'Read a conversation and its messages, assign it, set its status, labels and priority' },
	contact: { name: 'Contact', description: 'Find a contact, or create or update one' },
};

/**
 * A platform's Conversation Actions panel, as n8n's own nodes lay out Resource → Operation: the
 * Resource field (only the resources the platform acts on), then each resource's Operation field
 * and the fields of its operations.
 */
export function resourcePanel(actions: ActionMap): INodeProperties[] {
	const resources = (Object.keys(RESOURCES) as ActionResource[]).filter((resource) => actions[resource]);
	if (!resources.length) return [];
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is the platform's first resource
	const resourceField: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: resources[0],
		options: resources.map((resource) => ({ name: RESOURCES[resource].name, value: resource, description: RESOURCES[resource].description })),
	};
	return [
		resourceField,
		...resources.flatMap((resource) =>
			operationPanel(actions[resource] as OperationMap<unknown>).map((property) => ({
				...property,
				displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, resource: [resource] } },
			})),
		),
	];
}

/** The action an item asks for: its resource, then the operation among that resource's. */
export function chosenAction(p: ItemParameters, actions: ActionMap, platformName: string): Action {
	const offered = (Object.keys(RESOURCES) as ActionResource[]).filter((resource) => actions[resource]);
	const resource = p.get('resource', offered[0]) as string;
	const map = offered.includes(resource as ActionResource) ? actions[resource as ActionResource] : undefined;
	if (!map) throw p.fail('Resource', `"${resource}" is not offered on ${platformName}`, `${platformName} offers: ${offered.join(', ')}`);
	return chosenOperation(p, map);
}
