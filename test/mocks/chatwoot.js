'use strict';
/**
 * 99digital "Online" / Chatwoot mock (Rails; api namespace defaults to JSON).
 *
 * Routes (base URL = http://127.0.0.1:PORT):
 *   POST /api/v1/accounts/:account_id/conversations/:conversation_id/messages   JSON or multipart → 200 message
 *   GET  /api/v1/profile                                   current user with accounts (credential test)
 *   GET  /api/v1/accounts/:account_id/agents               array of agents
 *   GET  /api/v1/accounts/:account_id/conversations?page=  {data:{meta, payload}} (25 per page)
 *   GET  /rails/active_storage/blobs/redirect/:token/:name the uploaded bytes (data_url of an attachment)
 * Auth: header api_access_token (also Api-Access-Token); see fixtures for the user and bot tokens.
 */
const { createMockServer, railsStatusPage } = require('./common');
const core = require('./chatwoot-core');
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

async function startChatwootMock(options = {}) {
  const store = core.newStore(1001, 501);
  const floodLimit = options.floodLimit || 200;

  function authenticate(headers) {
    const token = headers.api_access_token != null ? headers.api_access_token : headers['api-access-token'];
    if (token == null || String(token).trim() === '') {
      return { error: json(401, { errors: ['You need to sign in or sign up before continuing.'] }) };
    }
    if (token === CREDENTIALS.ninetyNineDigital.accessToken) return { kind: 'user' };
    if (token === CREDENTIALS.ninetyNineDigital.botAccessToken) return { kind: 'bot' };
    return { error: json(401, { error: 'Invalid Access Token' }) };
  }

  function handle(ctx) {
    const rec = ctx.record;
    const blob = core.serveBlob(ctx, store);
    if (blob) return blob;

    let m;
    let route = null;
    if ((m = /^\/api\/v1\/accounts\/([^/]+)\/conversations\/([^/]+)\/messages(?:\.json)?$/.exec(rec.path)) && rec.method === 'POST') route = { name: 'createMessage', account: m[1], conversation: m[2] };
    else if (/^\/api\/v1\/profile(?:\.json)?$/.test(rec.path) && rec.method === 'GET') route = { name: 'profile' };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/agents(?:\.json)?$/.exec(rec.path)) && rec.method === 'GET') route = { name: 'agents', account: m[1] };
    else if ((m = /^\/api\/v1\/accounts\/([^/]+)\/conversations(?:\.json)?$/.exec(rec.path)) && rec.method === 'GET') route = { name: 'conversations', account: m[1] };
    if (!route) return railsStatusPage(rec, 404, 'Not Found');

    const auth = authenticate(rec.headers);
    if (auth.error) return auth.error;
    rec.authenticated = true;
    const botAllowed = route.name === 'createMessage';
    if (auth.kind === 'bot' && !botAllowed) return json(401, { error: 'Access to this endpoint is not authorized for bots' });

    // Rails parses params when the controller first reads them (ensure_current_account) → 400 on bad JSON
    const parsed = core.railsParams(ctx);
    if (parsed.parseError) return railsStatusPage(rec, 400, 'Bad Request');

    if (route.name === 'profile') return json(200, profileJson(ctx));

    if (core.railsInt(route.account) !== NND.accountId) return json(401, { error: 'You are not authorized to access this account' });

    if (route.name === 'agents') {
      return json(200, NND.agents.map((a) => ({
        id: a.id, account_id: NND.accountId, availability_status: 'online', auto_offline: true, confirmed: true,
        email: a.email, available_name: a.name, name: a.name, role: a.role, thumbnail: '',
      })));
    }
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

    // createMessage
    const convId = core.railsInt(route.conversation);
    if (!isSeededConversationId(convId)) return json(404, { error: 'Resource could not be found' });
    const built = core.buildMessage({
      ctx,
      params: parsed.params,
      conversationId: convId,
      accountId: NND.accountId,
      inboxId: NND.inboxId,
      sender: auth.kind === 'bot' ? senderBot() : senderUser(),
      senderKind: auth.kind,
      store,
      apiInbox: true,
      floodLimit,
    });
    if (built.error) return json(built.error.status, built.error.body);
    const response = { ...built.response, created_at_exact: new Date(built.response.created_at * 1000 + (Date.now() % 1000)).toISOString() };
    ctx.createMessage({ ...built.message, response });
    return json(200, response);
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

  return createMockServer({
    vendor: 'ninetyNineDigital',
    basePath: '',
    handle,
    rateLimited: core.rackAttack429,
    faultResponse: core.railsFault,
    badBody: ({ record }) => railsStatusPage(record, 400, 'Bad Request'),
    onReset() { store.reset(); },
  }, options);
}

module.exports = { startChatwootMock, startNinetyNineDigitalMock: startChatwootMock };
