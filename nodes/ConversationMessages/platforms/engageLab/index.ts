import { normalizeBaseUrl } from '../../transport/baseUrl';
import type { Platform } from '../types';

import { findContact } from './findContact';
import { engageLabReceiver } from './receive';
import { sendMessage } from './sendMessage';
import { setStatus } from './setStatus';
import { startConversation } from './startConversation';
import { upsertContact } from './upsertContact';

export const engageLab: Platform = {
	value: 'engageLab',
	name: 'EngageLab LiveDesk',
	description: 'Send as an agent into a LiveDesk conversation, files included, or start one with a contact',
	vendorName: 'EngageLab LiveDesk',
	credentialType: 'engageLabLiveDeskApi',
	connect: (node, credentials) => ({
		baseUrl: normalizeBaseUrl(node, credentials.baseUrl, {
			credential: 'EngageLab LiveDesk API',
			rejectedSuffixes: ['/api', '/api/v2', '/api/v2/accounts'],
			example: 'https://livedesk-api.engagelab.com',
		}),
		headers: { Accept: 'application/json' },
	}),
	send: {
		parameter: 'engageLabOperation',
		default: 'send',
		noun: 'an EngageLab LiveDesk operation',
		operations: { send: sendMessage, startConversation },
	},
	// Only what LiveDesk documents (vendor-actions.md §3): no read, history, assignment, labels or priority.
	actions: {
		conversation: {
			parameter: 'operation',
			default: 'setStatus',
			noun: 'an EngageLab LiveDesk conversation operation',
			operations: { setStatus },
		},
		contact: {
			parameter: 'operation',
			default: 'find',
			noun: 'an EngageLab LiveDesk contact operation',
			operations: { find: findContact, upsert: upsertContact },
		},
	},
	receive: engageLabReceiver,
};
