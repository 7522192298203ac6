import { NodeOperationError } from 'n8n-workflow';

import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { addTags } from './addTags';
import { assign } from './assign';
import { findContact } from './findContact';
import { getConversation } from './getConversation';
import { getMessages } from './getMessages';
import { reamazeMethods } from './methods';
import { reamazeReceiver } from './receive';
import { removeTags } from './removeTags';
import { sendMessage } from './sendMessage';
import { setStatus } from './setStatus';
import { startConversation } from './startConversation';
import { upsertContact } from './upsertContact';

export const reamaze: Platform = {
	value: 'reamaze',
	name: 'Re:amaze',
	description: 'Send a reply or internal note into a Re:amaze conversation, or start one with a customer',
	vendorName: 'Re:amaze',
	credentialType: 'reamazeApi',
	connect: (node, credentials) => {
		const override = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
		const brand = typeof credentials.brand === 'string' ? credentials.brand.trim() : '';
		if (!override && !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(brand)) {
			throw new NodeOperationError(
				node,
				`The brand of the Re:amaze API credential must be the subdomain of your brand's address, e.g. "acme" for https://acme.reamaze.io`,
			);
		}
		return {
			baseUrl: normalizeBaseUrl(node, override || `https://${brand}.reamaze.io`, {
				credential: 'Re:amaze API',
				rejectedSuffixes: ['/api', '/api/v1'],
				example: 'https://acme.reamaze.io',
			}),
			// Exactly this: Re:amaze answers a browser-like Accept with 406.
			headers: { Accept: 'application/json' },
		};
	},
	send: {
		parameter: 'reamazeOperation',
		default: 'send',
		noun: 'a Re:amaze operation',
		operations: { send: sendMessage, startConversation },
	},
	actions: {
		conversation: {
			parameter: 'operation',
			default: 'get',
			noun: 'a Re:amaze conversation operation',
			operations: { get: getConversation, getMessages, assign, setStatus, addTags, removeTags },
		},
		contact: {
			parameter: 'operation',
			default: 'find',
			noun: 'a Re:amaze contact operation',
			operations: { find: findContact, upsert: upsertContact },
		},
	},
	receive: reamazeReceiver(() => reamaze),
	methods: reamazeMethods(() => reamaze),
};
