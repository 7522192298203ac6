import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateWithHeader, basicAuthorization } from './authentication';

export class ReamazeApi implements ICredentialType {
	name = 'reamazeApi';

	displayName = 'Re:amaze API';

	icon: Icon = { light: 'file:icons/reamaze.svg', dark: 'file:icons/reamaze.dark.svg' };

	documentationUrl = 'https://www.reamaze.com/api';

	properties: INodeProperties[] = [
		{
			displayName: 'Brand',
			name: 'brand',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description: 'The subdomain of your brand\'s address, e.g. "acme" for https://acme.reamaze.io',
		},
		{
			displayName: 'Login Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'The email you sign in to Re:amaze with; the API acts as this user',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'From Settings → Developer → API Token',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://acme.reamaze.io',
			description: 'Leave empty to use https://{brand}.reamaze.io; set it for a proxy or test server',
		},
	];

	authenticate: IAuthenticate = authenticateWithHeader('Authorization', (credentials) =>
		basicAuthorization(credentials.email, credentials.apiToken),
	);

	// Re:amaze answers 406 unless Accept is exactly application/json.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.baseUrl ? $credentials.baseUrl : "https://" + $credentials.brand + ".reamaze.io" }}',
			url: '/api/v1/conversations',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
	};
}
