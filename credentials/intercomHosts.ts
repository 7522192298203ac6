// Facts the Intercom Messaging API credential owns, read by its test request and by the node's
// Intercom platform: one place, so the credential test and the messages always reach the same host
// with the same API version.

/** Pinned: the API changes shape between versions, and a workspace default can move under us. */
export const INTERCOM_API_VERSION = '2.14';

/** The credential's Region values and the API host of each (Custom gives its own Base URL). */
export const INTERCOM_REGION_URLS: Readonly<Record<string, string>> = {
	us: 'https://api.intercom.io',
	eu: 'https://api.eu.intercom.io',
	au: 'https://api.au.intercom.io',
};
