import type { IDataObject } from 'n8n-workflow';

import type { Action } from '../../operations/types';

import { normalisedContact } from './contacts';

/** User.com's own user fields: a custom attribute may not take one of these names. */
const STANDARD_FIELDS = ['custom_id', 'email', 'first_name', 'last_name', 'phone_number', 'gender', 'status'];

/**
 * POST /users/update_or_create/ keyed by your ID (custom_id), custom attributes as top-level
 * keys (vendor-actions.md §6), then GET /users/{id}/ for the user as it is now. The request
 * states the user's values, so a repeat changes nothing more.
 */
export const upsertContact: Action = {
	operation: 'upsertContact',
	wording: { description: 'Create a user (contact), or update the one with the same Custom ID' },
	fields: [
		{
			displayName: 'Custom ID',
			name: 'customId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'customer-4711',
			description: "Your own ID for the user (User.com's custom_id): the user with this ID is updated, or created",
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: "The user's email; left as it is when empty",
		},
		{
			displayName: 'First Name',
			name: 'firstName',
			type: 'string',
			default: '',
			description: 'Left as it is when empty',
		},
		{
			displayName: 'Last Name',
			name: 'lastName',
			type: 'string',
			default: '',
			description: 'Left as it is when empty',
		},
		{
			displayName: 'Custom Attributes',
			name: 'customAttributes',
			type: 'json',
			default: '{}',
			description: 'Attributes by their name in User.com, as a JSON object; each must exist in the app (Settings → Data → Attributes) or User.com refuses the request',
		},
	],

	prepare(p) {
		const customId = p.requiredText('customId', 'Custom ID').trim();
		const body: IDataObject = { custom_id: customId };
		if (p.text('email', 'Email').trim()) body.email = p.email('email', 'Email');
		const firstName = p.text('firstName', 'First Name').trim();
		const lastName = p.text('lastName', 'Last Name').trim();
		if (firstName) body.first_name = firstName;
		if (lastName) body.last_name = lastName;
		const attributes = p.jsonObject('customAttributes', 'Custom Attributes') ?? {};
		const standard = Object.keys(attributes).find((key) => STANDARD_FIELDS.includes(key));
		if (standard) throw p.fail('Custom Attributes', `"${standard}" is a field of its own, not a custom attribute`, 'Use the field for it, or leave it out.');
		Object.assign(body, attributes);
		return {
			orderingKey: `contact:${customId}`,
			send: async (client) => {
				const { body: answer } = await client.send({ method: 'POST', path: '/users/update_or_create/', json: body, safeToRetry: true }, p.itemIndex);
				const { created, id } = (answer ?? {}) as IDataObject;
				const { body: user } = await client.send({ method: 'GET', path: `/users/${String(id)}/`, safeToRetry: true }, p.itemIndex);
				return [{ json: { ...normalisedContact((user ?? {}) as IDataObject), created: created === true } }];
			},
		};
	},
};
