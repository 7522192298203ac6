'use strict';
/**
 * EngageLab LiveDesk mock (Chatwoot-derived; no account id in the path; Basic key:secret auth).
 *
 * Routes (base URL = http://127.0.0.1:PORT):
 *   POST /api/v2/accounts/conversations/:conversation_id/messages   JSON or multipart → 200 message
 *   GET  /api/v2/accounts/contacts?page=1                           {meta:{count,current_page}, payload} (credential test)
 *   GET  /api/v2/accounts/contacts?q=                               the same, substring matches (Chatwoot's search), 15 per page
 *   POST /api/v2/accounts/contacts                                  {inbox_id (required), name, email, phone_number, identifier} → {payload: {contact}}
 *   POST /api/v2/accounts/conversations                             {inbox_id (required), contact_id} → Chatwoot-shaped conversation
 *   GET  /rails/active_storage/blobs/redirect/:token/:name          302 to signed storage (options.storage), else the bytes
 *   POST /api/v2/accounts/conversations/:id/toggle_status           {status, snoozed_until?, sender_type?} → Chatwoot's answer;
 *        the server checks a STATUS_TRANSITIONS matrix (closed → open only); without status it toggles [UNCONFIRMED]
 *   PATCH /api/v2/accounts/contacts/:id                             custom_attributes merged ("incremental merge") → {payload: contact}
 * Nothing else of the conversation actions: LiveDesk documents no read, history, assign, labels,
 * priority or typing (vendor-actions.md §3); those paths answer 404 like any unknown one.
 *
 * Webhooks: the console's API channel has a Webhook URL field (`mock.webhookUrl`, set as a user
 * pastes it). Every created message is POSTed there Chatwoot-shaped, unsigned ([UNCONFIRMED]: no
 * signature is documented), once.
 */
const crypto = require('node:crypto');
const { makeDeliveries } = require('./webhook-delivery');
const { createMockServer, railsStatusPage, parseBasic } = require('./common');
const core = require('./chatwoot-core');
const { CREDENTIALS, ENGAGELAB, isSeededConversationId } = require('./fixtures');
const { newConversationStates, nextStatus, toggleStatusJson } = require('./chatwoot-state');

const json = (status, body, headers) => ({ status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...(headers || {}) }, body });
const PAGE_SIZE = 15;
/** [UNCONFIRMED] the documented enum is cut after open, resolved, pending; the console adds Snoozed and Closed. */
const FEATURES = Object.freeze({
  statuses: ['open', 'resolved', 'pending', 'snoozed', 'closed'],
  /** from → the statuses it may go to; others are refused (LD:user-guide/conversation-status-flow: Closed → only Open). */
  transitions: { closed: ['open'] },
});

