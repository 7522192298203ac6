/** Types for the plain-JS loopback mock vendors (mocks/index.js), for TypeScript tests. */
/// <reference types="node" />

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  data: Buffer;
}

export interface RecordedRequest {
  seq: number;
  time: string;
  vendor: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  contentType: string | null;
  /** Raw body (null for multipart). */
  rawBody: Buffer | null;
  /** Parsed JSON body, when the content type is JSON and it parsed. */
  json?: unknown;
  jsonError?: string;
  /** Multipart / urlencoded text fields. */
  fields: Record<string, string | string[]>;
  files: RecordedFile[];
  declaredLength: number | null;
  receivedLength: number;
  transferEncoding: string | null;
  authenticated: boolean;
  /** Status answered; null when the connection was dropped or the client aborted. */
  status: number | null;
  response: unknown;
  responseHeaders: Record<string, string> | null;
  lengthMismatch?: { declared: number | null; received: number; suspected?: boolean };
  bodyError?: string;
  aborted?: boolean;
  dropped?: boolean;
  clientGone?: boolean;
  fault?: string;
  /** Intercom only: the Intercom-Version header (null when absent). */
  intercomVersion?: string | null;
  /** Re:amaze only: seq of the request whose origin_id this one repeated. */
  duplicateOf?: number;
}

export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  times?: number;
  match?: (req: RecordedRequest) => boolean;
  afterCreate?: boolean;
  dropConnection?: boolean;
  delayMs?: number;
  /** Answer the fault at once without creating anything, and create the message this much later. */
  storeAfterMs?: number;
}

export interface MockVendor<M = Record<string, any>> {
  vendor: string;
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** Messages the vendor created, in order (vendor-specific fields; all have conversationId and files). */
  messages: Array<M & { conversationId: string | number; files: Array<Partial<RecordedFile>>; requestSeq: number }>;
  protocolErrors: Array<{ time: string; code: string | null; message: string; bytes: number | null }>;
  reset(): void;
  failNext(fault: Fault): this;
  rateLimitNext(times?: number, opts?: { retryAfterSeconds?: number; resetInSeconds?: number }): this;
  redirectNext(location: string, times?: number): this;
  close(): Promise<void>;
}

/** A webhook delivery a mock vendor sent, and what it was answered. */
export interface SentDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  json: any;
  status: number | null;
  response: string | null;
  error: string | null;
  deliveryId?: string;
  webhookId?: number;
  topic?: string;
  /** Chatwoot: the webhook event (message_created, conversation_updated, …). */
  event?: string;
  notificationId?: string;
  redelivery?: boolean;
}

export interface MockFile {
  filename: string;
  contentType: string;
  data: Buffer;
  url?: string;
  /** The size the vendor states (Re:amaze); null: not stated. */
  size?: number | null;
}

/** Vendors that push: they send deliveries to the trigger. */
interface Pushing {
  deliveries: SentDelivery[];
  deliveriesSettled(): Promise<void>;
}

export interface ChatwootMock extends MockVendor, Pushing, ActsOnConversations<ChatwootConversationState, ChatwootFeatures> {
  /** false acts as a Chatwoot older than v4.11.2: webhooks get no secret, deliveries no signature. */
  webhookSecrets: boolean;
  webhooks: Map<number, { id: number; name: string | null; url: string; subscriptions: string[]; secret?: string }>;
  /** Called the instant a webhook is stored, before its creator has the answer (null: nothing). */
  onWebhookCreated: ((webhook: { id: number; url: string }) => void) | null;
  customerWrites(options?: { conversationId?: number; content?: string; inboxId?: number; files?: MockFile[] }): Promise<{ message: any; deliveries: SentDelivery[] }>;
  redeliver(delivery: SentDelivery): Promise<SentDelivery>;
  /** Someone changes the conversation in Chatwoot's app: announced as Chatwoot does (conversation_status_changed, conversation_updated); resolves to those deliveries. */
  agentChanges(conversationId: number, patch: Partial<ChatwootConversationState>): Promise<SentDelivery[]>;
  /** The account's contacts (seeded from fixtures on reset, then those created through the API). */
  contacts: Array<{ id: number; name: string; email: string | null; phone_number: string | null; identifier: string | null }>;
  /** Conversations created through the API, by display id. */
  conversations: Map<number, { inboxId: number; contactId: number; params: Record<string, any>; conversation: any }>;
  typingEvents: Array<{ seq: number; conversationId: number; status: 'on' | 'off' | 'recording'; isPrivate: boolean; by: string }>;
  /** bot_handoff! calls: a bot token opened a pending conversation. */
  handoffs: Array<{ seq: number; conversationId: number }>;
  /** Adds `count` (default 1000) messages, oldest first: customers, agents, the bot, private notes, files. The messages' JSON. */
  seedHistory(conversationId: number, count?: number): any[];
}

