import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Operation } from '../../operations/types';
import type { VendorClient } from '../../transport/client';
import { boolean, oneOf } from '../../params/checks';
import { conversationFieldsCollection } from '../../params/fields';

import { commentOf } from './comment';
import { messageAttachmentsField, messageContentField } from './fields';
import { idempotencyKey } from './idempotencyKey';
import { findOrCreateRequester } from './requester';
import { MAX_FILES, uploadFiles } from './uploads';

const STATUSES = ['new', 'open', 'pending', 'hold', 'solved'] as const;
const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
const TYPES = ['question', 'incident', 'problem', 'task'] as const;

/**
 * Start a Conversation: a ticket for a requester found (or created) by email, with its subject
 * and first comment and files: POST /api/v2/tickets with an `Idempotency-Key` (vendor-zendesk.md
 * §6), so a lost answer is sent again safely and Zendesk answers the first ticket, never a second.
 */
export const startConversation: Operation = {
	operation: 'startConversation',
	wording: {
		name: 'Create a Ticket',
		action: 'Create a ticket for a requester',
		description: 'Open a new ticket for a requester (found or created by email), with the first comment and files',
	},
	fields: [
		{
			displayName: 'Requester Email',
			name: 'customerEmail',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'jane@example.com',
			description: 'Who the ticket is for: the Zendesk user with this email',
		},
		{
			displayName: 'Requester Name',
			name: 'customerName',
			type: 'string',
			default: '',
			description: 'The name of a requester created by this node; the part of the email before @ when empty',
		},
		{
			displayName: 'Create Requester If Missing',
			name: 'createContactIfMissing',
			type: 'boolean',
			default: true,
			description: 'Whether to create an end user with this email when Zendesk has none; off, the item fails instead',
		},
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			required: true,
			default: '',
		},
		messageContentField,
		messageAttachmentsField,
		conversationFieldsCollection([
			{
				displayName: 'Assignee ID',
				name: 'assigneeId',
				type: 'string',
				default: '',
				description: 'The agent the ticket is assigned to',
			},
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				description: 'Your own ID for the ticket (e.g. an order number), kept on the ticket',
			},
			{
				displayName: 'First Comment Is Internal',
				name: 'internalNote',
				type: 'boolean',
				default: false,
				description: 'Whether the first comment is an internal note instead of a public comment',
			},
			{
				displayName: 'Group ID',
				name: 'groupId',
				type: 'string',
				default: '',
				description: 'The group the ticket is assigned to',
			},
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'options',
				default: 'normal',
				options: [
					{ name: 'Urgent', value: 'urgent' },
					{ name: 'High', value: 'high' },
					{ name: 'Normal', value: 'normal' },
					{ name: 'Low', value: 'low' },
				],
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'new',
				options: [
					{ name: 'New', value: 'new' },
					{ name: 'On-Hold', value: 'hold' },
					{ name: 'Open', value: 'open' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Solved', value: 'solved' },
				],
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'shipping, order',
				description: 'Tags for the ticket, separated by commas',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'question',
				options: [
					{ name: 'Question', value: 'question' },
					{ name: 'Incident', value: 'incident' },
					{ name: 'Problem', value: 'problem' },
					{ name: 'Task', value: 'task' },
				],
			},
		]),
	],

	prepare(p) {
		const email = p.email('customerEmail', 'Requester Email');
		const name = p.text('customerName', 'Requester Name').trim() || email.split('@')[0];
		const createIfMissing = p.read('createContactIfMissing', boolean, 'Create Requester If Missing', true);
		const subject = p.requiredText('subject', 'Subject').trim();
		const content = p.content();
		const attachments = p.attachments(MAX_FILES);
		const fields = p.collection('conversationFields');
		const comment: IDataObject = { body: content, public: !fields.boolean('internalNote', 'First Comment Is Internal') };
		const ticket: IDataObject = { subject };
		if (fields.get('status') !== undefined) ticket.status = fields.read('status', oneOf(STATUSES), 'Status');
		if (fields.get('priority') !== undefined) ticket.priority = fields.read('priority', oneOf(PRIORITIES), 'Priority');
		if (fields.get('type') !== undefined) ticket.type = fields.read('type', oneOf(TYPES), 'Type');
		const tags = fields.list('tags', 'Tags');
		if (tags.length) ticket.tags = tags;
		if (fields.text('groupId', 'Group ID').trim()) ticket.group_id = fields.wholeNumber('groupId', 'Group ID');
		if (fields.text('assigneeId', 'Assignee ID').trim()) ticket.assignee_id = fields.wholeNumber('assigneeId', 'Assignee ID');
		const externalId = fields.text('externalId', 'External ID').trim();
		if (externalId) ticket.external_id = externalId;
		const key = idempotencyKey(p);

		return {
			orderingKey: `requester:${email.toLowerCase()}`,
			send: async (client) => {
				const requester = await findOrCreateRequester(client, p, { email, name, createIfMissing });
				const tokens = await uploadFiles(client, p, attachments);
				const json = { ticket: { ...ticket, requester_id: requester.id, comment: tokens.length ? { ...comment, uploads: tokens } : comment } };
				let answer;
				try {
					// Safe to repeat: the same key and body are answered with the first ticket.
					answer = await client.send(
						{ method: 'POST', path: '/api/v2/tickets', headers: { 'Idempotency-Key': key }, json, creates: 'conversation', safeToRetry: true },
						p.itemIndex,
					);
				} catch (error) {
					const earlier = isKeyConflict(error) ? await earlierTicket(client, p.itemIndex, requester.id, ticket) : undefined;
					if (!earlier) throw explainKeyConflict(error, key);
					return { conversationId: earlier.id, contact: requester, conversation: earlier, idempotencyKey: key, idempotentReplay: true, confirmedByReadBack: true };
				}
				const body = (answer.body ?? {}) as IDataObject;
				const created = (body.ticket ?? {}) as IDataObject;
				client.noteMessageOfThisRun(created.id);
				return {
					conversationId: created.id,
					contact: requester,
					conversation: created,
					commentId: commentOf(body)?.id,
					idempotencyKey: key,
					idempotentReplay: String(answer.headers?.['x-idempotency-lookup'] ?? '') === 'hit',
				};
			},
		};
	},
};

