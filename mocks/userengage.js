'use strict';
/**
 * User.com / UserEngage mock — behaves like a Django REST Framework API (TokenAuthentication,
 * DRF validation dicts, Django HTML 404s, APPEND_SLASH redirects).
 *
 * Routes (base URL = http://127.0.0.1:PORT/api/public):
 *   POST /api/public/message/            create a message in a conversation → 201, empty body
 *   GET  /api/public/users/              DRF page {count,next,previous,results} (credential test)
 *   GET  /api/public/users/:id/          one user
 *   GET  /api/public/users/search/?email= one user by email
 *   POST /api/public/users/:id/conversations/  a new conversation with the user, first message {content, user (agent), source, source_context} → 201
 *   GET  /api/public/conversations/?status=true  open conversations, DRF page (PAGE_SIZE per page), `messages` = count
 *   GET  /api/public/conversations/:id/  one conversation (open or not) with its messages [{id, content, timestamp, user}]
 *   PATCH /conversations/:id/, POST /users/update_or_create/, PUT /users/:id/: see userengage-actions.js
 *   OPTIONS on any route                 DRF metadata (200)
 *
 * No usable webhooks: `mock.customerWrites({conversationId, content})` adds a customer message
 * (opening the conversation if it is not open); the trigger polls. Messages the API creates in an
 * open conversation appear there as the agent's.
 */
const CONVERSATION_PAGE_SIZE = 2;
const { createMockServer, mediaTypeOf, isJsonMedia, nginxPage } = require('./common');
const { historyPlan } = require('./history-seed');
const { CREDENTIALS, USERENGAGE, isSeededConversationId } = require('./fixtures');
const { newUserEngageActions } = require('./userengage-actions');

const DJANGO_404 = '<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n';
const DJANGO_400 = '<!doctype html>\n<html lang="en">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n';
const DJANGO_500 = '<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n';
const html = (status, body) => ({ status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body });
const drf = (status, body, headers) => ({ status, headers: { 'Content-Type': 'application/json', Vary: 'Accept', ...(headers || {}) }, body });

const ROUTES = [
  { name: 'message', re: /^\/api\/public\/message\/$/, methods: ['POST'] },
  { name: 'usersSearch', re: /^\/api\/public\/users\/search\/$/, methods: ['GET'] },
  { name: 'startConversation', re: /^\/api\/public\/users\/([^/]+)\/conversations\/$/, methods: ['POST'] },
  { name: 'conversation', re: /^\/api\/public\/conversations\/(\d+)\/$/, methods: ['GET', 'PATCH'] },
  { name: 'conversations', re: /^\/api\/public\/conversations\/$/, methods: ['GET'] },
  { name: 'updateOrCreate', re: /^\/api\/public\/users\/update_or_create\/$/, methods: ['POST'] },
  { name: 'user', re: /^\/api\/public\/users\/([^/]+)\/$/, methods: ['GET', 'PUT'] },
  { name: 'users', re: /^\/api\/public\/users\/$/, methods: ['GET'] },
];
const matchRoute = (path) => {
  for (const r of ROUTES) {
    const m = r.re.exec(path);
    if (m) return { route: r, args: m.slice(1) };
  }
  return null;
};

function authenticate(headers) {
  const raw = headers.authorization;
  const notProvided = { detail: 'Authentication credentials were not provided.' };
  if (!raw) return { error: notProvided };
  const parts = String(raw).trim().split(/\s+/);
  if (parts[0].toLowerCase() !== 'token') return { error: notProvided };
  if (parts.length === 1) return { error: { detail: 'Invalid token header. No credentials provided.' } };
  if (parts.length > 2) return { error: { detail: 'Invalid token header. Token string should not contain spaces.' } };
  if (parts[1] !== CREDENTIALS.userEngage.apiKey) return { error: { detail: 'Invalid token.' } };
  return { ok: true };
}

const pyType = (v) => (v === null ? 'NoneType' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'dict' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'str');

/** DRF IntegerField.to_internal_value */
function drfInteger(v) {
  if (typeof v === 'boolean' || v === null || typeof v === 'object') return null;
  const s = String(v).replace(/\.0*\s*$/, '').trim();
  return /^[+-]?\d+$/.test(s) ? Number(s) : null;
}

