import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { addLabels } from './addLabels';
import { assign } from './assign';
import { findContact } from './findContact';
import { getConversation } from './getConversation';
import { getMessages } from './getMessages';
import { chatwootMethods } from './methods';
import { chatwootReceiver } from './receive';
import { removeLabels } from './removeLabels';
import { sendMessage } from './sendMessage';
import { setPriority } from './setPriority';
import { setStatus } from './setStatus';
import { setTyping } from './setTyping';
import { startConversation } from './startConversation';
import { upsertContact } from './upsertContact';

export const ninetyNineDigital: Platform = {
	value: 'ninetyNineDigital',
	name: '99digital / Chatwoot',
	description: 'Send into a 99digital Online or any Chatwoot conversation, files included',
	vendorName: '99digital (Chatwoot)',
	credentialType: 'ninetyNineDigitalApi',
	connect: (node, credentials) => ({
		baseUrl: normalizeBaseUrl(node, credentials.baseUrl, {
			credential: '99digital / Chatwoot API',
			rejectedSuffixes: ['/api', '/api/v1', '/app'],
			example: 'https://online.99digital.co.il or https://app.chatwoot.com',
		}),
		headers: { Accept: 'application/json' },
	}),
	send: {
		parameter: 'chatwootOperation',
		default: 'send',
		noun: 'a 99digital / Chatwoot operation',
		operations: { send: sendMessage, startConversation },
	},
	actions: {
		conversation: {
			parameter: 'operation',
			default: 'get',
			noun: 'a 99digital / Chatwoot conversation operation',
			operations: {
				get: getConversation,
				getMessages,
				assign,
				setStatus,
				addLabels,
				removeLabels,
				setPriority,
				setTyping,
			},
		},
		contact: {
			parameter: 'operation',
			default: 'find',
			noun: 'a 99digital / Chatwoot contact operation',
			operations: { find: findContact, upsert: upsertContact },
		},
	},
	receive: chatwootReceiver(() => ninetyNineDigital),
	methods: chatwootMethods(() => ninetyNineDigital),
};