/**
 * Zendesk refuses a key it has seen with another body (400 IdempotentRequestError): an earlier
 * attempt of this item created its ticket, e.g. before a Retry uploaded the files anew (new tokens).
 */
function isKeyConflict(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.httpCode === '400' && /IdempotentRequest/i.test(error.message);
}

function explainKeyConflict(error: unknown, key: string): unknown {
	if (!isKeyConflict(error)) return error;
	error.description = `An earlier attempt of this item already created its ticket with Idempotency-Key ${key}, with other content (files uploaded anew get new tokens), and it was not found among the requester's newest tickets, so no second ticket was created. Look for it there; a Deduplication Key that is new opens another.`;
	return error;
}

/** Zendesk keeps a key about 2 hours (§6, [UNCONFIRMED]); an earlier attempt's ticket is younger than that, with margin. */
const KEY_RETENTION_MS = 3 * 60 * 60 * 1000;

/**
 * The ticket an earlier attempt of this item created, after Zendesk refused its key with another
 * body: among the requester's newest tickets (GET /api/v2/users/{id}/tickets/requested), the
 * newest with the same subject (and external ID, when one was given) made within the key's
 * retention, and not another item's of this run.
 */
async function earlierTicket(client: VendorClient, itemIndex: number, requesterId: unknown, sent: IDataObject): Promise<IDataObject | undefined> {
	const { body } = await client.send(
		{ method: 'GET', path: `/api/v2/users/${encodeURIComponent(String(requesterId))}/tickets/requested`, qs: { sort_by: 'created_at', sort_order: 'desc', per_page: 100 }, safeToRetry: true },
		itemIndex,
	);
	const tickets = ((body as IDataObject | undefined)?.tickets ?? []) as IDataObject[];
	const since = Date.now() - KEY_RETENTION_MS;
	return client.claimReadBack(
		tickets.filter(
			(candidate) =>
				candidate.subject === sent.subject &&
				(sent.external_id === undefined || candidate.external_id === sent.external_id) &&
				Date.parse(String(candidate.created_at)) >= since,
		),
	);
}
