'use strict';
/**
 * Intercom 2.14 conversation actions, tags, teams and contact writes for the Intercom mock
 * (vendor-actions.md §4). Every write needs `admin_id` (the acting admin).
 *
 *   POST   /conversations/:id/parts           {message_type: assignment|close|snoozed|open, admin_id, …} → conversation
 *          assignment: {type: admin|team, assignee_id ("0" unassigns), body?}; snoozed: {snoozed_until (unix s)}
 *   PUT    /conversations/:id                 {custom_attributes, title, read}; priority only with Intercom-Version: Preview
 *   POST   /conversations/:id/tags            {id, admin_id} → tag
 *   DELETE /conversations/:id/tags/:tag_id    JSON body {admin_id} → tag
 *   GET    /tags, POST /tags {name} (create or return), GET /teams
 *   POST   /contacts → contact (409 conflict with the existing id); PUT /contacts/:id
 *
 * A part (assignment, close, open, snoozed) is added when the state changes, or when a `body` is
 * sent: a retried write with a body posts its text again (§6b). `mock.features` holds the
 * variants the sheet leaves [UNCONFIRMED].
 */
const crypto = require('node:crypto');
const { isPlainObject } = require('./common');
const { newConversationStates } = require('./chatwoot-state');
const { historyPlan } = require('./history-seed');
const { INTERCOM } = require('./fixtures');

const FEATURES = Object.freeze({
  contactAttributes: 'merge', // [UNCONFIRMED] whether PUT /contacts merges custom_attributes ('merge' | 'replace')
  dataAttributes: null, // [UNCONFIRMED] custom attributes must exist as data attributes first: null = any, else the names
  searchLagMs: 0, // new contacts may be missing from search for "a few minutes": how long, here
  conversationSearchLagMs: 0, // [UNCONFIRMED] how long a conversation's update takes to reach the conversation search
});
const PREVIEW_PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'];
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const nowSec = () => Math.floor(Date.now() / 1000);

/** → {name, id?, tagId?} or null */
function matchRoute(method, path) {
  let m;
  if ((m = /^\/conversations\/([^/]+)\/parts$/.exec(path)) && method === 'POST') return { name: 'manage', id: m[1] };
  if ((m = /^\/conversations\/([^/]+)$/.exec(path)) && method === 'PUT') return { name: 'updateConversation', id: m[1] };
  if ((m = /^\/conversations\/([^/]+)\/tags$/.exec(path)) && method === 'POST') return { name: 'tagConversation', id: m[1] };
  if ((m = /^\/conversations\/([^/]+)\/tags\/([^/]+)$/.exec(path)) && method === 'DELETE') return { name: 'untagConversation', id: m[1], tagId: m[2] };
  if (path === '/tags' && (method === 'GET' || method === 'POST')) return { name: method === 'GET' ? 'tags' : 'createTag' };
  if (path === '/teams' && method === 'GET') return { name: 'teams', legacyOk: true };
  if (path === '/contacts' && method === 'POST') return { name: 'createContact' };
  if ((m = /^\/contacts\/([^/]+)$/.exec(path)) && method === 'PUT') return { name: 'updateContact', id: m[1] };
  return null;
}

/**
 * @param {{errorList, ok, getConversation, adminById, contacts: () => object[], contactJson, notify, partAuthor: {admin}}} deps
 */
