import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateWithHeader } from './authentication';

export class NinetyNineDigitalApi implements ICredentialType {
	name = 'ninetyNineDigitalApi';

	displayName = '99digital / Chatwoot API';

	icon: Icon = { light: 'file:icons/ninetyNineDigital.svg', dark: 'file:icons/ninetyNineDigital.dark.svg' };

	documentationUrl = 'https://docs.99digital.co.il/online-api/getting-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your user access token, from Profile Settings → Access Token',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://online.99digital.co.il',
			required: true,
			description:
				'99digital Online is built on Chatwoot: put any Chatwoot instance\'s address here (e.g. https://app.chatwoot.com or your self-hosted one), without /api',
		},
	];

	authenticate: IAuthenticate = authenticateWithHeader('api_access_token', (credentials) => credentials.accessToken as string);

	// The token's own profile. An agent-bot token fails here although it may post messages.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v1/profile',
			method: 'GET',
		},
	};
}
