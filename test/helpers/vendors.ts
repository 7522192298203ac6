import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { MockVendors, RecordedRequest, VendorKey } from '../../mocks';
import { fixtures, startMockVendors } from '../../mocks';

export type { MockVendors, RecordedRequest, VendorKey };
export { startMockVendors };

export const { ALL_SECRETS, CREDENTIALS } = fixtures;

export const CREDENTIAL_TYPE: Record<VendorKey, string> = {
	userEngage: 'userEngageApi',
	engageLab: 'engageLabLiveDeskApi',
	ninetyNineDigital: 'ninetyNineDigitalApi',
	intercom: 'intercomMessagingApi',
	reamaze: 'reamazeApi',
	zendesk: 'zendeskSupportApi',
};

/** Zendesk lets only administrators register webhooks (vendor-zendesk.md §9.1): the override its trigger tests run on. */
export const ZENDESK_ADMIN = { email: CREDENTIALS.zendesk.adminEmail, apiToken: CREDENTIALS.zendesk.adminApiToken };

/** The credential a user would save for each platform, pointed at the loopback mock. */
export function credentialsFor(
	mocks: MockVendors,
	platform: VendorKey,
	override: Record<string, unknown> = {},
): Record<string, ICredentialDataDecryptedObject> {
	const data: Record<VendorKey, ICredentialDataDecryptedObject> = {
		userEngage: { apiKey: CREDENTIALS.userEngage.apiKey, baseUrl: mocks.userEngage.baseUrl },
		engageLab: {
			apiKey: CREDENTIALS.engageLab.apiKey,
			apiSecret: CREDENTIALS.engageLab.apiSecret,
			baseUrl: mocks.engageLab.baseUrl,
		},
		ninetyNineDigital: {
			accessToken: CREDENTIALS.ninetyNineDigital.accessToken,
			baseUrl: mocks.ninetyNineDigital.baseUrl,
		},
		intercom: { accessToken: CREDENTIALS.intercom.accessToken, region: 'custom', baseUrl: mocks.intercom.baseUrl },
		reamaze: {
			brand: CREDENTIALS.reamaze.brand,
			email: CREDENTIALS.reamaze.email,
			apiToken: CREDENTIALS.reamaze.apiToken,
			baseUrl: mocks.reamaze.baseUrl,
		},
		zendesk: {
			subdomain: CREDENTIALS.zendesk.subdomain,
			authMethod: 'apiToken',
			email: CREDENTIALS.zendesk.email,
			apiToken: CREDENTIALS.zendesk.apiToken,
			baseUrl: mocks.zendesk.baseUrl,
		},
	};
	return { [CREDENTIAL_TYPE[platform]]: { ...data[platform], ...(override as ICredentialDataDecryptedObject) } };
}

/** Starts the mock vendors for a test file and clears their records before each test. */
export function useMockVendors(): () => MockVendors {
	let mocks: MockVendors | undefined;
	beforeAll(async () => {
		mocks = await startMockVendors();
	});
	beforeEach(() => mocks?.reset());
	afterAll(async () => await mocks?.close());
	return () => mocks!;
}

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}
