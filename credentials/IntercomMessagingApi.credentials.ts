import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateWithHeader } from './authentication';
import { INTERCOM_API_VERSION, INTERCOM_REGION_URLS } from './intercomHosts';

export class IntercomMessagingApi implements ICredentialType {
	// Not `intercomApi`: n8n's built-in Intercom node owns that name.
	name = 'intercomMessagingApi';

	displayName = 'Intercom Messaging API';

	icon: Icon = { light: 'file:icons/intercom.svg', dark: 'file:icons/intercom.dark.svg' };

	documentationUrl = 'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'From the Developer Hub: your app → Configure → Authentication',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'us',
			options: [
				{ name: 'US (api.intercom.io)', value: 'us' },
				{ name: 'Europe (api.eu.intercom.io)', value: 'eu' },
				{ name: 'Australia (api.au.intercom.io)', value: 'au' },
				{ name: 'Custom', value: 'custom', description: 'A proxy or test server' },
			],
			description: 'Where your Intercom workspace is hosted',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://intercom-proxy.example.com',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only needed by the Conversation Message Trigger: your app\'s Client Secret (Developer Hub → your app → Basic information), with which Intercom signs webhook deliveries',
		},
	];

	authenticate: IAuthenticate = authenticateWithHeader('Authorization', (credentials) => `Bearer ${credentials.accessToken as string}`);

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.region === "custom" ? $credentials.baseUrl : (${JSON.stringify(INTERCOM_REGION_URLS)})[$credentials.region] }}`,
			url: '/me',
			method: 'GET',
			headers: { 'Intercom-Version': INTERCOM_API_VERSION, Accept: 'application/json' },
		},
	};
}
