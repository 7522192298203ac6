'use strict';
/**
 * Intercom REST API 2.x mock.
 *
 * Routes (base URL = http://127.0.0.1:PORT):
 *   GET  /me                          admin + app (credential test)
 *   GET  /admins, GET /admins/:id     admin.list / admin
 *   POST /contacts/search             {query:{field,operator,value}} or nested AND/OR → {type:'list', data, total_count, pages}
 *   GET  /contacts/:id                contact
 *   GET  /conversations               conversation.list, cursor pages.next.starting_after (per_page ≤ 150)
 *   POST /conversations/search        {query, pagination:{per_page ≤ 150, starting_after}} → conversation.list without parts;
 *                                     fields and operators checked as Intercom lists them (400 error.list otherwise)
 *   GET  /conversations/:id           conversation
 *   POST /conversations               contact-initiated conversation → user_message
 *   POST /conversations/:id/reply     admin (comment|note|quick_reply) or contact (comment) reply → conversation
 *   POST /messages                    admin-initiated only (from.type must be "admin")
 *   GET  /__attachments/:token/:name  bytes of a decoded attachment_files entry (the part's attachment url)
 *   Conversation actions (parts, tags, PUT), GET /tags /teams, contact create/update: see intercom-actions.js.
 * Every answer after a valid token carries X-RateLimit-Limit/Remaining/Reset (per 10-second window).
 *
 * Webhooks (Developer Hub): `mock.subscribeWebhook({url, topics})` does what saving the endpoint
 * does (a HEAD request that must succeed; `unsubscribeWebhook()` removes it); afterwards every subscribed event is POSTed as a
 * notification_event signed X-Hub-Signature: sha1=HMAC(client secret, body). `customerWrites`
 * starts or continues a conversation as the contact.
 */
const { makeDeliveries, hmacHex } = require('./webhook-delivery');
const crypto = require('node:crypto');
const { createMockServer, mediaTypeOf, isJsonMedia, nestParams, isPlainObject, nginxPage, sha256 } = require('./common');
const { CREDENTIALS, INTERCOM, isSeededConversationId } = require('./fixtures');
const { newIntercomActions } = require('./intercom-actions');

const WINDOW_LIMIT = 167; // "Exceeded rate limit of 167 in 10_seconds" (1000/min spread over 10-second windows)
const SEED_TIME = 1734537000;
const HEX24 = /^[0-9a-f]{24}$/;
const MAX_ATTACHMENTS = 10;
/** retrieveConversation returns at most the 500 most recent parts, with no paging (IC-OAS/2.14). */
const PARTS_LIMIT = 500;
const toPlain = (html) => (html == null ? html : String(html).replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));

const errorList = (status, code, message, headers) => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...(headers || {}) },
  body: { type: 'error.list', request_id: crypto.randomUUID(), errors: [{ code, message }] },
});
const ok = (body, status = 200) => ({ status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body });
const nowSec = () => Math.floor(Date.now() / 1000);
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function versionKey(v) {
  const m = /^(\d+)\.(\d+)$/.exec(v || '');
  return m ? Number(m[1]) * 1000 + Number(m[2]) : null;
}

function acceptsJson(accept) {
  if (accept == null || String(accept).trim() === '') return true; // absent: accepted (recorded in headers)
  return String(accept).split(',').some((part) => {
    const [type, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) return false;
    const t = type.trim().toLowerCase();
    return t === 'application/json' || t === 'application/*' || t === '*/*' || /^application\/[\w.+-]+\+json$/.test(t);
  });
}

function contactJson(c) {
  return {
    type: 'contact', id: c.id, workspace_id: INTERCOM.app.id_code, external_id: c.external_id, role: c.role,
    email: c.email, email_domain: c.email ? c.email.split('@')[1] : null, phone: c.phone || null, name: c.name, avatar: null,
    owner_id: null, social_profiles: { type: 'list', data: [] }, has_hard_bounced: false, marked_email_as_spam: false,
    unsubscribed_from_emails: false, created_at: SEED_TIME, updated_at: SEED_TIME, signed_up_at: c.role === 'user' ? SEED_TIME : null,
    last_seen_at: null, last_replied_at: null, last_contacted_at: null, last_email_opened_at: null, last_email_clicked_at: null,
    language_override: null, browser: null, browser_version: null, browser_language: null, os: null,
    custom_attributes: { ...(c.custom_attributes || {}) },
    tags: { type: 'list', data: [], url: `/contacts/${c.id}/tags`, total_count: 0, has_more: false },
    notes: { type: 'list', data: [], url: `/contacts/${c.id}/notes`, total_count: 0, has_more: false },
    companies: { type: 'list', data: [], url: `/contacts/${c.id}/companies`, total_count: 0, has_more: false },
    location: { type: 'location', country: null, region: null, city: null, country_code: null, continent_code: null },
  };
}

function adminJson(a) {
  return {
    type: 'admin', id: a.id, name: a.name, email: a.email, job_title: a.job_title, away_mode_enabled: false,
    away_mode_reassign: false, has_inbox_seat: true, team_ids: [], avatar: { type: 'avatar', image_url: null },
  };
}

const authorOfContact = (c) => ({ id: c.id, type: c.role === 'lead' ? 'lead' : 'user', name: c.name, email: c.email || '' });
const authorOfAdmin = (a) => ({ id: a.id, type: 'admin', name: a.name, email: a.email });
const asHtml = (body) => (/^\s*</.test(body) ? body : `<p>${String(body).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>')}</p>`);

