import type { Action } from '../../operations/types';
import { wholeNumber } from '../../params/checks';
import { ChatwootAction, unixSeconds } from '../chatwoot/actions';
import { readStatusTarget, statusFields } from '../chatwoot/status';

import { conversationField, sendAccountField } from './fields';

/**
 * POST …/toggle_status, always with `status` (without it Chatwoot flips it), after a read: a
 * conversation already in that state gets no write (a user token's "open" would otherwise
 * re-assign it to the caller, vendor-actions.md §1.5).
 */
export const setStatus: Action = {
	operation: 'setConversationStatus',
	fields: [sendAccountField, conversationField, ...statusFields],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const target = readStatusTarget(p);
		const chatwoot = new ChatwootAction(p, 'setConversationStatus', 'ninetyNineDigital', `/api/v1/accounts/${accountId}`, accountId);
		return {
			orderingKey: `${accountId}/${conversationId}`,
			send: async (client) => {
				const state = await chatwoot.conversation(client, conversationId);
				const raw = state.raw as { snoozed_until?: unknown };
				if (state.status === target.status && (target.status !== 'snoozed' || unixSeconds(raw.snoozed_until) === target.snoozedUntil)) {
					return [{ json: state }];
				}
				await chatwoot.call(client, { method: 'POST', path: chatwoot.conversationPath(conversationId, '/toggle_status'), json: target.json, safeToRetry: true });
				return [{ json: await chatwoot.conversation(client, conversationId) }];
			},
		};
	},
};
