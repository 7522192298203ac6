import type { INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection, attachmentsField, contentField, conversationIdField } from '../../params/fields';

const onStart = { show: { intercomOperation: ['startConversation'] } };
const onReply = { show: { intercomOperation: ['reply'] } };
const onAdminMessage = { show: { intercomOperation: ['adminMessage'] } };

const contactLookup = (show: INodeProperties['displayOptions']): INodeProperties[] => [
	{
		displayName: 'Identify Contact By',
		name: 'contactLookup',
		type: 'options',
		default: 'email',
		displayOptions: show,
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'External User ID', value: 'externalId', description: 'The user_id your app gave the contact' },
			{ name: 'Intercom Contact ID', value: 'id', description: 'The 24-character ID Intercom gave the contact' },
		],
	},
	{
		displayName: 'Contact',
		name: 'contactValue',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show,
		placeholder: 'jane@example.com',
		description: 'The email, external user ID or Intercom contact ID of the contact, as chosen above',
	},
];

/** The teammate a reply or an admin-initiated message is sent as, loaded from Intercom. */
function adminField(what: string, displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Admin Name or ID',
		name: 'adminId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getIntercomAdmins' },
		required: true,
		default: '',
		description: `The teammate the ${what} is sent as. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		displayOptions,
	};
}

export const intercomProperties: INodeProperties[] = [
	{
		// Not `operation`: n8n's node creator would list these as actions of the whole node.
		displayName: 'Operation',
		name: 'intercomOperation',
		type: 'options',
		noDataExpression: true,
		default: 'reply',
		options: [
			{
				name: 'Message From an Admin',
				value: 'adminMessage',
				action: 'Send a message from an admin to a contact',
				description: 'Reach a user or lead who has no open conversation: an in-app message or an email, as a teammate',
			},
			{
				name: 'Message From a User or Contact',
				value: 'startConversation',
				action: 'Start a conversation as a contact',
				description: 'Start a new conversation, as if the user or lead wrote in',
			},
			{
				name: 'Reply to a Conversation',
				value: 'reply',
				action: 'Reply to a conversation',
				description: 'Reply as an admin (comment or note) or as the contact',
			},
		],
	},
	...contactLookup(onStart),
	...adminMessageProperties(),
	{
		...conversationIdField({
			displayName: 'Conversation ID',
			description: 'The conversation: pick it, type its ID ("last" for the contact\'s latest, when replying as the contact), or paste its address from the Intercom inbox',
			example: '524',
			idPattern: '^\\s*(\\d+|last)\\s*$',
			urlPattern: '/conversations?/(\\d+)',
			urlExample: 'https://app.intercom.com/a/inbox/abc123/inbox/conversation/524',
			searchMethod: 'searchIntercomConversations',
		}),
		displayOptions: onReply,
	},
	{
		displayName: 'Reply As',
		name: 'replyAs',
		type: 'options',
		default: 'admin',
		displayOptions: onReply,
		options: [
			{ name: 'Admin', value: 'admin', description: 'A teammate replies' },
			{ name: 'Contact', value: 'contact', description: 'The user or lead replies' },
		],
	},
	adminField('reply', { show: { intercomOperation: ['reply'], replyAs: ['admin'] } }),
	{
		displayName: 'Reply Type',
		name: 'replyType',
		type: 'options',
		default: 'comment',
		displayOptions: { show: { intercomOperation: ['reply'], replyAs: ['admin'] } },
		options: [
			{ name: 'Comment', value: 'comment', description: 'Visible to the contact' },
			{ name: 'Note', value: 'note', description: 'Internal, visible only to teammates' },
		],
	},
	...contactLookup({ show: { intercomOperation: ['reply'], replyAs: ['contact'] } }),
	{
		...contentField(
			'Plain text only: Intercom does not take HTML in a message started by a contact, so HTML tags are refused rather than shown as text',
		),
		displayOptions: onStart,
	},
	{ ...contentField('The reply. Admin comments and notes may use basic HTML.'), displayOptions: onReply },
	{
		...attachmentsField('Files to attach to the reply (at most 10), sent base64-encoded'),
		displayOptions: onReply,
	},
	{
		...attachmentsField(
			'Intercom takes no files in a message started by a contact: naming a binary property here stops with an error. Use Additional Fields → Attachment URLs.',
		),
		displayOptions: onStart,
	},
	additionalFieldsCollection([
		{
			displayName: 'Attachment URLs',
			name: 'attachmentUrls',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/a.png, https://example.com/b.pdf',
			description: 'Links to files to attach (at most 10), separated by commas',
		},
	]),
];

/** Message From an Admin: POST /messages, the admin-initiated message of API 2.x. */
function adminMessageProperties(): INodeProperties[] {
	const onEmail = { show: { intercomOperation: ['adminMessage'], adminMessageType: ['email'] } };
	return [
		adminField('message', onAdminMessage),
		...contactLookup(onAdminMessage),
		{
			displayName: 'Message Type',
			name: 'adminMessageType',
			type: 'options',
			default: 'inapp',
			displayOptions: onAdminMessage,
			options: [
				{ name: 'In-App', value: 'inapp', description: 'Shown in the Messenger in your app or website' },
				{ name: 'Email', value: 'email', description: 'Sent to the contact\'s email address' },
			],
		},
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			required: true,
			default: '',
			displayOptions: onEmail,
		},
		{
			displayName: 'Email Template',
			name: 'emailTemplate',
			type: 'options',
			default: 'plain',
			displayOptions: onEmail,
			options: [
				{ name: 'Plain', value: 'plain', description: 'Plain text, as a personal email' },
				{ name: 'Personal', value: 'personal', description: 'With the admin\'s name and avatar' },
			],
		},
		{
			...contentField('The message. Basic HTML allowed.'),
			displayOptions: onAdminMessage,
		},
		{
			displayName: 'Open a Conversation Now',
			name: 'createConversationWithoutContactReply',
			type: 'boolean',
			default: false,
			displayOptions: onAdminMessage,
			description:
				'Whether Intercom opens the conversation at once (so its ID is in the output and the next node can reply into it); otherwise a conversation exists only once the contact replies',
		},
		{
			...attachmentsField('Intercom takes no files in an admin-initiated message: naming a binary property here stops with an error'),
			displayOptions: onAdminMessage,
		},
	];
}
