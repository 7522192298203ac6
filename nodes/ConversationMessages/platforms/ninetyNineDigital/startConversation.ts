import type { IDataObject } from 'n8n-workflow';

import type { Operation } from '../../operations/types';
import { httpUrl, jsonObject, oneOf, requiredText, text, wholeNumber } from '../../params/checks';
import { conversationFieldsCollection } from '../../params/fields';
import type { ItemParameters, ParameterValues } from '../../params/itemParameters';
import { MAX_CONTENT_CHARACTERS, MAX_FILES } from '../chatwoot/limits';
import { contactOrderingKey, openChatwootConversation, readStartContact, startContactFields } from '../chatwoot/start';

import { messageAttachmentsField, messageContentField, sendAccountField } from './fields';

const STATUSES = ['open', 'resolved', 'pending', 'snoozed'] as const;
/** Chatwoot cuts template parameter values to this length; a copy code to 15 (WhatsApp's limit). */
const MAX_TEMPLATE_VALUE = 1000;
const MAX_COPY_CODE = 15;
const BUTTON_TYPES = ['url', 'copy_code'];
const MEDIA_TYPES = ['image', 'video', 'document'] as const;

/**
 * Start a Conversation (see ../chatwoot/start.ts), with Chatwoot's status, assignee, team and
 * WhatsApp template. The message goes separately, not as the create call's `message`: 99digital
 * documents no `message` there, and a message sent on its own can be read back after a lost answer.
 */
export const startConversation: Operation = {
	operation: 'startConversation',
	wording: { description: 'Find (or create) the contact, open a conversation in an inbox and send the first message' },
	fields: [
		sendAccountField,
		{
			displayName: 'Inbox Name or ID',
			name: 'inboxId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getChatwootInboxes', loadOptionsDependsOn: ['accountId'] },
			required: true,
			default: '',
			description:
				'The inbox the conversation opens in (its channel: WhatsApp, email, API…). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...startContactFields,
		{
			displayName: 'WhatsApp Template',
			name: 'whatsappTemplate',
			type: 'collection',
			placeholder: 'Add Template Field',
			default: {},
			description:
				'For WhatsApp inboxes, where the first message must be an approved template: its name and language as approved, and its parameters',
			options: [
				{
					displayName: 'Body Parameters',
					name: 'body',
					type: 'json',
					default: '{}',
					description: 'The body\'s variables as a JSON object: {"1": "Dana"} for numbered ones, {"name": "Dana"} for named ones',
				},
				{
					displayName: 'Button Parameters',
					name: 'buttons',
					type: 'json',
					default: '[]',
					placeholder: '[{"type": "url", "parameter": "order/123"}, {"type": "copy_code", "parameter": "SAVE10"}]',
					description: 'A JSON list, one entry per button that has a variable: its type (a link, or copy_code for a code of at most 15 characters) and its parameter',
				},
				{
					displayName: 'Category',
					name: 'category',
					type: 'options',
					default: 'UTILITY',
					options: [
						{ name: 'Authentication', value: 'AUTHENTICATION' },
						{ name: 'Marketing', value: 'MARKETING' },
						{ name: 'Utility', value: 'UTILITY' },
					],
				},
				{
					displayName: 'Header Media Name',
					name: 'headerMediaName',
					type: 'string',
					default: '',
					description: 'The file name shown for a document header',
				},
				{
					displayName: 'Header Media Type',
					name: 'headerMediaType',
					type: 'options',
					default: 'image',
					options: [
						{ name: 'Document', value: 'document' },
						{ name: 'Image', value: 'image' },
						{ name: 'Video', value: 'video' },
					],
				},
				{
					displayName: 'Header Media URL',
					name: 'headerMediaUrl',
					type: 'string',
					default: '',
					description: 'A public link to the header\'s image, video or document',
				},
				{
					displayName: 'Language',
					name: 'language',
					type: 'string',
					default: '',
					placeholder: 'en_US',
					description: 'The language code the template was approved in',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'order_shipped',
					description: 'The template\'s name as approved by WhatsApp',
				},
			],
		},
		conversationFieldsCollection([
			{
				displayName: 'Assignee ID',
				name: 'assigneeId',
				type: 'number',
				default: 0,
				description: 'The agent the conversation is assigned to',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'open',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Resolved', value: 'resolved' },
					{ name: 'Snoozed', value: 'snoozed' },
				],
			},
			{
				displayName: 'Team ID',
				name: 'teamId',
				type: 'number',
				default: 0,
				description: 'The team the conversation is assigned to',
			},
		]),
		messageContentField,
		messageAttachmentsField,
		],

	prepare(p) {
		const accountId = p.wholeNumber('accountId', 'Account ID');
		const inboxId = p.wholeNumber('inboxId', 'Inbox');
		const contact = readStartContact(p);
		const content = p.content({ maxCharacters: { limit: MAX_CONTENT_CHARACTERS, vendor: 'Chatwoot' } });
		const attachments = p.attachments(MAX_FILES);
		const templateParams = readTemplate(p);
		const conversation = readConversationFields(p.collection('conversationFields'));

		const base = `/api/v1/accounts/${accountId}`;
		const message: IDataObject = { content, message_type: 'outgoing', private: false };
		if (templateParams) message.template_params = templateParams;
		const routes = {
			contactSearch: `${base}/contacts/search`,
			contacts: `${base}/contacts`,
			conversations: `${base}/conversations`,
			messages: (conversationId: string) => `${base}/conversations/${conversationId}/messages`,
			messagesReadable: true,
		};
		return {
			orderingKey: contactOrderingKey(String(accountId), contact),
			send: async (client) => ({
				accountId,
				...(await openChatwootConversation(p, client, routes, { contact, inboxId, conversation, message, attachments })),
			}),
		};
	},
};

