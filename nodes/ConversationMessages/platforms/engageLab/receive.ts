import type { INodeProperties } from 'n8n-workflow';

import { chatwootInboundMessage } from '../chatwoot/conversation';
import { sameSecret } from '../../transport/signature';
import type { WebhookReceiver } from '../types';

const properties: INodeProperties[] = [
	{
		displayName:
			'In LiveDesk, open the API channel (Channels → API) and paste this trigger\'s Production URL followed by <b>?token=</b> and the Secret Token below into its Webhook URL field. LiveDesk documents no signature, so the token is what tells its deliveries from anyone else\'s.',
		name: 'engageLabNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Secret Token',
		name: 'secretToken',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'a long random string',
		description: 'Deliveries whose URL does not end in ?token= followed by this value are refused (401)',
	},
];

export const engageLabReceiver: WebhookReceiver = {
	kind: 'webhook',
	properties,
	async receive(ctx, delivery) {
		const expected = String(ctx.getNodeParameter('secretToken', '') ?? '');
		if (!expected) return { refused: { status: 401, reason: 'the trigger has no Secret Token set' } };
		if (!sameSecret(String(delivery.query.token ?? ''), expected)) {
			return { refused: { status: 401, reason: 'the URL token does not match' } };
		}
		const message = chatwootInboundMessage('engageLab', delivery.body);
		return { messages: message ? [message] : [] };
	},
};
