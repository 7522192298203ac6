'use strict';
/**
 * 99digital "Online" / Chatwoot mock (Rails; api namespace defaults to JSON).
 *
 * Routes (base URL = http://127.0.0.1:PORT):
 *   POST /api/v1/accounts/:account_id/conversations/:conversation_id/messages   JSON or multipart → 200 message
 *   GET  /api/v1/profile                                   current user with accounts (credential test)
 *   GET  /api/v1/accounts/:account_id/agents               array of agents
 *   GET  /api/v1/accounts/:account_id/conversations?page=  {data:{meta, payload}} (25 per page)
 *   GET  /api/v1/accounts/:account_id/inboxes              {payload: [inbox]}
 *   GET  /api/v1/accounts/:account_id/contacts/search?q=   {meta, payload} substring match, 15 per page
 *   POST /api/v1/accounts/:account_id/contacts             {payload: {contact, contact_inbox}}
 *   POST /api/v1/accounts/:account_id/conversations        inbox_id + contact_id → 200 conversation
 *   GET|POST /api/v1/accounts/:account_id/webhooks         administrators only: {payload:{webhooks}} / {payload:{webhook}}
 *   DELETE /api/v1/accounts/:account_id/webhooks/:id       administrators only: 200, empty
 *   GET  /rails/active_storage/blobs/redirect/:token/:name 302 to signed storage (options.storage), else the bytes
 *   GET  /api/v1/accounts/:account_id/conversations/:id/messages  MessageFinder pages (before/after/before_timestamp,
 *        filter_internal_messages), sent + seeded + activity messages
 *   Conversation actions, contact find/update and pickers: see chatwoot-actions.js.
 * Auth: header api_access_token (also Api-Access-Token); see fixtures for the user, agent and bot tokens.
 *
 * Webhooks (lib/webhooks/trigger.rb): every created message (API or `customerWrites`) is POSTed as
 * `message_created` to each account webhook subscribed to it, once, no retry; signed with
 * X-Chatwoot-Signature = sha256=HMAC(secret, "<ts>.<body>") when the webhook has a secret
 * (`mock.webhookSecrets = false` acts as a server older than v4.11.2, which has none).
 * Conversation events (vendor-actions.md §1.13), to the webhooks subscribed to them: `conversation_created`
 * when the API creates one; on every change of a conversation's state (the actions' writes, or
 * `agentChanges` for someone working in Chatwoot's app) `conversation_status_changed` when the
 * status changed and `conversation_updated` always, both the push data with `changed_attributes`.
 */
const crypto = require('node:crypto');
const { createMockServer, railsStatusPage } = require('./common');
const { makeDeliveries, hmacHex } = require('./webhook-delivery');
const core = require('./chatwoot-core');
const { newChatwootActions, matchRoute: matchActionRoute, pageMessages } = require('./chatwoot-actions');
const { CREDENTIALS, NINETY_NINE_DIGITAL: NND, isSeededConversationId } = require('./fixtures');

const json = (status, body, headers) => ({ status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...(headers || {}) }, body });

function senderUser() {
  const u = NND.user;
  return {
    id: u.id, name: u.name, available_name: u.available_name, email: u.email, avatar_url: '', logo_user_url: '',
    type: 'user', availability_status: 'online', thumbnail: '',
  };
}
function senderBot() {
  return { id: NND.bot.id, name: NND.bot.name, avatar_url: '', type: 'agent_bot' };
}

const WEBHOOK_EVENTS = [
  'message_created', 'message_updated', 'conversation_created', 'conversation_status_changed', 'conversation_updated',
  'contact_created', 'contact_updated', 'webwidget_triggered', 'inbox_created', 'inbox_updated',
  'conversation_typing_on', 'conversation_typing_off',
];

function contactOf(conversationId) {
  return { id: 1000 + conversationId, name: `Contact ${conversationId}`, email: `contact${conversationId}@customer.example`, phone_number: null, identifier: null, thumbnail: '', additional_attributes: {}, custom_attributes: {} };
}