function readTemplate(p: ItemParameters): IDataObject | undefined {
	const given = (p.get('whatsappTemplate', {}) as IDataObject) ?? {};
	if (!Object.keys(given).length) return undefined;
	const fields = p.within(given);
	const name = fields.requiredText('name', 'WhatsApp Template → Name').trim();
	const language = fields.requiredText('language', 'WhatsApp Template → Language').trim();
	const processed: IDataObject = {};

	const body = fields.read('body', jsonObject, 'WhatsApp Template → Body Parameters');
	if (body && Object.keys(body).length) {
		const values = p.within(body);
		processed.body = Object.fromEntries(
			Object.keys(body).map((key) => [key, templateValue(values, key, `WhatsApp Template → Body Parameters → ${key}`)]),
		);
	}
	const mediaUrl = fields.text('headerMediaUrl', 'WhatsApp Template → Header Media URL').trim();
	if (mediaUrl) {
		const mediaType = fields.read('headerMediaType', oneOf(MEDIA_TYPES), 'WhatsApp Template → Header Media Type', 'image');
		const header: IDataObject = {
			media_url: p.as(mediaUrl, httpUrl, 'WhatsApp Template → Header Media URL'),
			media_type: mediaType,
		};
		const mediaName = fields.text('headerMediaName', 'WhatsApp Template → Header Media Name').trim();
		if (mediaName) header.media_name = mediaName;
		processed.header = header;
	}
	const buttons = readButtons(p, given.buttons);
	if (buttons.length) processed.buttons = buttons;

	return {
		name,
		category: fields.read('category', text, 'WhatsApp Template → Category', 'UTILITY'),
		language,
		processed_params: processed,
	};
}

function readButtons(p: ItemParameters, value: unknown): IDataObject[] {
	const label = 'WhatsApp Template → Button Parameters';
	let list: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		try {
			list = JSON.parse(value);
		} catch (error) {
			throw p.fail(label, `is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) throw p.fail(label, 'must be a JSON list of {"type", "parameter"}');
	return list.map((button: unknown, index) => {
		const entry = (button ?? {}) as IDataObject;
		const type = String(entry.type ?? '');
		if (!BUTTON_TYPES.includes(type)) {
			throw p.fail(`${label} → ${index}`, `has type "${type}"; it must be ${BUTTON_TYPES.join(' or ')}`);
		}
		const parameter = templateValue(p.within(entry), 'parameter', `${label} → ${index}`);
		if (type === 'copy_code' && [...parameter].length > MAX_COPY_CODE) {
			throw p.fail(`${label} → ${index}`, `is a copy code of ${[...parameter].length} characters; WhatsApp takes at most ${MAX_COPY_CODE}`);
		}
		return { type, parameter };
	});
}

/** A template value as text; longer than Chatwoot keeps is refused rather than cut. */
function templateValue(values: ParameterValues, name: string, label: string): string {
	const given = values.read(name, requiredText, label);
	if ([...given].length > MAX_TEMPLATE_VALUE) {
		throw values.fail(label, `is ${[...given].length} characters long; Chatwoot keeps at most ${MAX_TEMPLATE_VALUE}`);
	}
	return given;
}

function readConversationFields(fields: ParameterValues): IDataObject {
	const json: IDataObject = {};
	if (fields.get('status') !== undefined) json.status = fields.read('status', oneOf(STATUSES), 'Status');
	// 0, the panel's empty number, means "not set".
	const assigneeId = fields.get('assigneeId');
	if (assigneeId !== undefined && Number(assigneeId) !== 0) json.assignee_id = fields.read('assigneeId', wholeNumber, 'Assignee ID');
	const teamId = fields.get('teamId');
	if (teamId !== undefined && Number(teamId) !== 0) json.team_id = fields.read('teamId', wholeNumber, 'Team ID');
	return json;
}
