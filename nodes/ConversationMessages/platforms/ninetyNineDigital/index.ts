import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { ninetyNineDigitalProperties } from './description';
import { chatwootMethods } from './methods';
import { prepareChatwootMessage } from './message';
import { chatwootReceiver } from './receive';

export const ninetyNineDigital: Platform = {
	value: 'ninetyNineDigital',
	name: '99digital / Chatwoot',
	description: 'Send into a 99digital Online or any Chatwoot conversation, files included',
	vendorName: '99digital (Chatwoot)',
	credentialType: 'ninetyNineDigitalApi',
	properties: ninetyNineDigitalProperties,
	connect: (node, credentials) => ({
		baseUrl: normalizeBaseUrl(node, credentials.baseUrl, {
			credential: '99digital / Chatwoot API',
			rejectedSuffixes: ['/api', '/api/v1', '/app'],
			example: 'https://online.99digital.co.il or https://app.chatwoot.com',
		}),
		headers: { Accept: 'application/json' },
	}),
	prepare: prepareChatwootMessage,
	receive: chatwootReceiver(() => ninetyNineDigital),
	methods: chatwootMethods(() => ninetyNineDigital),
};
