import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourcePanel } from './operations/panel';
import { forPlatform, platformCredentials, platformProperty } from './params/panel';
import { PLATFORMS, pickerMethods } from './platforms';
import { runConversationActions } from './run/actions';

export class ConversationActions implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Conversation Actions',
		name: 'conversationActions',
		icon: {
			light: 'file:sendConversationMessage.svg',
			dark: 'file:sendConversationMessage.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Act on a support conversation: read it and its messages, assign it, set its status, labels and priority; find and update contacts',
		defaults: { name: 'Conversation Actions' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: platformCredentials(PLATFORMS),
		properties: [
			platformProperty(PLATFORMS, 'ninetyNineDigital'),
			...PLATFORMS.flatMap((platform) => forPlatform(platform.value, resourcePanel(platform.actions))),
		],
	};

	methods = pickerMethods(PLATFORMS.map((platform) => platform.methods));

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runConversationActions.call(this);
	}
}
