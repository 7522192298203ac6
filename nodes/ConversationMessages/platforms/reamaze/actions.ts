import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isoTime, text } from '../../conversation/text';
import { pathSegment } from '../../params/checks';
import type { ItemParameters, ParameterValues } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

/**
 * What Re:amaze's conversation actions share (vendor-actions.md §5): the conversation by its
 * slug, read with GET /conversations/{slug} and changed with PUT {conversation: {…}}, and the
 * normalised conversation every platform answers.
 */
export class ReamazeConversation {
	readonly path: string;

	constructor(
		private readonly p: ItemParameters,
		readonly slug: string,
	) {
		this.path = `/api/v1/conversations/${encodeURIComponent(slug)}`;
	}

	/** The conversation parameter (a slug, picked, typed or from an address). */
	static of(p: ItemParameters): ReamazeConversation {
		return new ReamazeConversation(p, p.conversationId('Conversation Slug', pathSegment));
	}

	/** The conversation as Re:amaze answers it. */
	async read(client: VendorClient): Promise<IDataObject> {
		const { body } = await client.send({ method: 'GET', path: this.path, safeToRetry: true }, this.p.itemIndex);
		return (body ?? {}) as IDataObject;
	}

	/**
	 * PUT of the stated fields; Re:amaze answers the updated conversation (or 422 with its
	 * reason). Every write states a target (a status, an assignee, the full tag list), so a
	 * repeat after a lost answer changes nothing more.
	 */
	async update(client: VendorClient, conversation: IDataObject): Promise<IDataObject> {
		const { body } = await client.send({ method: 'PUT', path: this.path, json: { conversation }, safeToRetry: true }, this.p.itemIndex);
		return (body ?? {}) as IDataObject;
	}
}

/**
 * Re:amaze's status integers as two public clients read them (meant4/reamaze-go,
 * SkillerTeam/reamaze-mcp-server; the vendor's page could not be read: [UNCONFIRMED]), and the
 * normalised status each means. 7 is "AI agent assigned": the bot owns it, as Chatwoot's pending.
 */
const NORMALISED_STATUS: Record<number, string> = {
	0: 'open',
	1: 'pending',
	2: 'resolved',
	3: 'spam',
	4: 'resolved',
	5: 'snoozed',
	6: 'resolved',
	7: 'pending',
	8: 'resolved',
	9: 'spam',
};

/** The integer Set Status sends for each status it offers (overridable per item: Status Code). */
export const STATUS_CODES = { open: 0, pending: 1, resolved: 2, snoozed: 5 } as const;

/** A Re:amaze conversation as the normalised conversation of every platform. Re:amaze has no teams, priority or ids for people. */
export function normalisedConversation(body: IDataObject): IDataObject {
	const assignee = body.assignee as IDataObject | null | undefined;
	const author = (body.author ?? {}) as IDataObject;
	const code = typeof body.status === 'number' ? body.status : Number(body.status);
	return {
		platform: 'reamaze',
		conversationId: text(body.slug),
		accountId: null,
		status: NORMALISED_STATUS[code] ?? null,
		vendorStatus: body.status ?? null,
		assignee: assignee ? { id: null, name: text(assignee.name), email: text(assignee.email) } : null,
		team: null,
		labels: tags(body),
		priority: null,
		contact: { id: null, name: text(author.name), email: text(author.email), phone: text(author.mobile) },
		createdAt: isoTime(body.created_at),
		updatedAt: isoTime(body.updated_at ?? body.created_at),
		raw: body,
	};
}

/** The conversation's tags (`tag_list`). */
export function tags(body: IDataObject): string[] {
	return Array.isArray(body.tag_list) ? body.tag_list.map(String) : [];
}

/** A comma-separated or listed set of tags, trimmed, without repeats; none given fails. */
export function tagsParameter(p: ParameterValues): string[] {
	const given = p.get('tags', '');
	const listed = (Array.isArray(given) ? given.map(String) : String(given ?? '').split(',')).map((tag) => tag.trim()).filter(Boolean);
	if (!listed.length) throw p.fail('Tags', 'is empty', 'Give one or more tags, separated by commas.');
	return [...new Set(listed)];
}

export const tagsField: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'refund, vip',
	description: 'Tags, separated by commas. Re:amaze lists no tags through its API, so they are typed, not picked.',
};
