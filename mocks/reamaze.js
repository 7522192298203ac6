'use strict';
/**
 * Re:amaze mock (Rails; HTTP Basic login-email:api-token; JSON only via Accept or a .json suffix).
 *
 * Routes (base URL = http://127.0.0.1:PORT; the real host is https://{brand}.reamaze.io):
 *   GET  /api/v1/conversations[.json]?q=&page=&sort=changed  {page_size, page_count, total_count, conversations} (credential
 *                                                       test; the polling trigger's status changes: sort=changed, newest change first)
 *   POST /api/v1/conversations[.json]                   {conversation:{subject, category, tag_list, status, data, message:{body,…}, user:{name, email}}} → 201 conversation
 *   GET  /api/v1/conversations/:slug[.json]             one conversation
 *   GET  /api/v1/conversations/:slug/messages[.json]    that conversation's messages, newest first (as /api/v1/messages)
 *   POST /api/v1/conversations/:slug/messages[.json]    {message:{body, visibility, user, origin_id, …}} → 201 message
 *   GET  /api/v1/staff[.json]                           staff list
 *   GET  /api/v1/messages[.json]?filter=customer|staff&page=  {page_size, page_count, total_count, messages}, newest first
 *   PUT  /api/v1/conversations/:slug, contacts, channels: see reamaze-actions.js
 *
 * No webhooks: `mock.customerWrites({slug, body, files})` adds a customer message that only the
 * messages list shows (the trigger polls). Each seeded conversation starts with one old customer message.
 */
const { createMockServer, mediaTypeOf, isJsonMedia, nestParams, isPlainObject, parseBasic, railsStatusPage, nginxPage } = require('./common');
const { CREDENTIALS, REAMAZE } = require('./fixtures');
const { newReamazeActions } = require('./reamaze-actions');

const PAGE_SIZE = 30;
const json = (status, body, headers) => ({ status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...(headers || {}) }, body });
const RAILS_FALSE = new Set(['false', '0', 'f', 'off', 'FALSE', 'F', 'OFF', 'False', 'Off']);
const railsBool = (v) => !(v === undefined || v === null || v === '' || v === false || v === 0 || (typeof v === 'string' && RAILS_FALSE.has(v)));
const BROWSER_LIKE = /,\s*\*\/\*|\*\/\*\s*,/;

