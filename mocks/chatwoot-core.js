'use strict';
/**
 * Chatwoot's Messages::MessageBuilder + Message model rules, shared by the 99digital (Chatwoot)
 * and EngageLab LiveDesk mocks (both use the Chatwoot wire format). Failures follow
 * MessagesController#create, which rescues everything into 422 {"error": e.message}.
 */
const crypto = require('node:crypto');
const { nestParams, mediaTypeOf, isJsonMedia, charLength, isPlainObject, railsStatusPage, nginxPage } = require('./common');

const MESSAGE_TYPES = { incoming: 0, outgoing: 1, activity: 2, template: 3 };
const CONTENT_TYPES = [
  'text', 'input_text', 'input_textarea', 'input_email', 'input_select', 'cards', 'form', 'article',
  'incoming_email', 'input_csat', 'integrations', 'sticker', 'voice_call',
];
// ContentAttributeValidator: item-based content types and the keys their items may carry
const ITEM_KEYS = {
  input_select: ['title', 'value'],
  cards: ['title', 'description', 'media_url', 'actions'],
  form: ['type', 'placeholder', 'label', 'name', 'options', 'default', 'required', 'pattern', 'title', 'pattern_error'],
  article: ['title', 'description', 'link'],
};
const CARD_ACTION_KEYS = ['text', 'type', 'payload', 'uri'];
const MAX_CONTENT = 150000;
const MAX_ATTACHMENTS = 15;
const RAILS_FALSE = new Set(['false', '0', 'f', 'off', 'FALSE', 'F', 'OFF', 'False', 'Off']);

const fail = (msg) => ({ error: { status: 422, body: { error: msg } } });
const rubyInspect = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

/** ActiveModel::Type::Integer: "7abc".to_i → 7, "abc" → 0. */
function railsInt(v) {
  const m = /^\s*[+-]?\d+/.exec(String(v));
  return m ? Number(m[0]) : 0;
}

function railsBool(v) {
  if (v === undefined || v === null || v === '') return false;
  if (v === false || v === 0) return false;
  if (typeof v === 'string' && RAILS_FALSE.has(v)) return false;
  return true;
}

/** Request params as Rails would see them (JSON body, or nested form/multipart fields). */
function railsParams(ctx) {
  const rec = ctx.record;
  const mt = mediaTypeOf(rec.contentType);
  if (mt === 'multipart/form-data' || mt === 'application/x-www-form-urlencoded') return { params: nestParams(ctx.pairs) };
  if (isJsonMedia(mt)) {
    if (rec.jsonError) return { parseError: rec.jsonError };
    if (rec.json === undefined) return { params: {} };
    return { params: isPlainObject(rec.json) ? rec.json : { _json: rec.json } };
  }
  return { params: {} }; // Rails ignores bodies it has no parser for
}

function fileTypeOf(mime) {
  const m = String(mime || '').toLowerCase();
  if (m.startsWith('image/')) return 'image';
  if (m.startsWith('audio/')) return 'audio';
  if (m.startsWith('video/')) return 'video';
  return 'file';
}

