import type { IDataObject } from 'n8n-workflow';

import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

import { usersWithEmail } from './contacts';

/**
 * The requester of a new ticket, by email: found with the contacts' exact user search
 * (`usersWithEmail`), or created as an end user with `POST /api/v2/users/create_or_update`
 * (vendor-zendesk.md §8), which matches on the email, so a repeated call after a lost answer
 * updates the user it made instead of making another.
 */
export async function findOrCreateRequester(
	client: VendorClient,
	p: ItemParameters,
	requester: { email: string; name: string; createIfMissing: boolean },
): Promise<IDataObject> {
	const exact = await usersWithEmail(client, p.itemIndex, requester.email);
	if (exact.length > 1) {
		throw p.fail('Requester Email', `matches ${exact.length} Zendesk users (${exact.map((user) => String(user.id)).join(', ')})`);
	}
	if (exact.length === 1) return exact[0];
	if (!requester.createIfMissing) {
		throw p.fail('Requester Email', `"${requester.email}" is not a Zendesk user`, 'Turn on Create Requester If Missing, or create the user in Zendesk first.');
	}
	const created = await client.send(
		{
			method: 'POST',
			path: '/api/v2/users/create_or_update',
			json: { user: { email: requester.email, name: requester.name, role: 'end-user' } },
			safeToRetry: true,
		},
		p.itemIndex,
	);
	const user = ((created.body ?? {}) as IDataObject).user as IDataObject | undefined;
	if (user?.id === undefined || user.id === null) throw p.fail('Requester Email', `"${requester.email}" could not be created: Zendesk answered without a user`);
	return user;
}
