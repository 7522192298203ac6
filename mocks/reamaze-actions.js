'use strict';
/**
 * Re:amaze conversation updates, contacts and channels for the Re:amaze mock (vendor-actions.md §5).
 *
 *   PUT /api/v1/conversations/:slug   {conversation: {status, assignee: {email}, tag_list, data, hold_until, category}}
 *                                     → 200 the conversation, or 422 with a JSON explanation; tag_list REPLACES the tags
 *   GET /api/v1/contacts?q=&page=     name or email, 30 per page (account-wide)
 *   POST /api/v1/contacts             {contact: {name, email | mobile (E.164), id, data, notes}}
 *   PUT /api/v1/contacts/:identifier[?identifier_type=email|mobile|id]  {contact: {name, friendly_name, external_avatar_url, data}}
 *   GET /api/v1/channels              [UNCONFIRMED vendor page: meant4/reamaze-go]
 * No priority, typing, teams or tag list: those paths answer 404 as any unknown one.
 * The status integers and which of them may be set are [UNCONFIRMED]: `mock.features`.
 */
const { isPlainObject } = require('./common');
const { newConversationStates } = require('./chatwoot-state');
const { historyPlan } = require('./history-seed');
const { REAMAZE } = require('./fixtures');

const FEATURES = Object.freeze({
  settableStatuses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], // [UNCONFIRMED] whether 6–9 may be set; permissive
  holdUntilRequired: false, // [UNCONFIRMED] SkillerTeam's client says status 5 "needs hold_until"
  dataMerge: 'merge', // [UNCONFIRMED] conversation `data`: 'merge' | 'replace'
  unassignWithNull: true, // [UNCONFIRMED] `assignee: null` unassigns; false → 422
});
const PAGE_SIZE = 30;
const E164 = /^\+[1-9]\d{1,14}$/;
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const staffList = () => [{ ...REAMAZE.staff, role: 'Administrator' }, ...REAMAZE.otherStaff];

function matchRoute(method, path) {
  let m;
  if ((m = /^\/api\/v1\/conversations\/([^/]+?)(?:\.json)?$/.exec(path)) && method === 'PUT') return { name: 'updateConversation', slug: decodeURIComponent(m[1]) };
  if (/^\/api\/v1\/contacts(?:\.json)?$/.test(path) && (method === 'GET' || method === 'POST')) return { name: method === 'GET' ? 'contacts' : 'createContact' };
  if ((m = /^\/api\/v1\/contacts\/([^/]+?)(?:\.json)?$/.exec(path)) && method === 'PUT') return { name: 'updateContact', identifier: decodeURIComponent(m[1]) };
  if (/^\/api\/v1\/channels(?:\.json)?$/.test(path) && method === 'GET') return { name: 'channels' };
  return null;
}

