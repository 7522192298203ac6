'use strict';
/**
 * The credentials the example workflows use, by fixed id and name, for `n8n import:credentials`.
 * n8n encrypts the plain `data` object with the instance key on import.
 *
 *   mockCredentials(mocks)      credentials pointing at the loopback mock vendors (mocks/)
 *   realCredentials(env)        credentials from environment variables (see ENV_HELP)
 *   wrongSecretCredentials(mocks)  same as mockCredentials but with a well-formed wrong secret (e2e)
 */

/** Fixed credential ids/names referenced by examples/*.json and test/e2e/workflows/*.json. */
const CREDENTIAL_REFS = Object.freeze({
	userEngage: { type: 'userEngageApi', id: 'cmCredUserEng001', name: 'User.com (UserEngage) account' },
	engageLab: { type: 'engageLabLiveDeskApi', id: 'cmCredEngageL001', name: 'EngageLab LiveDesk account' },
	ninetyNineDigital: { type: 'ninetyNineDigitalApi', id: 'cmCred99Digit001', name: '99digital account' },
	intercom: { type: 'intercomMessagingApi', id: 'cmCredIntercom01', name: 'Intercom account' },
	reamaze: { type: 'reamazeApi', id: 'cmCredReamaze001', name: 'Re:amaze account' },
	zendesk: { type: 'zendeskSupportApi', id: 'cmCredZendesk001', name: 'Zendesk Support account' },
});

/** Same types, wrong secret (e2e failure paths). */
const WRONG_CREDENTIAL_REFS = Object.freeze({
	userEngage: { type: 'userEngageApi', id: 'cmBadUserEng0001', name: 'User.com (wrong secret)' },
	engageLab: { type: 'engageLabLiveDeskApi', id: 'cmBadEngageL0001', name: 'EngageLab (wrong secret)' },
	ninetyNineDigital: { type: 'ninetyNineDigitalApi', id: 'cmBad99Digit0001', name: '99digital (wrong secret)' },
	intercom: { type: 'intercomMessagingApi', id: 'cmBadIntercom001', name: 'Intercom (wrong secret)' },
	reamaze: { type: 'reamazeApi', id: 'cmBadReamaze0001', name: 'Re:amaze (wrong secret)' },
	zendesk: { type: 'zendeskSupportApi', id: 'cmBadZendesk0001', name: 'Zendesk Support (wrong secret)' },
});

const PLATFORMS = Object.freeze(Object.keys(CREDENTIAL_REFS));

/**
 * A second Zendesk credential, an administrator's: only administrators manage webhooks and
 * triggers, which the Conversation Message Trigger registers on Zendesk (its workflows use it).
 */
const ZENDESK_ADMIN_REF = Object.freeze({ type: 'zendeskSupportApi', id: 'cmCredZendeskAdm', name: 'Zendesk Support account (administrator)' });

function mockData(platform, mocks, secrets) {
	const base = mocks[platform].baseUrl;
	switch (platform) {
		case 'userEngage':
			return { apiKey: secrets.userEngage.apiKey, baseUrl: base };
		case 'engageLab':
			return { apiKey: secrets.engageLab.apiKey, apiSecret: secrets.engageLab.apiSecret, baseUrl: base };
		case 'ninetyNineDigital':
			return { accessToken: secrets.ninetyNineDigital.accessToken, baseUrl: base };
		case 'intercom':
			return { accessToken: secrets.intercom.accessToken, region: 'custom', baseUrl: base, clientSecret: secrets.intercom.clientSecret };
		case 'reamaze':
			return { brand: secrets.reamaze.brand, email: secrets.reamaze.email, apiToken: secrets.reamaze.apiToken, baseUrl: base };
		case 'zendesk':
			return { subdomain: secrets.zendesk.subdomain, authMethod: 'apiToken', email: secrets.zendesk.email, apiToken: secrets.zendesk.apiToken, baseUrl: base };
		default:
			throw new Error(`unknown platform ${platform}`);
	}
}

function fixtures() {
	return require('../mocks/fixtures');
}

/** Credentials for every platform, pointed at the running mock vendors. */
function mockCredentials(mocks) {
	const { CREDENTIALS } = fixtures();
	const admin = { ...CREDENTIALS, zendesk: { ...CREDENTIALS.zendesk, email: CREDENTIALS.zendesk.adminEmail, apiToken: CREDENTIALS.zendesk.adminApiToken } };
	return [...PLATFORMS.map((p) => ({ ...CREDENTIAL_REFS[p], data: mockData(p, mocks, CREDENTIALS) })), { ...ZENDESK_ADMIN_REF, data: mockData('zendesk', mocks, admin) }];
}

/** Mock credentials whose secret is well-formed but wrong (the vendor answers 401). */
function wrongSecretCredentials(mocks) {
	const { CREDENTIALS, WRONG_SECRET } = fixtures();
	const wrong = {
		userEngage: { apiKey: WRONG_SECRET },
		engageLab: { apiKey: CREDENTIALS.engageLab.apiKey, apiSecret: WRONG_SECRET },
		ninetyNineDigital: { accessToken: WRONG_SECRET },
		intercom: { accessToken: WRONG_SECRET },
		reamaze: { ...CREDENTIALS.reamaze, apiToken: WRONG_SECRET },
		zendesk: { ...CREDENTIALS.zendesk, apiToken: WRONG_SECRET },
	};
	return PLATFORMS.map((p) => ({ ...WRONG_CREDENTIAL_REFS[p], data: mockData(p, mocks, { ...CREDENTIALS, [p]: { ...CREDENTIALS[p], ...wrong[p] } }) }));
}

