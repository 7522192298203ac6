import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection, attachmentsField, contentField } from '../../params/fields';
import type { ItemParameters } from '../../params/itemParameters';

// The message both operations send (into a conversation, or as a new conversation's first):
// its fields and how an item's parameters become its body.

const SOURCES = { chat: 1, email: 2, api: 3, sms: 4, slack: 5 } as const;
const VALID_SOURCES: number[] = Object.values(SOURCES);

export const messageFields: INodeProperties[] = [
	contentField('The message. HTML is allowed, e.g. Hi &lt;b&gt;there&lt;/b&gt;.'),
	{
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '926',
		description: 'The numeric ID of the agent the message is sent as (User.com: Settings → Agents)',
	},
	attachmentsField(
		'User.com has no API for files: naming a binary property here stops with an error. Put a link to the file in the content instead.',
	),
	additionalFieldsCollection([
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			default: 3,
			description: 'The channel the message is recorded as coming from',
			options: [
				{ name: 'API', value: SOURCES.api },
				{ name: 'Chat', value: SOURCES.chat },
				{ name: 'Email', value: SOURCES.email },
				{ name: 'Slack', value: SOURCES.slack },
				{ name: 'SMS', value: SOURCES.sms },
			],
		},
		{
			displayName: 'Source Context',
			name: 'sourceContext',
			type: 'json',
			default: '{}',
			description: 'Extra fields stored with the message, visible only to agents, as a JSON object',
		},
	]),
];

/** Content, agent, source and its context. */
export function readMessageFields(p: ItemParameters): IDataObject {
	const content = p.content();
	const user = p.wholeNumber('agentId', 'Agent ID');
	p.refuseAttachments('User.com has no API for sending files', 'Put a link to the file in the content instead.');

	const additional = p.collection('additionalFields');
	const body: IDataObject = { content, user };
	const source = additional.get('source');
	if (source !== undefined && source !== '') {
		if (!VALID_SOURCES.includes(Number(source))) throw p.fail('Source', `must be one of 1–5, got "${String(source)}"`);
		body.source = Number(source);
	}
	const sourceContext = additional.jsonObject('sourceContext', 'Source Context');
	if (sourceContext && Object.keys(sourceContext).length) body.source_context = sourceContext;
	return body;
}
