import type { IDataObject } from 'n8n-workflow';

import type { Action } from '../../operations/types';
import { wholeNumber } from '../../params/checks';
import { ChatwootAction, unixSeconds } from '../chatwoot/actions';
import { readStatusTarget, statusFields } from '../chatwoot/status';

import { conversationField } from './fields';

/**
 * POST /api/v2/accounts/conversations/{id}/toggle_status, always with `status` (vendor-actions.md
 * §3). LiveDesk documents no way to read a conversation: no read first, and the output is what
 * its answer says (a repeat with the same status changes nothing).
 */
export const setStatus: Action = {
	operation: 'setConversationStatus',
	fields: [conversationField, ...statusFields],

	prepare(p) {
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const target = readStatusTarget(p);
		const chatwoot = new ChatwootAction(p, 'setConversationStatus', 'engageLab', '/api/v2/accounts', null);
		return {
			orderingKey: `engageLab/${conversationId}`,
			send: async (client) => {
				const path = chatwoot.conversationPath(conversationId, '/toggle_status');
				const { body } = await chatwoot.call(client, { method: 'POST', path, json: target.json, safeToRetry: true });
				const payload = ((body as IDataObject | undefined)?.payload ?? {}) as IDataObject;
				const status = typeof payload.current_status === 'string' ? payload.current_status : target.status;
				const snoozedUntil = unixSeconds(payload.snoozed_until);
				return [
					{
						json: {
							platform: 'engageLab',
							conversationId: String(conversationId),
							status,
							vendorStatus: status,
							snoozedUntil: snoozedUntil === null ? null : new Date(snoozedUntil * 1000).toISOString(),
							raw: (body ?? {}) as IDataObject,
						},
					},
				];
			},
		};
	},
};