async function startChatwootMock(options = {}) {
  const store = core.newStore(1001, 501);
  const people = core.newContacts(NND.contacts, (id) => NND.inboxes.find((inbox) => inbox.id === id));
  /** Conversations created through the API: display id → {inboxId, contactId}. */
  const opened = new Map();
  let nextConversationId = 1001;
  const floodLimit = options.floodLimit || 200;
  const webhooks = new Map();
  let nextWebhookId = 1;
  let mock;
  const deliveries = makeDeliveries('ninetyNineDigital', options);
  const actions = newChatwootActions({
    people,
    store,
    contactOf: (id) => (opened.has(id) ? people.json(people.find(opened.get(id).contactId)) : contactOf(id)),
    initialOf(id) {
      if (opened.has(id)) {
        const { params, conversation } = opened.get(id);
        return {
          status: conversation.status, inboxId: conversation.inbox_id, channel: conversation.meta.channel, createdAt: conversation.created_at,
          assignee: conversation.meta.assignee ? { type: 'User', id: conversation.meta.assignee.id } : null,
          teamId: params.team_id != null ? core.railsInt(params.team_id) : null,
        };
      }
      return isSeededConversationId(id) ? { inboxId: NND.inboxId, channel: 'Channel::Api', createdAt: 1704099600 + id } : null;
    },
    attachmentJson: (messageId, file) => attachmentJson(messageId, file),
    lastMessageOf: (id) => {
      const entries = messageEntries(id);
      return entries.length ? entries[entries.length - 1].toJson() : null;
    },
    // Conversation#execute_after_update_commit_callbacks: a status change is announced as
    // conversation_status_changed AND as conversation_updated; other listed keys only as the latter.
    onConversationChanged(id, changedAttributes) {
      const body = { ...actions.pushData(id), changed_attributes: changedAttributes };
      if (changedAttributes.some((attribute) => 'status' in attribute)) dispatch('conversation_status_changed', { ...body, event: 'conversation_status_changed' });
      dispatch('conversation_updated', { ...body, event: 'conversation_updated' });
    },
  });

  function signedHeaders(webhook, bodyText, deliveryId) {
    const headers = { 'X-Chatwoot-Delivery': deliveryId };
    if (webhook.secret) {
      const ts = String(Math.floor(Date.now() / 1000));
      headers['X-Chatwoot-Timestamp'] = ts;
      headers['X-Chatwoot-Signature'] = `sha256=${hmacHex('sha256', webhook.secret, `${ts}.${bodyText}`)}`;
    }
    return headers;
  }

  /** Trigger: one POST per subscribed account webhook, no retry. */
  function dispatch(event, payload) {
    const bodyText = JSON.stringify(payload);
    return Promise.all([...webhooks.values()]
      .filter((webhook) => webhook.subscriptions.includes(event))
      .map((webhook) => {
        const deliveryId = crypto.randomUUID();
        return deliveries.send(webhook.url, bodyText, signedHeaders(webhook, bodyText, deliveryId), { webhookId: webhook.id, deliveryId, event });
      }));
  }

  function webhookJson(webhook) {
    return {
      id: webhook.id, name: webhook.name, url: webhook.url, account_id: NND.accountId, subscriptions: webhook.subscriptions,
      inbox: null, ...(webhook.secret !== undefined ? { secret: webhook.secret } : {}),
    };
  }

  function createWebhook(params) {
    const errors = [];
    const url = typeof params.url === 'string' ? params.url : '';
    if (!/^https?:\/\/[^\s]+$/.test(url)) errors.push('Url is invalid');
    else if ([...webhooks.values()].some((w) => w.url === url)) errors.push('Url has already been taken');
    const subscriptions = params.subscriptions === undefined
      ? ['conversation_status_changed', 'conversation_updated', 'conversation_created', 'contact_created', 'contact_updated', 'message_created', 'message_updated', 'webwidget_triggered']
      : params.subscriptions;
    if (!Array.isArray(subscriptions) || !subscriptions.length || subscriptions.some((e) => !WEBHOOK_EVENTS.includes(e))) errors.push('Subscriptions Invalid events');
    if (errors.length) return json(422, { message: errors.join(', '), attributes: ['url', 'subscriptions'] });
    const webhook = {
      id: nextWebhookId++,
      name: typeof params.name === 'string' ? params.name : null,
      url,
      subscriptions,
      secret: mock.webhookSecrets ? crypto.randomBytes(24).toString('base64url') : undefined,
    };
    webhooks.set(webhook.id, webhook);
    // A customer writing the instant the webhook is stored: delivered while its creator still waits for this answer.
    if (mock.onWebhookCreated) setImmediate(() => mock.onWebhookCreated(webhookJson(webhook)));
    return json(200, { payload: { webhook: webhookJson(webhook) } });
  }

  function attachmentJson(messageId, file) {
    const token = store.blobs.put(file);
    const name = encodeURIComponent(file.filename || 'blob');
    const origin = `http://127.0.0.1:${mock.port}`;
    return {
      id: store.nextAttachmentId++, message_id: messageId, file_type: core.fileTypeOf ? core.fileTypeOf(file.contentType) : 'file',
      account_id: NND.accountId, extension: null, data_url: `${origin}/rails/active_storage/blobs/redirect/${token}/${name}`,
      thumb_url: '', file_size: file.data.length, width: null, height: null,
    };
  }

  function authenticate(headers) {
    const token = headers.api_access_token != null ? headers.api_access_token : headers['api-access-token'];
    if (token == null || String(token).trim() === '') {
      return { error: json(401, { errors: ['You need to sign in or sign up before continuing.'] }) };
    }
    if (token === CREDENTIALS.ninetyNineDigital.accessToken) return { kind: 'user' };
    if (token === CREDENTIALS.ninetyNineDigital.botAccessToken) return { kind: 'bot' };
    if (token === CREDENTIALS.ninetyNineDigital.agentAccessToken) return { kind: 'agent' };
    return { error: json(401, { error: 'Invalid Access Token' }) };
  }

  function handle(ctx) {
    const rec = ctx.record;
    const blob = core.serveBlob(ctx, store, options.storage);
    if (blob) return blob;

    let m;
    let route = null;
    if ((m = /^\/api\/v1\/accounts\/([^/]+)\/conversations\/([^/]+)\/messages(?:\.json)?$/.exec(rec.path)) && (rec.method === 'POST' || rec.method === 'GET')) route = { name: rec.method === 'POST' ? 'createMessage' : 'listMessages', account: m[1], conversation: m[2] };
    else if (/^\/api\/v1\/profile(?:\.json)?$/.test(rec.path) && rec.method === 'GET') route = { name: 'profile' };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/agents(?:\.json)?$/.exec(rec.path)) && rec.method === 'GET') route = { name: 'agents', account: m[1] };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/conversations(?:\.json)?$/.exec(rec.path)) && rec.method === 'GET') route = { name: 'conversations', account: m[1] };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/conversations(?:\.json)?$/.exec(rec.path)) && rec.method === 'POST') route = { name: 'createConversation', account: m[1] };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/contacts\/search(?:\.json)?$/.exec(rec.path)) && rec.method === 'GET') route = { name: 'searchContacts', account: m[1] };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/contacts(?:\.json)?$/.exec(rec.path)) && rec.method === 'POST') route = { name: 'createContact', account: m[1] };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/inboxes(?:\.json)?$/.exec(rec.path)) && rec.method === 'GET') route = { name: 'inboxes', account: m[1] };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/webhooks(?:\.json)?$/.exec(rec.path)) && (rec.method === 'GET' || rec.method === 'POST')) route = { name: rec.method === 'GET' ? 'listWebhooks' : 'createWebhook', account: m[1] };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/webhooks\/([^/]+?)(?:\.json)?$/.exec(rec.path)) && rec.method === 'DELETE') route = { name: 'deleteWebhook', account: m[1], webhook: m[2] };
    else route = matchActionRoute(rec.method, rec.path);
    if (!route) return railsStatusPage(rec, 404, 'Not Found');

    const auth = authenticate(rec.headers);
    if (auth.error) return auth.error;
    rec.authenticated = true;
    if (auth.kind === 'bot' && !actions.botMayCall(route.name)) return json(401, { error: 'Access to this endpoint is not authorized for bots' });

    // Rails parses params when the controller first reads them (ensure_current_account) → 400 on bad JSON
    const parsed = core.railsParams(ctx);
    if (parsed.parseError) return railsStatusPage(rec, 400, 'Bad Request');

    if (route.name === 'profile') return json(200, profileJson(ctx));

    if (core.railsInt(route.account) !== NND.accountId) return json(401, { error: 'You are not authorized to access this account' });

    if (route.name === 'inboxes') {
      return json(200, { payload: NND.inboxes.map((inbox) => ({ ...inbox, account_id: NND.accountId, enable_auto_assignment: true })) });
    }
    if (['listWebhooks', 'createWebhook', 'deleteWebhook'].includes(route.name)) {
      // WebhookPolicy: administrators only (Pundit::NotAuthorizedError → 401)
      if (auth.kind !== 'user') return json(401, { error: 'You are not authorized to do this action' });
      if (route.name === 'listWebhooks') return json(200, { payload: { webhooks: [...webhooks.values()].map(webhookJson) } });
      if (route.name === 'createWebhook') return createWebhook(parsed.params.webhook || parsed.params);
      const id = core.railsInt(route.webhook);
      if (!webhooks.has(id)) return json(404, { error: 'Resource could not be found' });
      webhooks.delete(id);
      return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: '' };
    }

    if (route.name === 'agents') return json(200, NND.agents.map(actions.agentJson));
    if (route.name === 'conversations' && rec.query.sort_by === 'last_activity_at_desc') return json(200, conversationsByActivity(rec.query));
    if (route.name === 'conversations') {
      const page = Math.max(1, core.railsInt(rec.query.page || 1));
      const ids = Array.from({ length: 25 }, (_, i) => (page - 1) * 25 + i + 1).filter((id) => isSeededConversationId(id));
      return json(200, {
        data: {
          meta: { mine_count: 0, assigned_count: 0, unassigned_count: 999, all_count: 999 },
          payload: ids.map((id) => ({
            id, account_id: NND.accountId, inbox_id: NND.inboxId, status: 'open', unread_count: 0,
            meta: { sender: { id: 1000 + id, name: `Contact ${id}`, type: 'contact' }, assignee: null },
            messages: [], created_at: 1704099600 + id, timestamp: 1704099600 + id,
          })),
        },
      });
    }

    if (route.name === 'searchContacts') {
      const result = people.search(rec.query.q, rec.query.page);
      return result.error ? json(422, result.error) : json(200, result);
    }
    if (route.name === 'createContact') {
      const result = people.create(parsed.params);
      return json(result.status, result.body);
    }
    if (route.name === 'createConversation') return createConversation(parsed.params);
    if (route.conversation === undefined) {
      const answer = actions.accountRoute(route, parsed.params, rec.query, auth);
      if (answer) return answer;
    }

    const convId = core.railsInt(route.conversation);
    if (!isSeededConversationId(convId) && !opened.has(convId)) return json(404, { error: 'Resource could not be found' });
    if (route.name === 'listMessages') return json(200, listMessages(convId, rec.query));
    const action = actions.conversationRoute(route, convId, parsed.params, auth, rec);
    if (action) return action;

    // createMessage
    const built = core.buildMessage({
      ctx,
      params: parsed.params,
      conversationId: convId,
      accountId: NND.accountId,
      inboxId: opened.has(convId) ? opened.get(convId).inboxId : NND.inboxId,
      sender: auth.kind === 'bot' ? senderBot() : senderUser(),
      senderKind: auth.kind,
      store,
      apiInbox: true,
      floodLimit,
    });
    if (built.error) return json(built.error.status, built.error.body);
    const response = { ...built.response, created_at_exact: new Date(built.response.created_at * 1000 + (Date.now() % 1000)).toISOString() };
    ctx.createMessage({ ...built.message, response });
    const inbox = NND.inboxes.find((candidate) => candidate.id === NND.inboxId);
    dispatch('message_created', core.messageCreatedPayload({
      id: response.id, content: response.content, messageType: built.message.messageType, isPrivate: response.private,
      createdAtMs: Date.now(), conversationId: convId, inbox, account: { id: NND.accountId, name: NND.accountName },
      attachments: response.attachments, contact: contactOf(convId),
      sender: built.message.messageType === 'incoming' ? contactOf(convId) : { ...response.sender },
      state: actions.webhookState(convId),
    }));
    return json(200, response);
  }

  /**
   * ConversationsController#create with inbox_id + contact_id: ContactInboxBuilder makes the
   * contact's inbox when it has none (a WhatsApp one needs the contact's phone number).
   */
  function createConversation(params) {
    const inbox = NND.inboxes.find((candidate) => candidate.id === core.railsInt(params.inbox_id));
    const contact = people.find(core.railsInt(params.contact_id));
    if (!inbox || !contact) return json(404, { error: 'Resource could not be found' });
    if (params.status != null && !['open', 'resolved', 'pending', 'snoozed'].includes(params.status)) {
      return json(422, { error: `'${params.status}' is not a valid status` });
    }
    if (params.assignee_id != null && !NND.agents.some((agent) => agent.id === core.railsInt(params.assignee_id))) {
      return json(422, { message: 'Assignee must exist', attributes: ['assignee'] });
    }
    const team = params.team_id != null ? NND.teams.find((candidate) => candidate.id === core.railsInt(params.team_id)) : null;
    if (params.team_id != null && !team) return json(404, { error: 'Resource could not be found' });
    const contactInbox = people.contactInbox(contact, inbox);
    if (contactInbox.error) return json(422, contactInbox.error);
    const id = nextConversationId++;
    const now = Math.floor(Date.now() / 1000);
    const assignee = NND.agents.find((agent) => agent.id === core.railsInt(params.assignee_id));
    const conversation = {
      id, account_id: NND.accountId, inbox_id: inbox.id, status: params.status || 'open', unread_count: 0,
      meta: {
        sender: { ...people.json(contact), type: 'contact' }, channel: inbox.channel_type,
        assignee: assignee ? { id: assignee.id, name: assignee.name, email: assignee.email } : null,
        team: team ? { id: team.id, name: team.name } : null,
        hmac_verified: false,
      },
      contact_inbox: { source_id: contactInbox.source_id },
      messages: [], created_at: now, timestamp: now, last_activity_at: now, additional_attributes: {}, custom_attributes: {},
    };
    opened.set(id, { inboxId: inbox.id, contactId: contact.id, params, conversation });
    dispatch('conversation_created', { ...actions.pushData(id), event: 'conversation_created' });
    return json(200, conversation);
  }

  /**
   * A conversation's messages by id: those sent or written (mock.messages), seeded history and
   * activity messages. Each answers the jbuilder shape lazily (only the page is rendered).
   */
  function messageEntries(conversationId) {
    const written = mock.messages
      .filter((msg) => msg.conversationId === conversationId && msg.accountId === NND.accountId)
      .map((msg) => ({
        id: msg.id, private: !!msg.private, messageType: core.MESSAGE_TYPES[msg.messageType], createdAt: Math.floor(Date.parse(msg.createdAt) / 1000),
        toJson: () => msg.response || {
          id: msg.id, content: msg.content, inbox_id: NND.inboxId, conversation_id: conversationId, message_type: 0,
          content_type: 'text', status: 'sent', content_attributes: {}, created_at: Math.floor(Date.parse(msg.createdAt) / 1000),
          private: false, source_id: null, sender: { ...contactOf(conversationId), type: 'contact' },
          ...(msg.files && msg.files.length ? { attachments: msg.files.map((file) => attachmentJson(msg.id, file)) } : {}),
        },
      }));
    const seeded = actions.historyOf(conversationId).map((entry) => ({ ...entry, toJson: () => entry.json }));
    return [...seeded, ...written].sort((a, b) => a.id - b.id);
  }

  /**
   * GET …/conversations?sort_by=last_activity_at_desc (ConversationFinder, 25 a page): the
   * conversations written in since the mock started (a message sent or a customer writing),
   * the latest activity first, each as the conversation partial shows it (its status, assignee
   * and team as they are now), with `last_activity_at` (unix s).
   */
  function conversationsByActivity(query) {
    const page = Math.max(1, core.railsInt(query.page || 1));
    const lastActivity = new Map();
    for (const msg of mock.messages) {
      if (msg.accountId !== NND.accountId) continue;
      const at = Math.floor(Date.parse(msg.createdAt) / 1000);
      lastActivity.set(msg.conversationId, Math.max(lastActivity.get(msg.conversationId) || 0, at));
    }
    const ids = [...lastActivity.keys()].sort((a, b) => lastActivity.get(b) - lastActivity.get(a) || b - a);
    return {
      data: {
        meta: { mine_count: 0, assigned_count: 0, unassigned_count: ids.length, all_count: ids.length },
        payload: ids.slice((page - 1) * 25, page * 25).map((id) => ({
          ...(actions.states.get(id) ? actions.conversationJson(id) : {
            id, account_id: NND.accountId, inbox_id: opened.has(id) ? opened.get(id).inboxId : NND.inboxId, status: 'open', unread_count: 0,
            meta: { sender: contactOf(id), assignee: null }, messages: [], created_at: 1704099600 + id,
          }),
          timestamp: lastActivity.get(id), last_activity_at: lastActivity.get(id),
        })),
      },
    };
  }

  /** GET …/messages: MessageFinder's pages (chatwoot-actions.js pageMessages); meta as the jbuilder. */
  function listMessages(conversationId, query) {
    const { page, hasMore } = pageMessages(messageEntries(conversationId), query, actions.features);
    const state = actions.states.get(conversationId);
    const assignee = state.assignee && state.assignee.type === 'User' ? actions.agentJson(NND.agents.find((a) => a.id === state.assignee.id)) : null;
    return {
      meta: {
        labels: [...state.labels], additional_attributes: {}, contact: contactOf(conversationId), assignee, agent_last_seen_at: null, assignee_last_seen_at: null,
        ...(actions.features.messagesHasMore ? { has_more: hasMore } : {}),
      },
      payload: page.map((entry) => entry.toJson()),
    };
  }

  function profileJson() {
    const u = NND.user;
    return {
      access_token: CREDENTIALS.ninetyNineDigital.accessToken, // Chatwoot really returns the caller's token here
      account_id: NND.accountId,
      available_name: u.available_name,
      avatar_url: '',
      confirmed: true,
      display_name: u.display_name,
      message_signature: null,
      email: u.email,
      id: u.id,
      inviter_id: null,
      name: u.name,
      provider: 'email',
      pubsub_token: 'pubsubTokenNotASecret',
      custom_attributes: {},
      role: u.role,
      ui_settings: {},
      uid: u.uid,
      type: 'SuperAdmin',
      accounts: [{ id: NND.accountId, name: NND.accountName, status: 'active', active_at: null, role: u.role, permissions: ['administrator'], availability: 'online', availability_status: 'online', auto_offline: true, custom_role_id: null }],
    };
  }

  mock = await createMockServer({
    vendor: 'ninetyNineDigital',
    basePath: '',
    handle,
    rateLimited: core.rackAttack429,
    faultResponse: core.railsFault,
    badBody: ({ record }) => railsStatusPage(record, 400, 'Bad Request'),
    onReset() {
      store.reset();
      people.reset();
      opened.clear();
      webhooks.clear();
      nextWebhookId = 1;
      deliveries.reset();
      actions.reset();
      mock.webhookSecrets = true;
      mock.onWebhookCreated = null;
    },
    extend(m) {
      m.webhookSecrets = true;
      m.onWebhookCreated = null;
      m.webhooks = webhooks;
      m.contacts = people.all;
      m.conversations = opened;
      m.deliveries = deliveries.sent;
      m.deliveriesSettled = () => deliveries.settled();
      // Conversation actions (chatwoot-actions.js): the server's version gates and variants, state and its changes.
      m.features = actions.features;
      m.conversationState = (id) => actions.states.snapshot(id);
      m.seedConversation = (id, patch) => actions.states.seed(id, patch);
      m.stateChanges = actions.states.changes;
      m.typingEvents = actions.typing;
      m.handoffs = actions.handoffs;
      m.seedHistory = (conversationId, count) => actions.seedHistory(conversationId, count);
      /**
       * A customer writes in a conversation (as through the widget or WhatsApp): the message is
       * stored and delivered to the account's webhooks. Resolves to the deliveries' records.
       */
      m.customerWrites = async ({ conversationId = 1, content = 'Hello, I need help', inboxId = NND.inboxId, files = [] } = {}) => {
        const id = store.nextMessageId++;
        const inbox = NND.inboxes.find((candidate) => candidate.id === inboxId);
        const contact = contactOf(conversationId);
        const attachments = files.map((file) => attachmentJson(id, file));
        const createdAtMs = Date.now();
        m._addMessage({ id, conversationId, accountId: NND.accountId, content, messageType: 'incoming', private: false, senderKind: 'contact', files, createdAt: new Date(createdAtMs).toISOString() });
        const payload = core.messageCreatedPayload({
          id, content, messageType: 'incoming', isPrivate: false, createdAtMs, conversationId, inbox,
          account: { id: NND.accountId, name: NND.accountName }, attachments, contact, sender: contact,
          state: actions.webhookState(conversationId),
        });
        return { message: payload, deliveries: await dispatch('message_created', payload) };
      };
      /**
       * Someone changes a conversation in Chatwoot's app (an agent resolves it, assigns it, labels
       * it): `patch` in the state's fields (status, assignee {type: 'User'|'AgentBot', id}, teamId,
       * labels, …), announced to the account's webhooks as Chatwoot announces it. Resolves once sent.
       */
      m.agentChanges = async (conversationId, patch) => {
        if (!actions.states.get(conversationId)) throw new Error(`conversation ${conversationId} does not exist`);
        const before = deliveries.sent.length;
        actions.change(null, conversationId, patch);
        await deliveries.settled();
        return deliveries.sent.slice(before);
      };
      /** Chatwoot's redelivery: the same body and X-Chatwoot-Delivery, signed anew. */
      m.redeliver = (delivery) => {
        const webhook = webhooks.get(delivery.webhookId);
        return deliveries.send(delivery.url, delivery.body, signedHeaders(webhook, delivery.body, delivery.deliveryId), { webhookId: webhook.id, deliveryId: delivery.deliveryId, event: delivery.event, redelivery: true });
      };
    },
  }, options);
  return mock;
}

module.exports = { startChatwootMock, startNinetyNineDigitalMock: startChatwootMock };
