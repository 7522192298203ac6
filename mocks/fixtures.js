'use strict';
/**
 * Credentials and seeded data shared by the loopback mock vendors (mocks/*.js).
 *
 * Every secret below is distinctive and greppable: tests search logs, outputs and error
 * messages for these exact strings to prove credentials never leak.
 *
 *   CREDENTIALS.userEngage.apiKey         64 chars, starts "ueSECRET"      -> Authorization: Token <apiKey>
 *   CREDENTIALS.engageLab.apiKey/apiSecret "elKEYSECRET…" / "elSECRET…"    -> Authorization: Basic base64(key:secret)
 *   CREDENTIALS.ninetyNineDigital.accessToken "nndSECRET…" (user token)     -> header api_access_token
 *   CREDENTIALS.ninetyNineDigital.botAccessToken "nndBOTSECRET…" (agent bot: may post messages,
 *        but GET /api/v1/profile answers 401 "Access to this endpoint is not authorized for bots")
 *   CREDENTIALS.intercom.accessToken      "icSECRET…"                      -> Authorization: Bearer <token>
 *   CREDENTIALS.reamaze {brand, email, apiToken "rmSECRET…"}              -> Basic base64(email:apiToken)
 *   CREDENTIALS.zendesk {subdomain, email, apiToken "zdSECRET…", accessToken "zdOAUTHSECRET…",
 *        endUserEmail/endUserApiToken "zdENDUSERSECRET…" (an end user's: users/me answers role end-user),
 *        adminEmail/adminApiToken "zdADMINSECRET…" (administrator 9002: only administrators manage webhooks and triggers)}
 *                                         -> Basic base64("{email}/token:{apiToken}") or Bearer <accessToken>
 *   WRONG_SECRET                          "wrongSECRET…" — a well-formed but invalid secret.
 *   ALL_SECRETS                           every secret above (for leak checks and log redaction).
 *
 * Seeded data (what "exists" on each vendor):
 *   USERENGAGE   conversations 1–999 exist (others → 404 {"detail":"Not found."});
 *                agents (valid `user` values) 926 and 927; end users (GET /users/) ids 322842, 322843, 322844.
 *   ENGAGELAB    conversations 1–999; account_id 14, inbox_id 79; sender (the API key's agent) id 3;
 *                contacts (GET /api/v2/accounts/contacts) 3 seeded.
 *   NINETY_NINE_DIGITAL (Chatwoot)  account 7 only (other account ids → 401 "You are not authorized to
 *                access this account"); conversations (display ids) 1–999 in account 7; inbox 3 is an
 *                API inbox (so message_type "incoming" is allowed); profile user id 1; bot id 5;
 *                agents 1 (administrator, the user token), 2 (agent, the agent token), 3; teams 8–10; 4 labels.
 *   INTERCOM     app + admins 991267459 (the token's admin, GET /me) and 991267460; teams and tags; conversations "1"–"999"
 *                exist (plus any the mock creates, ids from 1000 up); contacts with 24-hex ids, one email
 *                (INTERCOM.sharedEmail) shared by a user AND a lead (search by email → 2 results).
 *   REAMAZE      brand "acme", staff agent@acme.example (the API user) + otherStaff; 45 conversations: 5 named slugs + "support-request-1"…"-40".
 *   ZENDESK      subdomain "acme"; agents 9001 (the API user, bot@acme.example), 9002 (admin), 9003; end users 501–504;
 *                groups 7001, 7002; tickets 101–145, each opened by an end user with one public comment.
 */

