import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { text } from '../../conversation/text';
import { locatorText, pathSegment } from '../../params/checks';
import { conversationIdField, memberLocator } from '../../params/fields';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient, VendorRequest } from '../../transport/client';
import { getThrough } from '../../transport/getJson';

import type { Names } from './conversation';
import { normalisedConversation, readConversation } from './conversation';

// What Intercom's conversation actions share (vendor-actions.md §4): the conversation field, the
// admin every write acts as, the account's admins, teams and tags (read once per run), and the
// normalised conversation.

/** The conversation an action works on: picked, typed, or taken from its inbox address. */
export const conversationField: INodeProperties = conversationIdField({
	displayName: 'Conversation ID',
	description: 'The conversation: pick it, type its ID, or paste its address from the Intercom inbox',
	example: '524',
	idPattern: '^\\s*\\d+\\s*$',
	urlPattern: '/conversations?/(\\d+)',
	urlExample: 'https://app.intercom.com/a/inbox/abc123/inbox/conversation/524',
	searchMethod: 'searchIntercomConversations',
});

/**
 * Every Intercom write names the admin it is done as (`admin_id`): empty means the admin whose
 * token the credential holds (GET /me). A dedicated "bot" admin keeps the bot's actions attributable.
 */
export const actAsAdminField: INodeProperties = memberLocator({
	displayName: 'Act As Admin',
	name: 'actAsAdmin',
	searchMethod: 'searchIntercomAdmins',
	example: '991267459',
	description: "The teammate Intercom records as doing this (an ID, name or email by expression). Empty: the admin whose access token the credential holds.",
});

export interface Member {
	id: string;
	name: string | null;
	email: string | null;
}

/** The account's directory, read once per run (one client per run) and shared by its items. */
const directories = new WeakMap<VendorClient, Map<string, Promise<unknown>>>();

function once<T>(client: VendorClient, key: string, read: () => Promise<T>): Promise<T> {
	let cache = directories.get(client);
	if (!cache) directories.set(client, (cache = new Map()));
	if (!cache.has(key)) {
		const reading = read();
		// A failed read is not kept: the next item asks again (and fails with its own item number).
		reading.catch(() => cache?.delete(key));
		cache.set(key, reading);
	}
	return cache.get(key) as Promise<T>;
}

/** One item's Intercom action: its requests, the names it resolves, the conversation it reads. */
export class IntercomAction {
	constructor(private readonly p: ItemParameters) {}

	/** GET of a JSON body; reads are safe to repeat. */
	async read(client: VendorClient, path: string, qs?: IDataObject): Promise<IDataObject> {
		return ((await client.send({ method: 'GET', path, qs, safeToRetry: true }, this.p.itemIndex)).body ?? {}) as IDataObject;
	}

	/**
	 * A write that states its target (never a `body`: a retried write with one posts the text
	 * again, §6b), so it is safe to repeat.
	 */
	async write(client: VendorClient, request: Omit<VendorRequest, 'safeToRetry'>): Promise<IDataObject> {
		return ((await client.send({ ...request, safeToRetry: true }, this.p.itemIndex)).body ?? {}) as IDataObject;
	}

	admins(client: VendorClient): Promise<Member[]> {
		return once(client, 'admins', async () =>
			(((await this.read(client, '/admins')).admins as IDataObject[] | undefined) ?? []).map((admin) => ({
				id: String(admin.id),
				name: text(admin.name),
				email: text(admin.email),
			})),
		);
	}

	teams(client: VendorClient): Promise<Member[]> {
		return once(client, 'teams', async () =>
			(((await this.read(client, '/teams')).teams as IDataObject[] | undefined) ?? []).map((team) => ({ id: String(team.id), name: text(team.name), email: null })),
		);
	}

	tags(client: VendorClient): Promise<Member[]> {
		return once(client, 'tags', async () =>
			(((await this.read(client, '/tags')).data as IDataObject[] | undefined) ?? []).map((tag) => ({ id: String(tag.id), name: text(tag.name), email: null })),
		);
	}

	/** The admin whose token the credential holds (GET /me), once per run. */
	tokenAdmin(client: VendorClient): Promise<string> {
		return once(client, 'me', async () => String((await this.read(client, '/me')).id));
	}

	/**
	 * The admin, team or tag an item names: by ID, else by name (or an admin's email), exactly
	 * and ignoring case. Unknown: an error naming the parameter and the item, before any write.
	 */
	named(members: Member[], given: string, label: string, noun: string): Member {
		const lower = given.toLowerCase();
		const found =
			members.find((member) => member.id === given) ??
			members.find((member) => member.name?.toLowerCase() === lower || member.email?.toLowerCase() === lower);
		if (!found) {
			const known = members.map((member) => `${member.name ?? member.id} (${member.id})`).join(', ');
			throw this.p.fail(label, `names "${given}", not ${noun} of this Intercom workspace`, known ? `Known: ${known}` : undefined);
		}
		return found;
	}

	/** The Act As Admin field, resolved: the chosen admin's id, or the token's own admin. */
	actingAdmin(): { resolve(client: VendorClient): Promise<string> } {
		const given = this.p.read('actAsAdmin', locatorText, 'Act As Admin', '');
		return {
			resolve: async (client) => (given ? this.named(await this.admins(client), given, 'Act As Admin', 'an admin').id : await this.tokenAdmin(client)),
		};
	}

	conversationId(): string {
		return this.p.conversationId('Conversation ID', pathSegment);
	}

	/** The conversation as retrieved (with at most its 500 most recent parts), through the platform's reader. */
	async retrieve(client: VendorClient, conversationId: string): Promise<IDataObject> {
		return await readConversation(getThrough(client, this.p.itemIndex), conversationId);
	}

	/** A retrieved (or written) conversation, normalised, its admin, team and contact named. */
	async normalised(client: VendorClient, body: IDataObject): Promise<IDataObject> {
		const names: Names = { admins: new Map(), teams: new Map() };
		if (body.admin_assignee_id != null) for (const admin of await this.admins(client)) names.admins.set(admin.id, admin);
		if (body.team_assignee_id != null) for (const team of await this.teams(client)) names.teams.set(team.id, team.name);
		const contactId = text((((body.contacts ?? {}) as IDataObject).contacts as IDataObject[] | undefined)?.[0]?.id);
		// A contact deleted since stays as the conversation lists it (an id): the action still succeeded.
		if (contactId) {
			names.contact = await this.read(client, `/contacts/${encodeURIComponent(contactId)}`).catch((error: unknown) =>
				error instanceof NodeApiError && error.httpCode === '404' ? undefined : Promise.reject(error),
			);
		}
		return normalisedConversation(body, names);
	}

	/** The conversation as it is now, normalised. */
	async conversation(client: VendorClient, conversationId: string): Promise<IDataObject> {
		return await this.normalised(client, await this.retrieve(client, conversationId));
	}
}