/** Chatwoot's version gates (vendor-actions.md §1.1, §1.4, §1.9) and the variants the sheet leaves open. */
export interface ChatwootFeatures {
  botCustomAttributes: boolean;
  botTyping: boolean;
  botReadsConversation: boolean;
  agentBotAssignment: boolean;
  customAttributesMerge: boolean;
  filterInternalMessages: boolean;
  typingRecording: boolean;
  messagesHasMore: boolean;
  undefinedLabels: 'accept' | 'drop' | 'reject';
  agentsMayAssign: boolean;
  unknownStatus: 500 | 422;
}

export interface ChatwootConversationState {
  status: string;
  snoozedUntil: number | null;
  assignee: { type: 'User' | 'AgentBot'; id: number } | null;
  teamId: number | null;
  labels: string[];
  priority: string | null;
  customAttributes: Record<string, unknown>;
}

/** One field one write changed (all mocks that keep conversation state). */
export interface StateChange {
  seq: number;
  conversationId: string | number;
  field: string;
  from: unknown;
  to: unknown;
}

export interface EngageLabMock extends MockVendor, Pushing, ActsOnConversations<{ status: string; snoozedUntil: number | null }, { statuses: string[]; transitions: Record<string, string[]> }> {
  /** bot_handoff!: sender_type AgentBot moved a pending conversation to open. */
  handoffs: Array<{ seq: number; conversationId: number }>;
  contacts: ChatwootMock['contacts'];
  conversations: Map<number, { contactId: number; conversation: any }>;
  /** The API channel's Webhook URL field, as the user fills it in. */
  webhookUrl: string | null;
  customerWrites(options?: { conversationId?: number; content?: string; files?: MockFile[] }): Promise<{ message: any; delivery: SentDelivery | null }>;
}

/** What every mock that acts on conversations offers: state, its changes, long histories. */
interface ActsOnConversations<State, Features> {
  /** The variants the fact sheet leaves open (reset to the defaults). */
  features: Features;
  /** A conversation's state (a copy), or null when it does not exist. */
  conversationState(id: string | number): State | null;
  /** Test set-up: a conversation starts in this state; not recorded as a change. */
  seedConversation(id: string | number, patch: Partial<State>): void;
  /** Every field a write really changed, in order (a repeated identical write adds nothing). */
  stateChanges: StateChange[];
}

export interface IntercomMock extends MockVendor, Pushing, ActsOnConversations<IntercomConversationState, IntercomFeatures> {
  /** Contacts (the fixtures, then those POST /contacts created). */
  contacts: Array<{ id: string; role: string; email: string | null; external_id: string | null; name: string | null; custom_attributes?: Record<string, unknown> }>;
  /** Adds `count` (default 1000) parts, oldest first: contact comments, admin replies, Fin's answers, notes, files. */
  seedHistory(conversationId: string | number, count?: number): any[];
  subscribeWebhook(options: { url: string; topics?: string[]; clientSecret?: string }): Promise<void>;
  /** The Developer Hub's endpoint removed: nothing is delivered until one is subscribed again. */
  unsubscribeWebhook(): void;
  customerWrites(options?: { conversationId?: string; content?: string; contactId?: string; files?: MockFile[] }): Promise<{ conversation: any; part?: any; delivery: SentDelivery | null }>;
  redeliver(delivery: SentDelivery): Promise<SentDelivery>;
}