const CREDENTIALS = Object.freeze({
  userEngage: Object.freeze({
    apiKey: 'ueSECRET3fabd624816656688f3dcc6699bb98c10e5cbd513860d1d6ed52ccba',
  }),
  engageLab: Object.freeze({
    apiKey: 'elKEYSECRET1c86271d3892495a1a762870b4faa',
    apiSecret: 'elSECRETf634a938dfdd511a6c83a8e5cc25671ebf0ed8e6',
  }),
  ninetyNineDigital: Object.freeze({
    accessToken: 'nndSECRET2100fa72b1339178f1408eb',
    botAccessToken: 'nndBOTSECRETf742199911c4282211b5',
    /** A non-administrator agent's token: may send, may not manage webhooks. */
    agentAccessToken: 'nndAGENTSECRET7c1e9a04b2d85f36e1',
    accountId: 7,
  }),
  intercom: Object.freeze({
    accessToken: 'icSECRETb302a2dc787680e1ca9287fc5636e23795da176eff705febe2a4',
    /** The app's client secret: signs webhook notifications (X-Hub-Signature). */
    clientSecret: 'icCLIENTSECRET5d0e8f2a7b3c9146e0d1',
  }),
  reamaze: Object.freeze({
    brand: 'acme',
    email: 'agent@acme.example',
    apiToken: 'rmSECRETa53dc25fea3d51ed50f5c2952cd80478',
  }),
  zendesk: Object.freeze({
    subdomain: 'acme',
    email: 'bot@acme.example',
    apiToken: 'zdSECRET7b0c41d9e2a65f38c1d04e7a92b3f6d1c8e5',
    accessToken: 'zdOAUTHSECRETe81f0a9c3b2d4765a0e1f9c8b7d6',
    /** An end user's API credential: authenticates, but users/me answers role "end-user". */
    endUserEmail: 'jane@customer.example',
    endUserApiToken: 'zdENDUSERSECRET2c9e4b71a0d3f58e6b2c1a4d',
    /** An administrator's API credential (user 9002): only administrators manage webhooks and triggers (the trigger). */
    adminEmail: 'olga@acme.example',
    adminApiToken: 'zdADMINSECRET5e1d7c9a3b4f60d2e8a1c7b9f3e2',
  }),
});

const WRONG_SECRET = 'wrongSECRET4a80cdd4a4c8230ec1acd2ce3b613';

const ALL_SECRETS = Object.freeze([
  CREDENTIALS.userEngage.apiKey,
  CREDENTIALS.engageLab.apiKey,
  CREDENTIALS.engageLab.apiSecret,
  Buffer.from(`${CREDENTIALS.engageLab.apiKey}:${CREDENTIALS.engageLab.apiSecret}`).toString('base64'),
  CREDENTIALS.ninetyNineDigital.accessToken,
  CREDENTIALS.ninetyNineDigital.botAccessToken,
  CREDENTIALS.ninetyNineDigital.agentAccessToken,
  CREDENTIALS.intercom.accessToken,
  CREDENTIALS.intercom.clientSecret,
  CREDENTIALS.reamaze.apiToken,
  Buffer.from(`${CREDENTIALS.reamaze.email}:${CREDENTIALS.reamaze.apiToken}`).toString('base64'),
  CREDENTIALS.zendesk.apiToken,
  CREDENTIALS.zendesk.accessToken,
  CREDENTIALS.zendesk.endUserApiToken,
  CREDENTIALS.zendesk.adminApiToken,
  Buffer.from(`${CREDENTIALS.zendesk.adminEmail}/token:${CREDENTIALS.zendesk.adminApiToken}`).toString('base64'),
  Buffer.from(`${CREDENTIALS.zendesk.email}/token:${CREDENTIALS.zendesk.apiToken}`).toString('base64'),
  Buffer.from(`${CREDENTIALS.zendesk.endUserEmail}/token:${CREDENTIALS.zendesk.endUserApiToken}`).toString('base64'),
  WRONG_SECRET,
  require('./openai').OPENAI_API_KEY,
]);

/** Conversation ids 1..999 exist on the id-based vendors. */
const CONVERSATION_ID_MIN = 1;
const CONVERSATION_ID_MAX = 999;
function isSeededConversationId(id) {
  const s = String(id);
  if (!/^\d+$/.test(s)) return false;
  const n = Number(s);
  return n >= CONVERSATION_ID_MIN && n <= CONVERSATION_ID_MAX;
}

