import type { Action } from '../../operations/types';
import { oneOf, wholeNumber } from '../../params/checks';
import { ChatwootAction } from '../chatwoot/actions';

import { conversationField, sendAccountField } from './fields';

const TYPING = ['on', 'off'] as const;

/** POST …/toggle_typing_status: shown to the contact where the channel shows typing; nothing is stored, so a repeat is harmless. */
export const setTyping: Action = {
	operation: 'setTyping',
	fields: [
		sendAccountField,
		conversationField,
		{
			displayName: 'Typing',
			name: 'typing',
			type: 'options',
			default: 'on',
			options: [
				{ name: 'On', value: 'on', description: 'Show the contact that an agent is typing' },
				{ name: 'Off', value: 'off', description: 'Stop showing it' },
			],
		},
	],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const conversationId = p.conversationId('Conversation ID', wholeNumber);
		const typing = p.read('typing', oneOf(TYPING), 'Typing', 'on');
		const chatwoot = new ChatwootAction(p, 'setTyping', 'ninetyNineDigital', `/api/v1/accounts/${accountId}`, accountId);
		return {
			orderingKey: `${accountId}/${conversationId}`,
			send: async (client) => {
				const path = chatwoot.conversationPath(conversationId, '/toggle_typing_status');
				await chatwoot.call(client, { method: 'POST', path, json: { typing_status: typing }, safeToRetry: true });
				return [{ json: { platform: 'ninetyNineDigital', conversationId: String(conversationId), accountId, typing, success: true } }];
			},
		};
	},
};
