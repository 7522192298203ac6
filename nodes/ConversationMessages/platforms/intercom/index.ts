import { NodeOperationError } from 'n8n-workflow';

import { normalizeBaseUrl } from '../../transport/baseUrl';
import { INTERCOM_API_VERSION, INTERCOM_REGION_URLS } from '../../../../credentials/intercomHosts';
import type { Platform } from '../types';

import { addTags } from './addTags';
import { assign } from './assign';
import { contactStartsConversation } from './contactStartsConversation';
import { findContact } from './findContact';
import { getConversation } from './getConversation';
import { getMessages } from './getMessages';
import { intercomMethods } from './methods';
import { intercomReceiver } from './receive';
import { removeTags } from './removeTags';
import { sendMessage } from './sendMessage';
import { setStatus } from './setStatus';
import { startConversation } from './startConversation';
import { upsertContact } from './upsertContact';

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
	// No priority (read-only before the Preview API), typing indicator or pending status in 2.14 (§4).
	actions: {
		conversation: {
			parameter: 'operation',
			default: 'get',
			noun: 'an Intercom conversation operation',
			operations: { get: getConversation, getMessages, assign, setStatus, addLabels: addTags, removeLabels: removeTags },
		},
		contact: {
			parameter: 'operation',
			default: 'find',
			noun: 'an Intercom contact operation',
			operations: { find: findContact, upsert: upsertContact },
		},
	},
	receive: intercomReceiver(() => intercom),
	methods: intercomMethods(() => intercom),
};
