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

	// The Conversation Actions node: what an agent (or an AI agent's tool) does to a conversation
	// or a contact. Worded for an LLM choosing a tool as much as for a person choosing an action.

	/** The conversation's state, normalised: status, assignee, team, labels, priority, contact, times. */
	getConversation: {
		kind: 'read',
		name: 'Get',
		action: 'Get a conversation',
		description: 'Get the status, assignee, team, labels, priority and contact of a conversation',
	},
	/** The history, oldest first, one item per message in the triggers' shape (or one transcript). */
	getMessages: {
		kind: 'read',
		name: 'Get Messages',
		action: 'Get the messages of a conversation',
		description: 'Get the latest messages of a conversation, oldest first, or its whole history as one transcript',
	},
	/** Hand the conversation to an agent and/or a team, or take it from them. */
	assignConversation: {
		kind: 'update',
		name: 'Assign',
		action: 'Assign a conversation',
		description: 'Assign a conversation to an agent and/or a team, or unassign it',
	},
	/** The status stated, never toggled: open, pending, resolved, snoozed until a time. */
	setConversationStatus: {
		kind: 'update',
		name: 'Set Status',
		action: 'Set the status of a conversation',
		description: 'Set a conversation to open, pending, resolved or snoozed',
	},
	/** Labels (tags) added to those the conversation has; the others stay. */
	addLabels: {
		kind: 'update',
		name: 'Add Labels',
		action: 'Add labels to a conversation',
		description: 'Add labels to a conversation, keeping the labels it has',
	},
	/** Labels taken off the conversation; the others stay. */
	removeLabels: {
		kind: 'update',
		name: 'Remove Labels',
		action: 'Remove labels from a conversation',
		description: 'Remove labels from a conversation, keeping the other labels',
	},
	/** The priority stated (or cleared). */
	setPriority: {
		kind: 'update',
		name: 'Set Priority',
		action: 'Set the priority of a conversation',
		description: 'Set the priority of a conversation to urgent, high, medium or low, or clear it',
	},
	/** Shows (or stops showing) "typing…" to the contact; nothing is stored. */
	setTyping: {
		kind: 'update',
		name: 'Typing Indicator',
		action: 'Show or hide the typing indicator',
		description: 'Show the contact that an agent is typing, or stop showing it',
	},
	/** Contacts whose email, phone number, identifier or id equals the value exactly. */
	findContact: {
		kind: 'read',
		name: 'Find',
		action: 'Find a contact',
		description: 'Find a contact by exact email, phone number, identifier or ID',
	},
	/** The contact found by email, phone or identifier and updated, or created. */
	upsertContact: {
		kind: 'update',
		name: 'Create or Update',
		action: 'Create or update a contact',
		description: 'Create a contact, or update the one with the same email, phone number or identifier',
	},
} as const satisfies Record<string, CatalogueEntry>;

export type OperationKey = keyof typeof OPERATIONS;
