import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** What a node's panel needs to know of a platform. */
interface PlatformChoice {
	value: string;
	name: string;
	description: string;
	credentialType: string;
}

/** Shows a platform's panel only when that platform is chosen. */
export function forPlatform(platform: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, platform: [platform] },
		},
	}));
}

/** The Platform choice: one parameter, the same name and values in every node of the package. */
export function platformProperty(platforms: PlatformChoice[], defaultPlatform: string): INodeProperties {
	return {
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		noDataExpression: true,
		default: defaultPlatform,
		options: platforms.map(({ name, value, description }) => ({ name, value, description })),
		description: 'The chat platform your company uses',
	};
}

/**
 * One credential per platform, asked for when that platform is chosen. `/platform` (the root
 * path) rather than `platform`: n8n's editor treats a parameter named in credentials'
 * displayOptions as the node's authentication method and hides it from the panel; the Platform
 * choice belongs in the panel, where users look for it.
 */
export function platformCredentials(platforms: PlatformChoice[]): INodeCredentialDescription[] {
	return platforms.map((platform) => ({
		name: platform.credentialType,
		required: true,
		displayOptions: { show: { '/platform': [platform.value] } },
	}));
}

export function platformSubtitle(platforms: PlatformChoice[]): string {
	const names = Object.fromEntries(platforms.map((platform) => [platform.value, platform.name]));
	return `={{ ${JSON.stringify(names)}[$parameter["platform"]] }}`;
}
