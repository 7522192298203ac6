import type { ContactRoutes } from '../chatwoot/contacts';

/** Where LiveDesk's v2 API keeps contacts, conversations and messages (the shape of ../chatwoot/start.ts StartRoutes). */
export const ROUTES = {
	contactSearch: '/api/v2/accounts/contacts',
	contacts: '/api/v2/accounts/contacts',
	conversations: '/api/v2/accounts/conversations',
	messages: (conversationId: string) => `/api/v2/accounts/conversations/${encodeURIComponent(conversationId)}/messages`,
	// LiveDesk documents no way to read messages: a lost answer to one stays "may exist".
	messagesReadable: false,
};

/** Contact → Find and Create or Update: the same search and creation, updates by PATCH ("incremental merge" of custom attributes). */
export const CONTACT_ROUTES: ContactRoutes = { contactSearch: ROUTES.contactSearch, contacts: ROUTES.contacts, update: 'PATCH' };
