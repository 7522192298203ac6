import { NodeOperationError } from 'n8n-workflow';

import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { addTags } from './addTags';
import { assign } from './assign';
import { findContact } from './findContact';
import { getConversation } from './getConversation';
import { getMessages } from './getMessages';
import { zendeskPickers } from './pickers';
import { zendeskReceiver } from './receive';
import { removeTags } from './removeTags';
import { sendMessage } from './sendMessage';
import { setPriority } from './setPriority';
import { setStatus } from './setStatus';
import { startConversation } from './startConversation';
import { upsertContact } from './upsertContact';

export const zendesk: Platform = {
	value: 'zendesk',
	name: 'Zendesk Support',
	description: 'Reply on a Zendesk ticket or add an internal note, with files, or open a ticket for a requester',
	vendorName: 'Zendesk',
	credentialType: 'zendeskSupportApi',
	connect: (node, credentials) => {
		const override = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
		const subdomain = typeof credentials.subdomain === 'string' ? credentials.subdomain.trim() : '';
		if (!override && !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(subdomain)) {
			throw new NodeOperationError(
				node,
				'The subdomain of the Zendesk Support API credential must be the first part of your Zendesk address, e.g. "acme" for https://acme.zendesk.com',
			);
		}
		return {
			baseUrl: normalizeBaseUrl(node, override || `https://${subdomain}.zendesk.com`, {
				credential: 'Zendesk Support API',
				rejectedSuffixes: ['/api', '/api/v2'],
				example: 'https://acme.zendesk.com',
			}),
			headers: { Accept: 'application/json' },
		};
	},
	send: {
		parameter: 'zendeskOperation',
		default: 'sendMessage',
		noun: 'a Zendesk operation',
		operations: { sendMessage, startConversation },
	},
	// No typing indicator or snooze on tickets (vendor-zendesk.md §8).
	actions: {
		conversation: {
			parameter: 'operation',
			default: 'get',
			noun: 'a Zendesk ticket operation',
			operations: { get: getConversation, getMessages, assign, setStatus, addLabels: addTags, removeLabels: removeTags, setPriority },
		},
		contact: {
			parameter: 'operation',
			default: 'find',
			noun: 'a Zendesk user operation',
			operations: { find: findContact, upsert: upsertContact },
		},
	},
	receive: zendeskReceiver(() => zendesk),
	methods: zendeskPickers(() => zendesk),
};
