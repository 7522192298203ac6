import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { userEngageReceiver } from './receive';
import { sendMessage } from './sendMessage';
import { startConversation } from './startConversation';

export const userEngage: Platform = {
	value: 'userEngage',
	name: 'User.com (UserEngage)',
	description: 'Send as an agent into a User.com conversation',
	vendorName: 'User.com',
	credentialType: 'userEngageApi',
	connect: (node, credentials) => ({
		baseUrl: normalizeBaseUrl(node, credentials.baseUrl, {
			credential: 'User.com (UserEngage) API',
			requiredPath: '/api/public',
			example: 'https://<your app>.user.com/api/public',
		}),
		// The current (v2) API documents this Accept header on every call.
		headers: { Accept: '*/*; version=2' },
	}),
	send: {
		parameter: 'userEngageOperation',
		default: 'send',
		noun: 'a User.com operation',
		operations: { send: sendMessage, startConversation },
	},
	receive: userEngageReceiver(() => userEngage),
};
