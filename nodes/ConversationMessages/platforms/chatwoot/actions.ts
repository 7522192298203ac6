import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isoTime, number, text } from '../../conversation/text';
import { OPERATIONS } from '../../operations/catalogue';
import type { OperationKey } from '../../operations/catalogue';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient, VendorRequest, VendorResponse } from '../../transport/client';

/**
 * What the Chatwoot family's conversation actions share (vendor-actions.md §1): where one
 * conversation lives, every request of one item's action through one place (so an agent-bot
 * token's 401 becomes an error that says what to do), and the normalised conversation.
 */
export class ChatwootAction {
	constructor(
		private readonly p: ItemParameters,
		/** The catalogue's key: the error for a bot token names the operation as the panel does. */
		private readonly operation: OperationKey,
		readonly platform: string,
		/** The account's API root, e.g. /api/v1/accounts/7 (LiveDesk: /api/v2/accounts). */
		readonly base: string,
		readonly accountId: number | null,
	) {}

	conversationPath(conversationId: number | string, rest = ''): string {
		return `${this.base}/conversations/${encodeURIComponent(String(conversationId))}${rest}`;
	}

	async call(client: VendorClient, request: VendorRequest): Promise<VendorResponse> {
		return await this.explaining(async () => await client.send(request, this.p.itemIndex));
	}

	/** Runs requests made elsewhere (the contact search Start a Conversation shares) with the same explanation of a refusal. */
	async explaining<T>(work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (error) {
			throw this.explained(error);
		}
	}

	/** GET of a JSON body; reads are safe to repeat. */
	async read(client: VendorClient, path: string, qs?: IDataObject): Promise<unknown> {
		return (await this.call(client, { method: 'GET', path, qs, safeToRetry: true })).body;
	}

	/** The conversation as it is now, normalised. */
	async conversation(client: VendorClient, conversationId: number | string): Promise<IDataObject> {
		return normalisedConversation(this.platform, this.accountId, (await this.read(client, this.conversationPath(conversationId))) as IDataObject);
	}

	/**
	 * Chatwoot lets an agent bot's token call only some endpoints, a list that grew with its
	 * versions (§1.1): its 401 names neither the operation nor the remedy.
	 */
	private explained(error: unknown): unknown {
		if (!(error instanceof NodeApiError) || error.httpCode !== '401' || !/not authorized for bots/i.test(error.message)) return error;
		return new NodeOperationError(this.p.ctx.getNode(), `${OPERATIONS[this.operation].name} needs a user access token: ${error.message}`, {
			itemIndex: this.p.itemIndex,
			description:
				"The credential holds an agent bot's token, which this server does not let call this endpoint (which endpoints a bot may call depends on the Chatwoot version). Use a user's access token (Profile Settings → Access Token) in a second credential for this node.",
		});
	}
}

/** Chatwoot's `_conversation` partial (GET …/conversations/{id}) as the normalised conversation of every platform. */
export function normalisedConversation(platform: string, accountId: number | null, body: IDataObject): IDataObject {
	const meta = (body.meta ?? {}) as IDataObject;
	const assignee = meta.assignee as IDataObject | null | undefined;
	const team = meta.team as IDataObject | null | undefined;
	const sender = (meta.sender ?? {}) as IDataObject;
	const status = text(body.status);
	return {
		platform,
		conversationId: text(body.id),
		accountId: number(body.account_id) ?? accountId,
		// Chatwoot's statuses are the normalised ones.
		status,
		vendorStatus: status,
		assignee: assignee ? { id: assignee.id ?? null, name: text(assignee.available_name ?? assignee.name), email: text(assignee.email) } : null,
		team: team ? { id: team.id ?? null, name: text(team.name) } : null,
		labels: Array.isArray(body.labels) ? body.labels.map(String) : [],
		priority: text(body.priority),
		contact: { id: sender.id ?? null, name: text(sender.name), email: text(sender.email), phone: text(sender.phone_number) },
		createdAt: isoTime(body.created_at),
		updatedAt: isoTime(body.updated_at ?? body.last_activity_at ?? body.timestamp ?? body.created_at),
		raw: body,
	};
}

/** The human agent the conversation is assigned to (its id), or null: an agent bot owning it is not an agent. */
export function assignedAgentId(conversation: IDataObject): unknown {
	const raw = (conversation.raw ?? {}) as IDataObject;
	const meta = (raw.meta ?? {}) as IDataObject;
	const assignee = (meta.assignee ?? null) as IDataObject | null;
	if (!assignee || meta.assignee_type === 'AgentBot' || assignee.type === 'agent_bot') return null;
	return assignee.id ?? null;
}

/** A Chatwoot time (unix seconds, or an ISO string on some versions) as unix seconds; null when unset. */
export function unixSeconds(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const numeric = Number(value);
	if (Number.isFinite(numeric)) return Math.floor(numeric > 1e12 ? numeric / 1000 : numeric);
	const parsed = Date.parse(String(value));
	return Number.isFinite(parsed) ? Math.floor(parsed / 1000) : null;
}