const USERENGAGE = Object.freeze({
  agents: Object.freeze([
    { id: 926, name: 'Alice Agent', email: 'alice.agent@acme.example' },
    { id: 927, name: 'Bruno Agent', email: 'bruno.agent@acme.example' },
  ]),
  users: Object.freeze([
    { id: 322842, key: '2if9jlgsfsw3', name: 'John Doe', email: 'johndoe@response.example' },
    { id: 322843, key: '7hd83kdls02k', name: 'Jane Roe', email: 'janeroe@response.example' },
    { id: 322844, key: 'p0q9w8e7r6t5', name: 'Max Mustermann', email: 'max@response.example' },
  ]),
});

const ENGAGELAB = Object.freeze({
  accountId: 14,
  inboxId: 79,
  sender: Object.freeze({
    id: 3, name: 'TEST', available_name: 'TEST', avatar_url: '', type: 'user',
    availability_status: 'offline', thumbnail: '',
  }),
  contacts: Object.freeze([
    { id: 101, name: 'Chen Wei', email: 'chen.wei@customer.example', phone_number: '+6580000001', identifier: 'cust-101' },
    { id: 102, name: 'Siti Rahma', email: 'siti@customer.example', phone_number: '+6580000002', identifier: 'cust-102' },
    { id: 103, name: 'Somchai P.', email: 'somchai@customer.example', phone_number: null, identifier: null },
  ]),
});

const NINETY_NINE_DIGITAL = Object.freeze({
  accountId: 7,
  accountName: 'Acme Online',
  inboxId: 3, // Channel::Api inbox: "incoming" messages are allowed
  inboxes: Object.freeze([
    { id: 3, name: 'API Inbox', channel_type: 'Channel::Api' },
    { id: 4, name: 'Website Chat', channel_type: 'Channel::WebWidget' },
    { id: 6, name: 'WhatsApp', channel_type: 'Channel::Whatsapp', phone_number: '+97235550000', provider: 'whatsapp_cloud' },
  ]),
  // Contacts for Start a Conversation. 53 and 54 share a phone number: imported before Chatwoot
  // validated its uniqueness. The others contain each other's email and phone as substrings.
  contacts: Object.freeze([
    { id: 51, name: 'Noa Levi', email: 'noa@customer.example', phone_number: '+972501234567', identifier: 'crm-51' },
    { id: 52, name: 'Noa Levinson', email: 'benoa@customer.example', phone_number: '+9725012345678', identifier: 'crm-51-b' },
    { id: 53, name: 'Avi Cohen', email: null, phone_number: '+972521111111', identifier: null },
    { id: 54, name: 'Avi C.', email: null, phone_number: '+972521111111', identifier: null },
    { id: 55, name: 'No Phone', email: 'nophone@customer.example', phone_number: null, identifier: null },
  ]),
  user: Object.freeze({
    id: 1, name: 'Dana Agent', available_name: 'Dana Agent', display_name: 'Dana',
    email: 'dana.agent@acme.example', role: 'administrator', uid: 'dana.agent@acme.example',
  }),
  bot: Object.freeze({ id: 5, name: 'Acme Bot' }),
  agents: Object.freeze([
    { id: 1, name: 'Dana Agent', email: 'dana.agent@acme.example', role: 'administrator' },
    { id: 2, name: 'Eli Agent', email: 'eli.agent@acme.example', role: 'agent' },
    { id: 3, name: 'Gil Agent', email: 'gil.agent@acme.example', role: 'agent' },
  ]),
  team: Object.freeze({ id: 8, name: 'Shipping' }),
  // Conversation actions: a team change keeps a member assignee, else clears it (or, with
  // allow_auto_assign, picks the first member: assignment_handler.rb).
  teams: Object.freeze([
    Object.freeze({ id: 8, name: 'Shipping', description: 'Orders and deliveries', allow_auto_assign: false, memberIds: Object.freeze([1, 2]) }),
    Object.freeze({ id: 9, name: 'Billing', description: 'Invoices and refunds', allow_auto_assign: true, memberIds: Object.freeze([3]) }),
    Object.freeze({ id: 10, name: 'Escalations', description: 'Handed over by the bot', allow_auto_assign: false, memberIds: Object.freeze([1]) }),
  ]),
  /** Account labels (titles stored lowercase, as Label#before_validation does). */
  labels: Object.freeze([
    Object.freeze({ id: 1, title: 'billing', description: 'Money matters', color: '#1f93ff', show_on_sidebar: true }),
    Object.freeze({ id: 2, title: 'vip', description: 'Important customer', color: '#ff9f1f', show_on_sidebar: true }),
    Object.freeze({ id: 3, title: 'refund', description: 'Asks for a refund', color: '#e0bbe4', show_on_sidebar: true }),
    Object.freeze({ id: 4, title: 'bot-handoff', description: 'The bot handed over', color: '#40a02b', show_on_sidebar: false }),
  ]),
});

