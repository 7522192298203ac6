import type { IDataObject } from 'n8n-workflow';

import type { ParameterValues } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

/** Re:amaze's staff (GET /staff, paged; vendor-actions.md §5): read once per run and client. */
const staffOf = new WeakMap<VendorClient, Promise<Array<{ name: string; email: string }>>>();

async function readStaff(client: VendorClient, itemIndex: number): Promise<Array<{ name: string; email: string }>> {
	const staff: Array<{ name: string; email: string }> = [];
	for (let page = 1, pageCount = 1; page <= pageCount; page++) {
		const { body } = await client.send({ method: 'GET', path: '/api/v1/staff', qs: { page }, safeToRetry: true }, itemIndex);
		const answer = (body ?? {}) as IDataObject;
		pageCount = Number(answer.page_count ?? 1) || 1;
		for (const member of (Array.isArray(answer.staff) ? answer.staff : []) as IDataObject[]) {
			if (typeof member.email === 'string') staff.push({ name: String(member.name ?? member.email), email: member.email });
		}
	}
	return staff;
}

/** The staff member with this email (any case), or an error naming the parameter and the item. */
export async function staffMember(values: ParameterValues, client: VendorClient, email: string, label: string): Promise<{ name: string; email: string }> {
	if (!staffOf.has(client)) staffOf.set(client, readStaff(client, values.itemIndex));
	const staff = await staffOf.get(client)!;
	const member = staff.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
	if (!member) {
		throw values.fail(label, `"${email}" is not a staff member of this Re:amaze account`, `Its staff: ${staff.map((candidate) => candidate.email).join(', ') || 'none'}`);
	}
	return member;
}
