import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import { oneOf, wholeNumber } from '../../params/checks';
import { additionalFieldsCollection } from '../../params/fields';

import { commentOf, commentReadBack } from './comment';
import { MAX_COMMENTS_PER_TICKET } from './conversation';
import { messageAttachmentsField, messageContentField, ticketField } from './fields';
import { MAX_FILES, uploadFiles } from './uploads';

const STATUSES = ['open', 'pending', 'hold', 'solved'] as const;

/**
 * A public reply or an internal note: Zendesk has no "create comment" call, the ticket is
 * updated with a `comment` (PUT /api/v2/tickets/{id}, nested under `ticket`; vendor-zendesk.md §4).
 * Files are uploaded first and attached by token (§5).
 */
export const sendMessage: Operation = {
	operation: 'sendMessage',
	wording: {
		name: 'Reply or Add a Note',
		action: 'Reply on a ticket or add an internal note',
		description: 'Add a public reply or an internal note to a ticket, with files',
	},
	fields: [
		ticketField,
		messageContentField,
		{
			displayName: 'Visibility',
			name: 'visibility',
			type: 'options',
			default: 'regular',
			options: [
				{ name: 'Public Reply', value: 'regular', description: 'A comment the requester sees (and is usually emailed)' },
				{ name: 'Internal Note', value: 'internalNote', description: 'A private comment only agents see' },
			],
		},
		messageAttachmentsField,
		additionalFieldsCollection([
			{
				displayName: 'Author ID',
				name: 'authorId',
				type: 'string',
				default: '',
				placeholder: '36201234567',
				description: 'Write the comment as this user (an agent, or the requester) instead of the credential\'s agent',
			},
			{
				displayName: 'Content Is HTML',
				name: 'html',
				type: 'boolean',
				default: false,
				description: 'Whether Content is HTML (sent as html_body) rather than plain text',
			},
			{
				displayName: 'Set Status',
				name: 'status',
				type: 'options',
				default: 'open',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Pending', value: 'pending', description: 'Waiting for the requester' },
					{ name: 'On-Hold', value: 'hold', description: 'Waiting for a third party' },
					{ name: 'Solved', value: 'solved' },
				],
				description: 'The ticket\'s status after this comment, in the same update',
			},
		]),
	],

	prepare(p) {
		const ticketId = String(p.conversationId('Ticket ID', wholeNumber));
		const content = p.content();
		const attachments = p.attachments(MAX_FILES);
		const visibility = p.read('visibility', oneOf(['regular', 'internalNote'] as const, 'regular or internalNote'), 'Visibility', 'regular');
		const additional = p.collection('additionalFields');
		const comment: IDataObject = { [additional.boolean('html', 'Content Is HTML') ? 'html_body' : 'body']: content, public: visibility === 'regular' };
		if (additional.text('authorId', 'Author ID').trim()) comment.author_id = additional.wholeNumber('authorId', 'Author ID');
		const ticket: IDataObject = {};
		if (additional.get('status') !== undefined) ticket.status = additional.read('status', oneOf(STATUSES), 'Set Status');
		const path = `/api/v2/tickets/${ticketId}`;

		return {
			orderingKey: `ticket:${ticketId}`,
			send: async (client) => {
				const tokens = await uploadFiles(client, p, attachments);
				const sent = tokens.length ? { ...comment, uploads: tokens } : comment;
				let answer;
				try {
					answer = await client.send(
						{
							method: 'PUT',
							path,
							json: { ticket: { ...ticket, comment: sent } },
							creates: 'message',
							readBack: commentReadBack(client, p.itemIndex, ticketId, sent, tokens.length),
						},
						p.itemIndex,
					);
				} catch (error) {
					throw explainCommentCap(error);
				}
				if (answer.confirmedByReadBack) {
					const found = answer.body as IDataObject;
					return { commentId: found.id, comment: found, confirmedByReadBack: true };
				}
				const json = responseJson(answer);
				const added = commentOf(json);
				if (!added) {
					throw p.fail('Content', `was not added: Zendesk answered ${answer.statusCode} for ticket ${ticketId}, but its audit has no comment`);
				}
				client.noteMessageOfThisRun(added.id);
				return { commentId: added.id, ...json };
			},
		};
	},
};

/** A 422 of a ticket that holds 5000 comments says so, and what to do (§4). */
function explainCommentCap(error: unknown): unknown {
	// Zendesk's wording is [UNCONFIRMED]: a 422 that speaks of comments and of the limit or 5000.
	if (error instanceof NodeApiError && error.httpCode === '422' && /comment/i.test(error.message) && /5\s?000|maximum|limit/i.test(error.message)) {
		error.description = `A Zendesk ticket holds at most ${MAX_COMMENTS_PER_TICKET} comments, and this one is full. Open a follow-up ticket (Start a Conversation) and continue there.`;
	}
	return error;
}
