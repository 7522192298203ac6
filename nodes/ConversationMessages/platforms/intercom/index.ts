import { NodeOperationError } from 'n8n-workflow';

import { normalizeBaseUrl } from '../../transport/baseUrl';
import { INTERCOM_API_VERSION, INTERCOM_REGION_URLS } from '../../../../credentials/intercomHosts';
import type { Platform } from '../types';

import { contactStartsConversation } from './contactStartsConversation';
import { intercomMethods } from './methods';
import { intercomReceiver } from './receive';
import { sendMessage } from './sendMessage';
import { startConversation } from './startConversation';


export const intercom: Platform = {
	value: 'intercom',
	name: 'Intercom',
	description: 'Reply to a conversation, start one as a user or lead, or message a contact as an admin',
	vendorName: 'Intercom',
	credentialType: 'intercomMessagingApi',
	connect: (node, credentials) => {
		const region = String(credentials.region ?? 'us');
		let baseUrl = INTERCOM_REGION_URLS[region];
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
		return { baseUrl, headers: { Accept: 'application/json', 'Intercom-Version': INTERCOM_API_VERSION } };
	},
	// Intercom's saved values predate the catalogue: its "startConversation" is a contact writing in.
	send: {
		parameter: 'intercomOperation',
		default: 'reply',
		noun: 'an Intercom operation',
		operations: { adminMessage: startConversation, startConversation: contactStartsConversation, reply: sendMessage },
	},
	receive: intercomReceiver,
	methods: intercomMethods(() => intercom),
};
