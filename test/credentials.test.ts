import { resolveCredentialTest, runCredentialTest } from './helpers/credentialTest';
import { CREDENTIAL_TYPES } from './helpers/engine';
import { CREDENTIAL_TYPE, credentialsFor, useMockVendors } from './helpers/vendors';
import { fixtures } from '../mocks';
import type { VendorKey } from '../mocks';

const mocks = useMockVendors();
const WRONG = fixtures.WRONG_SECRET;

const secretField: Record<VendorKey, string> = {
	userEngage: 'apiKey',
	engageLab: 'apiSecret',
	ninetyNineDigital: 'accessToken',
	intercom: 'accessToken',
	reamaze: 'apiToken',
	zendesk: 'apiToken',
};

const testPath: Record<VendorKey, string> = {
	userEngage: '/api/public/users/',
	engageLab: '/api/v2/accounts/contacts',
	ninetyNineDigital: '/api/v1/profile',
	intercom: '/me',
	reamaze: '/api/v1/conversations',
	zendesk: '/api/v2/users/me',
};

describe.each(Object.keys(CREDENTIAL_TYPE) as VendorKey[])('%s credential test', (platform) => {
	const type = CREDENTIAL_TYPE[platform];

	test('passes with the right secret, against the cheap GET the vendor documents', async () => {
		const [credentials] = Object.values(credentialsFor(mocks(), platform));
		const result = await runCredentialTest(type, credentials);
		expect(result.status).toBe(200);
		const [request] = mocks()[platform].requests;
		expect([request.method, request.path]).toEqual(['GET', testPath[platform]]);
		expect(request.authenticated).toBe(true);
	});

	test('fails with a wrong secret', async () => {
		const [credentials] = Object.values(credentialsFor(mocks(), platform, { [secretField[platform]]: WRONG }));
		const result = await runCredentialTest(type, credentials);
		expect([401, 403]).toContain(result.status);
		expect(mocks()[platform].requests[0].authenticated).toBe(false);
	});

	test('a trailing slash on the base URL still reaches the same path', async () => {
		const [credentials] = Object.values(credentialsFor(mocks(), platform));
		await runCredentialTest(type, { ...credentials, baseUrl: `${String(credentials.baseUrl)}/` });
		expect(mocks()[platform].requests[0].path).toBe(testPath[platform]);
	});

	test('has a documentation URL, an icon and password-typed secrets', () => {
		const credentialType = CREDENTIAL_TYPES[type];
		expect(credentialType.documentationUrl).toMatch(/^https:\/\//);
		expect(credentialType.icon).toEqual({ light: expect.stringMatching(/^file:icons\/.+\.svg$/), dark: expect.stringMatching(/^file:icons\/.+\.dark\.svg$/) });
		const secret = credentialType.properties.find((property) => property.name === secretField[platform]);
		expect(secret?.typeOptions?.password).toBe(true);
	});
});

test('EngageLab test lists contacts page 1', async () => {
	const [credentials] = Object.values(credentialsFor(mocks(), 'engageLab'));
	await runCredentialTest('engageLabLiveDeskApi', credentials);
	expect(mocks().engageLab.requests[0].query).toEqual({ page: '1' });
});

test('Intercom test pins the API version; regions resolve to Intercom hosts', async () => {
	const [credentials] = Object.values(credentialsFor(mocks(), 'intercom'));
	await runCredentialTest('intercomMessagingApi', credentials);
	expect(mocks().intercom.requests[0].intercomVersion).toBe('2.14');

	// The real hosts are out of reach here: only the resolved request is checked.
	const urls = await Promise.all(
		['us', 'eu', 'au'].map(async (region) =>
			(await resolveCredentialTest('intercomMessagingApi', { accessToken: 'x', region, baseUrl: '' })).url,
		),
	);
	expect(urls).toEqual(['https://api.intercom.io/me', 'https://api.eu.intercom.io/me', 'https://api.au.intercom.io/me']);
});

test('Re:amaze test goes to https://{brand}.reamaze.io when no base URL is set', async () => {
	const resolved = await resolveCredentialTest('reamazeApi', { brand: 'acme', email: 'a@b.example', apiToken: 't', baseUrl: '' });
	expect(resolved.url).toBe('https://acme.reamaze.io/api/v1/conversations');
	const [credentials] = Object.values(credentialsFor(mocks(), 'reamaze'));
	const result = await runCredentialTest('reamazeApi', credentials);
	expect(result.headers.Accept).toBe('application/json');
});