/** @param {{json, convBySlug, conversationJson, authors: () => object[]}} deps */
function newReamazeActions(deps) {
  const { json } = deps;
  const states = newConversationStates((slug) => {
    const conv = deps.convBySlug(slug);
    return conv ? { ...(conv.initial || {}) } : null; // a conversation created with status, tags, data starts so
  }, () => ({ status: 0, assignee: null, tagList: [], data: {}, holdUntil: null }));
  const features = { ...FEATURES };
  const contacts = [];
  const seeded = [];
  /** slug → when its state last changed (ms): what `sort=changed` orders by, with its messages. */
  const changedAt = new Map();
  const reset = () => {
    states.reset();
    changedAt.clear();
    seeded.length = 0;
    contacts.length = 0;
    for (const a of deps.authors()) {
      if (!contacts.some((c) => c.email === a.email)) contacts.push({ name: a.name, email: a.email, mobile: null, id: null, data: {}, notes: [] });
    }
    for (const key of Object.keys(features)) delete features[key];
    Object.assign(features, FEATURES);
  };
  reset();

  const invalid = (errors) => json(422, { error: `Validation failed: ${errors.join(', ')}` });
  const contactJson = (c) => ({ name: c.name, friendly_name: c.friendlyName || c.name, email: c.email, mobile: c.mobile, id: c.id, external_avatar_url: c.avatar || null, data: { ...c.data }, created_at: '2024-01-01T09:00:00.000Z' });

  /** The fields conversationJson (reamaze.js) shows from the state. */
  function stateFields(slug) {
    const s = states.get(slug);
    const assignee = s.assignee ? staffList().find((x) => x.email === s.assignee) : null;
    return {
      status: s.status, tag_list: [...s.tagList], data: { ...s.data },
      assignee: assignee ? { name: assignee.name, email: assignee.email } : null,
      ...(s.holdUntil ? { hold: true, hold_until: s.holdUntil } : {}),
    };
  }

  function updateConversation(seq, slug, params) {
    const c = params.conversation;
    if (!isPlainObject(c)) return json(422, { error: 'param is missing or the value is empty: conversation' });
    const state = states.get(slug);
    const errors = [];
    const patch = {};
    if (has(c, 'status')) {
      const status = Number(c.status);
      if (!Number.isInteger(status) || !features.settableStatuses.includes(status)) errors.push('Status is not included in the list');
      else patch.status = status;
      if (status === 5 && features.holdUntilRequired && !c.hold_until) errors.push("Hold until can't be blank");
    }
    if (has(c, 'hold_until')) patch.holdUntil = c.hold_until == null || c.hold_until === '' ? null : String(c.hold_until);
    if (has(c, 'assignee')) {
      // The vendor's page: {email}; public clients send a bare string. Both are read here.
      const email = isPlainObject(c.assignee) ? c.assignee.email : c.assignee;
      if (email == null) {
        if (features.unassignWithNull) patch.assignee = null;
        else errors.push('Assignee is invalid');
      } else if (!staffList().some((x) => x.email.toLowerCase() === String(email).toLowerCase())) errors.push('Assignee is invalid');
      else patch.assignee = staffList().find((x) => x.email.toLowerCase() === String(email).toLowerCase()).email;
    }
    if (has(c, 'tag_list')) {
      if (!Array.isArray(c.tag_list) && typeof c.tag_list !== 'string') errors.push('Tag list is invalid');
      else {
        const tags = (Array.isArray(c.tag_list) ? c.tag_list.map(String) : c.tag_list.split(',')).map((t) => t.trim()).filter(Boolean);
        patch.tagList = tags.filter((t, i) => tags.indexOf(t) === i);
      }
    }
    if (has(c, 'data')) {
      if (!isPlainObject(c.data)) errors.push('Data is invalid');
      else patch.data = features.dataMerge === 'merge' ? { ...state.data, ...c.data } : { ...c.data };
    }
    if (has(c, 'category') && c.category !== REAMAZE.category.slug) errors.push('Category is invalid');
    if (errors.length) return invalid(errors);
    if (states.set(seq, slug, patch).length) changedAt.set(slug, Date.now());
    return json(200, deps.conversationJson(deps.convBySlug(slug)));
  }

  function listContacts(query) {
    const q = String(query.q || '').toLowerCase();
    const list = q ? contacts.filter((c) => [c.name, c.email].some((x) => x && x.toLowerCase().includes(q))) : contacts;
    const page = Math.max(1, parseInt(query.page, 10) || 1);
    return json(200, {
      page_size: PAGE_SIZE, page_count: Math.max(1, Math.ceil(list.length / PAGE_SIZE)), total_count: list.length,
      contacts: list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(contactJson),
    });
  }

  function createContact(params) {
    const c = params.contact;
    if (!isPlainObject(c)) return json(422, { error: 'param is missing or the value is empty: contact' });
    const errors = [];
    const email = c.email == null || c.email === '' ? null : String(c.email);
    const mobile = c.mobile == null || c.mobile === '' ? null : String(c.mobile);
    if (!email && !mobile) errors.push('Email or mobile is required');
    if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) errors.push('Email is invalid');
    else if (email && contacts.some((x) => x.email && x.email.toLowerCase() === email.toLowerCase())) errors.push('Email has already been taken');
    if (mobile && !E164.test(mobile)) errors.push('Mobile is invalid');
    else if (mobile && contacts.some((x) => x.mobile === mobile)) errors.push('Mobile has already been taken');
    if (c.data != null && !oneLevel(c.data)) errors.push('Data is invalid');
    if (errors.length) return invalid(errors);
    const contact = { name: c.name == null ? (email || mobile) : String(c.name), email, mobile, id: c.id == null ? null : String(c.id), data: { ...(c.data || {}) }, notes: Array.isArray(c.notes) ? c.notes : [] };
    contacts.push(contact);
    return json(201, contactJson(contact)); // [UNCONFIRMED] 201 vs 200
  }

  function updateContact(identifier, query, params) {
    const type = query.identifier_type || 'email';
    const contact = contacts.find((x) => (type === 'mobile' ? x.mobile === identifier : type === 'id' ? x.id === identifier : x.email && x.email.toLowerCase() === identifier.toLowerCase()));
    if (!contact) return json(404, { status: 404, error: 'Not Found' });
    const c = params.contact;
    if (!isPlainObject(c)) return json(422, { error: 'param is missing or the value is empty: contact' });
    if (c.data != null && !oneLevel(c.data)) return invalid(['Data is invalid']);
    // email and mobile cannot change through this endpoint: ignored.
    if (c.name != null) contact.name = String(c.name);
    if (c.friendly_name != null) contact.friendlyName = String(c.friendly_name);
    if (c.external_avatar_url != null) contact.avatar = String(c.external_avatar_url);
    if (c.data != null) contact.data = { ...contact.data, ...c.data };
    return json(200, contactJson(contact));
  }

  /** `data` is one level deep: string, number or boolean values. */
  const oneLevel = (data) => isPlainObject(data) && Object.values(data).every((x) => x == null || typeof x !== 'object');

  function handle(route, params, record) {
    switch (route.name) {
      case 'updateConversation':
        if (!deps.convBySlug(route.slug)) return json(404, { status: 404, error: 'Not Found' });
        return updateConversation(record.seq, route.slug, params);
      case 'contacts': return listContacts(record.query);
      case 'createContact': return createContact(params);
      case 'updateContact': return updateContact(route.identifier, record.query, params);
      case 'channels': return json(200, { page_size: PAGE_SIZE, page_count: 1, total_count: 1, channels: [{ ...REAMAZE.category }] });
      default: return null;
    }
  }

  /**
   * Adds `count` messages to a conversation, oldest first (customer, staff, a chatbot, internal
   * notes, files); listed by GET …/messages like any other.
   */
  function seedHistory(slug, count = 1000) {
    const conv = deps.convBySlug(slug);
    for (const step of historyPlan(count)) {
      const staff = step.role !== 'customer';
      seeded.push({
        slug, body: step.content, visibility: step.role === 'note' ? 1 : 0, createdAt: new Date(step.atMs).toISOString(), staff,
        user: step.role === 'customer' ? { ...conv.author } : step.role === 'bot' ? { name: 'AI Agent', email: null } : { ...REAMAZE.otherStaff[1] },
        attachments: step.file ? [{ file_file_name: step.file.filename, file_content_type: step.file.contentType, file_file_size: step.file.data.length, url: `https://cdn.reamaze.example/${step.index}/${step.file.filename}` }] : [],
      });
    }
    return seeded.filter((m) => m.slug === slug);
  }

  return { features, states, contacts, seeded, matchRoute, handle, stateFields, seedHistory, reset, staffList, changedAt: (slug) => changedAt.get(slug) || 0 };
}

module.exports = { newReamazeActions };