/** Rails format negotiation for an API that only answers JSON. */
function wantsJson(rec) {
  if (/\.json$/.test(rec.path)) return true;
  const accept = rec.headers.accept;
  if (!accept || BROWSER_LIKE.test(accept)) return false; // no Accept / browser-like Accept → format html → 406
  return String(accept).split(',').some((part) => {
    const [type, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return type.trim().toLowerCase() === 'application/json' && !(q && Number(q.slice(2)) === 0);
  });
}

async function startReamazeMock(options = {}) {
  const st = {};
  const resetState = () => {
    st.byOrigin = new Map(); // origin_id → first message
    st.started = []; // conversations created through the API
    st.extra = new Map(); // slug → messages created on it
    st.customer = REAMAZE.conversations.map((c) => ({
      slug: c.slug, body: `First message of ${c.subject}`, visibility: 0, user: { ...c.author }, createdAt: c.created_at, attachments: [],
    }));
  };
  resetState();
  const convBySlug = (slug) => REAMAZE.conversations.find((c) => c.slug === slug) || st.started.find((c) => c.slug === slug);
  const actions = newReamazeActions({ json, convBySlug, conversationJson, authors: () => REAMAZE.conversations.map((c) => c.author) });

  function conversationSummary(c) {
    return { subject: c.subject, slug: c.slug, created_at: c.created_at, category: { ...REAMAZE.category } };
  }
  /** A conversation; status, assignee, tags, data and hold from reamaze-actions.js. */
  function conversationJson(c) {
    const mine = st.extra.get(c.slug) || [];
    const last = mine[mine.length - 1];
    const seededCount = actions.seeded.filter((msg) => msg.slug === c.slug).length;
    return Object.assign({
      subject: c.subject, slug: c.slug, status: 0, created_at: c.created_at,
      updated_at: new Date(Math.max(Date.parse(last ? last.createdAt : c.created_at), actions.changedAt(c.slug))).toISOString(),
      tag_list: [], hold: false, data: {}, perma_url: `https://${REAMAZE.brand}.reamaze.io/admin/conversations/${c.slug}`,
      message: { body: `First message of ${c.subject}`, created_at: c.created_at },
      last_customer_message: { body: `First message of ${c.subject}`, created_at: c.created_at },
      author: { name: c.author.name, email: c.author.email, data: {} },
      assignee: null, category: { ...REAMAZE.category }, followers: [],
      message_count: 1 + mine.length + seededCount,
    }, actions.stateFields(c.slug));
  }

  function handle(ctx) {
    const rec = ctx.record;
    let m;
    let route = null;
    const p = rec.path;
    if (/^\/api\/v1\/conversations(?:\.json)?$/.test(p) && rec.method === 'GET') route = { name: 'list' };
    else if (/^\/api\/v1\/conversations(?:\.json)?$/.test(p) && rec.method === 'POST') route = { name: 'createConversation' };
    else if ((m = /^\/api\/v1\/conversations\/([^/]+?)\/messages(?:\.json)?$/.exec(p)) && (rec.method === 'POST' || rec.method === 'GET')) route = { name: rec.method === 'POST' ? 'create' : 'conversationMessages', slug: decodeURIComponent(m[1]) };
    else if ((m = /^\/api\/v1\/conversations\/([^/]+?)(?:\.json)?$/.exec(p)) && rec.method === 'GET') route = { name: 'show', slug: decodeURIComponent(m[1]) };
    else if (/^\/api\/v1\/staff(?:\.json)?$/.test(p) && rec.method === 'GET') route = { name: 'staff' };
    else if (/^\/api\/v1\/messages(?:\.json)?$/.test(p) && rec.method === 'GET') route = { name: 'messages' };
    else route = actions.matchRoute(rec.method, p);
    if (!route) return railsStatusPage(rec, 404, 'Not Found');

    if (!wantsJson(rec)) return { status: 406, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '' };

    // [UNCONFIRMED] status/body for bad credentials: 403 per the reamaze_api client ("bad username/password").
    const basic = parseBasic(rec.headers.authorization);
    if (!basic || basic.user.toLowerCase() !== CREDENTIALS.reamaze.email.toLowerCase() || basic.pass !== CREDENTIALS.reamaze.apiToken) {
      return json(403, { error: 'Invalid login credentials' });
    }
    rec.authenticated = true;

    let params = {};
    const mt = mediaTypeOf(rec.contentType);
    if (isJsonMedia(mt)) {
      if (rec.jsonError) return json(400, { status: 400, error: 'Bad Request' });
      if (rec.json !== undefined) params = isPlainObject(rec.json) ? rec.json : { _json: rec.json };
    } else if (mt === 'application/x-www-form-urlencoded' || mt === 'multipart/form-data') params = nestParams(ctx.pairs);
    const acted = actions.handle(route, params, rec);
    if (acted) return acted;

    if (route.name === 'staff') {
      return json(200, {
        page_size: PAGE_SIZE, page_count: 1, total_count: actions.staffList().length,
        staff: actions.staffList().map((x) => ({ name: x.name, email: x.email, created_at: '2023-06-01T09:00:00.000Z', role: { name: x.role, slug: x.role.toLowerCase() } })),
      });
    }
    if (route.name === 'messages' || route.name === 'conversationMessages') {
      if (route.slug !== undefined && !convBySlug(route.slug)) return json(404, { status: 404, error: 'Not Found' });
      const filter = rec.query.filter;
      const staff = [...st.extra.values()].flat().map((r) => ({ slug: r.slug, body: r.body, visibility: r.visibility, user: r.user, createdAt: r.createdAt, originId: r.originId, attachments: r.attachment ? [{ url: r.attachment }] : [], staff: true }));
      const seeded = actions.seeded.filter((msg) => filter !== 'customer' || !msg.staff).filter((msg) => filter !== 'staff' || msg.staff);
      let list = [...(filter === 'customer' ? st.customer : filter === 'staff' ? staff : [...st.customer, ...staff]), ...seeded];
      if (route.slug !== undefined) list = list.filter((msg) => msg.slug === route.slug);
      list = list.slice().sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      const page = Math.max(1, parseInt(rec.query.page, 10) || 1);
      return json(200, {
        page_size: PAGE_SIZE,
        page_count: Math.max(1, Math.ceil(list.length / PAGE_SIZE)),
        total_count: list.length,
        messages: list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((msg) => ({
          body: msg.body, visibility: msg.visibility, origin_id: msg.originId || null, created_at: msg.createdAt,
          user: { name: msg.user.name, email: msg.user.email, ...(msg.staff ? { staff: true } : {}) },
          attachments: msg.attachments,
          conversation: conversationSummary(convBySlug(msg.slug)),
        })),
      });
    }
    if (route.name === 'list') {
      const page = Math.max(1, parseInt(rec.query.page, 10) || 1);
      let list = REAMAZE.conversations;
      if (rec.query.q) {
        const q = String(rec.query.q).toLowerCase();
        list = list.filter((c) => [c.subject, c.slug, c.author.name, c.author.email].some((x) => x.toLowerCase().includes(q)));
      }
      let shown = list.map(conversationJson);
      // sort=changed: the most recently changed first (a message or a state change) [UNCONFIRMED: the order of equal times].
      if (rec.query.sort === 'changed') shown = shown.map((c, i) => [c, i]).sort(([a, i], [b, j]) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || i - j).map(([c]) => c);
      return json(200, {
        page_size: PAGE_SIZE,
        page_count: Math.max(1, Math.ceil(list.length / PAGE_SIZE)),
        total_count: list.length,
        conversations: shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      });
    }
    if (route.name === 'createConversation') return createConversation(ctx, params);
    const conv = convBySlug(route.slug);
    if (!conv) return json(404, { status: 404, error: 'Not Found' });
    if (route.name === 'show') return json(200, conversationJson(conv));

    // create message
    const msg = params.message;
    if (!isPlainObject(msg)) return json(422, { error: 'param is missing or the value is empty: message' });
    let body = msg.body;
    if (typeof body === 'number') body = String(body);
    const errors = [];
    if (typeof body !== 'string' || body.trim() === '') errors.push("Body can't be blank");
    let visibility = 0;
    if (msg.visibility != null && msg.visibility !== '') {
      if (['0', '1'].includes(String(msg.visibility)) && typeof msg.visibility !== 'boolean') visibility = Number(msg.visibility);
      else errors.push('Visibility is not included in the list');
    }
    let user = { ...REAMAZE.staff };
    if (msg.user != null) {
      if (!isPlainObject(msg.user)) errors.push('User is invalid');
      else if (msg.user.email != null && !/^[^@\s]+@[^@\s]+$/.test(String(msg.user.email))) errors.push('User email is invalid');
      else user = { name: msg.user.name != null ? String(msg.user.name) : (msg.user.email ? String(msg.user.email).split('@')[0] : REAMAZE.staff.name), email: msg.user.email != null ? String(msg.user.email) : REAMAZE.staff.email };
    }
    const files = [];
    let attachment = null;
    if (msg.attachment != null && msg.attachment !== '') {
      if (typeof msg.attachment === 'string') attachment = msg.attachment;
      else if (msg.attachment.__file) files.push(msg.attachment); // [UNCONFIRMED] an upload instead of a URL: kept
      else errors.push('Attachment is invalid');
    }
    if (errors.length) return json(422, { error: `Validation failed: ${errors.join(', ')}` });

    const originId = msg.origin_id == null || msg.origin_id === '' ? null : String(msg.origin_id);
    if (originId && st.byOrigin.has(originId)) {
      const first = st.byOrigin.get(originId);
      ctx.record.duplicateOf = first.requestSeq;
      return json(200, first.response); // the first message again, unchanged; nothing new is created
    }
    const createdAt = new Date().toISOString();
    const response = {
      body, visibility, created_at: createdAt, origin_id: originId, user,
      conversation: conversationSummary(conv),
    };
    const record = {
      conversationId: conv.slug, slug: conv.slug, body, visibility, user, userSent: msg.user === undefined ? null : msg.user,
      originId,
      suppressNotifications: railsBool(msg.suppress_notifications),
      suppressAutoresolve: railsBool(msg.suppress_autoresolve),
      suppressSurveys: railsBool(msg.suppress_surveys),
      attachment,
      attachments: Array.isArray(msg.attachments) ? msg.attachments : null,
      recipients: msg.recipients === undefined ? null : msg.recipients,
      files: files.map((f) => ({ field: f.field, filename: f.filename, contentType: f.contentType, size: f.size, sha256: f.sha256, data: f.data })),
      createdAt,
      requestSeq: ctx.record.seq,
      response,
    };
    ctx.createMessage(record);
    if (originId) st.byOrigin.set(originId, record);
    if (!st.extra.has(conv.slug)) st.extra.set(conv.slug, []);
    st.extra.get(conv.slug).push(record);
    return json(201, response);
  }

  /**
   * A new conversation with its first message, by the customer named in `user` (found or
   * created by email). Subject, channel (category slug), customer and body are required.
   */
  function createConversation(ctx, params) {
    const c = params.conversation;
    if (!isPlainObject(c)) return json(422, { error: 'param is missing or the value is empty: conversation' });
    const errors = [];
    if (typeof c.subject !== 'string' || c.subject.trim() === '') errors.push("Subject can't be blank");
    if (c.category !== REAMAZE.category.slug) errors.push('Category is invalid');
    const user = isPlainObject(c.user) ? c.user : {};
    if (typeof user.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(user.email)) errors.push('User email is invalid');
    if (typeof user.name !== 'string' || user.name.trim() === '') errors.push("User name can't be blank");
    const msg = isPlainObject(c.message) ? c.message : {};
    if (typeof msg.body !== 'string' || msg.body.trim() === '') errors.push("Message body can't be blank");
    if (c.status != null && ![0, 1, 2, 3, 4, 5, 6].includes(Number(c.status))) errors.push('Status is not included in the list');
    if (c.tag_list != null && !Array.isArray(c.tag_list) && typeof c.tag_list !== 'string') errors.push('Tag list is invalid');
    if (errors.length) return json(422, { error: `Validation failed: ${errors.join(', ')}` });
    const createdAt = new Date().toISOString();
    const base = c.subject.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'conversation';
    let slug = base;
    for (let n = 2; convBySlug(slug); n++) slug = `${base}-${n}`;
    const tagList = Array.isArray(c.tag_list) ? c.tag_list : typeof c.tag_list === 'string' ? c.tag_list.split(',').map((t) => t.trim()) : [];
    const conv = {
      slug, subject: c.subject, created_at: createdAt, author: { name: user.name, email: user.email },
      initial: { status: c.status == null ? 0 : Number(c.status), tagList, data: isPlainObject(c.data) ? c.data : {} },
    };
    st.started.push(conv);
    const response = {
      ...conversationJson(conv),
      status: c.status == null ? 0 : Number(c.status),
      tag_list: tagList,
      data: isPlainObject(c.data) ? c.data : {},
      message: { body: msg.body, created_at: createdAt },
      last_customer_message: { body: msg.body, created_at: createdAt },
    };
    ctx.createMessage({
      conversationId: slug, slug, body: msg.body, visibility: 0, user: conv.author, startedConversation: true, subject: c.subject,
      category: c.category, tagList: response.tag_list, status: response.status, data: response.data,
      suppressNotifications: railsBool(msg.suppress_notifications), suppressAutoresolve: railsBool(msg.suppress_autoresolve),
      files: [], createdAt, requestSeq: ctx.record.seq, response,
    });
    st.customer.push({ slug, body: msg.body, visibility: 0, user: conv.author, createdAt, attachments: [] });
    return json(201, response);
  }

  return createMockServer({
    vendor: 'reamaze',
    extend(m) {
      // Conversation updates and contacts (reamaze-actions.js): variants, state and its changes, long histories.
      m.features = actions.features;
      m.contacts = actions.contacts;
      m.conversationState = (slug) => actions.states.snapshot(slug);
      m.seedConversation = (slug, patch) => actions.states.seed(slug, patch);
      m.stateChanges = actions.states.changes;
      m.seedHistory = (slug, count) => actions.seedHistory(slug, count);
      /** A customer writes into a conversation (email, chat…): visible in GET /api/v1/messages. */
      m.customerWrites = ({ slug = REAMAZE.conversations[0].slug, body = 'Any news on my order?', files = [], at = new Date() } = {}) => {
        const conv = convBySlug(slug);
        const attachments = files.map((f) => ({ file_file_name: f.filename, file_content_type: f.contentType, file_file_size: f.size === undefined ? f.data.length : f.size, url: f.url }));
        const msg = { slug, body, visibility: 0, user: { ...conv.author }, createdAt: at.toISOString(), attachments };
        st.customer.push(msg);
        return msg;
      };
    },
    basePath: '',
    handle,
    rateLimited({ retryAfterSeconds, resetInSeconds } = {}) {
      const n = Math.max(1, Math.round(retryAfterSeconds != null ? retryAfterSeconds : resetInSeconds != null ? resetInSeconds : 60));
      return { status: 429, headers: { 'Content-Type': 'text/plain', 'Retry-After': String(n) }, body: 'Retry later\n' };
    },
    faultResponse(status) {
      const ng = nginxPage(status);
      if (ng) return ng;
      return { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: { status, error: status >= 500 ? 'Internal Server Error' : 'Error' } };
    },
    badBody: ({ record }) => railsStatusPage(record, 400, 'Bad Request'),
    onReset() { resetState(); actions.reset(); },
  }, options);
}

module.exports = { startReamazeMock };