async function startEngageLabMock(options = {}) {
  const store = core.newStore(3030, 199);
  /** Conversations created through the API: id → {contactId}. */
  const opened = new Map();
  let nextConversationId = 1001;
  const sorting = new Map();
  const floodLimit = options.floodLimit || 200;
  const deliveries = makeDeliveries('engageLab', options);
  let mock;
  const inbox = { id: ENGAGELAB.inboxId, name: 'API Channel', channel_type: 'Channel::Api' };
  const account = { id: ENGAGELAB.accountId, name: 'LiveDesk Project' };
  const people = core.newContacts(ENGAGELAB.contacts, (id) => (id === ENGAGELAB.inboxId ? inbox : undefined));
  const contactOf = (conversationId) => {
    const c = ENGAGELAB.contacts[conversationId % ENGAGELAB.contacts.length];
    return { id: c.id, name: c.name, email: c.email, phone_number: c.phone_number, identifier: c.identifier, thumbnail: '' };
  };
  const features = { statuses: [...FEATURES.statuses], transitions: { ...FEATURES.transitions } };
  const states = newConversationStates((id) => (isSeededConversationId(id) || opened.has(id) ? {} : null));
  /** bot_handoff!: sender_type AgentBot moved a pending conversation to open. */
  const handoffs = [];

  function toggleStatus(seq, id, params) {
    const state = states.get(id);
    const wanted = nextStatus(state, params, features.statuses);
    if (wanted.invalid !== undefined) return json(422, { error: `'${wanted.invalid}' is not a valid status` }); // [UNCONFIRMED] body
    const allowed = features.transitions[state.status];
    if (allowed && wanted.next !== state.status && !allowed.includes(wanted.next)) {
      return json(422, { error: `Cannot change status from ${state.status} to ${wanted.next}` }); // [UNCONFIRMED] body
    }
    if (params.sender_type === 'AgentBot' && state.status === 'pending' && wanted.next === 'open') handoffs.push({ seq, conversationId: id });
    states.set(seq, id, { status: wanted.next, snoozedUntil: wanted.snoozedUntil });
    return json(200, toggleStatusJson(id, state));
  }

  const deliver = (payload) => (mock.webhookUrl ? deliveries.send(mock.webhookUrl, JSON.stringify(payload), {}, { deliveryId: crypto.randomUUID() }) : Promise.resolve(null));

  function handle(ctx) {
    const rec = ctx.record;
    const blob = core.serveBlob(ctx, store, options.storage);
    if (blob) return blob;

    let m;
    let route = null;
    if ((m = /^\/api\/v2\/accounts\/conversations\/([^/]+)\/messages$/.exec(rec.path)) && rec.method === 'POST') route = { name: 'createMessage', conversation: m[1] };
    else if (/^\/api\/v2\/accounts\/contacts$/.test(rec.path) && rec.method === 'GET') route = { name: 'contacts' };
    else if (/^\/api\/v2\/accounts\/contacts$/.test(rec.path) && rec.method === 'POST') route = { name: 'createContact' };
    else if (/^\/api\/v2\/accounts\/conversations$/.test(rec.path) && rec.method === 'POST') route = { name: 'createConversation' };
    else if ((m = /^\/api\/v2\/accounts\/conversations\/([^/]+)\/toggle_status$/.exec(rec.path)) && rec.method === 'POST') route = { name: 'toggleStatus', conversation: m[1] };
    else if ((m = /^\/api\/v2\/accounts\/contacts\/(\d+)$/.exec(rec.path)) && rec.method === 'PATCH') route = { name: 'updateContact', contact: m[1] };
    if (!route) return railsStatusPage(rec, 404, 'Not Found');

    // [UNCONFIRMED] real 401 body; a small JSON error as the brief suggests.
    const basic = parseBasic(rec.headers.authorization);
    if (!basic || basic.user !== CREDENTIALS.engageLab.apiKey || basic.pass !== CREDENTIALS.engageLab.apiSecret) {
      return json(401, { error: 'Invalid API key or secret' });
    }
    rec.authenticated = true;

    const parsed = core.railsParams(ctx);
    if (parsed.parseError) return railsStatusPage(rec, 400, 'Bad Request');

    if (route.name === 'contacts') {
      if (rec.query.q !== undefined) {
        const result = people.search(rec.query.q, rec.query.page);
        return result.error ? json(422, result.error) : json(200, result);
      }
      const page = Math.max(1, core.railsInt(rec.query.page || 1));
      return json(200, {
        meta: { count: people.all.length, current_page: String(page) },
        payload: people.all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(people.json),
      });
    }
    if (route.name === 'updateContact') {
      const contact = people.find(core.railsInt(route.contact));
      if (!contact) return json(404, { error: 'Resource could not be found' });
      const result = people.update(contact, parsed.params);
      return json(result.status, result.body);
    }
    if (route.name === 'createContact') {
      if (parsed.params.inbox_id == null || parsed.params.inbox_id === '') return json(422, { message: "Inbox can't be blank", attributes: ['inbox_id'] });
      const result = people.create(parsed.params);
      // LiveDesk answers the contact alone (no contact_inbox).
      return json(result.status, result.status === 200 ? { payload: { contact: result.body.payload.contact } } : result.body);
    }
    if (route.name === 'createConversation') {
      if (core.railsInt(parsed.params.inbox_id) !== ENGAGELAB.inboxId) return json(404, { error: 'Resource could not be found' });
      const contact = people.find(core.railsInt(parsed.params.contact_id));
      if (!contact) return json(404, { error: 'Resource could not be found' });
      const contactInbox = people.contactInbox(contact, inbox);
      const id = nextConversationId++;
      const now = Math.floor(Date.now() / 1000);
      const conversation = {
        id, account_id: ENGAGELAB.accountId, inbox_id: inbox.id, status: 'open', unread_count: 0,
        meta: { sender: { ...people.json(contact), type: 'contact' }, channel: inbox.channel_type, assignee: null, team: null },
        contact_inbox: { source_id: contactInbox.source_id },
        messages: [], created_at: now, timestamp: now, additional_attributes: {}, custom_attributes: {},
      };
      opened.set(id, { contactId: contact.id, conversation });
      return json(200, conversation);
    }

    const convId = core.railsInt(route.conversation);
    if (!isSeededConversationId(convId) && !opened.has(convId)) return json(404, { error: 'Resource could not be found' });
    if (route.name === 'toggleStatus') return toggleStatus(rec.seq, convId, parsed.params);
    const built = core.buildMessage({
      ctx,
      params: parsed.params,
      conversationId: convId,
      accountId: ENGAGELAB.accountId,
      inboxId: ENGAGELAB.inboxId,
      sender: { ...ENGAGELAB.sender },
      senderKind: 'user',
      store,
      apiInbox: true,
      floodLimit,
    });
    if (built.error) return json(built.error.status, built.error.body);
    const sortingId = (sorting.get(convId) || 0) + 1;
    sorting.set(convId, sortingId);
    const r = built.response;
    // seed-page key order: …, source_id, sorting_id, sender, attachments
    const response = {
      id: r.id, content: r.content, inbox_id: r.inbox_id, ...(r.echo_id !== undefined ? { echo_id: r.echo_id } : {}),
      conversation_id: r.conversation_id, message_type: r.message_type, content_type: r.content_type, status: r.status,
      content_attributes: r.content_attributes, created_at: r.created_at, private: r.private, source_id: r.source_id,
      sorting_id: sortingId, sender: r.sender, ...(r.attachments ? { attachments: r.attachments } : {}),
    };
    ctx.createMessage({ ...built.message, sortingId, response });
    deliver(core.messageCreatedPayload({
      id: r.id, content: r.content, messageType: built.message.messageType, isPrivate: r.private, createdAtMs: Date.now(),
      conversationId: convId, inbox, account, attachments: r.attachments, contact: contactOf(convId),
      sender: built.message.messageType === 'incoming' ? contactOf(convId) : { ...r.sender },
    }));
    return json(200, response);
  }

  mock = await createMockServer({
    vendor: 'engageLab',
    basePath: '',
    handle,
    rateLimited: core.rackAttack429, // [UNCONFIRMED] — assumed Chatwoot's rack-attack default
    faultResponse: core.railsFault,
    badBody: ({ record }) => railsStatusPage(record, 400, 'Bad Request'),
    onReset() {
      store.reset(); sorting.clear(); deliveries.reset(); people.reset(); opened.clear(); mock.webhookUrl = null;
      states.reset(); handoffs.length = 0;
      Object.assign(features, { statuses: [...FEATURES.statuses], transitions: { ...FEATURES.transitions } });
    },
    extend(m) {
      // Status (the only conversation action LiveDesk documents): variants, state, changes, hand-offs.
      m.features = features;
      m.conversationState = (id) => states.snapshot(id);
      m.seedConversation = (id, patch) => states.seed(id, patch);
      m.stateChanges = states.changes;
      m.handoffs = handoffs;
      m.contacts = people.all;
      m.conversations = opened;
      m.webhookUrl = null;
      m.deliveries = deliveries.sent;
      m.deliveriesSettled = () => deliveries.settled();
      /** A customer writes in a conversation of the API channel: delivered to the channel's Webhook URL. */
      m.customerWrites = async ({ conversationId = 141, content = 'Hello from LiveDesk', files = [] } = {}) => {
        const id = store.nextMessageId++;
        const contact = contactOf(conversationId);
        const attachments = files.map((file) => {
          const token = store.blobs.put(file);
          return {
            id: store.nextAttachmentId++, message_id: id, file_type: core.fileTypeOf(file.contentType), account_id: account.id,
            extension: null, data_url: `http://127.0.0.1:${m.port}/rails/active_storage/blobs/redirect/${token}/${encodeURIComponent(file.filename)}`,
            thumb_url: '', file_size: file.data.length, width: null, height: null,
          };
        });
        const createdAtMs = Date.now();
        m._addMessage({ id, conversationId, accountId: account.id, content, messageType: 'incoming', private: false, senderKind: 'contact', files, createdAt: new Date(createdAtMs).toISOString() });
        const payload = core.messageCreatedPayload({ id, content, messageType: 'incoming', isPrivate: false, createdAtMs, conversationId, inbox, account, attachments, contact, sender: contact });
        return { message: payload, delivery: await deliver(payload) };
      };
    },
  }, options);
  return mock;
}

module.exports = { startEngageLabMock };
