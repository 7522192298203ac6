'use strict';
/**
 * Zendesk Support mock (vendor-zendesk.md; Basic "{email}/token:{api_token}" or Bearer <access token>).
 *
 * Routes (base URL = http://127.0.0.1:PORT; the real host is https://{subdomain}.zendesk.com):
 *   GET  /api/v2/users/me                         {user} (the credential test); no Authorization → the anonymous user
 *   GET  /api/v2/users/search?query=              {users, count}: `email:<address>` matches parts of addresses, as a search does
 *   POST /api/v2/users/create_or_update           {user:{email, name, role?}} → 201 created / 200 updated (matched on email)
 *   GET  /api/v2/users/:id                        {user}
 *   GET  /api/v2/users/:id/tickets/requested      {tickets, count}: the user's tickets (sort_by=created_at, sort_order, per_page ≤ 100)
 *   POST /api/v2/uploads?filename=&token=         raw file bytes as the body → 201 {upload:{token, attachment, attachments}}
 *   POST /api/v2/tickets                          {ticket:{subject, comment, requester_id|requester, …}} → 201 {ticket, audit};
 *                                                 Idempotency-Key: a repeat with the same body answers the first answer again
 *                                                 (x-idempotency-lookup: hit), another body 400 IdempotentRequestError (§6)
 *   PUT  /api/v2/tickets/:id                      {ticket:{comment:{body|html_body, public, author_id?, uploads?}, status?}} → 200 {ticket, audit}
 *   GET  /api/v2/tickets/:id/comments             cursor pages (page[size] ≤ 100, page[after]), sort_order asc|desc, include=users
 *
 * What it checks as Zendesk does: the credential (401 "Couldn't authenticate you"; an end user's may read
 * users/me only, 403 elsewhere), the body nested under `ticket` (a flat body is answered 200 with nothing
 * applied, [UNCONFIRMED] per §4), the 5000-comment cap (422), upload tokens that expire after 60 minutes
 * (features.uploadTtlMs; a comment naming an expired or unknown token: 422 [UNCONFIRMED wording]), the per-ticket
 * limit of 30 updates in 10 minutes (features.ticketUpdates) and the account's 429s, both text/plain with Retry-After.
 * Errors use Zendesk's envelope {"error", "description", "details"}.
 *
 * mock.messages: every comment written through the API (the tickets it created: startedConversation true),
 * with the uploaded files byte-exact. Seeds: fixtures.js ZENDESK. Extras: features, tickets, users, uploads,
 * seedComments(ticketId, count), expireUploads(), addComment(ticketId, comment) (a comment written in Zendesk),
 * agentChanges(ticketId, fields) (a ticket changed in Zendesk). Ticket writes through the API (create, update, tags)
 * are announced to webhooks subscribed to ticket events (zendesk-ticket-events.js).
 */
const crypto = require('node:crypto');
const { createMockServer, mediaTypeOf, isJsonMedia, isPlainObject, parseBasic, sha256 } = require('./common');
const { CREDENTIALS, ZENDESK } = require('./fixtures');
const { newZendeskWebhooks } = require('./zendesk-webhooks');
const { newZendeskActions } = require('./zendesk-actions');

const MAX_COMMENTS = 5000;
const json = (status, body, headers) => ({ status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...(headers || {}) }, body });
const zendeskError = (status, error, description, details) => json(status, { error, ...(description ? { description } : {}), ...(details ? { details } : {}) });
const notAuthenticated = () => json(401, { error: "Couldn't authenticate you" });
const notFound = () => zendeskError(404, 'RecordNotFound', 'Not found');
const invalid = (details) => zendeskError(422, 'RecordInvalid', 'Record validation errors', details);
const rateLimited = (seconds, text) => ({ status: 429, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(seconds) }, body: text });
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const DEFAULT_FEATURES = () => ({
  /** How long an upload token can be attached (§5: 60 minutes). */
  uploadTtlMs: 60 * 60 * 1000,
  /** How long Zendesk remembers an Idempotency-Key (§6: 2 hours [UNCONFIRMED]). */
  idempotencyRetentionMs: 2 * 60 * 60 * 1000,
  /** Update Ticket: 30 updates per 10 minutes per user per ticket (§3). */
  ticketUpdates: { limit: 30, windowMs: 10 * 60 * 1000 },
});

