import { NodeOperationError } from 'n8n-workflow';

import { normalizeBaseUrl } from '../../shared/baseUrl';
import type { Platform } from '../types';

import { intercomProperties } from './description';
import { intercomMethods } from './methods';
import { prepareIntercomMessage } from './message';
import { intercomReceiver } from './receive';

const REGION_URLS: Record<string, string> = {
	us: 'https://api.intercom.io',
	eu: 'https://api.eu.intercom.io',
	au: 'https://api.au.intercom.io',
};

/** Pinned: the API changes shape between versions, and a workspace default can move under us. */
export const INTERCOM_VERSION = '2.14';

export const intercom: Platform = {
	value: 'intercom',
	name: 'Intercom',
	description: 'Reply to a conversation, start one as a user or lead, or message a contact as an admin',
	vendorName: 'Intercom',
	credentialType: 'intercomMessagingApi',
	properties: intercomProperties,
	connect: (node, credentials) => {
		const region = String(credentials.region ?? 'us');
		let baseUrl = REGION_URLS[region];
		if (region === 'custom') {
			baseUrl = normalizeBaseUrl(node, credentials.baseUrl, {
				credential: 'Intercom Messaging API',
				example: 'https://intercom-proxy.example.com',
			});
		} else if (!baseUrl) {
			throw new NodeOperationError(
				node,
				`The Intercom Messaging API credential has an unknown region "${region}"`,
				{ description: 'Choose US, Europe, Australia or Custom in the credential.' },
			);
		}
		return { baseUrl, headers: { Accept: 'application/json', 'Intercom-Version': INTERCOM_VERSION } };
	},
	prepare: prepareIntercomMessage,
	receive: intercomReceiver,
	methods: intercomMethods(() => intercom),
};
