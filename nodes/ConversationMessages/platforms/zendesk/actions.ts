import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { isoTime, text } from '../../conversation/text';
import { pathSegment } from '../../params/checks';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

import { ticketField } from './fields';

// What Zendesk's conversation actions share (vendor-zendesk.md §8): the ticket, the account's
// agents and groups (read once per run, for names and pickers), and the normalised ticket.

export const ticketPath = (ticketId: string) => `/api/v2/tickets/${encodeURIComponent(ticketId)}`;

/** Zendesk's statuses and the normalised status each means (every platform's words: open, pending, resolved). */
const NORMALISED_STATUS: Record<string, string> = { new: 'open', open: 'open', pending: 'pending', hold: 'pending', solved: 'resolved', closed: 'resolved' };

export interface Member {
	id: string;
	name: string | null;
	email: string | null;
}

/** Every entry of a cursor-paged list (agents, groups: an account may have more than a page). */
async function readAll(client: VendorClient, itemIndex: number, path: string, key: string): Promise<IDataObject[]> {
	const all: IDataObject[] = [];
	let after: string | null = null;
	do {
		const query: IDataObject = { 'page[size]': 100 };
		if (after) query['page[after]'] = after;
		const body = ((await client.send({ method: 'GET', path, qs: query, safeToRetry: true }, itemIndex)).body ?? {}) as IDataObject;
		all.push(...((body[key] as IDataObject[] | undefined) ?? []));
		const meta = (body.meta ?? {}) as IDataObject;
		after = meta.has_more === true ? text(meta.after_cursor) : null;
	} while (after);
	return all;
}

/**
 * The account's agents and admins (§8: `role[]=agent&role[]=admin`, [UNCONFIRMED] form), the
 * repeated key written out: how a query object's list is spelled differs between n8n versions.
 */
export const AGENTS_PATH = '/api/v2/users?role%5B%5D=agent&role%5B%5D=admin';

/** A Zendesk ticket as the normalised conversation of every platform. */
export function normalisedTicket(ticket: IDataObject, names: { agents: Member[]; groups: Member[]; requester?: IDataObject }): IDataObject {
	const status = text(ticket.status);
	const assigneeId = text(ticket.assignee_id);
	const groupId = text(ticket.group_id);
	const agent = names.agents.find((member) => member.id === assigneeId);
	const group = names.groups.find((member) => member.id === groupId);
	const requester = names.requester;
	return {
		platform: 'zendesk',
		conversationId: text(ticket.id),
		accountId: null,
		status: status === null ? null : (NORMALISED_STATUS[status] ?? status),
		vendorStatus: status,
		assignee: assigneeId === null ? null : { id: assigneeId, name: agent?.name ?? null, email: agent?.email ?? null },
		team: groupId === null ? null : { id: groupId, name: group?.name ?? null },
		labels: Array.isArray(ticket.tags) ? ticket.tags.map(String) : [],
		priority: text(ticket.priority),
		subject: text(ticket.subject),
		contact: requester
			? { id: text(requester.id), name: text(requester.name), email: text(requester.email), phone: text(requester.phone) }
			: ticket.requester_id == null
				? null
				: { id: text(ticket.requester_id), name: null, email: null, phone: null },
		createdAt: isoTime(ticket.created_at),
		updatedAt: isoTime(ticket.updated_at ?? ticket.created_at),
		raw: ticket,
	};
}

/** One item's Zendesk action: its requests, the names it resolves, the ticket it reads. */
export class ZendeskAction {
	constructor(private readonly p: ItemParameters) {}

	ticketId(): string {
		return this.p.conversationId(ticketField.displayName, pathSegment);
	}

	async read(client: VendorClient, path: string, qs?: IDataObject): Promise<IDataObject> {
		return ((await client.send({ method: 'GET', path, qs, safeToRetry: true }, this.p.itemIndex)).body ?? {}) as IDataObject;
	}

	/** A write that states its target (an assignee, a status, tags): safe to repeat. */
	async write(client: VendorClient, method: 'PUT' | 'DELETE', path: string, json: IDataObject): Promise<IDataObject> {
		return ((await client.send({ method, path, json, safeToRetry: true }, this.p.itemIndex)).body ?? {}) as IDataObject;
	}

	/** The ticket as it is now (GET /tickets/{id}). */
	async ticket(client: VendorClient, ticketId: string): Promise<IDataObject> {
		return ((await this.read(client, ticketPath(ticketId))).ticket ?? {}) as IDataObject;
	}

	/** Changes ticket fields in one update (PUT /tickets/{id}, nested under `ticket`, §4/§8): the ticket as written. */
	async update(client: VendorClient, ticketId: string, fields: IDataObject): Promise<IDataObject> {
		return ((await this.write(client, 'PUT', ticketPath(ticketId), { ticket: fields })).ticket ?? {}) as IDataObject;
	}

	agents(client: VendorClient): Promise<Member[]> {
		return client.shared('zendesk:agents', async () =>
			(await readAll(client, this.p.itemIndex, AGENTS_PATH, 'users')).map((user) => ({ id: String(user.id), name: text(user.name), email: text(user.email) })),
		);
	}

	groups(client: VendorClient): Promise<Member[]> {
		return client.shared('zendesk:groups', async () =>
			(await readAll(client, this.p.itemIndex, '/api/v2/groups', 'groups')).map((group) => ({ id: String(group.id), name: text(group.name), email: null })),
		);
	}

	/**
	 * The agent or group an item names: by ID, else by name (or an agent's email), exactly and
	 * ignoring case. Unknown: an error naming the parameter and the item, before any write.
	 */
	named(members: Member[], given: string, label: string, noun: string): Member {
		const lower = given.toLowerCase();
		const found =
			members.find((member) => member.id === given) ??
			members.find((member) => member.name?.toLowerCase() === lower || member.email?.toLowerCase() === lower);
		if (!found) {
			const known = members.map((member) => `${member.name ?? member.id} (${member.id})`).join(', ');
			throw this.p.fail(label, `names "${given}", not ${noun} of this Zendesk account`, known ? `Known: ${known}` : undefined);
		}
		return found;
	}

	/** A ticket, normalised: its agent, group and requester named. */
	async normalised(client: VendorClient, ticket: IDataObject): Promise<IDataObject> {
		const agents = ticket.assignee_id == null ? [] : await this.agents(client);
		const groups = ticket.group_id == null ? [] : await this.groups(client);
		// A requester deleted since stays as the ticket names it (an id): the action still succeeded.
		const requester =
			ticket.requester_id == null
				? undefined
				: await this.read(client, `/api/v2/users/${encodeURIComponent(String(ticket.requester_id))}`).then(
						(body) => body.user as IDataObject | undefined,
						(error: unknown) => (error instanceof NodeApiError && error.httpCode === '404' ? undefined : Promise.reject(error)),
					);
		return normalisedTicket(ticket, { agents, groups, requester });
	}
}
