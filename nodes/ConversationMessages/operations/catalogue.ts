/**
 * Every operation the package performs, once, under a neutral key. A platform offers an
 * operation by mapping one of its saved Operation values to a file that performs it
 * (platforms/<vendor>/index.ts); the saved values are the platform's own and never change,
 * the keys here say what the operation means wherever it is offered.
 */
export type OperationKind = 'create' | 'update' | 'read';

/** How the Operation field offers it; a platform may word it for its own vendor. */
export interface OperationWording {
	name: string;
	action: string;
	description: string;
}

export interface CatalogueEntry extends OperationWording {
	/** What it does to the vendor's data: creates something, changes it, or only reads it. */
	kind: OperationKind;
}

export const OPERATIONS = {
	/** Post a message into a conversation that exists (as an agent, a note, or as the contact). */
	sendMessage: {
		kind: 'create',
		name: 'Send Into a Conversation',
		action: 'Send into a conversation',
		description: 'Post a message into a conversation that exists',
	},
	/** An agent (the company) opens a new conversation with a contact, with the first message. */
	startConversation: {
		kind: 'create',
		name: 'Start a Conversation',
		action: 'Start a conversation with a contact',
		description: 'Open a new conversation with a contact, with the first message',
	},
	/** A new conversation as if the contact wrote in (Intercom's "Message From a User or Contact"). */
	contactStartsConversation: {
		kind: 'create',
		name: 'Message From a User or Contact',
		action: 'Start a conversation as a contact',
		description: 'Start a new conversation, as if the user or lead wrote in',
	},
} as const satisfies Record<string, CatalogueEntry>;

export type OperationKey = keyof typeof OPERATIONS;
