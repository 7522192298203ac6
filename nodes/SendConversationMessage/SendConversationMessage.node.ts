import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { PLATFORMS } from './platforms';
import { optionsProperty } from './shared/options';
import { sendConversationMessages } from './shared/sendMessages';

/** Shows a platform's panel only when that platform is chosen. */
function forPlatform(platform: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, platform: [platform] },
		},
	}));
}

const platformNames = Object.fromEntries(PLATFORMS.map((platform) => [platform.value, platform.name]));

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
		subtitle: `={{ ${JSON.stringify(platformNames)}[$parameter["platform"]] }}`,
		description:
			'Post a message, files included, into a support conversation on User.com, EngageLab LiveDesk, 99digital / Chatwoot, Intercom or Re:amaze',
		defaults: { name: 'Send Conversation Message' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// `/platform` (the root path) rather than `platform`: n8n's editor treats a parameter named
		// in credentials' displayOptions as the node's authentication method and hides it from the
		// panel; the Platform choice belongs in the panel, where users look for it.
		credentials: PLATFORMS.map((platform) => ({
			name: platform.credentialType,
			required: true,
			displayOptions: { show: { '/platform': [platform.value] } },
		})),
		properties: [
			{
				displayName: 'Platform',
				name: 'platform',
				type: 'options',
				noDataExpression: true,
				default: 'ninetyNineDigital',
				options: PLATFORMS.map(({ name, value, description }) => ({ name, value, description })),
				description: 'The chat platform your company uses',
			},
			...PLATFORMS.flatMap((platform) => forPlatform(platform.value, platform.properties)),
			optionsProperty,
		],
	};

	methods = {
		listSearch: Object.assign({}, ...PLATFORMS.map((platform) => platform.methods?.listSearch ?? {})),
		loadOptions: Object.assign({}, ...PLATFORMS.map((platform) => platform.methods?.loadOptions ?? {})),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await sendConversationMessages.call(this);
	}
}