function guessType(name) {
  const ext = (/\.([a-z0-9]+)(?:\?|#|$)/i.exec(name || '') || [])[1];
  const map = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv' };
  return (ext && map[ext.toLowerCase()]) || 'application/octet-stream';
}

async function startIntercomMock(options = {}) {
  const st = {};
  const deliveries = makeDeliveries('intercom', options);
  let webhook = null;

  function signed(bodyText) {
    return { 'X-Hub-Signature': `sha1=${hmacHex('sha1', webhook.clientSecret, bodyText)}` };
  }

  /** POSTs a notification for `topic` about `conv`, if the app subscribed to it. */
  function notify(topic, conv) {
    if (!webhook || !webhook.topics.includes(topic)) return Promise.resolve(null);
    const now = nowSec();
    const payload = {
      type: 'notification_event', app_id: INTERCOM.app.id_code,
      data: { type: 'notification_event_data', item: conversationJson(conv) },
      links: {}, id: `notif_${crypto.randomUUID()}`, topic, delivery_status: 'pending', delivery_attempts: 1,
      delivered_at: 0, first_sent_at: now, created_at: now, self: null,
    };
    const bodyText = JSON.stringify(payload);
    return deliveries.send(webhook.url, bodyText, signed(bodyText), { topic, notificationId: payload.id });
  }

  const resetState = () => {
    st.conversations = new Map(); // id → conversation state (seeded ones materialised lazily)
    // Ids are never reused, across resets too: Intercom's ids are unique, and the trigger relies on it.
    st.nextConversationId = st.nextConversationId || INTERCOM.firstCreatedConversationId;
    st.nextMessageId = st.nextMessageId || 403918330;
    st.nextPartId = st.nextPartId || 132;
    st.uploads = new Map();
    st.window = { start: 0, count: 0 };
    // Contacts are written by POST/PUT /contacts: a fresh copy of the fixtures, same array.
    st.contacts = st.contacts || [];
    st.contacts.length = 0;
    st.contacts.push(...INTERCOM.contacts.map((c) => ({ ...c })));
  };
  resetState();

  const contactById = (id) => st.contacts.find((c) => c.id === id);
  const adminById = (id) => INTERCOM.admins.find((a) => a.id === String(id));

  function getConversation(id) {
    const key = String(id);
    if (st.conversations.has(key)) return st.conversations.get(key);
    if (!isSeededConversationId(key) || !/^[1-9]\d*$/.test(key)) return null;
    const n = Number(key);
    const contact = st.contacts[(n - 1) % INTERCOM.contacts.length];
    const conv = {
      id: key, createdAt: SEED_TIME + n, updatedAt: SEED_TIME + n, contactId: contact.id, deliveredAs: 'customer_initiated',
      sourceId: String(400000000 + n), sourceBody: `<p>Seeded conversation ${n}</p>`, sourceAuthor: authorOfContact(contact),
      sourceAttachments: [], parts: [],
    };
    st.conversations.set(key, conv);
    return conv;
  }

  /**
   * The conversation as Intercom shows it; state fields from intercom-actions.js. Parts: only the
   * 500 most recent, total_count counts all; display_as=plaintext strips the HTML.
   */
  function conversationJson(conv, withParts = true, { version = null, plaintext = false } = {}) {
    const contact = contactById(conv.contactId);
    const out = {
      type: 'conversation', id: conv.id, title: null, created_at: conv.createdAt, updated_at: conv.updatedAt,
      waiting_since: null, snoozed_until: null,
      source: {
        type: 'conversation', id: conv.sourceId, delivered_as: conv.deliveredAs, subject: '', body: conv.sourceBody,
        author: conv.sourceAuthor, attachments: conv.sourceAttachments, url: null, redacted: false,
      },
      contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: contact.id, external_id: contact.external_id }] },
      first_contact_reply: null, admin_assignee_id: null, team_assignee_id: null, open: true, state: 'open', read: false,
      tags: { type: 'tag.list', tags: [] }, priority: 'not_priority', sla_applied: null, statistics: null,
      conversation_rating: null, custom_attributes: {}, ai_agent_participated: false,
    };
    Object.assign(out, actions.stateFields(conv.id, version));
    if (withParts) {
      const parts = conv.parts.slice(-PARTS_LIMIT);
      out.conversation_parts = { type: 'conversation_part.list', conversation_parts: plaintext ? parts.map((p) => ({ ...p, body: toPlain(p.body) })) : parts, total_count: conv.parts.length };
    }
    if (plaintext) out.source = { ...out.source, body: toPlain(out.source.body) };
    return out;
  }

  function rateHeaders() {
    const now = Date.now();
    const start = Math.floor(now / 10000) * 10000;
    if (st.window.start !== start) st.window = { start, count: 0 };
    st.window.count += 1;
    return {
      'X-RateLimit-Limit': String(WINDOW_LIMIT),
      'X-RateLimit-Remaining': String(Math.max(0, WINDOW_LIMIT - st.window.count)),
      'X-RateLimit-Reset': String(Math.floor((start + 10000) / 1000)),
    };
  }

  /** attachment_urls / attachment_files validation → {error} | {urls, files} */
  function readAttachments(params) {
    let urls = [];
    let files = [];
    if (params.attachment_urls != null) {
      if (!Array.isArray(params.attachment_urls) || params.attachment_urls.some((u) => typeof u !== 'string' || !/^https?:\/\/\S+$/i.test(u))) {
        return { error: errorList(400, 'parameter_invalid', 'attachment_urls must be an array of URLs') };
      }
      if (params.attachment_urls.length > MAX_ATTACHMENTS) return { error: errorList(400, 'parameter_invalid', `A maximum of ${MAX_ATTACHMENTS} attachment_urls can be provided`) };
      urls = params.attachment_urls;
    }
    if (params.attachment_files != null) {
      if (!Array.isArray(params.attachment_files)) return { error: errorList(400, 'parameter_invalid', 'attachment_files must be an array') };
      if (params.attachment_files.length > MAX_ATTACHMENTS) return { error: errorList(400, 'parameter_invalid', `A maximum of ${MAX_ATTACHMENTS} attachment_files can be provided`) };
      for (const f of params.attachment_files) {
        if (!isPlainObject(f) || typeof f.content_type !== 'string' || !f.content_type || typeof f.name !== 'string' || !f.name || typeof f.data !== 'string') {
          return { error: errorList(400, 'parameter_invalid', 'attachment_files entries need content_type, data and name') };
        }
        const clean = f.data.replace(/\s+/g, '');
        if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) {
          return { error: errorList(400, 'parameter_invalid', `attachment_files data for ${f.name} is not valid base64`) };
        }
        const data = Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
        files.push({ field: 'attachment_files', filename: f.name, contentType: f.content_type, size: data.length, sha256: sha256(data), data });
      }
    }
    return { urls, files };
  }

  function partAttachments(ctx, urls, files) {
    return [
      ...urls.map((url) => ({ type: 'upload', name: decodeURIComponent(url.split('?')[0].split('/').pop() || 'attachment'), url, content_type: guessType(url), filesize: 0, width: null, height: null })),
      ...files.map((f) => {
        const token = crypto.randomBytes(12).toString('hex');
        st.uploads.set(token, f);
        return { type: 'upload', name: f.filename, url: `${ctx.origin}/__attachments/${token}/${encodeURIComponent(f.filename)}`, content_type: f.contentType, filesize: f.size, width: null, height: null };
      }),
    ];
  }

  // ---------------------------------------------------------------- search
  const FIELDS = { id: (c) => c.id, email: (c) => c.email, external_id: (c) => c.external_id, role: (c) => c.role, name: (c) => c.name, email_domain: (c) => (c.email ? c.email.split('@')[1] : null) };
  const OPS = ['=', '!=', 'IN', 'NIN', '<', '>', '~', '!~', '^', '$'];
  function evalQuery(q, c) {
    if (!isPlainObject(q)) throw errorList(400, 'parameter_invalid', 'query must be an object');
    if ((q.operator === 'AND' || q.operator === 'OR') && Array.isArray(q.value)) {
      const results = q.value.map((sub) => evalQuery(sub, c));
      return q.operator === 'AND' ? results.every(Boolean) : results.some(Boolean);
    }
    if (typeof q.field !== 'string' || !q.field) throw errorList(400, 'parameter_invalid', 'query field is required');
    if (!OPS.includes(q.operator)) throw errorList(400, 'parameter_invalid', `operator must be one of ${OPS.join(', ')}, AND, OR`);
    const getter = FIELDS[q.field];
    if (!getter) return false; // [UNCONFIRMED] other fields: permissive, they just match nothing here
    const ci = q.field === 'email' || q.field === 'email_domain';
    const norm = (v) => (v == null ? null : ci ? String(v).toLowerCase() : String(v));
    const actual = norm(getter(c));
    const vals = Array.isArray(q.value) ? q.value.map(norm) : [norm(q.value)];
    const v = vals[0];
    switch (q.operator) {
      case '=': return actual === v;
      case '!=': return actual !== v;
      case 'IN': return vals.includes(actual);
      case 'NIN': return !vals.includes(actual);
      case '~': return actual != null && v != null && actual.includes(v);
      case '!~': return !(actual != null && v != null && actual.includes(v));
      case '^': return actual != null && v != null && actual.startsWith(v);
      case '$': return actual != null && v != null && actual.endsWith(v);
      default: return false; // < > on string fields
    }
  }

  // ---------------------------------------------------------------- conversation search
  /**
   * searchConversations (IC-OAS/2.14): the accepted fields with their types, and the operators each
   * type takes — dates only `=`, `<`, `>` (the 2.14 single_filter_search_request); `>`/`<` are
   * "greater (or equal)"/"lower (or equal)" in the spec's table: here strict, as the value is
   * compared in whole seconds either way. Nesting at most 2 levels, at most 15 filters a group.
   * Fields Intercom accepts that the mock does not model (statistics.*, ai_agent.*, …) match nothing.
   */
  const CONVERSATION_FIELDS = {
    id: ['string', (c) => c.id],
    created_at: ['date', (c) => c.created_at],
    updated_at: ['date', (c) => c.updated_at],
    'source.type': ['string', (c) => c.source.type],
    'source.id': ['string', (c) => c.source.id],
    'source.delivered_as': ['string', (c) => c.source.delivered_as],
    'source.subject': ['string', (c) => c.source.subject],
    'source.body': ['string', (c) => c.source.body],
    'source.author.id': ['string', (c) => c.source.author.id],
    'source.author.type': ['string', (c) => c.source.author.type],
    'source.author.name': ['string', (c) => c.source.author.name],
    'source.author.email': ['string', (c) => c.source.author.email],
    'source.url': ['string', (c) => c.source.url],
    contact_ids: ['string', (c) => c.contacts.contacts.map((x) => x.id)],
    teammate_ids: ['string', () => []],
    admin_assignee_id: ['integer', (c) => c.admin_assignee_id],
    team_assignee_id: ['integer', (c) => c.team_assignee_id],
    channel_initiated: ['string', () => null],
    open: ['boolean', (c) => c.open],
    read: ['boolean', (c) => c.read],
    state: ['string', (c) => c.state],
    waiting_since: ['date', (c) => c.waiting_since],
    snoozed_until: ['date', (c) => c.snoozed_until],
    tag_ids: ['string', (c) => c.tags.tags.map((t) => t.id)],
    priority: ['string', (c) => c.priority],
    ai_agent_participated: ['boolean', (c) => c.ai_agent_participated],
  };
  const UNMODELLED_FIELD = /^(statistics|conversation_rating|ai_agent)\.[a-z_]+$/;
  const OPERATORS_BY_TYPE = {
    string: ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'],
    integer: ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='],
    boolean: ['=', '!=', 'IN', 'NIN'],
    date: ['=', '<', '>'],
  };
  const invalid = (message) => errorList(400, 'parameter_invalid', message);
  function checkConversationQuery(q, depth) {
    if (!isPlainObject(q)) throw invalid('query must be an object');
    if (q.operator === 'AND' || q.operator === 'OR') {
      if (!Array.isArray(q.value) || q.value.length === 0) throw invalid(`${q.operator} needs an array of filters as its value`);
      if (depth >= 2) throw invalid('Search queries can be nested at most 2 levels');
      if (q.value.length > 15) throw invalid(`A maximum of 15 filters can be combined with ${q.operator}`);
      for (const sub of q.value) checkConversationQuery(sub, depth + 1);
      return;
    }
    if (typeof q.field !== 'string' || !q.field) throw invalid('query field is required');
    const known = CONVERSATION_FIELDS[q.field];
    if (!known && !UNMODELLED_FIELD.test(q.field)) throw invalid(`${q.field} is not a searchable field for conversations`);
    const type = known ? known[0] : /_at$/.test(q.field) ? 'date' : 'integer';
    if (!OPERATORS_BY_TYPE[type].includes(q.operator)) throw invalid(`Operator ${String(q.operator)} is not supported for the field ${q.field}`);
    const values = Array.isArray(q.value) ? q.value : [q.value];
    if ((q.operator === 'IN' || q.operator === 'NIN') !== Array.isArray(q.value)) throw invalid(`The value for ${q.field} must ${Array.isArray(q.value) ? 'not ' : ''}be an array with ${q.operator}`);
    for (const v of values) {
      const fits = type === 'string' ? typeof v === 'string' || v === null
        : type === 'boolean' ? typeof v === 'boolean'
          : (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^\d+$/.test(v)) || (v === null && q.operator === '=');
      if (!fits) throw invalid(`The value ${JSON.stringify(v)} does not match the type of ${q.field} (${type})`);
    }
  }
  function matchesConversation(q, c) {
    if (q.operator === 'AND') return q.value.every((sub) => matchesConversation(sub, c));
    if (q.operator === 'OR') return q.value.some((sub) => matchesConversation(sub, c));
    const known = CONVERSATION_FIELDS[q.field];
    if (!known) return false;
    const [type, getter] = known;
    const norm = (v) => (v == null ? null : type === 'boolean' ? v : type === 'string' ? String(v) : Number(v));
    const raw = getter(c);
    const actuals = Array.isArray(raw) ? raw.map(norm) : [norm(raw)];
    const vals = (Array.isArray(q.value) ? q.value : [q.value]).map(norm);
    const v = vals[0];
    const any = (test) => actuals.some(test);
    switch (q.operator) {
      case '=': return any((a) => a === v);
      case '!=': return !any((a) => a === v);
      case 'IN': return any((a) => vals.includes(a));
      case 'NIN': return !any((a) => vals.includes(a));
      case '>': return any((a) => a != null && a > v);
      case '<': return any((a) => a != null && a < v);
      case '>=': return any((a) => a != null && a >= v);
      case '<=': return any((a) => a != null && a <= v);
      case '~': return any((a) => a != null && v != null && a.includes(v));
      case '!~': return !any((a) => a != null && v != null && a.includes(v));
      case '^': return any((a) => a != null && v != null && a.startsWith(v));
      case '$': return any((a) => a != null && v != null && a.endsWith(v));
      default: return false;
    }
  }
  /** Conversation search results carry no parts; newest update first (Intercom names no default order). */
  function searchConversations(params, version) {
    if (!has(params, 'query') || params.query == null) return errorList(400, 'parameter_not_found', 'query parameter is required');
    try {
      checkConversationQuery(params.query, 0);
    } catch (e) {
      if (e && e.status) return e;
      throw e;
    }
    if (params.pagination != null && !isPlainObject(params.pagination)) return invalid('pagination must be an object');
    const pg = params.pagination || {};
    const perPage = pg.per_page == null ? 20 : Number(pg.per_page);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 150) return invalid('per_page must be between 1 and 150');
    let offset = 0;
    if (pg.starting_after != null) {
      const n = Number(Buffer.from(String(pg.starting_after), 'base64').toString('utf8'));
      if (!Number.isInteger(n) || n < 0) return invalid('starting_after is invalid');
      offset = n;
    }
    const lag = actions.features.conversationSearchLagMs;
    for (let n = 1; n <= 999; n++) getConversation(String(n));
    const matched = [...st.conversations.values()]
      // The search index may lag behind (actions.features.conversationSearchLagMs): a conversation updated moments ago is not found yet.
      .filter((conv) => !(lag && Date.now() - conv.updatedAt * 1000 < lag))
      .map((conv) => conversationJson(conv, false, { version }))
      .filter((c) => matchesConversation(params.query, c))
      .sort((a, b) => b.updated_at - a.updated_at || Number(b.id) - Number(a.id));
    const page = Math.floor(offset / perPage) + 1;
    const pages = { type: 'pages', page, per_page: perPage, total_pages: Math.max(1, Math.ceil(matched.length / perPage)) };
    if (offset + perPage < matched.length) pages.next = { page: page + 1, starting_after: Buffer.from(String(offset + perPage)).toString('base64') };
    return ok({ type: 'conversation.list', pages, total_count: matched.length, conversations: matched.slice(offset, offset + perPage) });
  }

  // ---------------------------------------------------------------- handler
  function handle(ctx) {
    const rec = ctx.record;
    const { method, path } = rec;
    rec.intercomVersion = rec.headers['intercom-version'] != null ? String(rec.headers['intercom-version']) : null;

    let m;
    let route = null;
    if ((m = /^\/__attachments\/([0-9a-f]+)\/[^/]+$/.exec(path)) && method === 'GET') {
      const f = st.uploads.get(m[1]);
      return f ? { status: 200, headers: { 'Content-Type': f.contentType }, body: f.data } : errorList(404, 'not_found', 'Resource Not Found');
    }
    if (path === '/me' && method === 'GET') route = { name: 'me', legacyOk: true };
    else if (path === '/admins' && method === 'GET') route = { name: 'admins', legacyOk: true };
    else if ((m = /^\/admins\/([^/]+)$/.exec(path)) && method === 'GET') route = { name: 'admin', id: m[1], legacyOk: true };
    else if (path === '/contacts/search' && method === 'POST') route = { name: 'search' };
    else if ((m = /^\/contacts\/([^/]+)$/.exec(path)) && method === 'GET') route = { name: 'contact', id: m[1] };
    else if (path === '/conversations' && method === 'GET') route = { name: 'listConversations' };
    else if (path === '/conversations' && method === 'POST') route = { name: 'createConversation' };
    else if (path === '/conversations/search' && method === 'POST') route = { name: 'searchConversations' };
    else if ((m = /^\/conversations\/([^/]+)$/.exec(path)) && method === 'GET') route = { name: 'getConversation', id: m[1] };
    else if ((m = /^\/conversations\/([^/]+)\/reply$/.exec(path)) && method === 'POST') route = { name: 'reply', id: m[1] };
    else if (path === '/messages' && method === 'POST') route = { name: 'messages' };
    else route = actions.matchRoute(method, path);
    // Intercom answers an unknown path, and a method an endpoint does not support, with 404.
    if (!route) return errorList(404, 'not_found', 'Resource Not Found');

    const authz = rec.headers.authorization;
    const bm = /^Bearer\s+(\S+)\s*$/i.exec(String(authz || ''));
    if (!bm || bm[1] !== CREDENTIALS.intercom.accessToken) return errorList(401, 'unauthorized', 'Access Token Invalid');
    rec.authenticated = true;
    const rl = rateHeaders();
    const resp = inner(ctx, route);
    resp.headers = { ...rl, ...(resp.headers || {}) };
    return resp;
  }

  function inner(ctx, route) {
    const rec = ctx.record;
    const version = rec.intercomVersion;
    if (version != null) {
      const v = version.trim();
      const legacy = INTERCOM.legacyVersions.includes(v);
      if (!(INTERCOM.acceptedVersions.includes(v) || (legacy && route.legacyOk))) {
        return errorList(400, 'intercom_version_invalid', 'Requested resource is not available in current API version.');
      }
    }
    if (!acceptsJson(rec.headers.accept)) return errorList(406, 'media_type_not_acceptable', 'The Accept header should send a media type of application/json');

    // body → params (JSON; a Rails app would also read form fields; anything else is ignored)
    let params = {};
    const mt = mediaTypeOf(rec.contentType);
    if (isJsonMedia(mt)) {
      if (rec.jsonError) return errorList(400, 'parameter_invalid', 'There was a problem in the JSON you submitted');
      if (rec.json !== undefined) {
        if (!isPlainObject(rec.json)) return errorList(400, 'parameter_invalid', 'The request body must be a JSON object');
        params = rec.json;
      }
    } else if (mt === 'application/x-www-form-urlencoded' || mt === 'multipart/form-data') params = nestParams(ctx.pairs.filter(([, v]) => typeof v === 'string'));

    switch (route.name) {
      case 'me': {
        const a = adminById(INTERCOM.meAdminId);
        return ok({ type: 'admin', id: a.id, email: a.email, name: a.name, email_verified: true, app: { ...INTERCOM.app }, avatar: { type: 'avatar', image_url: null }, has_inbox_seat: true });
      }
      case 'admins': return ok({ type: 'admin.list', admins: INTERCOM.admins.map(adminJson) });
      case 'admin': {
        const a = adminById(route.id);
        return a ? ok(adminJson(a)) : errorList(404, 'admin_not_found', 'Admin not found');
      }
      case 'contact': {
        const c = contactById(route.id);
        return c ? ok(contactJson(c)) : errorList(404, 'not_found', 'User Not Found');
      }
      case 'search': return search(params);
      case 'listConversations': return listConversations(rec);
      case 'searchConversations': return searchConversations(params, version);
      case 'getConversation': {
        const conv = getConversation(route.id);
        return conv ? ok(conversationJson(conv, true, { version, plaintext: rec.query.display_as === 'plaintext' })) : errorList(404, 'not_found', 'Resource Not Found');
      }
      case 'createConversation': return createConversation(ctx, params);
      case 'reply': return reply(ctx, params, route.id);
      case 'messages': return adminMessage(ctx, params);
      default: return actions.handle(route, params, rec);
    }
  }

  function search(params) {
    if (!has(params, 'query') || params.query == null) return errorList(400, 'parameter_not_found', 'query parameter is required');
    let matched;
    try {
      // A contact created moments ago may be missing from search (actions.features.searchLagMs).
      const lag = actions.features.searchLagMs;
      matched = st.contacts.filter((c) => !(c.createdAtMs && Date.now() - c.createdAtMs < lag) && evalQuery(params.query, c));
    } catch (e) {
      if (e && e.status) return e;
      throw e;
    }
    const pg = isPlainObject(params.pagination) ? params.pagination : {};
    const perPage = pg.per_page == null ? 50 : Number(pg.per_page);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 150) return errorList(400, 'parameter_invalid', 'per_page must be between 1 and 150');
    let offset = 0;
    if (pg.starting_after) {
      const n = Number(Buffer.from(String(pg.starting_after), 'base64').toString('utf8'));
      if (!Number.isInteger(n) || n < 0) return errorList(400, 'parameter_invalid', 'starting_after is invalid');
      offset = n;
    }
    const data = matched.slice(offset, offset + perPage).map(contactJson);
    const totalPages = Math.max(1, Math.ceil(matched.length / perPage));
    const page = Math.floor(offset / perPage) + 1;
    const pages = { type: 'pages', page, per_page: perPage, total_pages: totalPages };
    if (offset + perPage < matched.length) pages.next = { page: page + 1, starting_after: Buffer.from(String(offset + perPage)).toString('base64') };
    return ok({ type: 'list', data, total_count: matched.length, pages });
  }

  function listConversations(rec) {
    const perPage = rec.query.per_page == null ? 20 : Number(rec.query.per_page);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 150) return errorList(400, 'parameter_invalid', 'per_page must be between 1 and 150');
    let offset = 0;
    if (rec.query.starting_after) {
      const n = Number(Buffer.from(String(rec.query.starting_after), 'base64').toString('utf8'));
      if (!Number.isInteger(n) || n < 0) return errorList(400, 'parameter_invalid', 'starting_after is invalid');
      offset = n;
    }
    // newest first: created conversations (ids ≥ 1000, descending), then seeded 999 → 1
    const createdIds = [...st.conversations.keys()].filter((k) => !isSeededConversationId(k)).map(Number).sort((a, b) => b - a);
    const ids = [...createdIds, ...Array.from({ length: 999 }, (_, i) => 999 - i)];
    const slice = ids.slice(offset, offset + perPage).map((id) => conversationJson(getConversation(String(id)), false));
    const page = Math.floor(offset / perPage) + 1;
    const pages = { type: 'pages', page, per_page: perPage, total_pages: Math.ceil(ids.length / perPage) };
    pages.next = offset + perPage < ids.length ? { page: page + 1, starting_after: Buffer.from(String(offset + perPage)).toString('base64') } : null;
    return ok({ type: 'conversation.list', pages, total_count: ids.length, conversations: slice });
  }

  function createConversation(ctx, params) {
    const from = params.from;
    if (!isPlainObject(from)) return errorList(400, 'parameter_invalid', 'from is required');
    if (!['user', 'lead', 'contact'].includes(from.type)) return errorList(400, 'parameter_invalid', "from.type must be one of 'user', 'lead' or 'contact'");
    if (typeof params.body !== 'string' || params.body.trim() === '') return errorList(400, 'parameter_invalid', 'Body is required');
    if (params.created_at != null && !Number.isInteger(params.created_at)) return errorList(400, 'parameter_invalid', 'created_at must be a UNIX timestamp');
    const att = readAttachments({ attachment_urls: params.attachment_urls });
    if (att.error) return att.error;
    const contact = typeof from.id === 'string' && HEX24.test(from.id) ? contactById(from.id) : null;
    if (!contact) return errorList(404, 'not_found', 'User Not Found');

    const createdAt = params.created_at != null ? params.created_at : nowSec();
    const id = String(st.nextConversationId++);
    const msgId = String(st.nextMessageId++);
    const conv = {
      id, createdAt, updatedAt: nowSec(), contactId: contact.id, deliveredAs: 'customer_initiated', sourceId: msgId,
      sourceBody: asHtml(params.body), sourceAuthor: authorOfContact(contact), sourceAttachments: partAttachments(ctx, att.urls, []), parts: [],
    };
    st.conversations.set(id, conv);
    const response = { type: 'user_message', id: msgId, created_at: createdAt, body: params.body, message_type: 'inapp', conversation_id: id };
    notify('conversation.user.created', conv);
    ctx.createMessage({
      kind: 'conversation', id: msgId, conversationId: id, body: params.body, fromType: from.type, contactId: contact.id,
      attachmentUrls: att.urls, files: [], createdAt: new Date(createdAt * 1000).toISOString(), requestSeq: ctx.record.seq, response,
    });
    return ok(response);
  }

  function reply(ctx, params, rawId) {
    const type = params.type;
    if (type !== 'admin' && type !== 'user') return errorList(400, 'parameter_invalid', "type must be one of 'admin' or 'user'");
    let conv = null;
    if (rawId !== 'last') {
      conv = getConversation(rawId);
      if (!conv) return errorList(404, 'not_found', 'Resource Not Found');
    }
    const messageType = params.message_type;
    let author;
    let contact = null;
    let admin = null;
    const vkey = versionKey(ctx.record.intercomVersion);
    if (type === 'admin') {
      const allowed = ['comment', 'note'].concat(vkey === null || vkey >= versionKey('2.14') ? ['quick_reply'] : []);
      if (!allowed.includes(messageType)) return errorList(400, 'parameter_invalid', `message_type must be one of ${allowed.join(', ')}`);
      if (params.admin_id == null || params.admin_id === '') return errorList(400, 'parameter_not_found', 'admin_id is required');
      if (messageType !== 'quick_reply' && (typeof params.body !== 'string' || params.body.trim() === '')) return errorList(400, 'parameter_invalid', 'Body is required');
      if (messageType === 'quick_reply' && (!Array.isArray(params.reply_options) || params.reply_options.length === 0)) return errorList(400, 'parameter_invalid', 'reply_options is required for quick_reply');
      if (rawId === 'last') return errorList(404, 'not_found', 'Resource Not Found');
      admin = (typeof params.admin_id === 'string' || typeof params.admin_id === 'number') ? adminById(params.admin_id) : null;
      if (!admin) return errorList(404, 'admin_not_found', 'Admin not found');
      author = authorOfAdmin(admin);
    } else {
      if (messageType !== 'comment') return errorList(400, 'parameter_invalid', "message_type must be 'comment' for a contact reply");
      const ids = ['intercom_user_id', 'email', 'user_id'].filter((k) => params[k] != null && params[k] !== '');
      if (ids.length !== 1) return errorList(400, 'parameter_invalid', 'Exactly one of intercom_user_id, email or user_id is required');
      if (typeof params.body !== 'string' || params.body.trim() === '') return errorList(400, 'parameter_invalid', 'Body is required');
      const key = ids[0];
      const val = String(params[key]);
      if (key === 'intercom_user_id') contact = contactById(val);
      else if (key === 'user_id') contact = st.contacts.find((c) => c.external_id === val);
      else {
        const hits = st.contacts.filter((c) => c.email && c.email.toLowerCase() === val.toLowerCase());
        contact = hits.find((c) => c.role === 'user') || hits[0];
      }
      if (!contact) return errorList(404, 'not_found', 'User Not Found');
      if (rawId === 'last') {
        const idx = INTERCOM.contacts.findIndex((c) => c.id === contact.id);
        let seeded = 999;
        while (seeded >= 1 && (seeded - 1) % INTERCOM.contacts.length !== idx) seeded -= 1;
        if (seeded >= 1) getConversation(String(seeded)); // materialise the contact's newest seeded conversation
        const mine = [...st.conversations.values()].filter((c) => c.contactId === contact.id).sort((a, b) => b.updatedAt - a.updatedAt);
        conv = mine[0] || null;
        if (!conv) return errorList(404, 'not_found', 'Resource Not Found');
      }
      author = authorOfContact(contact);
    }
    if (params.created_at != null && !Number.isInteger(params.created_at)) return errorList(400, 'parameter_invalid', 'created_at must be a UNIX timestamp');
    const att = readAttachments(params);
    if (att.error) return att.error;

    const t = params.created_at != null ? params.created_at : nowSec();
    const body = typeof params.body === 'string' ? params.body : '';
    const part = {
      type: 'conversation_part', id: String(st.nextPartId++), part_type: messageType === 'note' ? 'note' : messageType === 'quick_reply' ? 'quick_reply' : 'comment',
      body: body ? asHtml(body) : null, created_at: t, updated_at: t, notified_at: t, assigned_to: null, author,
      attachments: partAttachments(ctx, att.urls, att.files), external_id: null, redacted: false, metadata: {},
    };
    conv.parts.push(part);
    conv.updatedAt = nowSec();
    const response = conversationJson(conv);
    notify(type === 'user' ? 'conversation.user.replied' : part.part_type === 'note' ? 'conversation.admin.noted' : 'conversation.admin.replied', conv);
    ctx.createMessage({
      kind: 'reply', id: part.id, conversationId: conv.id, replyType: type, messageType, body,
      adminId: admin ? admin.id : null, adminIdSent: type === 'admin' ? params.admin_id : undefined,
      contactId: contact ? contact.id : null, contactBy: type === 'user' ? ['intercom_user_id', 'email', 'user_id'].find((k) => params[k] != null && params[k] !== '') : null,
      attachmentUrls: att.urls, files: att.files, replyOptions: params.reply_options || null,
      createdAt: new Date(t * 1000).toISOString(), requestSeq: ctx.record.seq, response,
    });
    return ok(response);
  }

  function adminMessage(ctx, params) {
    const from = params.from;
    if (!isPlainObject(from) || from.type !== 'admin') {
      return errorList(400, 'parameter_invalid', "from.type must be 'admin': contact-initiated messages use POST /conversations in API 2.x");
    }
    const mtype = params.message_type;
    if (!['inapp', 'in_app', 'email'].includes(mtype)) return errorList(400, 'parameter_invalid', "message_type must be one of 'inapp' or 'email'");
    if (typeof params.body !== 'string' || params.body.trim() === '') return errorList(400, 'parameter_invalid', 'Body is required');
    if (mtype === 'email' && (typeof params.subject !== 'string' || !params.subject)) return errorList(422, 'parameter_not_found', 'No subject supplied for email message');
    if (params.template != null && !['plain', 'personal'].includes(params.template)) return errorList(400, 'parameter_invalid', "template must be one of 'plain' or 'personal'");
    const admin = adminById(from.id);
    if (!admin) return errorList(404, 'admin_not_found', 'Admin not found');
    const tos = Array.isArray(params.to) ? params.to : [params.to];
    const contacts = [];
    for (const to of tos) {
      if (!isPlainObject(to) || !['user', 'lead', 'contact'].includes(to.type)) return errorList(400, 'parameter_invalid', 'to must be a user or lead');
      const c = contactById(String(to.id));
      if (!c) return errorList(404, 'not_found', 'User Not Found');
      contacts.push(c);
    }
    const t = params.created_at != null && Number.isInteger(params.created_at) ? params.created_at : nowSec();
    const id = String(st.nextMessageId++);
    const response = {
      type: 'admin_message', id, created_at: t, subject: params.subject || '', body: params.body, message_type: mtype === 'in_app' ? 'inapp' : mtype,
      owner: { type: 'admin', id: admin.id, name: admin.name, email: admin.email, away_mode_enabled: false, away_mode_reassign: false },
    };
    if (params.create_conversation_without_contact_reply === true) {
      const convId = String(st.nextConversationId++);
      st.conversations.set(convId, {
        id: convId, createdAt: t, updatedAt: t, contactId: contacts[0].id, deliveredAs: 'admin_initiated', sourceId: id,
        sourceBody: asHtml(params.body), sourceAuthor: authorOfAdmin(admin), sourceAttachments: [], parts: [],
      });
      response.conversation_id = convId;
    }
    ctx.createMessage({
      kind: 'admin_message', id, conversationId: response.conversation_id || null, body: params.body, subject: params.subject || null,
      messageType: mtype, adminId: admin.id, contactIds: contacts.map((c) => c.id), files: [],
      createdAt: new Date(t * 1000).toISOString(), requestSeq: ctx.record.seq, response,
    });
    return ok(response);
  }

  let origin = null;
  const actions = newIntercomActions({
    errorList, ok, getConversation, adminById, contactJson, notify, asHtml, authorOfAdmin, authorOfContact,
    contacts: () => st.contacts,
    conversationJson: (conv, version) => conversationJson(conv, true, { version }),
    attachments: (files) => partAttachments({ origin }, [], files),
  });

  return createMockServer({
    vendor: 'intercom',
    extend(m) {
      origin = `http://127.0.0.1:${m.port}`;
      m.contacts = st.contacts;
      // Conversation actions (intercom-actions.js): variants, state and its changes, long histories.
      m.features = actions.features;
      m.conversationState = (id) => actions.states.snapshot(String(id));
      m.seedConversation = (id, patch) => actions.states.seed(String(id), patch);
      m.stateChanges = actions.states.changes;
      m.seedHistory = (conversationId, count) => actions.seedHistory(getConversation(String(conversationId)), count);
      m.deliveries = deliveries.sent;
      m.deliveriesSettled = () => deliveries.settled();
      /** Developer Hub → Webhooks: saving an endpoint sends it a HEAD request first, which must answer 2xx. */
      m.subscribeWebhook = async ({ url, topics = ['conversation.user.created', 'conversation.user.replied'], clientSecret = CREDENTIALS.intercom.clientSecret }) => {
        const res = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(5000) });
        if (res.status < 200 || res.status >= 300) throw new Error(`Intercom could not save the webhook: the HEAD request answered ${res.status}`);
        webhook = { url, topics, clientSecret };
      };
      /** Developer Hub → Webhooks: the endpoint removed; nothing is delivered until one is saved again. */
      m.unsubscribeWebhook = () => { webhook = null; };
      /** A contact writes: a new conversation (no conversationId) or a reply in an existing one. */
      m.customerWrites = async ({ conversationId, content = 'Hi, where is my order?', contactId = INTERCOM.contacts[0].id, files = [] } = {}) => {
        const contact = contactById(contactId);
        const t = nowSec();
        const attachments = partAttachments({ origin: `http://127.0.0.1:${m.port}` }, [], files.map((f) => ({ ...f, size: f.data.length })));
        if (conversationId === undefined) {
          const conv = {
            id: String(st.nextConversationId++), createdAt: t, updatedAt: t, contactId: contact.id, deliveredAs: 'customer_initiated',
            sourceId: String(st.nextMessageId++), sourceBody: asHtml(content), sourceAuthor: authorOfContact(contact), sourceAttachments: attachments, parts: [],
          };
          st.conversations.set(conv.id, conv);
          return { conversation: conv, delivery: await notify('conversation.user.created', conv) };
        }
        const conv = getConversation(conversationId);
        const part = {
          type: 'conversation_part', id: String(st.nextPartId++), part_type: 'comment', body: asHtml(content), created_at: t, updated_at: t,
          notified_at: t, assigned_to: null, author: authorOfContact(contact), attachments, external_id: null, redacted: false, metadata: {},
        };
        conv.parts.push(part);
        conv.updatedAt = t;
        return { conversation: conv, part, delivery: await notify('conversation.user.replied', conv) };
      };
      /** Intercom retries a notification with the same body (and id). */
      m.redeliver = (record) => deliveries.send(record.url, record.body, signed(record.body), { topic: record.topic, notificationId: record.notificationId, redelivery: true });
    },
    basePath: '',
    handle,
    rateLimited({ resetInSeconds, retryAfterSeconds } = {}) {
      const secs = resetInSeconds != null ? resetInSeconds : retryAfterSeconds != null ? retryAfterSeconds : 10 - (Math.floor(Date.now() / 1000) % 10);
      return errorList(429, 'rate_limit_exceeded', `Exceeded rate limit of ${WINDOW_LIMIT} in 10_seconds`, {
        'X-RateLimit-Limit': String(WINDOW_LIMIT),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(nowSec() + Math.max(0, Math.round(secs))),
      });
    },
    faultResponse(status) {
      const ng = nginxPage(status);
      if (ng && status !== 503) return ng;
      const code = status === 503 ? 'service_unavailable' : status >= 500 ? 'server_error' : 'client_error';
      const msg = status === 503 ? 'Service Unavailable' : status >= 500 ? 'Server Error' : 'Error';
      const e = errorList(status, code, msg);
      return { headers: e.headers, body: e.body };
    },
    badBody() { return errorList(400, 'parameter_invalid', 'The request body could not be read'); },
    onReset() { resetState(); actions.reset(); deliveries.reset(); webhook = null; },
  }, options);
}

module.exports = { startIntercomMock };
