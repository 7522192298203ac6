import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readAttachments } from '../../params/attachments';
import { contactOrderingKey, openChatwootConversation, readStartContact } from '../chatwoot/start';
import {
	invalidParameter,
	optionalJsonObject,
	readText,
	requireHttpUrl,
	requireText,
	requireWholeNumber,
} from '../../params/parameters';
import { MAX_CONTENT_CHARACTERS, MAX_FILES } from '../chatwoot/limits';
import type { PreparedMessage } from '../types';

const STATUSES = ['open', 'resolved', 'pending', 'snoozed'];
/** Chatwoot cuts template parameter values to this length; a copy code to 15 (WhatsApp's limit). */
const MAX_TEMPLATE_VALUE = 1000;
const MAX_COPY_CODE = 15;
const BUTTON_TYPES = ['url', 'copy_code'];
const MEDIA_TYPES = ['image', 'video', 'document'];

/**
 * Start a Conversation (see shared/chatwootStart.ts), with Chatwoot's status, assignee, team and
 * WhatsApp template. The message goes separately, not as the create call's `message`: 99digital
 * documents no `message` there, and a message sent on its own can be read back after a lost answer.
 */
export async function prepareChatwootStart(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedMessage> {
	const accountId = requireWholeNumber(ctx, itemIndex, ctx.getNodeParameter('accountId', itemIndex), 'Account ID');
	const inboxId = requireWholeNumber(ctx, itemIndex, ctx.getNodeParameter('inboxId', itemIndex), 'Inbox');
	const contact = readStartContact(ctx, itemIndex);
	const content = requireText(ctx, itemIndex, ctx.getNodeParameter('content', itemIndex, ''), 'Content');
	const characters = [...content].length;
	if (characters > MAX_CONTENT_CHARACTERS) {
		throw invalidParameter(ctx, itemIndex, 'Content', `is ${characters} characters long; Chatwoot takes at most ${MAX_CONTENT_CHARACTERS}`);
	}
	const attachments = readAttachments(ctx, itemIndex, ctx.getNodeParameter('attachments', itemIndex, ''), MAX_FILES);
	const templateParams = readTemplate(ctx, itemIndex);
	const conversation = readConversationFields(ctx, itemIndex);

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
			...(await openChatwootConversation(ctx, client, itemIndex, routes, { contact, inboxId, conversation, message, attachments })),
		}),
	};
}

function readTemplate(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const fields = (ctx.getNodeParameter('whatsappTemplate', itemIndex, {}) as IDataObject) ?? {};
	if (!Object.keys(fields).length) return undefined;
	const name = requireText(ctx, itemIndex, fields.name, 'WhatsApp Template → Name').trim();
	const language = requireText(ctx, itemIndex, fields.language, 'WhatsApp Template → Language').trim();
	const processed: IDataObject = {};

	const body = optionalJsonObject(ctx, itemIndex, fields.body, 'WhatsApp Template → Body Parameters');
	if (body && Object.keys(body).length) {
		processed.body = Object.fromEntries(
			Object.entries(body).map(([key, value]) => [key, templateValue(ctx, itemIndex, value, `WhatsApp Template → Body Parameters → ${key}`)]),
		);
	}
	const mediaUrl = readText(ctx, itemIndex, fields.headerMediaUrl, 'WhatsApp Template → Header Media URL').trim();
	if (mediaUrl) {
		const mediaType = readText(ctx, itemIndex, fields.headerMediaType ?? 'image', 'WhatsApp Template → Header Media Type');
		if (!MEDIA_TYPES.includes(mediaType)) {
			throw invalidParameter(ctx, itemIndex, 'WhatsApp Template → Header Media Type', `must be one of ${MEDIA_TYPES.join(', ')}, got "${mediaType}"`);
		}
		const header: IDataObject = {
			media_url: requireHttpUrl(ctx, itemIndex, mediaUrl, 'WhatsApp Template → Header Media URL'),
			media_type: mediaType,
		};
		const mediaName = readText(ctx, itemIndex, fields.headerMediaName, 'WhatsApp Template → Header Media Name').trim();
		if (mediaName) header.media_name = mediaName;
		processed.header = header;
	}
	const buttons = readButtons(ctx, itemIndex, fields.buttons);
	if (buttons.length) processed.buttons = buttons;

	return {
		name,
		category: readText(ctx, itemIndex, fields.category ?? 'UTILITY', 'WhatsApp Template → Category'),
		language,
		processed_params: processed,
	};
}

function readButtons(ctx: IExecuteFunctions, itemIndex: number, value: unknown): IDataObject[] {
	const label = 'WhatsApp Template → Button Parameters';
	let list: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		try {
			list = JSON.parse(value);
		} catch (error) {
			throw invalidParameter(ctx, itemIndex, label, `is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) throw invalidParameter(ctx, itemIndex, label, 'must be a JSON list of {"type", "parameter"}');
	return list.map((button: unknown, index) => {
		const entry = (button ?? {}) as IDataObject;
		const type = String(entry.type ?? '');
		if (!BUTTON_TYPES.includes(type)) {
			throw invalidParameter(ctx, itemIndex, `${label} → ${index}`, `has type "${type}"; it must be ${BUTTON_TYPES.join(' or ')}`);
		}
		const parameter = templateValue(ctx, itemIndex, entry.parameter, `${label} → ${index}`);
		if (type === 'copy_code' && [...parameter].length > MAX_COPY_CODE) {
			throw invalidParameter(ctx, itemIndex, `${label} → ${index}`, `is a copy code of ${[...parameter].length} characters; WhatsApp takes at most ${MAX_COPY_CODE}`);
		}
		return { type, parameter };
	});
}

/** A template value as text; longer than Chatwoot keeps is refused rather than cut. */
function templateValue(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string): string {
	const text = requireText(ctx, itemIndex, value, label);
	if ([...text].length > MAX_TEMPLATE_VALUE) {
		throw invalidParameter(ctx, itemIndex, label, `is ${[...text].length} characters long; Chatwoot keeps at most ${MAX_TEMPLATE_VALUE}`);
	}
	return text;
}

function readConversationFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = (ctx.getNodeParameter('conversationFields', itemIndex, {}) as IDataObject) ?? {};
	const json: IDataObject = {};
	if (fields.status !== undefined) {
		const status = readText(ctx, itemIndex, fields.status, 'Status');
		if (!STATUSES.includes(status)) throw invalidParameter(ctx, itemIndex, 'Status', `must be one of ${STATUSES.join(', ')}, got "${status}"`);
		json.status = status;
	}
	// 0, the panel's empty number, means "not set".
	if (fields.assigneeId !== undefined && Number(fields.assigneeId) !== 0) {
		json.assignee_id = requireWholeNumber(ctx, itemIndex, fields.assigneeId, 'Assignee ID');
	}
	if (fields.teamId !== undefined && Number(fields.teamId) !== 0) {
		json.team_id = requireWholeNumber(ctx, itemIndex, fields.teamId, 'Team ID');
	}
	return json;
}