/** Field of the credential that carries the secret (the one the e2e swaps for a wrong value). */
const SECRET_FIELD = Object.freeze({
	userEngage: 'apiKey',
	engageLab: 'apiSecret',
	ninetyNineDigital: 'accessToken',
	intercom: 'accessToken',
	reamaze: 'apiToken',
	zendesk: 'apiToken',
});

/** Environment variables for real vendors: [variable, credential field, required, description]. */
const ENV = Object.freeze({
	userEngage: [
		['USERENGAGE_API_KEY', 'apiKey', true, '64-char public REST API key'],
		['USERENGAGE_BASE_URL', 'baseUrl', true, 'e.g. https://<app>.user.com/api/public'],
	],
	engageLab: [
		['ENGAGELAB_API_KEY', 'apiKey', true, 'LiveDesk API key'],
		['ENGAGELAB_API_SECRET', 'apiSecret', true, 'LiveDesk API secret'],
		['ENGAGELAB_BASE_URL', 'baseUrl', false, 'default https://livedesk-api.engagelab.com'],
	],
	ninetyNineDigital: [
		['NINETYNINE_ACCESS_TOKEN', 'accessToken', true, 'user API access token (profile page)'],
		['NINETYNINE_BASE_URL', 'baseUrl', false, 'default https://online.99digital.co.il'],
	],
	intercom: [
		['INTERCOM_ACCESS_TOKEN', 'accessToken', true, 'access token of your Intercom app'],
		['INTERCOM_REGION', 'region', false, 'us (default) | eu | au | custom'],
		['INTERCOM_BASE_URL', 'baseUrl', false, 'only with INTERCOM_REGION=custom'],
		['INTERCOM_CLIENT_SECRET', 'clientSecret', false, 'app client secret (the trigger checks webhook signatures with it)'],
	],
	reamaze: [
		['REAMAZE_BRAND', 'brand', true, 'brand subdomain (https://<brand>.reamaze.io)'],
		['REAMAZE_EMAIL', 'email', true, 'login email of the API user'],
		['REAMAZE_API_TOKEN', 'apiToken', true, 'API token (Settings → API Token)'],
		['REAMAZE_BASE_URL', 'baseUrl', false, 'override of https://<brand>.reamaze.io'],
	],
	zendesk: [
		['ZENDESK_SUBDOMAIN', 'subdomain', true, 'https://<subdomain>.zendesk.com'],
		['ZENDESK_EMAIL', 'email', true, 'email of the agent the API acts as'],
		['ZENDESK_API_TOKEN', 'apiToken', true, 'API token (Admin Center → Apps and integrations → Zendesk API)'],
		['ZENDESK_BASE_URL', 'baseUrl', false, 'override of https://<subdomain>.zendesk.com'],
	],
});

const ENV_HELP = PLATFORMS.map((p) =>
	ENV[p].map(([name, , required, desc]) => `    ${name.padEnd(24)} ${required ? '(required) ' : '(optional) '}${desc}`).join('\n'),
).join('\n');

/**
 * Credentials for the platforms whose required variables are all set.
 * Returns { credentials, configured: [platform], missing: {platform: [variable]} }.
 */
function realCredentials(env = process.env) {
	const credentials = [];
	const configured = [];
	const missing = {};
	for (const p of PLATFORMS) {
		const data = {};
		const lack = [];
		for (const [name, field, required] of ENV[p]) {
			if (env[name]) data[field] = env[name];
			else if (required) lack.push(name);
		}
		if (lack.length) {
			missing[p] = lack;
			continue;
		}
		if (p === 'intercom' && !data.region) data.region = data.baseUrl ? 'custom' : 'us';
		credentials.push({ ...CREDENTIAL_REFS[p], data });
		// The trigger's workflows name the administrator's credential: the same account here (it must be an administrator's).
		if (p === 'zendesk') credentials.push({ ...ZENDESK_ADMIN_REF, data });
		configured.push(p);
	}
	return { credentials, configured, missing };
}

/** The chat model credential of the AI-agent example, pointed at the OpenAI-compatible mock. */
const OPENAI_REF = Object.freeze({ type: 'openAiApi', id: 'cmCredOpenAiMock', name: 'OpenAI-compatible API' });

function aiCredentials(mocks) {
	return [{ ...OPENAI_REF, data: { apiKey: mocks.openAi.apiKey, url: mocks.openAi.baseUrl } }];
}

module.exports = {
	OPENAI_REF,
	ZENDESK_ADMIN_REF,
	aiCredentials,
	CREDENTIAL_REFS,
	WRONG_CREDENTIAL_REFS,
	PLATFORMS,
	SECRET_FIELD,
	ENV,
	ENV_HELP,
	mockCredentials,
	wrongSecretCredentials,
	realCredentials,
};
