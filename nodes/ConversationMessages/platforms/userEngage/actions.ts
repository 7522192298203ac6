import type { IDataObject } from 'n8n-workflow';

import type { ConversationMessage } from '../../conversation/message';
import { text } from '../../conversation/text';
import { wholeNumber } from '../../params/checks';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';
import { getThrough } from '../../transport/getJson';

import { readConversation } from './conversation';
import { conversationField } from './fields';

/** Conversation Actions' conversation field on User.com. */
export const actionConversationField = conversationField('The conversation: its numeric ID, or its address in the User.com panel');

/**
 * What User.com's conversation actions share (vendor-actions.md §6): the conversation read
 * through the platform's one reader (GET /conversations/{id}/, messages inline), and changed with
 * PATCH {active, assigned_to}, where `active` is required; after a write it is read again, since
 * what PATCH answers is not documented.
 */
export class UserEngageConversation {
	constructor(
		private readonly p: ItemParameters,
		readonly id: number,
	) {}

	static of(p: ItemParameters): UserEngageConversation {
		return new UserEngageConversation(p, p.conversationId('Conversation ID', wholeNumber));
	}

	async read(client: VendorClient): Promise<{ conversation: IDataObject; messages: ConversationMessage[] }> {
		const { conversation, messages } = await readConversation(getThrough(client, this.p.itemIndex), this.id);
		return { conversation, messages: messages ?? [] };
	}

	/** PATCH of the stated fields (always with `active`), then the conversation as it reads now. */
	async update(client: VendorClient, body: { active: boolean; assigned_to?: number }): Promise<{ conversation: IDataObject; messages: ConversationMessage[] }> {
		await client.send({ method: 'PATCH', path: `/conversations/${this.id}/`, json: body, safeToRetry: true }, this.p.itemIndex);
		return await this.read(client);
	}
}

/** Whether the conversation is open: `active`, which User.com may leave out of an open one. */
export function isActive(conversation: IDataObject): boolean {
	return conversation.active !== false;
}

/** The conversation's agent id: `agent` is an id, or an agent object ([UNCONFIRMED] which), or null. */
export function agentOf(conversation: IDataObject): { id: number | string | null; name: string | null; email: string | null } | null {
	const agent = conversation.agent;
	if (agent === null || agent === undefined || agent === '') return null;
	if (typeof agent === 'object') {
		const found = agent as IDataObject;
		return { id: (found.id as number | string | undefined) ?? null, name: text(found.name), email: text(found.email) };
	}
	return { id: agent as number | string, name: null, email: null };
}

/**
 * A User.com conversation as the normalised conversation of every platform: open or resolved
 * (`active`), its agent, its customer; it has no team, labels or priority, and only its
 * messages carry times.
 */
export function normalisedConversation(conversation: IDataObject, messages: ConversationMessage[]): IDataObject {
	const user = (conversation.user ?? {}) as IDataObject;
	return {
		platform: 'userEngage',
		conversationId: text(conversation.id),
		accountId: null,
		status: isActive(conversation) ? 'open' : 'resolved',
		vendorStatus: isActive(conversation) ? 'active' : 'inactive',
		assignee: agentOf(conversation),
		team: null,
		labels: [],
		priority: null,
		contact: { id: user.id ?? null, name: text(user.name), email: text(user.email), phone: text(user.phone_number) },
		createdAt: messages.length ? messages[0].createdAt : null,
		updatedAt: messages.length ? messages[messages.length - 1].createdAt : null,
		raw: conversation,
	};
}
