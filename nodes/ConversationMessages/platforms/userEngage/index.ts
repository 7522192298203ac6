import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { userEngageProperties } from './description';
import { prepareUserEngageMessage } from './message';
import { userEngageReceiver } from './receive';

export const userEngage: Platform = {
	value: 'userEngage',
	name: 'User.com (UserEngage)',
	description: 'Send as an agent into a User.com conversation',
	vendorName: 'User.com',
	credentialType: 'userEngageApi',
	properties: userEngageProperties,
	connect: (node, credentials) => ({
		baseUrl: normalizeBaseUrl(node, credentials.baseUrl, {
			credential: 'User.com (UserEngage) API',
			requiredPath: '/api/public',
			example: 'https://<your app>.user.com/api/public',
		}),
		// The current (v2) API documents this Accept header on every call.
		headers: { Accept: '*/*; version=2' },
	}),
	prepare: prepareUserEngageMessage,
	receive: userEngageReceiver(() => userEngage),
};
