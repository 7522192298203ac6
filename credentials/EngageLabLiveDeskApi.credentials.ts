import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateWithHeader, basicAuthorization } from './authentication';

export class EngageLabLiveDeskApi implements ICredentialType {
	name = 'engageLabLiveDeskApi';

	displayName = 'EngageLab LiveDesk API';

	icon: Icon = { light: 'file:icons/engageLab.svg', dark: 'file:icons/engageLab.dark.svg' };

	documentationUrl = 'https://www.engagelab.com/docs/livedesk/rest-api/rest-api-overview';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'From LiveDesk: Project Settings → API Management',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown next to the API key in Project Settings → API Management',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://livedesk-api.engagelab.com',
			required: true,
			description: 'The LiveDesk API address, without /api/v2',
		},
	];

	authenticate: IAuthenticate = authenticateWithHeader('Authorization', (credentials) =>
		basicAuthorization(credentials.apiKey, credentials.apiSecret),
	);

	// "List Contact", first page: the cheapest documented call that checks key and secret.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v2/accounts/contacts',
			qs: { page: 1 },
			method: 'GET',
		},
	};
}
