import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateWithHeader } from './authentication';

export class UserEngageApi implements ICredentialType {
	name = 'userEngageApi';

	displayName = 'User.com (UserEngage) API';

	icon: Icon = { light: 'file:icons/userEngage.svg', dark: 'file:icons/userEngage.dark.svg' };

	documentationUrl = 'https://apidocs.user.com/get-started/basic-api-usage.html';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The 64-character public REST API key, from https://&lt;app&gt;.user.com/api/&lt;app key&gt;/credentials/',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.userengage.com/api/public',
			required: true,
			placeholder: 'https://<your app>.user.com/api/public',
			description:
				'Your app\'s public API address. User.com apps use https://&lt;app&gt;.user.com/api/public; older UserEngage apps https://app.userengage.com/api/public.',
		},
	];

	authenticate: IAuthenticate = authenticateWithHeader('Authorization', (credentials) => `Token ${credentials.apiKey as string}`);

	// The first page of the user list: cheap, and answers 401 for a wrong key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/users/',
			method: 'GET',
			headers: { Accept: '*/*; version=2' },
		},
	};
}
