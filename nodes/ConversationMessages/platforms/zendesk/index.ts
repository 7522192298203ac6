import { NodeOperationError } from 'n8n-workflow';

import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { zendeskReceiver } from './receive';
import { sendMessage } from './sendMessage';
import { startConversation } from './startConversation';

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
	actions: {},
	receive: zendeskReceiver,
};