function newIntercomActions(deps) {
  const { errorList, ok } = deps;
  const states = newConversationStates(
    (id) => (deps.getConversation(id) ? {} : null),
    () => ({ state: 'open', snoozedUntil: null, adminAssigneeId: null, teamAssigneeId: null, tags: [], priority: 'none', customAttributes: {}, title: null, read: false }),
  );
  const features = { ...FEATURES };
  let tags;
  let nextTagId;
  let nextPartId = 900000;
  const reset = () => {
    states.reset();
    tags = INTERCOM.tags.map((t) => ({ ...t }));
    nextTagId = 17600;
    for (const key of Object.keys(features)) delete features[key];
    Object.assign(features, FEATURES);
  };
  reset();

  const tagJson = (t, applied) => ({ type: 'tag', id: t.id, name: t.name, ...(applied ? { applied_at: applied.at, applied_by: { type: 'admin', id: applied.by } } : {}) });
  const teamById = (id) => INTERCOM.teams.find((t) => t.id === String(id));

  /** The fields conversationJson (intercom.js) shows from the state. */
  function stateFields(id, version) {
    const s = states.get(id);
    return {
      state: s.state, open: s.state === 'open', snoozed_until: s.snoozedUntil,
      admin_assignee_id: s.adminAssigneeId == null ? null : Number(s.adminAssigneeId),
      team_assignee_id: s.teamAssigneeId == null ? null : Number(s.teamAssigneeId),
      tags: { type: 'tag.list', tags: s.tags.map((applied) => tagJson(tags.find((t) => t.id === applied.id), applied)) },
      // 2.x shows priority as "priority"/"not_priority"; Preview as the level.
      priority: version === 'Preview' ? s.priority : s.priority === 'none' ? 'not_priority' : 'priority',
      custom_attributes: { ...s.customAttributes }, title: s.title, read: s.read,
    };
  }

  /** An admin_id that names an admin → {admin} | {error}. */
  function actingAdmin(params) {
    if (params.admin_id == null || params.admin_id === '') return { error: errorList(400, 'parameter_not_found', 'admin_id is required') };
    const admin = (typeof params.admin_id === 'string' || typeof params.admin_id === 'number') ? deps.adminById(params.admin_id) : null;
    return admin ? { admin } : { error: errorList(404, 'admin_not_found', 'Admin not found') };
  }

  function addPart(conv, admin, partType, body, extra = {}) {
    const t = nowSec();
    conv.parts.push({
      type: 'conversation_part', id: String(nextPartId++), part_type: partType, body: body ? deps.asHtml(body) : null,
      created_at: t, updated_at: t, notified_at: t, assigned_to: null, author: deps.authorOfAdmin(admin), attachments: [],
      external_id: null, redacted: false, metadata: {}, ...extra,
    });
    conv.updatedAt = t;
  }

  /** POST /conversations/:id/parts (manageConversation). */
  function manage(record, conv, params) {
    const { seq } = record;
    const kinds = ['assignment', 'close', 'snoozed', 'open'];
    if (!kinds.includes(params.message_type)) return errorList(400, 'parameter_invalid', `message_type must be one of ${kinds.join(', ')}`);
    const acting = actingAdmin(params);
    if (acting.error) return acting.error;
    const body = typeof params.body === 'string' && params.body.trim() !== '' ? params.body : null;
    let patch;
    let partType = params.message_type;
    let extra = {};
    let topic;
    if (params.message_type === 'assignment') {
      if (params.type !== 'admin' && params.type !== 'team') return errorList(400, 'parameter_invalid', "type must be one of 'admin' or 'team'");
      if (params.assignee_id == null || params.assignee_id === '') return errorList(400, 'parameter_not_found', 'assignee_id is required');
      const target = String(params.assignee_id);
      const unassign = target === '0';
      if (params.type === 'admin' && !unassign && !deps.adminById(target)) return errorList(404, 'admin_not_found', 'Admin not found');
      if (params.type === 'team' && !unassign && !teamById(target)) return errorList(404, 'team_not_found', 'Team not found'); // [UNCONFIRMED] code
      patch = params.type === 'admin' ? { adminAssigneeId: unassign ? null : target } : { teamAssigneeId: unassign ? null : target };
      extra = { assigned_to: unassign ? null : { type: params.type, id: target } };
      topic = 'conversation.admin.assigned';
    } else if (params.message_type === 'snoozed') {
      if (!Number.isInteger(params.snoozed_until)) return errorList(400, 'parameter_invalid', 'snoozed_until must be a UNIX timestamp');
      patch = { state: 'snoozed', snoozedUntil: params.snoozed_until }; // a time in the past: [UNCONFIRMED] accepted here
      topic = 'conversation.admin.snoozed';
    } else {
      // Closing a closed conversation (or opening an open one): [UNCONFIRMED]; here 200, nothing changes.
      patch = { state: params.message_type === 'close' ? 'closed' : 'open', snoozedUntil: null };
      partType = params.message_type;
      topic = params.message_type === 'close' ? 'conversation.admin.closed' : 'conversation.admin.opened';
    }
    const changed = states.set(seq, conv.id, patch);
    if (changed.length || body) {
      addPart(conv, acting.admin, partType, body, extra);
      deps.notify(topic, conv);
    }
    return ok(deps.conversationJson(conv, record.intercomVersion));
  }

  function updateConversation(seq, conv, params, version) {
    const patch = {};
    if (isPlainObject(params.custom_attributes)) patch.customAttributes = { ...states.get(conv.id).customAttributes, ...params.custom_attributes };
    if (has(params, 'title')) patch.title = params.title == null ? null : String(params.title);
    if (has(params, 'read')) patch.read = params.read === true;
    if (version === 'Preview' && has(params, 'priority')) {
      // Only the Preview API sets priority, and then as a write that needs the acting admin.
      const acting = actingAdmin(params);
      if (acting.error) return acting.error;
      if (!PREVIEW_PRIORITIES.includes(params.priority)) return errorList(400, 'parameter_invalid', `priority must be one of ${PREVIEW_PRIORITIES.join(', ')}`);
      patch.priority = params.priority;
    }
    states.set(seq, conv.id, patch);
    return ok(deps.conversationJson(conv, version));
  }

  /** POST/DELETE /conversations/:id/tags: the acting admin, then the tag by id. */
  function tagging(seq, route, params) {
    const conv = deps.getConversation(route.id);
    if (!conv) return errorList(404, 'not_found', 'Conversation not found');
    const acting = actingAdmin(params);
    if (acting.error) return acting.error;
    const tagId = route.name === 'tagConversation' ? params.id : route.tagId;
    if (tagId == null || tagId === '') return errorList(400, 'parameter_not_found', 'id is required');
    const tag = tags.find((t) => t.id === String(tagId));
    if (!tag) return errorList(404, 'tag_not_found', 'Tag not found');
    const current = states.get(conv.id).tags;
    if (route.name === 'tagConversation') {
      if (!current.some((a) => a.id === tag.id)) states.set(seq, conv.id, { tags: [...current, { id: tag.id, at: nowSec(), by: Number(acting.admin.id) }] });
      const applied = states.get(conv.id).tags.find((a) => a.id === tag.id);
      return ok(tagJson(tag, applied));
    }
    // Removing a tag the conversation does not have: [UNCONFIRMED]; here 200 with the tag.
    states.set(seq, conv.id, { tags: current.filter((a) => a.id !== tag.id) });
    return ok(tagJson(tag));
  }

  function createContact(params) {
    const role = params.role == null ? 'user' : params.role;
    if (!['user', 'lead'].includes(role)) return errorList(400, 'parameter_invalid', "role must be one of 'user' or 'lead'");
    const refused = unknownAttribute(params.custom_attributes);
    if (refused) return refused;
    const email = params.email == null || params.email === '' ? null : String(params.email);
    const externalId = params.external_id == null || params.external_id === '' ? null : String(params.external_id);
    // A user's email and an external_id are unique; leads may share an email (PostHog/posthog#72192 quotes the 409).
    const clash = deps.contacts().find((c) => (externalId != null && c.external_id === externalId)
      || (role === 'user' && email != null && c.role === 'user' && c.email && c.email.toLowerCase() === email.toLowerCase()));
    if (clash) return errorList(409, 'conflict', `A contact matching those details already exists with id=${clash.id}`);
    const contact = {
      id: crypto.randomBytes(12).toString('hex'), role, email, external_id: externalId, name: params.name == null ? null : String(params.name),
      phone: params.phone == null ? null : String(params.phone), custom_attributes: isPlainObject(params.custom_attributes) ? { ...params.custom_attributes } : {},
      createdAtMs: Date.now(),
    };
    deps.contacts().push(contact);
    return ok(deps.contactJson(contact));
  }

  function updateContact(id, params) {
    const contact = deps.contacts().find((c) => c.id === id);
    if (!contact) return errorList(404, 'not_found', 'User Not Found');
    const refused = unknownAttribute(params.custom_attributes);
    if (refused) return refused;
    for (const key of ['email', 'name', 'phone', 'external_id']) if (has(params, key)) contact[key] = params[key] == null ? null : String(params[key]);
    if (isPlainObject(params.custom_attributes)) {
      contact.custom_attributes = features.contactAttributes === 'merge' ? { ...(contact.custom_attributes || {}), ...params.custom_attributes } : { ...params.custom_attributes };
    }
    return ok(deps.contactJson(contact));
  }

  function unknownAttribute(attributes) {
    if (!isPlainObject(attributes) || !features.dataAttributes) return null;
    const missing = Object.keys(attributes).find((name) => !features.dataAttributes.includes(name));
    return missing ? errorList(400, 'parameter_invalid', `Custom attribute '${missing}' does not exist`) : null;
  }

  /** → the answer, or null when the route is not one of these. */
  function handle(route, params, record) {
    const seq = record.seq;
    switch (route.name) {
      case 'tags': return ok({ type: 'list', data: tags.map((t) => tagJson(t)) });
      case 'createTag': {
        if (typeof params.name !== 'string' || params.name.trim() === '') return errorList(400, 'parameter_not_found', 'name is required');
        let tag = tags.find((t) => t.name === params.name);
        if (!tag) tags.push((tag = { id: String(nextTagId++), name: params.name }));
        return ok(tagJson(tag));
      }
      case 'teams': return ok({ type: 'team.list', teams: INTERCOM.teams.map((t) => ({ type: 'team', id: t.id, name: t.name, admin_ids: [...t.admin_ids] })) });
      case 'tagConversation':
      case 'untagConversation': return tagging(seq, route, params);
      case 'createContact': return createContact(params);
      case 'updateContact': return updateContact(route.id, params);
      default: {
        const conv = deps.getConversation(route.id);
        if (!conv) return errorList(404, 'not_found', 'Resource Not Found');
        return route.name === 'manage' ? manage(record, conv, params) : updateConversation(seq, conv, params, record.intercomVersion);
      }
    }
  }

  /** Parts for a long conversation (oldest first): contact comments, admin replies, Fin's answers, notes, files. */
  function seedHistory(conv, count = 1000) {
    const contact = deps.contacts().find((c) => c.id === conv.contactId);
    const admin = INTERCOM.admins[1];
    for (const step of historyPlan(count)) {
      const t = Math.floor(step.atMs / 1000);
      const author = step.role === 'customer' ? deps.authorOfContact(contact)
        : step.role === 'bot' ? { id: INTERCOM.admins[0].id, type: 'bot', name: 'Fin', email: '', from_ai_agent: true, is_ai_answer: true }
          : deps.authorOfAdmin(admin);
      conv.parts.push({
        type: 'conversation_part', id: String(nextPartId++), part_type: step.role === 'note' ? 'note' : 'comment', body: deps.asHtml(step.content),
        created_at: t, updated_at: t, notified_at: t, assigned_to: null, author,
        attachments: step.file ? deps.attachments([{ ...step.file, size: step.file.data.length }]) : [], external_id: null, redacted: false, metadata: {},
      });
    }
    return conv.parts;
  }

  return { features, states, matchRoute, handle, stateFields, seedHistory, reset };
}

module.exports = { newIntercomActions };
