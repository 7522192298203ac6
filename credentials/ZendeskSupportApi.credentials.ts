import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateWithHeader, basicAuthorization } from './authentication';

export class ZendeskSupportApi implements ICredentialType {
	// Not `zendeskApi` / `zendeskOAuth2Api`: those are n8n's own Zendesk credentials.
	name = 'zendeskSupportApi';

	displayName = 'Zendesk Support (Conversation Messages) API';

	icon: Icon = { light: 'file:icons/zendesk.svg', dark: 'file:icons/zendesk.dark.svg' };

	documentationUrl = 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/';

	properties: INodeProperties[] = [
		{
			displayName: 'Subdomain',
			name: 'subdomain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description: 'The subdomain of your Zendesk address, e.g. "acme" for https://acme.zendesk.com',
		},
		{
			displayName: 'Authentication',
			name: 'authMethod',
			type: 'options',
			default: 'apiToken',
			options: [
				{ name: 'API Token', value: 'apiToken', description: 'An agent\'s email and an API token (Admin Center → Apps and integrations → Zendesk API)' },
				{ name: 'OAuth Access Token', value: 'oauthAccessToken', description: 'A bearer token from an OAuth client you registered in Zendesk' },
			],
		},
		{
			displayName: 'Agent Email',
			name: 'email',
			type: 'string',
			placeholder: 'bot@acme.example',
			default: '',
			required: true,
			displayOptions: { show: { authMethod: ['apiToken'] } },
			description: 'The agent the API acts as: replies, notes and tickets are written in this agent\'s name. A dedicated agent for the bot keeps them apart from people\'s.',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authMethod: ['apiToken'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authMethod: ['oauthAccessToken'] } },
			description: 'Sent as "Authorization: Bearer …"; it needs the read and write scopes',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://acme.zendesk.com',
			description: 'Leave empty to use https://{subdomain}.zendesk.com; set it for a host mapped to Zendesk, a proxy or a test server',
		},
	];

	// An API token is Basic "{email}/token:{token}" (Zendesk's own curl examples: -u {email}/token:{token}).
	authenticate: IAuthenticate = authenticateWithHeader('Authorization', (credentials) =>
		credentials.authMethod === 'oauthAccessToken'
			? `Bearer ${String(credentials.accessToken)}`
			: basicAuthorization(`${String(credentials.email)}/token`, credentials.apiToken),
	);

	/**
	 * users/me answers 401 to a wrong secret; a request Zendesk did not authenticate may come back
	 * 200 as the anonymous user, and an end user's token cannot act on tickets: both fail the test.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://" + $credentials.subdomain + ".zendesk.com" }}',
			url: '/api/v2/users/me',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'user.role',
					value: 'end-user',
					message: 'Zendesk answered as an end user or the anonymous user: use an agent\'s or admin\'s email and API token',
				},
			},
		],
	};
}
