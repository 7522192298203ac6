import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Platform, PlatformMethods } from './types';

import { engageLab } from './engageLab';
import { intercom } from './intercom';
import { ninetyNineDigital } from './ninetyNineDigital';
import { reamaze } from './reamaze';
import { userEngage } from './userEngage';
import { zendesk } from './zendesk';

/** Every platform the node speaks. A new one is a folder beside these and one entry here. */
export const PLATFORMS: Platform[] = [userEngage, engageLab, ninetyNineDigital, intercom, reamaze, zendesk];

/** The platform a node's Platform parameter names, among those the node offers. */
export function platformNamed<T extends Platform>(node: INode, platforms: T[], value: unknown, hint = ''): T {
	const platform = platforms.find((candidate) => candidate.value === value);
	if (!platform) {
		throw new NodeOperationError(node, `Unknown platform "${String(value)}"`, {
			description: `Choose one of: ${platforms.map((candidate) => candidate.value).join(', ')}${hint ? `. ${hint}` : ''}`,
		});
	}
	return platform;
}

/** A node's pickers: the listSearch and loadOptions methods of every platform (or receiver) it offers, merged. */
export function pickerMethods(all: Array<PlatformMethods | undefined>): Required<PlatformMethods> {
	return {
		listSearch: Object.assign({}, ...all.map((methods) => methods?.listSearch ?? {})),
		loadOptions: Object.assign({}, ...all.map((methods) => methods?.loadOptions ?? {})),
	};
}