function parseJsonLoose(v) {
  if (isPlainObject(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') {
    try {
      const o = JSON.parse(v);
      return isPlainObject(o) ? o : {};
    } catch { return {}; }
  }
  return {};
}

function makeBlobStore() {
  const blobs = new Map();
  return {
    put(file) {
      const token = `${Buffer.from(JSON.stringify({ _rails: { message: crypto.randomBytes(6).toString('base64'), exp: null, pur: 'blob_id' } })).toString('base64').replace(/=+$/, '')}--${crypto.randomBytes(20).toString('hex')}`;
      blobs.set(token, file);
      return token;
    },
    get: (token) => blobs.get(token),
    clear: () => blobs.clear(),
  };
}

/**
 * Build (validate + create) a message the way Chatwoot does.
 * opts: { ctx, params, conversationId, accountId, inboxId, sender, senderKind, store, apiInbox, floodLimit }
 * store: { nextMessageId, nextAttachmentId, blobs, recent: Map(conversationId → [timestamps]), sorting: Map }
 * → { error: {status, body} } | { message, response }
 */
function buildMessage(opts) {
  const { ctx, params, conversationId, store } = opts;
  // message_type (builder: params[:message_type] || 'outgoing'; enum raises ArgumentError)
  const rawType = params.message_type == null ? 'outgoing' : params.message_type;
  let messageType;
  if (typeof rawType === 'string' && Object.prototype.hasOwnProperty.call(MESSAGE_TYPES, rawType)) messageType = rawType;
  else if (typeof rawType === 'number' && Number.isInteger(rawType) && rawType >= 0 && rawType <= 3) messageType = Object.keys(MESSAGE_TYPES)[rawType];
  else return fail(`'${rubyInspect(rawType)}' is not a valid message_type`);
  if (messageType === 'incoming' && opts.apiInbox === false) return fail('Incoming messages are only allowed in Api inboxes');

  // content_attributes (object or JSON string; only in_reply_to / items / external_created_at are kept)
  const sentAttributes = params.content_attributes;
  const ca = parseJsonLoose(sentAttributes);
  const contentAttributes = {};
  if (ca.in_reply_to != null && ca.in_reply_to !== '') contentAttributes.in_reply_to = ca.in_reply_to;
  if (ca.items != null) contentAttributes.items = ca.items;
  if (params.external_created_at != null) contentAttributes.external_created_at = params.external_created_at;

  // content
  let content = params.content;
  if (content !== undefined && content !== null && typeof content !== 'string') content = typeof content === 'object' ? JSON.stringify(content) : String(content);
  if (content === undefined) content = null;

  // content_type
  const rawCt = params.content_type;
  let contentType = 'text';
  if (rawCt != null && rawCt !== '') {
    if (typeof rawCt === 'string' && CONTENT_TYPES.includes(rawCt)) contentType = rawCt;
    else if (typeof rawCt === 'number' && Number.isInteger(rawCt) && CONTENT_TYPES[rawCt]) contentType = CONTENT_TYPES[rawCt];
    else return fail(`'${rubyInspect(rawCt)}' is not a valid content_type`);
  }

  // template_params → additional_attributes.template_params (JSON-schema validated: name required)
  let templateParams;
  if (params.template_params != null && params.template_params !== '') {
    templateParams = typeof params.template_params === 'string' ? parseJsonLoose(params.template_params) : params.template_params;
    if (!isPlainObject(templateParams) || typeof templateParams.name !== 'string') {
      return fail("Validation failed: Additional attributes The property '#/template_params' did not contain a required property of 'name'");
    }
  }

  // attachments (builder: @attachments.each { |a| message.attachments.build(file: a) })
  const rawAtt = params.attachments;
  let files = [];
  if (rawAtt != null && rawAtt !== '' && !(Array.isArray(rawAtt) && rawAtt.length === 0)) {
    if (rawAtt.__file) return fail("undefined method 'each' for an instance of ActionDispatch::Http::UploadedFile");
    if (typeof rawAtt === 'string') return fail("undefined method 'each' for an instance of String");
    if (!Array.isArray(rawAtt)) return fail(`Could not find or build blob: expected attachable, got ${rubyInspect(rawAtt)}`);
    for (const a of rawAtt) {
      if (a && a.__file) files.push(a);
      else if (typeof a === 'string') return fail('ActiveSupport::MessageVerifier::InvalidSignature');
      else return fail(`Could not find or build blob: expected attachable, got ${rubyInspect(a)}`);
    }
  }

  // model validations (collected like ActiveRecord: "Validation failed: A, B")
  const errors = [];
  const now = Date.now();
  const recent = (store.recent.get(String(conversationId)) || []).filter((t) => now - t < 60000);
  if (recent.length >= (opts.floodLimit || 200)) errors.push('Too many messages');
  if (ITEM_KEYS[contentType]) {
    const items = contentAttributes.items;
    if (!Array.isArray(items) || items.length === 0) errors.push('Content attributes At least one item is required.');
    else if (items.some((i) => !isPlainObject(i))) errors.push('Content attributes Items should be a hash.');
    else {
      const bad = items.flatMap((i) => Object.keys(i)).filter((k) => !ITEM_KEYS[contentType].includes(k));
      if (bad.length) errors.push(`Content attributes contains invalid keys for items : [${bad.map((k) => `:${k}`).join(', ')}]`);
      if (contentType === 'cards') {
        if (items.some((i) => !Array.isArray(i.actions) || i.actions.length === 0)) errors.push('Content attributes contains items missing actions');
        else {
          const badA = items.flatMap((i) => i.actions.flatMap((a) => (isPlainObject(a) ? Object.keys(a) : []))).filter((k) => !CARD_ACTION_KEYS.includes(k));
          if (badA.length) errors.push(`Content attributes contains invalid keys for actions:  [${badA.map((k) => `:${k}`).join(', ')}]`);
        }
      }
    }
  }
  if (content !== null && charLength(content) > MAX_CONTENT) errors.push(`Content is too long (maximum is ${MAX_CONTENT} characters)`);
  if (files.length > MAX_ATTACHMENTS) errors.push('Attachments exceeded maximum allowed');
  if ((content === null || content.trim() === '') && files.length === 0) errors.push("Content can't be blank");
  if (errors.length) return fail(`Validation failed: ${errors.join(', ')}`);

  // create
  const id = store.nextMessageId++;
  const createdAt = Math.floor(now / 1000);
  const isPrivate = railsBool(params.private);
  const attachments = files.map((f) => {
    const token = store.blobs.put(f);
    const name = encodeURIComponent(f.filename || 'blob');
    const fileType = fileTypeOf(f.contentType);
    return {
      id: store.nextAttachmentId++,
      message_id: id,
      file_type: fileType,
      account_id: opts.accountId,
      extension: null,
      data_url: `${ctx.origin}/rails/active_storage/blobs/redirect/${token}/${name}`,
      thumb_url: fileType === 'image' ? `${ctx.origin}/rails/active_storage/representations/redirect/${token}/${name}` : '',
      file_size: f.size,
      width: null,
      height: null,
    };
  });
  recent.push(now);
  store.recent.set(String(conversationId), recent);

  const response = {
    id,
    content,
    inbox_id: opts.inboxId,
    ...(params.echo_id != null && params.echo_id !== '' ? { echo_id: params.echo_id } : {}),
    conversation_id: Number(conversationId),
    message_type: MESSAGE_TYPES[messageType],
    content_type: contentType,
    status: 'sent',
    content_attributes: contentAttributes,
    created_at: createdAt,
    private: isPrivate,
    source_id: params.source_id == null ? null : String(params.source_id),
    sender: opts.sender,
    ...(attachments.length ? { attachments } : {}),
  };
  const message = {
    id,
    conversationId: Number(conversationId),
    accountId: opts.accountId,
    content,
    messageType,
    private: isPrivate,
    contentType,
    contentAttributes,
    contentAttributesSent: sentAttributes === undefined ? null : sentAttributes,
    echoId: params.echo_id == null ? null : params.echo_id,
    sourceId: params.source_id == null ? null : String(params.source_id),
    templateParams: templateParams || null,
    senderKind: opts.senderKind || 'user',
    files: files.map((f, i) => ({
      field: f.field, filename: f.filename, contentType: f.contentType, size: f.size, sha256: f.sha256, data: f.data,
      fileType: attachments[i].file_type, dataUrl: attachments[i].data_url,
    })),
    createdAt: new Date(now).toISOString(),
    requestSeq: ctx.record.seq,
  };
  return { message, response };
}

/**
 * GET /rails/active_storage/blobs/redirect/:token/:filename (and representations): ActiveStorage
 * answers 302 to a freshly signed URL on the storage host; without a storage mock, the bytes.
 */
function serveBlob(ctx, store, storage) {
  const m = /^\/rails\/active_storage\/(?:blobs|representations)\/redirect\/([^/]+)\/[^/]+$/.exec(ctx.record.path);
  if (!m || ctx.record.method !== 'GET') return null;
  const f = store.blobs.get(m[1]);
  if (!f) return railsStatusPage(ctx.record, 404, 'Not Found');
  if (storage) {
    const location = storage.put(f);
    return { status: 302, headers: { Location: location, 'Content-Type': 'text/html; charset=utf-8' }, body: `<html><body>You are being <a href="${location}">redirected</a>.</body></html>` };
  }
  return { status: 200, headers: { 'Content-Type': f.contentType || 'application/octet-stream', 'Content-Disposition': `inline; filename="${encodeURIComponent(f.filename || 'blob')}"` }, body: f.data };
}

/** rack-attack default throttled response (Chatwoot does not configure Retry-After). */
function rackAttack429() {
  return { status: 429, headers: { 'Content-Type': 'text/plain' }, body: 'Retry later\n' };
}

function railsFault(status) {
  const ng = nginxPage(status);
  if (ng) return ng;
  const phrases = { 500: 'Internal Server Error', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity', 429: 'Too Many Requests' };
  return { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: { status, error: phrases[status] || 'Error' } };
}

function newStore(firstMessageId, firstAttachmentId) {
  return {
    nextMessageId: firstMessageId,
    nextAttachmentId: firstAttachmentId,
    blobs: makeBlobStore(),
    recent: new Map(),
    // Message and attachment ids go on counting across resets: Chatwoot never reuses an id, and
    // the trigger's memory of deliveries and of the send node's own messages relies on it.
    reset() {
      this.blobs.clear();
      this.recent.clear();
    },
  };
}

const E164 = /^\+[1-9]\d{1,14}$/;
const CONTACTS_PER_PAGE = 15;

/**
 * An account's contacts the way Chatwoot keeps them: Contacts::SearchController (substring
 * match: ILIKE on name, email and phone_number, LIKE on identifier; 15 per page), the Contact
 * model's validations (email case-insensitively unique, identifier unique, phone number E.164
 * and unique) and ContactInboxBuilder's source ids. `seed` is copied afresh on every reset.
 */
function newContacts(seed, inboxById) {
  const all = [];
  let nextId = 201;
  const reset = () => {
    all.length = 0;
    for (const contact of seed) all.push({ ...contact, contactInboxes: [] });
  };
  reset();
  const json = (contact) => ({
    id: contact.id, name: contact.name, email: contact.email, phone_number: contact.phone_number, identifier: contact.identifier,
    thumbnail: '', availability_status: 'offline', blocked: false,
    additional_attributes: { ...(contact.additional_attributes || {}) }, custom_attributes: { ...(contact.custom_attributes || {}) },
    created_at: 1704099600, last_activity_at: null,
    contact_inboxes: contact.contactInboxes.map((ci) => ({ source_id: ci.source_id, inbox: { id: ci.inbox.id, name: ci.inbox.name, channel_type: ci.inbox.channel_type } })),
  });
  function contactInbox(contact, inbox) {
    const existing = contact.contactInboxes.find((ci) => ci.inbox.id === inbox.id);
    if (existing) return existing;
    let sourceId = crypto.randomUUID();
    if (inbox.channel_type === 'Channel::Whatsapp') {
      if (!contact.phone_number) return { error: { error: 'Validation failed: Source invalid source id for whatsapp inbox' } };
      sourceId = contact.phone_number.replace(/^\+/, '');
    } else if (inbox.channel_type === 'Channel::Email') sourceId = contact.email;
    const created = { inbox, source_id: sourceId };
    contact.contactInboxes.push(created);
    return created;
  }
  /** The Contact model's validations; `self` is left out of the uniqueness checks (an update). */
  function validated(params, self) {
    const errors = [];
    const others = all.filter((c) => c !== self);
    const value = (key, current) => (params[key] === undefined ? current : params[key] == null || params[key] === '' ? null : String(params[key]));
    const email = value('email', self ? self.email : null);
    const phone = value('phone_number', self ? self.phone_number : null);
    const identifier = value('identifier', self ? self.identifier : null);
    if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) errors.push(['email', 'Email Invalid email']);
    else if (email !== null && others.some((c) => c.email && c.email.toLowerCase() === email.toLowerCase())) errors.push(['email', 'Email has already been taken']);
    if (phone !== null && !E164.test(phone)) errors.push(['phone_number', 'Phone number should be in e164 format']);
    else if (phone !== null && others.some((c) => c.phone_number === phone)) errors.push(['phone_number', 'Phone number has already been taken']);
    if (identifier !== null && others.some((c) => c.identifier === identifier)) errors.push(['identifier', 'Identifier has already been taken']);
    const invalid = errors.length ? { status: 422, body: { message: errors.map(([, text]) => text).join(', '), attributes: errors.map(([field]) => field) } } : null;
    return { email, phone, identifier, invalid };
  }
  return {
    all,
    reset,
    json,
    contactInbox,
    /**
     * PUT /contacts/:id (Chatwoot) and PATCH (LiveDesk): custom_attributes and
     * additional_attributes are shallow-merged into the stored hashes (contacts_controller.rb).
     */
    update(contact, params) {
      const { email, phone, identifier, invalid } = validated(params, contact);
      if (invalid) return invalid;
      Object.assign(contact, { email, phone_number: phone, identifier });
      if (params.name != null && params.name !== '') contact.name = String(params.name);
      for (const key of ['custom_attributes', 'additional_attributes']) {
        if (isPlainObject(params[key])) contact[key] = { ...(contact[key] || {}), ...params[key] };
      }
      return { status: 200, body: { payload: json(contact) } };
    },
    /** POST /contacts/:id/destroy_custom_attributes {custom_attributes: [keys]}. */
    destroyAttributes(contact, keys) {
      const next = { ...(contact.custom_attributes || {}) };
      for (const key of Array.isArray(keys) ? keys : []) delete next[key];
      contact.custom_attributes = next;
      return { status: 200, body: { payload: json(contact) } };
    },
    /**
     * POST /contacts/filter {payload: [{attribute_key, filter_operator, values, query_operator}]}:
     * equal_to / not_equal_to / contains / does_not_contain on the standard attributes, 15 per page.
     */
    filter(conditions, page) {
      const KEYS = ['name', 'email', 'phone_number', 'identifier'];
      const OPERATORS = ['equal_to', 'not_equal_to', 'contains', 'does_not_contain'];
      if (!Array.isArray(conditions) || !conditions.length) return { status: 422, body: { error: 'Invalid filter' } };
      for (const c of conditions) {
        if (!isPlainObject(c) || !KEYS.includes(c.attribute_key) || !OPERATORS.includes(c.filter_operator) || !Array.isArray(c.values)) {
          return { status: 422, body: { error: 'Invalid filter' } };
        }
      }
      const test = (contact, c) => {
        const actual = contact[c.attribute_key] == null ? '' : String(contact[c.attribute_key]).toLowerCase();
        const values = c.values.map((x) => String(x).toLowerCase());
        if (c.filter_operator === 'equal_to') return values.includes(actual);
        if (c.filter_operator === 'not_equal_to') return !values.includes(actual);
        const contains = values.some((x) => actual.includes(x));
        return c.filter_operator === 'contains' ? contains : !contains;
      };
      const matches = all.filter((contact) => conditions.reduce((acc, c, i) => {
        const hit = test(contact, c);
        if (i === 0) return hit;
        return String(conditions[i - 1].query_operator || 'and').toLowerCase() === 'or' ? acc || hit : acc && hit;
      }, true));
      const current = Math.max(1, railsInt(page || 1));
      return {
        status: 200,
        body: { meta: { count: matches.length, current_page: current }, payload: matches.slice((current - 1) * CONTACTS_PER_PAGE, current * CONTACTS_PER_PAGE).map(json) },
      };
    },
    find: (id) => all.find((contact) => contact.id === id),
    search(q, page) {
      if (typeof q !== 'string' || q.trim() === '') return { error: { error: 'Specify search string with parameter q' } };
      const lower = q.toLowerCase();
      const ilike = (v) => v != null && String(v).toLowerCase().includes(lower);
      const matches = all.filter((c) => ilike(c.name) || ilike(c.email) || ilike(c.phone_number) || (c.identifier != null && c.identifier.includes(q)));
      const current = Math.max(1, railsInt(page || 1));
      return {
        meta: { count: matches.length, current_page: current },
        payload: matches.slice((current - 1) * CONTACTS_PER_PAGE, current * CONTACTS_PER_PAGE).map(json),
      };
    },
    create(params) {
      const { email, phone, identifier, invalid } = validated(params, null);
      if (invalid) return invalid;
      let inbox;
      if (params.inbox_id != null) {
        inbox = inboxById(railsInt(params.inbox_id));
        if (!inbox) return { status: 404, body: { error: 'Resource could not be found' } };
      }
      const contact = { id: nextId++, name: params.name ? String(params.name) : (email || phone || identifier || ''), email, phone_number: phone, identifier, contactInboxes: [] };
      let made;
      if (inbox) {
        made = contactInbox(contact, inbox);
        if (made.error) return { status: 422, body: made.error };
      }
      if (isPlainObject(params.custom_attributes)) contact.custom_attributes = { ...params.custom_attributes };
      if (isPlainObject(params.additional_attributes)) contact.additional_attributes = { ...params.additional_attributes };
      all.push(contact);
      return {
        status: 200,
        body: { payload: { contact: json(contact), contact_inbox: made ? { inbox: { id: inbox.id, name: inbox.name, channel_type: inbox.channel_type }, source_id: made.source_id } : { inbox: null, source_id: null } } },
      };
    },
  };
}

/**
 * What Message#webhook_data puts in a `message_created` delivery (message_type as a word; a contact
 * sender has no `type`). `state`: the conversation's status, assignee, team, labels and priority as
 * the push data shows them (chatwoot-actions.js webhookState), for a trigger that filters on them.
 */
function messageCreatedPayload({ id, content, messageType, isPrivate, createdAtMs, sender, conversationId, inbox, account, attachments, contact, state }) {
  const createdAt = new Date(createdAtMs);
  const payload = {
    event: 'message_created',
    id,
    content,
    content_type: 'text',
    content_attributes: {},
    additional_attributes: {},
    message_type: messageType,
    private: isPrivate,
    created_at: createdAt.toISOString(),
    source_id: null,
    sender,
    inbox: { id: inbox.id, name: inbox.name },
    account: { id: account.id, name: account.name },
    conversation: {
      id: conversationId, // the per-account display id
      inbox_id: inbox.id,
      status: 'open',
      channel: inbox.channel_type || 'Channel::Api',
      can_reply: true,
      contact_inbox: { source_id: `contact-source-${contact.id}` },
      meta: { sender: { ...contact, type: 'contact' }, assignee: null },
      messages: [{ id, content, message_type: MESSAGE_TYPES[messageType], created_at: Math.floor(createdAtMs / 1000), private: isPrivate, conversation_id: conversationId }],
      timestamp: Math.floor(createdAtMs / 1000),
      unread_count: 1,
    },
    ...(attachments && attachments.length ? { attachments } : {}),
  };
  if (state) {
    const { meta, ...fields } = state;
    Object.assign(payload.conversation, fields);
    Object.assign(payload.conversation.meta, meta);
  }
  return payload;
}

module.exports = {
  newContacts,
  messageCreatedPayload,
  fileTypeOf,
  MESSAGE_TYPES, CONTENT_TYPES, MAX_CONTENT, MAX_ATTACHMENTS,
  railsParams, railsInt, railsBool, buildMessage, serveBlob, rackAttack429, railsFault, newStore,
};
