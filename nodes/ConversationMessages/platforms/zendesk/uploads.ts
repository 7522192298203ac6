import type { IDataObject } from 'n8n-workflow';

import type { ItemParameters } from '../../params/itemParameters';
import type { VendorClient } from '../../transport/client';
import type { Attachment } from '../../transport/multipart';
import { fileBody } from '../../transport/multipart';

/**
 * Files per comment. Zendesk documents no number (vendor-zendesk.md §5 [UNCONFIRMED]); this
 * bounds what one item streams.
 */
export const MAX_FILES = 10;

/**
 * Uploads the item's files, each as the raw body of `POST /api/v2/uploads?filename=` (streamed
 * from n8n's binary store with its length), and answers their tokens for `comment.uploads`.
 * Called right before the comment is written: a token lives 60 minutes (§5). Safe to repeat
 * after a lost answer: an upload no comment takes is deleted by Zendesk when its token expires.
 */
export async function uploadFiles(client: VendorClient, p: ItemParameters, attachments: Attachment[]): Promise<string[]> {
	const tokens: string[] = [];
	for (const attachment of attachments) {
		const { body } = await client.send(
			{
				method: 'POST',
				path: '/api/v2/uploads',
				qs: { filename: attachment.fileName },
				rawBody: async () => await fileBody(p.ctx, p.itemIndex, attachment),
				safeToRetry: true,
			},
			p.itemIndex,
		);
		const token = ((body ?? {}) as IDataObject).upload as IDataObject | undefined;
		if (typeof token?.token !== 'string' || token.token === '') {
			throw p.fail('Attachments', `"${attachment.fileName}" was uploaded, but Zendesk answered without an upload token`);
		}
		tokens.push(token.token);
	}
	return tokens;
}
