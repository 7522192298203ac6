import type { INodeProperties } from 'n8n-workflow';

import { httpUrl } from '../../params/checks';
import { additionalFieldsCollection } from '../../params/fields';
import type { ItemParameters } from '../../params/itemParameters';

// Fields Intercom's operations share, and how they are read.

const MAX_URLS = 10;

/** The teammate a reply or an admin-initiated message is sent as, loaded from Intercom. */
export function adminField(what: string, displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Admin Name or ID',
		name: 'adminId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getIntercomAdmins' },
		required: true,
		default: '',
		description: `The teammate the ${what} is sent as. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** Every operation shows it; only a reply and a contact's new conversation take the links. */
export const attachmentUrlsCollection = additionalFieldsCollection([
	{
		displayName: 'Attachment URLs',
		name: 'attachmentUrls',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/a.png, https://example.com/b.pdf',
		description: 'Links to files to attach (at most 10), separated by commas',
	},
]);

export function readAttachmentUrls(p: ItemParameters): string[] {
	const urls = p.collection('additionalFields').list('attachmentUrls', 'Attachment URLs');
	if (urls.length > MAX_URLS) throw p.fail('Attachment URLs', `lists ${urls.length} links; Intercom takes at most ${MAX_URLS}`);
	return urls.map((url) => p.as(url, httpUrl, 'Attachment URLs'));
}