export interface IntercomFeatures {
  contactAttributes: 'merge' | 'replace';
  dataAttributes: string[] | null;
  searchLagMs: number;
  /** [UNCONFIRMED] how long a conversation's update takes to reach the conversation search (ms). */
  conversationSearchLagMs: number;
}

export interface IntercomConversationState {
  state: 'open' | 'closed' | 'snoozed';
  snoozedUntil: number | null;
  adminAssigneeId: string | null;
  teamAssigneeId: string | null;
  tags: Array<{ id: string; at: number; by: number }>;
  priority: string;
  customAttributes: Record<string, unknown>;
  title: string | null;
  read: boolean;
}

export interface ReamazeFeatures {
  settableStatuses: number[];
  holdUntilRequired: boolean;
  dataMerge: 'merge' | 'replace';
  unassignWithNull: boolean;
}

export interface ReamazeConversationState {
  status: number;
  /** The assigned staff member's email. */
  assignee: string | null;
  tagList: string[];
  data: Record<string, unknown>;
  holdUntil: string | null;
}

export interface ReamazeMock extends MockVendor, ActsOnConversations<ReamazeConversationState, ReamazeFeatures> {
  contacts: Array<{ name: string; email: string | null; mobile: string | null; id: string | null; data: Record<string, unknown> }>;
  /** Adds `count` (default 1000) messages to a conversation, oldest first. */
  seedHistory(slug: string, count?: number): any[];
  customerWrites(options?: { slug?: string; body?: string; files?: MockFile[]; at?: Date }): any;
}

export interface ZendeskComment {
  id: number;
  type: string;
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  attachments: Array<{ id: number; file_name: string; content_type: string; size: number; content_url: string }>;
  created_at: string;
}

/** A Zendesk webhook as the mock keeps it (its signing secret included). */
export interface ZendeskWebhook {
  id: string;
  name: string;
  status: string;
  endpoint: string;
  http_method: string;
  request_format: string;
  subscriptions: string[];
  secret: string;
}

export interface ZendeskTrigger {
  id: number;
  title: string;
  active: boolean;
  conditions: { all: Array<Record<string, unknown>>; any: Array<Record<string, unknown>> };
  actions: Array<{ field: string; value: unknown[] }>;
}

export interface ZendeskMock extends MockVendor, Pushing {
  features: {
    uploadTtlMs: number;
    idempotencyRetentionMs: number;
    ticketUpdates: { limit: number; windowMs: number };
  };
  tickets: Map<number, Record<string, any>>;
  users: Array<{ id: number; name: string; email: string; role: string }>;
  uploads: Map<string, { token: string; createdAt: number; attachments: any[] }>;
  /** A ticket's comments, oldest first. */
  comments(ticketId: number | string): ZendeskComment[];
  /** Adds `count` comments to a ticket (requester and agent in turn, every fifth a note). */
  seedComments(ticketId: number | string, count: number): void;
  /** Every upload token expires now. */
  expireUploads(): void;
  /** A comment written in Zendesk itself (not through the API). */
  addComment(ticketId: number | string, comment: { authorId?: number; body: string; public?: boolean; attachments?: any[]; via?: string }): ZendeskComment;
  /** The trigger's side (zendesk-webhooks.js): webhooks by id, triggers by id, the variants the sheet leaves [UNCONFIRMED]. */
  webhooks: Map<string, ZendeskWebhook>;
  triggers: Map<string, ZendeskTrigger>;
  webhookFeatures: { ticketEvents: boolean; timestampFormat: 'iso' | 'unix'; retryStatuses: number[]; maxRetries: number };
  /** Called the instant a webhook is stored, before its creator has the answer (null: nothing). */
  onWebhookCreated: ((webhook: ZendeskWebhook) => void) | null;
  /** A comment written in Zendesk (by the requester unless `authorId` says who), and the deliveries it caused. */
  customerWrites(options?: { ticketId?: number; body?: string; authorId?: number; public?: boolean }): Promise<{ comment: ZendeskComment; deliveries: SentDelivery[] }>;
  redeliver(delivery: SentDelivery): Promise<SentDelivery>;
  /** Every ticket field a write really changed (zendesk-actions.js). */
  ticketChanges: Array<{ seq: number; ticketId: number; field: string; from: unknown; to: unknown }>;
  /** A ticket changed in Zendesk itself (an agent in the app), and the ticket event deliveries it caused (zendesk-ticket-events.js). */
  agentChanges(
    ticketId: number | string,
    fields: { status?: string; assignee_id?: number | null; group_id?: number | null; tags?: string[] },
    options?: { actorId?: number },
  ): Promise<SentDelivery[]>;
}