function validateMessage(data, { needsConversation = true } = {}) {
  const errors = {};
  const has = (k) => Object.prototype.hasOwnProperty.call(data, k);
  const out = {};
  // conversation (not on a new conversation: the path names the user)
  if (!needsConversation) { /* the path names the user */ } else if (!has('conversation')) errors.conversation = ['This field is required.'];
  else if (data.conversation === null) errors.conversation = ['This field may not be null.'];
  else {
    const n = drfInteger(data.conversation);
    if (n === null) errors.conversation = ['A valid integer is required.'];
    else out.conversation = n;
  }
  // content
  if (!has('content')) errors.content = ['This field is required.'];
  else if (data.content === null) errors.content = ['This field may not be null.'];
  else if (typeof data.content === 'boolean' || typeof data.content === 'object') errors.content = ['Not a valid string.'];
  else if (String(data.content).trim() === '') errors.content = ['This field may not be blank.'];
  else out.content = String(data.content);
  // user (agent) — PrimaryKeyRelatedField
  if (!has('user')) errors.user = ['This field is required.'];
  else if (data.user === null) errors.user = ['This field may not be null.'];
  else if (typeof data.user === 'boolean' || typeof data.user === 'object' || (typeof data.user === 'number' && !Number.isInteger(data.user))) {
    errors.user = [`Incorrect type. Expected pk value, received ${pyType(data.user)}.`];
  } else if (!/^\s*\d+\s*$/.test(String(data.user))) {
    errors.user = [`Incorrect type. Expected pk value, received ${pyType(data.user)}.`];
  } else {
    const id = Number(String(data.user).trim());
    if (!USERENGAGE.agents.some((a) => a.id === id)) errors.user = [`Invalid pk "${String(data.user).trim()}" - object does not exist.`];
    else out.user = id;
  }
  // source — ChoiceField 1..5 (optional)
  if (has('source') && data.source !== null && data.source !== '') {
    if (!['1', '2', '3', '4', '5'].includes(String(data.source))) errors.source = [`"${typeof data.source === 'boolean' ? (data.source ? 'True' : 'False') : String(data.source)}" is not a valid choice.`];
    else out.source = Number(data.source);
  }
  // source_context — free JSON (documented as "array", examples send an object)
  if (has('source_context')) out.source_context = data.source_context;
  return { errors, out };
}