async function startZendeskMock(options = {}) {
  const st = {};
  const resetState = () => {
    st.features = DEFAULT_FEATURES();
    st.users = ZENDESK.users.map((user) => ({ ...user }));
    st.tickets = new Map(ZENDESK.tickets.map((ticket) => [ticket.id, {
      id: ticket.id, subject: ticket.subject, description: `First message of ${ticket.subject}`, status: 'open', priority: null, type: null,
      requester_id: ticket.requester_id, submitter_id: ticket.requester_id, assignee_id: null, group_id: null, tags: [], external_id: null,
      created_at: ticket.created_at, updated_at: ticket.created_at,
    }]));
    st.comments = new Map(ZENDESK.tickets.map((ticket) => [ticket.id, [{
      id: 10000 + ticket.id, type: 'Comment', author_id: ticket.requester_id, body: `First message of ${ticket.subject}`,
      html_body: `<div class="zd-comment"><p>First message of ${ticket.subject}</p></div>`, plain_body: `First message of ${ticket.subject}`,
      public: true, attachments: [], audit_id: 20000 + ticket.id, via: { channel: 'email' }, created_at: ticket.created_at,
    }]]));
    st.uploads = new Map(); // token → {token, createdAt, attachments: [{id, file_name, content_type, size, content_url, data}]}
    st.idempotency = new Map(); // key → {bodyHash, at, response}
    st.updates = new Map(); // ticket id → update times (ms), for the per-ticket limit
    st.nextId = { ticket: 1000, comment: 50000, user: 600, attachment: 80000, audit: 90000, upload: 1 };
  };
  resetState();

  const userById = (id) => st.users.find((user) => String(user.id) === String(id));
  const next = (kind) => st.nextId[kind]++;

  // The trigger's webhooks, triggers and deliveries (zendesk-webhooks.js) and the ticket actions (zendesk-actions.js).
  const ok = (body, status = 200) => json(status, body);
  const listen = newZendeskWebhooks({
    ok, error: zendeskError, accountId: 8801234, logFile: options.logFile,
    isAdmin: (rec) => !!rec.user && rec.user.role === 'admin', userIdOf: (rec) => rec.user.id, user: (id) => userById(id),
  });
  const actions = newZendeskActions({
    ok, error: zendeskError, invalid, ticket: (id) => st.tickets.get(Number(id)), tickets: () => [...st.tickets.values()], users: () => st.users,
    ticketJson: (ticket) => ticketJson(ticket), userJson: (user) => userJson(user),
  });
  /** Tells the webhooks of a comment just added (the update's other changes applied first). */
  const heard = (ticket, comment) => listen.commentAdded({ ticket: ticketJson(ticket), comment, authorRole: (userById(comment.author_id) || {}).role });

  /**
   * Runs a write to a ticket and tells the webhooks subscribed to ticket events what it changed
   * (status, agent, group, tags): the ticket's updated_at moves with any change.
   */
  function announcing(ticket, actor, write) {
    const before = ticketJson(ticket);
    const response = write();
    if (response.status >= 300) return response;
    const { updated_at: _then, ...was } = before;
    const { updated_at: _now, ...is } = ticketJson(ticket);
    if (JSON.stringify(was) !== JSON.stringify(is) && ticket.updated_at === before.updated_at) ticket.updated_at = isoSeconds(Date.now());
    listen.ticketChanged({ before, after: ticketJson(ticket), actorId: actor.id });
    return response;
  }

  /** The user a request authenticates as; null: not authenticated; 'anonymous': no credential at all. */
  function authenticate(rec) {
    const header = rec.headers.authorization;
    if (!header) return 'anonymous';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(String(header));
    if (bearer) return bearer[1] === CREDENTIALS.zendesk.accessToken ? userById(ZENDESK.agent.id) : null;
    const basic = parseBasic(header);
    if (!basic) return null;
    const creds = CREDENTIALS.zendesk;
    if (basic.user.toLowerCase() === `${creds.email}/token` && basic.pass === creds.apiToken) return userById(ZENDESK.agent.id);
    if (basic.user.toLowerCase() === `${creds.adminEmail}/token` && basic.pass === creds.adminApiToken) return st.users.find((user) => user.email === creds.adminEmail);
    if (basic.user.toLowerCase() === `${creds.endUserEmail}/token` && basic.pass === creds.endUserApiToken) {
      return st.users.find((user) => user.email === creds.endUserEmail);
    }
    return null;
  }

  function userJson(user) {
    return { id: user.id, url: `${mockRef.baseUrl}/api/v2/users/${user.id}.json`, name: user.name, email: user.email, role: user.role, active: true, created_at: '2024-01-01T00:00:00Z' };
  }
  function ticketJson(ticket) {
    return { url: `${mockRef.baseUrl}/api/v2/tickets/${ticket.id}.json`, ...ticket, tags: [...ticket.tags] };
  }
  function commentJson(comment) {
    return { ...comment, attachments: comment.attachments.map(({ data, ...attachment }) => ({ ...attachment })) };
  }

  /** Checks a comment's uploads; answers the attachments, or a 422. */
  function takeUploads(tokens) {
    if (tokens === undefined) return { attachments: [] };
    if (!Array.isArray(tokens) || tokens.some((token) => typeof token !== 'string')) return { error: invalid({ uploads: [{ description: 'Uploads must be a list of upload tokens' }] }) };
    const attachments = [];
    for (const token of tokens) {
      const upload = st.uploads.get(token);
      if (!upload || Date.now() - upload.createdAt > st.features.uploadTtlMs) {
        return { error: invalid({ uploads: [{ description: `Upload token ${token} is invalid or has expired` }] }) };
      }
      attachments.push(...upload.attachments);
    }
    for (const token of tokens) st.uploads.delete(token); // attached: no longer an upload
    return { attachments };
  }

  /** Validates a comment object; answers {comment fields} or {error}. */
  function readComment(comment, author) {
    if (!isPlainObject(comment)) return { error: invalid({ comment: [{ description: 'Comment is invalid' }] }) };
    const body = typeof comment.html_body === 'string' ? comment.html_body : comment.body;
    if (typeof body !== 'string' || body.trim() === '') return { error: invalid({ base: [{ description: "Comment: body can't be blank" }] }) };
    if (comment.public !== undefined && typeof comment.public !== 'boolean') return { error: invalid({ public: [{ description: 'Public must be true or false' }] }) };
    let authorId = author.id;
    if (comment.author_id !== undefined) {
      if (!userById(comment.author_id)) return { error: invalid({ author_id: [{ description: `Author: user ${comment.author_id} not found` }] }) };
      authorId = Number(comment.author_id);
    }
    const plain = typeof comment.html_body === 'string' ? comment.html_body.replace(/<[^>]*>/g, '').trim() : body;
    return { fields: { body: plain, html_body: typeof comment.html_body === 'string' ? comment.html_body : `<div class="zd-comment"><p>${body}</p></div>`, plain_body: plain, public: comment.public !== false, author_id: authorId } };
  }

  function addComment(ticket, fields, attachments, via = 'api') {
    const now = Date.now();
    const comment = {
      id: next('comment'), type: 'Comment', ...fields, attachments, audit_id: next('audit'), via: { channel: via }, created_at: isoSeconds(now),
    };
    st.comments.get(ticket.id).push(comment);
    ticket.updated_at = comment.created_at;
    return comment;
  }

  const auditOf = (ticket, comment, author, extraEvents = []) => ({
    id: comment ? comment.audit_id : next('audit'), ticket_id: ticket.id, created_at: isoSeconds(Date.now()), author_id: author.id,
    events: [...(comment ? [{ id: next('audit'), type: 'Comment', ...commentJson(comment) }] : []), ...extraEvents],
  });

  function messageRecord(ctx, ticket, comment, extra) {
    return {
      conversationId: ticket.id, commentId: comment.id, body: comment.body, htmlBody: comment.html_body, public: comment.public, authorId: comment.author_id,
      files: comment.attachments.map((a) => ({ filename: a.file_name, contentType: a.content_type, size: a.size, sha256: sha256(a.data), data: a.data })),
      createdAt: comment.created_at, requestSeq: ctx.record.seq, ...extra,
    };
  }

  function upload(ctx) {
    const rec = ctx.record;
    const filename = typeof rec.query.filename === 'string' ? rec.query.filename : '';
    if (!filename) return zendeskError(400, 'InvalidValue', 'filename is required');
    const data = rec.rawBody || Buffer.alloc(0);
    if (!data.length) return invalid({ file: [{ description: 'File is empty' }] });
    if (rec.declaredLength === null) return zendeskError(411, 'LengthRequired', 'Content-Length is required'); // [UNCONFIRMED] chunked uploads (§5)
    const contentType = mediaTypeOf(rec.contentType) || 'application/octet-stream';
    const id = next('attachment');
    const attachment = { id, file_name: filename, content_type: contentType, size: data.length, content_url: `${mockRef.baseUrl}/attachments/token/${id}/?name=${encodeURIComponent(filename)}`, data };
    let entry;
    if (typeof rec.query.token === 'string' && rec.query.token) {
      entry = st.uploads.get(rec.query.token);
      if (!entry) return notFound();
    } else {
      // Zendesk's tokens look random; these are drawn from the mock's own counter, so a run's requests repeat exactly.
      entry = { token: crypto.createHash('sha256').update(`upload-${next('upload')}`).digest('base64url').slice(0, 25), createdAt: Date.now(), attachments: [] };
      st.uploads.set(entry.token, entry);
    }
    entry.attachments.push(attachment);
    const publicAttachment = ({ data: _data, ...rest }) => rest;
    return json(201, { upload: { token: entry.token, expires_at: isoSeconds(entry.createdAt + st.features.uploadTtlMs), attachment: publicAttachment(attachment), attachments: entry.attachments.map(publicAttachment) } });
  }

  function createTicket(ctx, body, author) {
    const rec = ctx.record;
    const key = rec.headers['idempotency-key'];
    const bodyHash = sha256(Buffer.from(JSON.stringify(body === undefined ? null : body)));
    if (key !== undefined) {
      if (String(key).length > 255) return zendeskError(400, 'InvalidValue', 'Idempotency-Key must be at most 255 characters'); // [UNCONFIRMED]
      const seen = st.idempotency.get(key);
      if (seen && Date.now() - seen.at <= st.features.idempotencyRetentionMs) {
        if (seen.bodyHash !== bodyHash) {
          return zendeskError(400, 'IdempotentRequestError', "Request parameters don't match the original request for this Idempotency-Key", undefined);
        }
        rec.idempotentReplayOf = seen.seq;
        return { ...seen.response, headers: { ...seen.response.headers, 'x-idempotency-lookup': 'hit' } };
      }
    }
    const t = isPlainObject(body) ? body.ticket : undefined;
    if (!isPlainObject(t)) return zendeskError(400, 'InvalidValue', 'Invalid ticket: the body must be {"ticket": {...}}');
    const comment = readComment(t.comment, author);
    if (comment.error) return comment.error;
    let requester;
    if (t.requester_id !== undefined) {
      requester = userById(t.requester_id);
      if (!requester) return invalid({ requester: [{ description: `Requester: user ${t.requester_id} not found` }] });
    } else if (isPlainObject(t.requester) && typeof t.requester.email === 'string') {
      requester = st.users.find((user) => user.email.toLowerCase() === t.requester.email.toLowerCase());
      if (!requester) {
        requester = { id: next('user'), name: String(t.requester.name || t.requester.email.split('@')[0]), email: t.requester.email, role: 'end-user' };
        st.users.push(requester);
      }
    } else requester = author;
    const problems = {};
    if (t.status !== undefined && !['new', 'open', 'pending', 'hold', 'solved'].includes(t.status)) problems.status = [{ type: 'invalid', description: `Status: ${t.status} is not valid` }];
    if (t.priority !== undefined && t.priority !== null && !['urgent', 'high', 'normal', 'low'].includes(t.priority)) problems.priority = [{ description: `Priority: ${t.priority} is not valid` }];
    if (t.type !== undefined && t.type !== null && !['question', 'incident', 'problem', 'task'].includes(t.type)) problems.type = [{ description: `Type: ${t.type} is not valid` }];
    if (t.group_id !== undefined && !ZENDESK.groups.some((group) => group.id === Number(t.group_id))) problems.group = [{ description: `Group: ${t.group_id} not found` }];
    if (t.assignee_id !== undefined && !(userById(t.assignee_id) && userById(t.assignee_id).role !== 'end-user')) problems.assignee = [{ description: `Assignee: ${t.assignee_id} is not an agent` }];
    if (t.tags !== undefined && !Array.isArray(t.tags)) problems.tags = [{ description: 'Tags must be a list' }];
    if (Object.keys(problems).length) return invalid(problems);
    const uploads = takeUploads(t.comment.uploads);
    if (uploads.error) return uploads.error;
    const now = isoSeconds(Date.now());
    const ticket = {
      id: next('ticket'), subject: typeof t.subject === 'string' && t.subject.trim() ? t.subject : comment.fields.body.slice(0, 50), description: comment.fields.body,
      status: t.status || 'new', priority: t.priority || null, type: t.type || null, requester_id: requester.id, submitter_id: author.id,
      assignee_id: t.assignee_id === undefined ? null : Number(t.assignee_id), group_id: t.group_id === undefined ? null : Number(t.group_id),
      tags: Array.isArray(t.tags) ? t.tags.map(String) : [], external_id: t.external_id === undefined ? null : String(t.external_id), created_at: now, updated_at: now,
    };
    st.tickets.set(ticket.id, ticket);
    st.comments.set(ticket.id, []);
    // The requester writes the first comment unless the body names its author (§6).
    const written = addComment(ticket, { ...comment.fields, author_id: t.comment.author_id !== undefined ? comment.fields.author_id : requester.id }, uploads.attachments);
    ctx.createMessage(messageRecord(ctx, ticket, written, { startedConversation: true, subject: ticket.subject, requesterId: requester.id, idempotencyKey: key === undefined ? null : String(key), ticket: ticketJson(ticket) }));
    const response = json(201, { ticket: ticketJson(ticket), audit: auditOf(ticket, written, author) }, { Location: `${mockRef.baseUrl}/api/v2/tickets/${ticket.id}.json` });
    if (key !== undefined) {
      st.idempotency.set(key, { bodyHash, at: Date.now(), seq: rec.seq, response });
      response.headers = { ...response.headers, 'x-idempotency-lookup': 'miss' };
    }
    return response;
  }

  function updateTicket(ctx, ticket, body, author) {
    // Zendesk counts updates per user and ticket: the 31st in 10 minutes is refused (§3).
    const now = Date.now();
    const { limit, windowMs } = st.features.ticketUpdates;
    const recent = (st.updates.get(ticket.id) || []).filter((at) => now - at < windowMs);
    if (recent.length >= limit) {
      st.updates.set(ticket.id, recent);
      return rateLimited(Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000)), 'Too many updates to this ticket: 30 updates per 10 minutes are allowed'); // [UNCONFIRMED wording]
    }
    const t = isPlainObject(body) ? body.ticket : undefined;
    if (!isPlainObject(t)) {
      // A flat body: answered 200, nothing applied (§4 [UNCONFIRMED]).
      return json(200, { ticket: ticketJson(ticket), audit: auditOf(ticket, null, author) });
    }
    if (t.status !== undefined && !['new', 'open', 'pending', 'hold', 'solved'].includes(t.status)) {
      return invalid({ status: [{ type: 'invalid', description: `Status: ${t.status} is not valid` }] });
    }
    const refused = actions.check(t);
    if (refused) return refused;
    let written = null;
    if (t.comment !== undefined) {
      const comment = readComment(t.comment, author);
      if (comment.error) return comment.error;
      if (st.comments.get(ticket.id).length >= MAX_COMMENTS) {
        return invalid({ base: [{ description: `Ticket has reached the maximum of ${MAX_COMMENTS} comments` }] }); // [UNCONFIRMED wording]
      }
      const uploads = takeUploads(t.comment.uploads);
      if (uploads.error) return uploads.error;
      written = addComment(ticket, comment.fields, uploads.attachments);
    }
    const changes = [];
    if (t.status !== undefined && t.status !== ticket.status) {
      changes.push({ id: next('audit'), type: 'Change', field_name: 'status', value: t.status, previous_value: ticket.status });
      ticket.status = t.status;
    }
    changes.push(...actions.apply(ctx.record.seq, ticket, t).map((event) => ({ id: next('audit'), ...event })));
    recent.push(now);
    st.updates.set(ticket.id, recent);
    ticket.updated_at = isoSeconds(now);
    if (written) ctx.createMessage(messageRecord(ctx, ticket, written, { status: t.status === undefined ? null : t.status }));
    if (written) heard(ticket, written);
    return json(200, { ticket: ticketJson(ticket), audit: auditOf(ticket, written, author, changes) });
  }

  function listComments(rec, ticket) {
    const size = rec.query['page[size]'] !== undefined ? Number(rec.query['page[size]']) : 100;
    if (!Number.isInteger(size) || size < 1 || size > 100) return zendeskError(400, 'InvalidPaginationParameter', 'page[size] must be between 1 and 100');
    const order = rec.query.sort_order === 'desc' ? 'desc' : 'asc';
    const all = st.comments.get(ticket.id).slice();
    if (order === 'desc') all.reverse();
    let start = 0;
    if (typeof rec.query['page[after]'] === 'string') {
      const after = /^c(\d+)$/.exec(rec.query['page[after]']);
      if (!after) return zendeskError(400, 'InvalidPaginationParameter', 'page[after] is not a valid cursor');
      start = Number(after[1]);
    }
    const page = all.slice(start, start + size);
    const hasMore = start + size < all.length;
    const body = {
      comments: page.map(commentJson),
      meta: { has_more: hasMore, after_cursor: hasMore ? `c${start + size}` : null, before_cursor: start ? `c${Math.max(0, start - size)}` : null },
      links: { next: hasMore ? `${mockRef.baseUrl}/api/v2/tickets/${ticket.id}/comments.json?page[size]=${size}&page[after]=c${start + size}&sort_order=${order}` : null },
    };
    if (String(rec.query.include || '').split(',').includes('users')) {
      body.users = [...new Set(page.map((comment) => comment.author_id))].map(userById).filter(Boolean).map(userJson);
    }
    return json(200, body);
  }

  function handle(ctx) {
    const rec = ctx.record;
    const p = rec.path.replace(/\.json$/, '');
    let m;
    let route = null;
    if (p === '/api/v2/users/me' && rec.method === 'GET') route = 'me';
    else if (p === '/api/v2/users/search' && rec.method === 'GET') route = 'searchUsers';
    else if (p === '/api/v2/users/create_or_update' && rec.method === 'POST') route = 'upsertUser';
    else if ((m = /^\/api\/v2\/users\/(\d+)$/.exec(p)) && rec.method === 'GET') route = 'user';
    else if ((m = /^\/api\/v2\/users\/(\d+)\/tickets\/requested$/.exec(p)) && rec.method === 'GET') route = 'requestedTickets';
    else if (p === '/api/v2/uploads' && rec.method === 'POST') route = 'upload';
    else if (p === '/api/v2/tickets' && rec.method === 'POST') route = 'createTicket';
    else if ((m = /^\/api\/v2\/tickets\/(\d+)$/.exec(p)) && rec.method === 'PUT') route = 'updateTicket';
    else if ((m = /^\/api\/v2\/tickets\/(\d+)\/comments$/.exec(p)) && rec.method === 'GET') route = 'comments';
    const extension = route ? null : [listen, actions].map((part) => ({ part, found: part.matchRoute(rec.method, p) })).find(({ found }) => found);
    if (!route && !extension) return zendeskError(404, 'InvalidEndpoint', 'Not found');

    const user = authenticate(rec);
    if (user === 'anonymous') {
      // [UNCONFIRMED] users/me without credentials answers the anonymous user (§2).
      if (route === 'me') return json(200, { user: { id: null, url: null, name: 'Anonymous user', email: 'invalid@example.com', role: 'end-user' } });
      return notAuthenticated();
    }
    if (!user) return notAuthenticated();
    rec.authenticated = true;
    if (route === 'me') return json(200, { user: userJson(user) });
    if (user.role === 'end-user') return zendeskError(403, 'Forbidden', 'You do not have access to this page');
    rec.user = user;
    if (extension) {
      if (rec.jsonError) return zendeskError(400, 'InvalidValue', `Invalid JSON: ${rec.jsonError}`);
      const tagged = extension.found.name === 'tags' && rec.method !== 'GET' && st.tickets.get(Number(extension.found.id));
      const answer = () => extension.part.handle(extension.found, rec.json || {}, rec);
      return tagged ? announcing(tagged, user, answer) : answer();
    }

    if (route === 'upload') return upload(ctx);
    const hasBody = rec.rawBody && rec.rawBody.length > 0;
    if (hasBody && !isJsonMedia(mediaTypeOf(rec.contentType))) return zendeskError(400, 'InvalidValue', 'Content-Type must be application/json');
    if (rec.jsonError) return zendeskError(400, 'InvalidValue', `Invalid JSON: ${rec.jsonError}`);

    if (route === 'searchUsers') {
      const query = String(rec.query.query || '').trim().toLowerCase();
      const needle = query.startsWith('email:') ? query.slice(6) : query;
      const users = needle ? st.users.filter((candidate) => candidate.email.toLowerCase().includes(needle) || candidate.name.toLowerCase().includes(needle)) : [];
      return json(200, { users: users.map(userJson), next_page: null, previous_page: null, count: users.length });
    }
    if (route === 'requestedTickets') {
      if (!userById(m[1])) return notFound();
      const perPage = Math.min(100, Number(rec.query.per_page) || 100);
      const byCreated = (a, b) => (rec.query.sort_order === 'desc' ? -1 : 1) * (Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
      const tickets = [...st.tickets.values()].filter((ticket) => String(ticket.requester_id) === m[1]).sort(byCreated);
      return json(200, { tickets: tickets.slice(0, perPage).map(ticketJson), next_page: null, previous_page: null, count: tickets.length });
    }
    if (route === 'user') {
      const found = userById(m[1]);
      return found ? json(200, { user: userJson(found) }) : notFound();
    }
    if (route === 'upsertUser') {
      const u = isPlainObject(rec.json) ? rec.json.user : undefined;
      if (!isPlainObject(u) || typeof u.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(u.email)) return invalid({ email: [{ description: 'Email is invalid' }] });
      const existing = st.users.find((candidate) => candidate.email.toLowerCase() === u.email.toLowerCase());
      if (existing) {
        if (typeof u.name === 'string' && u.name.trim()) existing.name = u.name;
        return json(200, { user: userJson(existing) });
      }
      if (typeof u.name !== 'string' || u.name.trim() === '') return invalid({ name: [{ description: "Name: can't be blank" }] });
      const created = { id: next('user'), name: u.name, email: u.email, role: u.role === 'agent' || u.role === 'admin' ? u.role : 'end-user' };
      st.users.push(created);
      return json(201, { user: userJson(created) });
    }
    if (route === 'createTicket') {
      const created = createTicket(ctx, rec.json, user);
      if (created.status === 201 && rec.idempotentReplayOf === undefined) listen.ticketChanged({ before: null, after: created.body.ticket, actorId: user.id });
      return created;
    }
    const ticket = st.tickets.get(Number(m[1]));
    if (!ticket) return notFound();
    if (route === 'comments') return listComments(rec, ticket);
    return announcing(ticket, user, () => updateTicket(ctx, ticket, rec.json, user));
  }

  /** Known once the server listens (links in answers carry it). */
  const mockRef = { baseUrl: null };
  const mock = await createMockServer({
    vendor: 'zendesk',
    basePath: '',
    handle,
    extend(m) {
      mockRef.baseUrl = m.baseUrl;
      Object.defineProperty(m, 'features', { get: () => st.features, enumerable: true });
      Object.defineProperty(m, 'tickets', { get: () => st.tickets, enumerable: true });
      Object.defineProperty(m, 'users', { get: () => st.users, enumerable: true });
      Object.defineProperty(m, 'uploads', { get: () => st.uploads, enumerable: true });
      /** The comments of a ticket, as Zendesk keeps them (oldest first). */
      m.comments = (ticketId) => (st.comments.get(Number(ticketId)) || []).map(commentJson);
      /** Fills a ticket with `count` more comments (the 5000 cap, long histories): requester and agent in turn, every fifth a note. */
      m.seedComments = (ticketId, count) => {
        const ticket = st.tickets.get(Number(ticketId));
        const base = Date.parse(ticket.created_at);
        for (let i = 0; i < count; i++) {
          const byAgent = i % 2 === 1;
          const body = `Seeded comment ${i + 1}`;
          st.comments.get(ticket.id).push({
            id: next('comment'), type: 'Comment', author_id: byAgent ? ZENDESK.agent.id : ticket.requester_id, body, plain_body: body,
            html_body: `<div class="zd-comment"><p>${body}</p></div>`, public: !(byAgent && i % 5 === 0), attachments: [], audit_id: next('audit'),
            via: { channel: 'web' }, created_at: isoSeconds(base + (i + 1) * 1000),
          });
        }
      };
      /** Every upload token expires now (a token older than 60 minutes). */
      m.expireUploads = () => { for (const entry of st.uploads.values()) entry.createdAt = 0; };
      /** A comment written in Zendesk (not through this API): a customer's reply, an agent's note. */
      m.addComment = (ticketId, { authorId, body, public: isPublic = true, attachments = [], via = 'web' }) => {
        const ticket = st.tickets.get(Number(ticketId));
        return commentJson(addComment(ticket, { body, plain_body: body, html_body: `<div class="zd-comment"><p>${body}</p></div>`, public: isPublic, author_id: authorId ?? ticket.requester_id }, attachments, via));
      };
      // The trigger's side (zendesk-webhooks.js) and the ticket actions' record (zendesk-actions.js).
      m.webhooks = listen.webhooks;
      m.triggers = listen.triggers;
      m.webhookFeatures = listen.features;
      m.deliveries = listen.deliveries;
      m.deliveriesSettled = () => listen.settled();
      m.redeliver = (record) => listen.redeliver(record);
      Object.defineProperty(m, 'onWebhookCreated', { get: () => listen.onWebhookCreated, set: (hook) => { listen.onWebhookCreated = hook; } });
      m.ticketChanges = actions.changes;
      /** An agent changes a ticket in Zendesk (status, assignee_id, group_id, tags), and the deliveries it caused. */
      m.agentChanges = async (ticketId, fields, { actorId = ZENDESK.agent.id } = {}) => {
        const ticket = st.tickets.get(Number(ticketId));
        const before = ticketJson(ticket);
        Object.assign(ticket, fields);
        if (fields.tags) ticket.tags = [...fields.tags];
        ticket.updated_at = isoSeconds(Date.now());
        return await listen.ticketChanged({ before, after: ticketJson(ticket), actorId });
      };
      /** A comment written in Zendesk (by the requester unless `authorId` says who), and the deliveries it caused. */
      m.customerWrites = async ({ ticketId = 101, body = 'Hello from the customer', authorId, public: isPublic = true } = {}) => {
        const ticket = st.tickets.get(Number(ticketId));
        const comment = m.addComment(ticketId, { authorId, body, public: isPublic });
        const deliveries = await heard(ticket, st.comments.get(ticket.id).find((c) => c.id === comment.id));
        return { comment, deliveries };
      };
    },
    rateLimited({ retryAfterSeconds, resetInSeconds } = {}) {
      const seconds = Math.max(1, Math.round(retryAfterSeconds != null ? retryAfterSeconds : resetInSeconds != null ? resetInSeconds : 60));
      return rateLimited(seconds, 'Number of allowed API requests per minute exceeded');
    },
    faultResponse(status) {
      if (status >= 500) return { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: `<html><body><h1>${status} ${status === 503 ? 'Service Unavailable' : 'Internal Server Error'}</h1></body></html>` };
      return { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: { error: 'Error', description: `Status ${status}` } };
    },
    badBody: ({ message }) => zendeskError(400, 'InvalidValue', message),
    onReset() { resetState(); listen.reset(); actions.reset(); },
  }, options);
  return mock;
}

module.exports = { startZendeskMock };