export interface UserEngageMock extends MockVendor {
  customerWrites(options?: { conversationId?: number; content?: string; userIndex?: number; /** ISO time; now when absent. */ timestamp?: string }): any;
  features: { activeRequired: boolean; knownAttributes: string[]; conversationEnvelope: 'flat' | 'results' };
  /** Users (the fixtures, then those update_or_create made). */
  contacts: Array<{ id: number; key: string; name: string; email: string | null; custom_id?: string; attributes: Record<string, unknown> }>;
  /** PATCH changes of `active` and `agent`. */
  stateChanges: StateChange[];
  conversationState(id: number): { active: boolean; agentId: number | null } | null;
  /** Adds `count` (default 1000) messages inline, oldest first. */
  seedHistory(conversationId: number, count?: number): any[];
}

export interface StorageMock {
  origin: string;
  requests: Array<{ method: string; path: string; headers: Record<string, string | string[] | undefined> }>;
  put(file: MockFile, options?: { chunked?: boolean }): string;
  reset(): void;
  close(): Promise<void>;
}

export interface MockOptions {
  port?: number;
  logFile?: string;
  /** How long to wait for a body shorter than its Content-Length before answering 400 (default 2000). */
  bodyTimeoutMs?: number;
  /** Chatwoot/EngageLab messages per conversation per minute before 422 "Too many messages" (default 200). */
  floodLimit?: number;
}

export type VendorKey = 'userEngage' | 'engageLab' | 'ninetyNineDigital' | 'intercom' | 'reamaze' | 'zendesk';

export interface MockVendors {
  userEngage: UserEngageMock;
  engageLab: EngageLabMock;
  ninetyNineDigital: ChatwootMock;
  intercom: IntercomMock;
  reamaze: ReamazeMock;
  zendesk: ZendeskMock;
  storage: StorageMock;
  openAi: { baseUrl: string; apiKey: string; replyText: string; requests: Array<{ method: string; path: string; body: any }>; reset(): void };
  close(): Promise<void>;
  reset(): void;
}

export function startMockVendors(options?: {
  ports?: Partial<Record<VendorKey, number>>;
  logFile?: string;
  bodyTimeoutMs?: number;
  floodLimit?: number;
}): Promise<MockVendors>;

export function startUserEngageMock(options?: MockOptions): Promise<MockVendor>;
export function startEngageLabMock(options?: MockOptions): Promise<MockVendor>;
export function startChatwootMock(options?: MockOptions): Promise<MockVendor>;
export function startNinetyNineDigitalMock(options?: MockOptions): Promise<MockVendor>;
export function startIntercomMock(options?: MockOptions): Promise<MockVendor>;
export function startReamazeMock(options?: MockOptions): Promise<MockVendor>;
export function startZendeskMock(options?: MockOptions): Promise<ZendeskMock>;

export interface CaptureServer {
  port: number;
  baseUrl: string;
  requests: Array<{ time: string; method: string; path: string; url: string; query: Record<string, string | string[]>; headers: Record<string, string | string[] | undefined>; rawBody: Buffer }>;
  reset(): void;
  close(): Promise<void>;
}
export function startCaptureServer(options?: { port?: number }): Promise<CaptureServer>;

export const fixtures: typeof import('./fixtures');