async function startUserEngageMock(options = {}) {
  const store = { nextId: 5001, nextConversationId: 1001 };
  let mock;
  let open;
  /** Conversations that exist but are not open (any seeded id): readable, not listed. */
  let closed;
  const seedOpen = () => {
    open = new Map();
    closed = new Map();
    USERENGAGE.users.forEach((user, i) => {
      const id = 553 + i;
      open.set(id, {
        id, user, agent: USERENGAGE.agents[0],
        messages: [
          { id: 900 + i * 2, content: `<p>Hello, this is ${user.name}</p>`, timestamp: '2024-03-01T10:00:00Z', source: 1, user: { id: user.id, key: user.key, email: user.email, name: user.name } },
          { id: 901 + i * 2, content: '<p>Hi! How can we help?</p>', timestamp: '2024-03-01T10:05:00Z', source: 1, user: { id: USERENGAGE.agents[0].id, email: USERENGAGE.agents[0].email, name: USERENGAGE.agents[0].name } },
        ],
      });
    });
  };
  seedOpen();
  const conversationById = (id) => {
    if (open.has(id)) return open.get(id);
    if (!isSeededConversationId(id)) return undefined;
    if (!closed.has(id)) closed.set(id, { id, user: USERENGAGE.users[id % USERENGAGE.users.length], agent: USERENGAGE.agents[0], messages: [] });
    return closed.get(id);
  };
  const conversationSummary = (c) => ({ id: c.id, user: { id: c.user.id, email: c.user.email, name: c.user.name, key: c.user.key }, active: c.active !== false, agent: c.agent ? c.agent.id : null, messages: c.messages.length });
  /** One conversation with its messages: flat, or as the docs show it (userengage-actions.js features). */
  const conversationJson = (c) => {
    const flat = { ...conversationSummary(c), messages: c.messages };
    return actions.features.conversationEnvelope === 'results' ? { results: flat, count: c.messages.length, next: null, previous: null } : flat;
  };
  const actions = newUserEngageActions({
    drf,
    conversationJson,
    // PATCH active: an inactive conversation is no longer listed as open (and the other way round).
    setActive(c, active) {
      c.active = active;
      (active ? closed : open).delete(c.id);
      (active ? open : closed).set(c.id, c);
    },
  });

  function handle(ctx) {
    const rec = ctx.record;
    let found = matchRoute(rec.path);
    if (!found) {
      // Django APPEND_SLASH: a known route without its trailing slash → 301 to the slash URL.
      if (!rec.path.endsWith('/') && matchRoute(`${rec.path}/`)) {
        const qs = Object.keys(rec.query).length ? `?${new URLSearchParams(Object.entries(rec.query).flatMap(([k, v]) => [].concat(v).map((x) => [k, x]))).toString()}` : '';
        return { status: 301, headers: { Location: `${rec.path}/${qs}`, 'Content-Type': 'text/html; charset=utf-8' }, body: '' };
      }
      return html(404, DJANGO_404);
    }
    const { route, args } = found;
    const auth = authenticate(rec.headers);
    if (auth.error) return drf(401, auth.error, { 'WWW-Authenticate': 'Token' });
    rec.authenticated = true;

    if (rec.method === 'OPTIONS') {
      return drf(200, {
        name: route.name === 'message' ? 'Message Create' : 'User List',
        description: '',
        renders: ['application/json'],
        parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
      }, { Allow: `${route.methods.join(', ')}, OPTIONS` });
    }
    if (!route.methods.includes(rec.method)) {
      return drf(405, { detail: `Method "${rec.method}" not allowed.` }, { Allow: `${route.methods.join(', ')}, OPTIONS` });
    }

    if (route.name === 'users') {
      const all = actions.people;
      const pageSize = Math.min(Number(rec.query.page_size) || 100, 100);
      let offset = 0;
      if (rec.query.cursor) {
        const m = /^o=(\d+)$/.exec(Buffer.from(String(rec.query.cursor), 'base64').toString('utf8'));
        if (!m) return drf(404, { detail: 'Invalid cursor' });
        offset = Number(m[1]);
      }
      const pageUrl = (o) => `${ctx.baseUrl}/users/?cursor=${encodeURIComponent(Buffer.from(`o=${o}`).toString('base64'))}`;
      return drf(200, {
        count: all.length,
        next: offset + pageSize < all.length ? pageUrl(offset + pageSize) : null,
        previous: offset > 0 ? pageUrl(Math.max(0, offset - pageSize)) : null,
        results: all.slice(offset, offset + pageSize).map(actions.userJson),
      });
    }
    if (route.name === 'conversations') {
      const list = rec.query.status === 'true' ? [...open.values()] : [];
      const page = Math.max(1, Number(rec.query.page) || 1);
      const pageUrl = (p) => `${ctx.baseUrl}/conversations/?page=${p}&status=${encodeURIComponent(String(rec.query.status))}`;
      return drf(200, {
        count: list.length,
        next: page * CONVERSATION_PAGE_SIZE < list.length ? pageUrl(page + 1) : null,
        previous: page > 1 ? pageUrl(page - 1) : null,
        results: list.slice((page - 1) * CONVERSATION_PAGE_SIZE, page * CONVERSATION_PAGE_SIZE).map(conversationSummary),
      });
    }
    if (route.name === 'conversation' && rec.method === 'GET') {
      const c = conversationById(Number(args[0]));
      return c ? drf(200, conversationJson(c)) : drf(404, { detail: 'Not found.' });
    }
    if (route.name === 'user' && rec.method === 'GET') {
      const u = actions.people.find((x) => String(x.id) === args[0]);
      return u ? drf(200, actions.userJson(u)) : drf(404, { detail: 'Not found.' });
    }
    if (route.name === 'usersSearch') return actions.usersSearch(rec.query);

    // POST /message/
    const mt = mediaTypeOf(rec.contentType);
    let data;
    if (rec.rawBody && rec.rawBody.length === 0 && !ctx.pairs.length && rec.json === undefined && !rec.files.length) data = {};
    else if (isJsonMedia(mt)) {
      if (rec.jsonError) return drf(400, { detail: `JSON parse error - ${rec.jsonError}` });
      data = rec.json === undefined ? {} : rec.json;
    } else if (mt === 'application/x-www-form-urlencoded' || mt === 'multipart/form-data') {
      data = {};
      for (const [k, v] of ctx.pairs) if (typeof v === 'string') data[k] = v; // QueryDict.get → last value
    } else {
      return drf(415, { detail: `Unsupported media type "${rec.contentType || ''}" in request.` });
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return drf(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pyType(data)}.`] });
    }
    if (route.name === 'startConversation') return startConversation(ctx, args[0], data);
    if (route.name === 'conversation') {
      const c = conversationById(Number(args[0]));
      return c ? actions.patchConversation(rec.seq, c, data) : drf(404, { detail: 'Not found.' });
    }
    if (route.name === 'updateOrCreate') return actions.updateOrCreate(data);
    if (route.name === 'user') return actions.updateUser(args[0], data);
    const { errors, out } = validateMessage(data);
    if (Object.keys(errors).length) return drf(400, errors);
    if (!isSeededConversationId(out.conversation) && !open.has(out.conversation)) return drf(404, { detail: 'Not found.' });

    ctx.createMessage({
      id: store.nextId++,
      conversation: out.conversation,
      conversationId: out.conversation,
      content: out.content,
      user: out.user,
      source: out.source === undefined ? null : out.source,
      source_context: out.source_context === undefined ? null : out.source_context,
      createdAt: new Date().toISOString(),
      files: [],
      requestSeq: rec.seq,
    });
    const conversation = conversationById(out.conversation);
    const agent = USERENGAGE.agents.find((a) => a.id === out.user) || { id: out.user };
    conversation.messages.push({ id: store.nextId - 1, content: out.content, timestamp: new Date().toISOString(), source: out.source || 3, user: { id: agent.id, email: agent.email, name: agent.name } });
    return { status: 201, body: undefined };
  }

  /** POST /users/:id/conversations/: the conversation opens with the agent's first message. */
  function startConversation(ctx, userId, data) {
    const user = actions.people.find((x) => String(x.id) === userId);
    if (!user) return drf(404, { detail: 'Not found.' });
    const { errors, out } = validateMessage(data, { needsConversation: false });
    if (Object.keys(errors).length) return drf(400, errors);
    const agent = USERENGAGE.agents.find((a) => a.id === out.user);
    const id = store.nextConversationId++;
    const message = { id: store.nextId++, content: out.content, timestamp: new Date().toISOString(), source: out.source || 3, user: { id: agent.id, email: agent.email, name: agent.name } };
    const conversation = { id, user, agent, messages: [message] };
    open.set(id, conversation);
    ctx.createMessage({
      id: message.id, conversation: id, conversationId: id, content: out.content, user: out.user, userId: user.id,
      source: out.source === undefined ? null : out.source, source_context: out.source_context === undefined ? null : out.source_context,
      createdAt: message.timestamp, files: [], requestSeq: ctx.record.seq, startedConversation: true,
    });
    return drf(201, { id, user: { id: user.id, key: user.key, name: user.name, email: user.email }, active: true, agent: agent.id, messages: [message] });
  }

  mock = await createMockServer({
    vendor: 'userEngage',
    basePath: '/api/public',
    handle,
    rateLimited({ retryAfterSeconds, resetInSeconds } = {}) {
      const n = Math.max(1, Math.round(retryAfterSeconds != null ? retryAfterSeconds : resetInSeconds != null ? resetInSeconds : 30));
      return drf(429, { detail: `Request was throttled. Expected available in ${n} second${n === 1 ? '' : 's'}.` }, { 'Retry-After': String(n) });
    },
    faultResponse(status) {
      if (status === 500) return { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: DJANGO_500 };
      const ng = nginxPage(status);
      if (ng) return ng;
      return { headers: { 'Content-Type': 'application/json' }, body: { detail: status >= 500 ? 'A server error occurred.' : 'Error.' } };
    },
    badBody({ kind, message }) {
      if (kind === 'multipart') return drf(400, { detail: `Multipart form parse error - ${message}` });
      return html(400, DJANGO_400);
    },
    onReset() { seedOpen(); actions.reset(); }, // ids go on counting: User.com never reuses one
    extend(m) {
      // Conversation update and contacts (userengage-actions.js): variants, users, changes, long histories.
      m.features = actions.features;
      m.contacts = actions.people;
      m.stateChanges = actions.changes;
      m.conversationState = (id) => {
        const c = conversationById(Number(id));
        return c ? { active: c.active !== false, agentId: c.agent ? c.agent.id : null } : null;
      };
      /** Adds `count` (default 1000) messages inline, oldest first: the customer's and agents' (User.com has no notes). */
      m.seedHistory = (conversationId, count = 1000) => {
        const c = conversationById(conversationId);
        for (const step of historyPlan(count)) {
          const author = step.role === 'customer' ? c.user : USERENGAGE.agents[step.index % USERENGAGE.agents.length];
          c.messages.push({ id: store.nextId++, content: `<p>${step.content}</p>`, timestamp: new Date(step.atMs).toISOString(), source: 1, user: { id: author.id, ...(author.key ? { key: author.key } : {}), email: author.email, name: author.name } });
        }
        return c.messages;
      };
      /** A customer writes (chat widget, email…); a conversation not open yet is opened. */
      m.customerWrites = ({ conversationId = 553, content = '<p>Is my order on its way?</p>', userIndex, timestamp } = {}) => {
        let conversation = open.get(conversationId);
        if (!conversation && closed.has(conversationId)) {
          conversation = closed.get(conversationId);
          closed.delete(conversationId);
          open.set(conversationId, conversation);
        }
        if (!conversation) {
          const user = USERENGAGE.users[(userIndex ?? conversationId) % USERENGAGE.users.length];
          conversation = { id: conversationId, user, agent: USERENGAGE.agents[0], messages: [] };
          open.set(conversationId, conversation);
        }
        const message = { id: store.nextId++, content, timestamp: timestamp || new Date().toISOString(), source: 1, user: { id: conversation.user.id, key: conversation.user.key, email: conversation.user.email, name: conversation.user.name } };
        conversation.messages.push(message);
        return message;
      };
    },
  }, options);
  return mock;
}

module.exports = { startUserEngageMock };
