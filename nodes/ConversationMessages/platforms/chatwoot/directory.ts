import type { IDataObject } from 'n8n-workflow';

import type { ParameterValues } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

import type { ChatwootAction } from './actions';

/**
 * An account's agents, teams and labels (vendor-actions.md §1.11), read once per run, and what a
 * user or an AI agent may give for one: its id, or its name (an agent also by email, a label by
 * title, in any case). Unknown → an error naming the parameter and the item, before any write.
 */
export interface Member {
	id: number;
	name: string;
	email?: string | null;
}

async function agents(chatwoot: ChatwootAction, client: VendorClient): Promise<Member[]> {
	return await client.shared(`${chatwoot.base}/agents`, async () => {
		const body = await chatwoot.read(client, `${chatwoot.base}/agents`);
		return (Array.isArray(body) ? (body as IDataObject[]) : []).map((agent) => ({
			id: Number(agent.id),
			name: String(agent.available_name ?? agent.name ?? ''),
			email: typeof agent.email === 'string' ? agent.email : null,
		}));
	});
}

async function teams(chatwoot: ChatwootAction, client: VendorClient): Promise<Member[]> {
	return await client.shared(`${chatwoot.base}/teams`, async () => {
		const body = await chatwoot.read(client, `${chatwoot.base}/teams`);
		return (Array.isArray(body) ? (body as IDataObject[]) : []).map((team) => ({ id: Number(team.id), name: String(team.name ?? '') }));
	});
}

/** The account's label titles, as stored: lowercase. */
export async function accountLabels(chatwoot: ChatwootAction, client: VendorClient): Promise<string[]> {
	return await client.shared(`${chatwoot.base}/labels`, async () => {
		const body = (await chatwoot.read(client, `${chatwoot.base}/labels`)) as IDataObject | undefined;
		return (Array.isArray(body?.payload) ? (body.payload as IDataObject[]) : []).map((label) => String(label.title ?? ''));
	});
}

function pick(values: ParameterValues, given: string, members: Member[], label: string, what: string): Member {
	const wanted = given.trim().toLowerCase();
	const found = /^\d+$/.test(wanted)
		? members.find((member) => member.id === Number(wanted))
		: members.filter((member) => member.name.toLowerCase() === wanted || member.email?.toLowerCase() === wanted);
	if (Array.isArray(found) && found.length > 1) {
		throw values.fail(label, `"${given}" names ${found.length} ${what}s (ids ${found.map((member) => member.id).join(', ')})`, 'Give the ID instead.');
	}
	const member = Array.isArray(found) ? found[0] : found;
	if (!member) {
		throw values.fail(
			label,
			`"${given}" is not ${what === 'agent' ? 'an agent' : `a ${what}`} of this account`,
			`The account's ${what}s: ${members.map((candidate) => `${candidate.name} (${candidate.id})`).join(', ') || 'none'}`,
		);
	}
	return member;
}

export async function agentNamed(values: ParameterValues, chatwoot: ChatwootAction, client: VendorClient, given: string, label: string): Promise<Member> {
	return pick(values, given, await agents(chatwoot, client), label, 'agent');
}

export async function teamNamed(values: ParameterValues, chatwoot: ChatwootAction, client: VendorClient, given: string, label: string): Promise<Member> {
	return pick(values, given, await teams(chatwoot, client), label, 'team');
}
