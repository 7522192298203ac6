import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { assign } from './assign';
import { findContact } from './findContact';
import { getConversation } from './getConversation';
import { getMessages } from './getMessages';
import { userEngageReceiver } from './receive';
import { sendMessage } from './sendMessage';
import { setStatus } from './setStatus';
import { startConversation } from './startConversation';
import { upsertContact } from './upsertContact';

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
	actions: {
		conversation: {
			parameter: 'operation',
			default: 'get',
			noun: 'a User.com conversation operation',
			operations: { get: getConversation, getMessages, assign, setStatus },
		},
		contact: {
			parameter: 'operation',
			default: 'find',
			noun: 'a User.com contact operation',
			operations: { find: findContact, upsert: upsertContact },
		},
	},
	receive: userEngageReceiver(() => userEngage),
};