const INTERCOM = Object.freeze({
  app: Object.freeze({
    type: 'app', id_code: 'acme1234', name: 'Acme Support', created_at: 1734537243, secure: false,
    identity_verification: false, timezone: 'Europe/London', region: 'US',
  }),
  meAdminId: '991267459',
  admins: Object.freeze([
    { id: '991267459', name: 'Ada Admin', email: 'ada.admin@acme.example', job_title: 'Support lead' },
    { id: '991267460', name: 'Ben Admin', email: 'ben.admin@acme.example', job_title: 'Support agent' },
  ]),
  /** Teams (GET /teams): admin_ids name their members; "Bot" has none (a bot's inbox). */
  teams: Object.freeze([
    Object.freeze({ id: '5017691', name: 'Support', admin_ids: Object.freeze([991267459, 991267460]) }),
    Object.freeze({ id: '5017692', name: 'Escalations', admin_ids: Object.freeze([991267460]) }),
    Object.freeze({ id: '5017693', name: 'Bot', admin_ids: Object.freeze([]) }),
  ]),
  /** Tags (GET /tags); POST /tags {name} creates more. */
  tags: Object.freeze([
    Object.freeze({ id: '17513', name: 'vip' }),
    Object.freeze({ id: '17514', name: 'refund' }),
    Object.freeze({ id: '17515', name: 'handoff' }),
  ]),
  sharedEmail: 'shared@customer.example',
  contacts: Object.freeze([
    { id: '6762f1571bb69f9f2193bb01', role: 'user', email: 'joe@bloggs.example', external_id: '70', name: 'Joe Bloggs' },
    { id: '6762f1571bb69f9f2193bb02', role: 'lead', email: 'lea@leads.example', external_id: null, name: 'Lea Lead' },
    { id: '6762f1571bb69f9f2193bb03', role: 'user', email: 'shared@customer.example', external_id: 'cust-shared', name: 'Sam Shared' },
    { id: '6762f1571bb69f9f2193bb04', role: 'lead', email: 'shared@customer.example', external_id: null, name: 'Sam Shared (lead)' },
    { id: '6762f1571bb69f9f2193bb05', role: 'user', email: null, external_id: 'cust-42', name: 'No Email User' },
  ]),
  /** First id the mock gives to a conversation it creates (POST /conversations). */
  firstCreatedConversationId: 1000,
  /** Versions the mock accepts in Intercom-Version (2.17 also exists per the vendor's docs site). */
  acceptedVersions: Object.freeze([
    '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12',
    '2.13', '2.14', '2.15', '2.16', '2.17', 'Unstable', 'Preview',
  ]),
  /** Real, but 1.x: answered 400 intercom_version_invalid on the 2.x-only endpoints. */
  legacyVersions: Object.freeze(['1.0', '1.1', '1.2', '1.3', '1.4']),
});

