import type { INodeProperties } from 'n8n-workflow';

import type { ItemParameters } from '../params/itemParameters';

import { OPERATIONS } from './catalogue';
import type { Operation, OperationMap } from './types';

/**
 * A platform's panel for one node: the Operation field, then every operation's fields, each
 * shown for the operations that declare it. A field declared alike by several operations
 * appears once; each operation sees its fields in the order it declares them.
 */
export function operationPanel(map: OperationMap): INodeProperties[] {
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

function operationField(map: OperationMap): INodeProperties {
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
export function chosenOperation(p: ItemParameters, map: OperationMap): Operation {
	const value = p.get(map.parameter, map.default) as string;
	const operation = Object.prototype.hasOwnProperty.call(map.operations, value) ? map.operations[value] : undefined;
	if (!operation) throw p.fail('Operation', `"${value}" is not ${map.noun}`);
	return operation;
}
