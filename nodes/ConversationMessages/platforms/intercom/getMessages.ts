import type { IDataObject } from 'n8n-workflow';

import { historyFields, historyItems, historyRequest } from '../../operations/history';
import type { Action } from '../../operations/types';

import { IntercomAction, conversationField } from './actions';
import { conversationMessages, conversationParts, partsTotal } from './conversation';

/**
 * GET /conversations/{id}: the first message (`source`) and the parts that are messages, oldest
 * first, in the trigger's item shape (vendor-actions.md §4). Intercom returns at most the 500
 * most recent parts, with no paging: when the history reaches past them, the output says so.
 */
export const getMessages: Action = {
	operation: 'getMessages',
	fields: [conversationField, ...historyFields],

	prepare(p) {
		const intercom = new IntercomAction(p);
		const conversationId = intercom.conversationId();
		const request = historyRequest(p);
		return {
			orderingKey: conversationId,
			send: async (client) => {
				const conversation = await intercom.retrieve(client, conversationId);
				const parts = conversationParts(conversation) ?? [];
				const totalCount = partsTotal(conversation);
				// Intercom answers the whole history at once: the notes, the latest N and the cap applied here.
				const read = conversationMessages(conversation);
				const wanted = request.includePrivateNotes ? read : read.filter((message) => !message.private);
				if (request.limit === undefined && wanted.length > request.cap) throw request.tooLong(conversationId);
				const messages = request.limit === undefined ? wanted : wanted.slice(-request.limit);
				const items = await historyItems(p, request, { platform: 'intercom', conversationId, accountId: null }, messages);
				const shown = request.asTranscript ? Number(items[0]?.json.messageCount) : items.length;
				// Only when what was asked for reaches back into the parts Intercom left out.
				const cut = totalCount > parts.length && (request.limit === undefined || request.limit > shown);
				if (!cut) return items;
				const missing = totalCount - parts.length;
				const note: IDataObject = { partsReturned: parts.length, partsTotal: totalCount };
				p.ctx.addExecutionHints({
					message: `Conversation ${conversationId} has ${totalCount} parts; Intercom returns only the ${parts.length} most recent, so ${missing} older ones (besides its first message) are missing from item ${p.itemIndex}'s messages`,
					location: 'outputPane',
				});
				return request.asTranscript ? [{ ...items[0], json: { ...items[0].json, historyCut: note } }] : items;
			},
		};
	},
};