const REAMAZE_NAMED = [
  { slug: 'order-1042-missing-item', subject: 'Order 1042 is missing an item', author: { name: 'Carla Customer', email: 'carla@customer.example' } },
  { slug: 'refund-request', subject: 'Refund request', author: { name: 'Rick Refund', email: 'rick@customer.example' } },
  { slug: 'conversations-are-awesome', subject: 'Conversations are awesome', author: { name: 'Joe Bloggs', email: 'joe@bloggs.example' } },
  { slug: 'shipping-to-canada', subject: 'Shipping to Canada?', author: { name: 'Nora North', email: 'nora@customer.example' } },
  { slug: 'password-reset-not-arriving', subject: 'Password reset email not arriving', author: { name: 'Pat Forget', email: 'pat@customer.example' } },
];
const REAMAZE = Object.freeze({
  brand: 'acme',
  staff: Object.freeze({ name: 'Acme Agent', email: 'agent@acme.example' }),
  /** More staff to assign conversations to (assignee {email}); not the API user. */
  otherStaff: Object.freeze([
    Object.freeze({ name: 'Olga Owner', email: 'olga@acme.example', role: 'Administrator' }),
    Object.freeze({ name: 'Tom Tier2', email: 'tom@acme.example', role: 'Staff' }),
  ]),
  category: Object.freeze({ name: 'Support', slug: 'support', email: 'support@acme.example', channel: 1 }),
  conversations: Object.freeze([
    ...REAMAZE_NAMED,
    ...Array.from({ length: 40 }, (_, i) => ({
      slug: `support-request-${i + 1}`,
      subject: `Support request ${i + 1}`,
      author: { name: `Customer ${i + 1}`, email: `customer${i + 1}@customer.example` },
    })),
  ].map((c, i) => Object.freeze({ ...c, created_at: new Date(Date.UTC(2024, 0, 1 + i, 9, 0, 0)).toISOString() }))),
});

const ZENDESK_END_USERS = [
  { id: 501, name: 'Carla Customer', email: 'carla@customer.example' },
  { id: 502, name: 'Rick Refund', email: 'rick@customer.example' },
  { id: 503, name: 'Nora North', email: 'nora@customer.example' },
  { id: 504, name: 'Jane Doe', email: 'jane@customer.example' },
];
const ZENDESK = Object.freeze({
  subdomain: 'acme',
  /** The API user (the credential's agent): writes are attributed to it. */
  agent: Object.freeze({ id: 9001, name: 'Acme Bot', email: 'bot@acme.example', role: 'agent' }),
  users: Object.freeze([
    { id: 9001, name: 'Acme Bot', email: 'bot@acme.example', role: 'agent' },
    { id: 9002, name: 'Olga Owner', email: 'olga@acme.example', role: 'admin' },
    { id: 9003, name: 'Tom Tier2', email: 'tom@acme.example', role: 'agent' },
    ...ZENDESK_END_USERS.map((user) => ({ ...user, role: 'end-user' })),
  ].map((user) => Object.freeze(user))),
  groups: Object.freeze([Object.freeze({ id: 7001, name: 'Support' }), Object.freeze({ id: 7002, name: 'Billing' })]),
  tickets: Object.freeze(Array.from({ length: 45 }, (_, i) => {
    const requester = ZENDESK_END_USERS[i % ZENDESK_END_USERS.length];
    return Object.freeze({
      id: 101 + i,
      subject: i === 0 ? 'Order 1042 is missing an item' : `Support request ${i + 1}`,
      requester_id: requester.id,
      created_at: new Date(Date.UTC(2024, 0, 1 + i, 9, 0, 0)).toISOString().replace('.000Z', 'Z'),
    });
  })),
});

module.exports = {
  CREDENTIALS,
  WRONG_SECRET,
  ALL_SECRETS,
  CONVERSATION_ID_MIN,
  CONVERSATION_ID_MAX,
  isSeededConversationId,
  USERENGAGE,
  ENGAGELAB,
  NINETY_NINE_DIGITAL,
  INTERCOM,
  REAMAZE,
  ZENDESK,
};
