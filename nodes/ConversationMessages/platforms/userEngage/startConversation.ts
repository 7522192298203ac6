import type { IDataObject, NodeOperationError } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { responseJson } from '../../operations/output';
import type { Operation } from '../../operations/types';
import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';

import { messageFields, readMessageFields } from './message';

/**
 * Start a Conversation: the user found by email (GET /users/search/?email=), then
 * POST /users/{id}/conversations/ with the first message. User.com lists conversations only
 * by whether they are open, with nothing of ours to match, so a lost answer is not read back:
 * the conversation may exist, and it is not created again.
 */
export const startConversation: Operation = {
	operation: 'startConversation',
	wording: {
		action: 'Start a conversation with a user',
		description: 'Open a new conversation with a user found by email, with the first message',
	},
	fields: [
		{
			displayName: 'User Email',
			name: 'userEmail',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'jane@example.com',
			description: 'The email of the User.com user (the customer) to start the conversation with',
		},
		...messageFields,
	],

	prepare(p) {
		const email = p.email('userEmail', 'User Email');
		const body = readMessageFields(p);
		return {
			orderingKey: `user:${email.toLowerCase()}`,
			send: async (client) => {
				const user = await findUser(p, client, email);
				const conversation = responseJson(
					await client.send({ method: 'POST', path: `/users/${String(user.id)}/conversations/`, json: body }, p.itemIndex),
				);
				return { conversationId: conversation.id, contact: user, conversation };
			},
		};
	},
};

async function findUser(p: ItemParameters, client: VendorClient, email: string): Promise<IDataObject> {
	try {
		const { body } = await client.send({ method: 'GET', path: '/users/search/', qs: { email }, safeToRetry: true }, p.itemIndex);
		return body as IDataObject;
	} catch (error) {
		// The search answers 404 when no user has the email; other failures stand as they are.
		if (!(error instanceof NodeApiError) || error.httpCode !== '404') throw error as NodeApiError | NodeOperationError;
		throw p.fail('User Email', `"${email}" matches no User.com user`, 'Create the user in User.com first (or with its API).');
	}
}
