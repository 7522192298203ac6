import type { IDataObject } from 'n8n-workflow';

/** Who wrote a message, in the same words on every platform. */
export type SenderType = 'customer' | 'agent' | 'bot';

export interface MessageAttachment {
	fileName: string;
	mimeType: string | null;
	size: number | null;
	url: string;
}

/**
 * One message of a conversation, the same shape on every platform: what a trigger emits (so a
 * Send Conversation Message node after it needs no per-platform mapping,
 * `{{ $json.conversationId }}`), and what a platform's conversation reader maps a vendor's
 * message to.
 */
export interface ConversationMessage {
	platform: string;
	conversationId: string;
	/** The Chatwoot family's account (the send node's Account ID); null elsewhere. */
	accountId: number | null;
	messageId: string;
	content: string;
	sender: { type: SenderType; id: string | null; name: string | null; email: string | null };
	/** ISO 8601. */
	createdAt: string;
	private: boolean;
	attachments: MessageAttachment[];
	/**
	 * The conversation's state as the delivery shows it (issue 20 §3: a workflow filters without
	 * another request); absent where the payload carries none (polled platforms, history reads).
	 */
	status?: string | null;
	assignee?: ConversationAssignee | null;
	team?: { id: string; name: string | null } | null;
	/** The vendor's own payload for this message, untouched. */
	raw: IDataObject;
}

/** Who owns a conversation: a person (agent) or a bot (a Chatwoot agent bot). */
export interface ConversationAssignee {
	type: 'agent' | 'bot';
	id: string;
	name: string | null;
	email: string | null;
}

/** Which messages a trigger wants besides customers' (the trigger's options). */
export interface ReceiveFilters {
	includeAgentMessages: boolean;
	includePrivateNotes: boolean;
}

/**
 * By default only customers' messages: agents' replies (the send node's own among them) and
 * private notes start nothing unless asked for, so that "trigger → reply" cannot loop.
 */
