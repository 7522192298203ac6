import type { IDataObject } from 'n8n-workflow';

import { htmlToText, isoTime } from '../../conversation/text';
import type { VendorClient, VendorRequest } from '../../transport/client';
import { getThrough } from '../../transport/getJson';

import { readCommentsPage } from './conversation';

/**
 * The comment a ticket write added, from the answer's audit (`audit.events[]`, type Comment).
 * A body not nested under `ticket` is answered 200 with nothing applied (vendor-zendesk.md §4):
 * no Comment event means no comment, whatever the status said.
 */
export function commentOf(answer: IDataObject): IDataObject | undefined {
	const events = (answer.audit as IDataObject | undefined)?.events;
	return (Array.isArray(events) ? (events as IDataObject[]) : []).find((event) => event.type === 'Comment' || event.type === 'VoiceComment');
}

/** What a comment's text is compared by: Zendesk may rewrite HTML, so both sides as plain text, trimmed. */
function comparable(comment: IDataObject): string {
	const plain = typeof comment.plain_body === 'string' ? comment.plain_body : typeof comment.html_body === 'string' ? htmlToText(comment.html_body) : String(comment.body ?? '');
	return plain.replace(/\s+/g, ' ').trim();
}

/**
 * Finds a comment whose write's answer was lost among the ticket's newest comments (one page,
 * newest first): the same text, visibility, author (when one was given) and number of files,
 * created after the write began, and not another item's of this run.
 */
export function commentReadBack(
	client: VendorClient,
	itemIndex: number,
	ticketId: string,
	sent: IDataObject,
	files: number,
): NonNullable<VendorRequest['readBack']> {
	const text = comparable({ plain_body: typeof sent.html_body === 'string' ? htmlToText(sent.html_body) : sent.body });
	return async (createdNotBeforeMs) => {
		const { comments } = await readCommentsPage(getThrough(client, itemIndex), ticketId, 'desc');
		return client.claimReadBack(
			comments.filter(
				(comment) =>
					Date.parse(isoTime(comment.created_at)) >= createdNotBeforeMs &&
					comparable(comment) === text &&
					(comment.public !== false) === (sent.public !== false) &&
					(sent.author_id === undefined || String(comment.author_id) === String(sent.author_id)) &&
					((comment.attachments as unknown[] | undefined) ?? []).length === files,
			),
		);
	};
}
