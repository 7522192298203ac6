import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { engageLabProperties } from './description';
import { prepareEngageLabMessage } from './message';
import { engageLabReceiver } from './receive';

export const engageLab: Platform = {
	value: 'engageLab',
	name: 'EngageLab LiveDesk',
	description: 'Send as an agent into a LiveDesk conversation, files included, or start one with a contact',
	vendorName: 'EngageLab LiveDesk',
	credentialType: 'engageLabLiveDeskApi',
	properties: engageLabProperties,
	connect: (node, credentials) => ({
		baseUrl: normalizeBaseUrl(node, credentials.baseUrl, {
			credential: 'EngageLab LiveDesk API',
			rejectedSuffixes: ['/api', '/api/v2', '/api/v2/accounts'],
			example: 'https://livedesk-api.engagelab.com',
		}),
		headers: { Accept: 'application/json' },
	}),
	prepare: prepareEngageLabMessage,
	receive: engageLabReceiver,
};
