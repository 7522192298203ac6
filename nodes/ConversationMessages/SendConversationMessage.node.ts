import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationPanel } from './operations/panel';
import { forPlatform, platformCredentials, platformProperty, platformSubtitle } from './params/panel';
import { PLATFORMS, pickerMethods } from './platforms';
import { optionsProperty } from './run/options';
import { sendConversationMessages } from './run/sendMessages';

export class SendConversationMessage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Send Conversation Message',
		name: 'sendConversationMessage',
		icon: {
			light: 'file:sendConversationMessage.svg',
			dark: 'file:sendConversationMessage.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: platformSubtitle(PLATFORMS),
		description:
			'Post a message, files included, into a support conversation on User.com, EngageLab LiveDesk, 99digital / Chatwoot, Intercom or Re:amaze',
		defaults: { name: 'Send Conversation Message' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: platformCredentials(PLATFORMS),
		properties: [
			platformProperty(PLATFORMS, 'ninetyNineDigital'),
			...PLATFORMS.flatMap((platform) => forPlatform(platform.value, operationPanel(platform.send))),
			optionsProperty,
		],
	};

	methods = pickerMethods(PLATFORMS.map((platform) => platform.methods));

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await sendConversationMessages.call(this);
	}
}
