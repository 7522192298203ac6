'use strict';
/**
 * User.com conversation update and contact writes for the User.com mock (vendor-actions.md §6), DRF-shaped.
 *
 *   PATCH /conversations/:id/      {active: bool (REQUIRED), assigned_to: int} → 200 the conversation [UNCONFIRMED answer]
 *   GET   /users/search/?email=[&many] one user (a list with `many`) [UNCONFIRMED list shape]
 *   POST  /users/update_or_create/ keyed by custom_id; custom attributes as top-level keys, which must exist in the app
 *                                  (v2 docs) → {created, id}
 *   PUT   /users/:id/              update by id → the user
 * No labels, priority, typing or pending/snooze action on conversations: those are not documented.
 * `assigned_to` is an agent's or an agent group's id — the docs say both [UNCONFIRMED] — so any integer is taken.
 */
const { USERENGAGE } = require('./fixtures');

const FEATURES = Object.freeze({
  activeRequired: true, // the docs mark `active` required on PATCH; whether omitting it errs or changes it: [UNCONFIRMED]
  /** Attributes that exist in the app (v2: others are refused; the legacy v1 page created them on the fly). */
  knownAttributes: ['plan', 'tier', 'company_size'],
  /** The documented single-conversation shape {results, count, next, previous}, or 'flat' as this mock answered first. */
  conversationEnvelope: 'flat',
});
const STANDARD = ['custom_id', 'email', 'first_name', 'last_name', 'phone_number', 'gender', 'status'];
const DRF_TRUE = new Set([true, 1, '1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'y', 't']);
const DRF_FALSE = new Set([false, 0, '0', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', 'no', 'n', 'f']);
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** @param {{drf, conversationJson, setActive: (conversation, active: boolean) => void}} deps */
function newUserEngageActions(deps) {
  const { drf } = deps;
  const features = { ...FEATURES };
  const people = [];
  const changes = [];
  let nextUserId = 322900;
  const reset = () => {
    people.length = 0;
    people.push(...USERENGAGE.users.map((u) => ({ ...u, attributes: {} })));
    changes.length = 0;
    for (const key of Object.keys(features)) delete features[key];
    Object.assign(features, { ...FEATURES, knownAttributes: [...FEATURES.knownAttributes] });
  };
  reset();

  const userJson = (u) => ({
    id: u.id, key: u.key, name: u.name, email: u.email, gender: 1, status: 1, score: 0,
    unsubscribed: false, last_seen: null, created: '2024-01-01T09:00:00Z', updated: '2024-01-02T09:00:00Z',
    tags: [], lists: [], attributes: Object.entries(u.attributes || {}).map(([name, value]) => ({ name, name_std: name, value })),
    ...(u.custom_id !== undefined ? { custom_id: u.custom_id } : {}),
  });

  function record(seq, conversation, field, to) {
    const from = field === 'active' ? conversation.active !== false : conversation.agent ? conversation.agent.id : null;
    if (from !== to) changes.push({ seq, conversationId: conversation.id, field, from, to });
  }

  function patchConversation(seq, conversation, data) {
    const errors = {};
    let active;
    if (!has(data, 'active')) {
      if (features.activeRequired) errors.active = ['This field is required.'];
    } else if (DRF_TRUE.has(data.active)) active = true;
    else if (DRF_FALSE.has(data.active)) active = false;
    else errors.active = ['Must be a valid boolean.'];
    let assignedTo;
    if (has(data, 'assigned_to') && data.assigned_to !== null) {
      if (!/^\s*\d+\s*$/.test(String(data.assigned_to)) || typeof data.assigned_to === 'boolean') errors.assigned_to = ['A valid integer is required.'];
      else assignedTo = Number(data.assigned_to);
    }
    if (Object.keys(errors).length) return drf(400, errors);
    if (active !== undefined) {
      record(seq, conversation, 'active', active);
      deps.setActive(conversation, active);
    }
    if (has(data, 'assigned_to')) {
      const id = assignedTo === undefined ? null : assignedTo;
      record(seq, conversation, 'agent', id);
      conversation.agent = id == null ? null : USERENGAGE.agents.find((a) => a.id === id) || { id };
    }
    return drf(200, deps.conversationJson(conversation));
  }

  function usersSearch(query) {
    const email = String(query.email || '').toLowerCase();
    const found = people.filter((x) => x.email && x.email.toLowerCase() === email);
    if (query.many !== undefined) return drf(200, found.map(userJson));
    return found.length ? drf(200, userJson(found[0])) : drf(404, { detail: 'Not found.' }); // [UNCONFIRMED] not-found status
  }

  /** Top-level keys that are not standard fields are custom attributes: they must exist (v2). */
  function attributesOf(data) {
    const attributes = {};
    const errors = {};
    for (const [key, value] of Object.entries(data)) {
      if (STANDARD.includes(key)) continue;
      if (!features.knownAttributes.includes(key)) errors[key] = ['Attribute does not exist.']; // [UNCONFIRMED] wording
      else attributes[key] = value;
    }
    return { attributes, errors };
  }

  function updateOrCreate(data) {
    if (data.custom_id == null || data.custom_id === '') return drf(400, { custom_id: ['This field is required.'] });
    const { attributes, errors } = attributesOf(data);
    if (Object.keys(errors).length) return drf(400, errors);
    let user = people.find((x) => x.custom_id === String(data.custom_id));
    const created = !user;
    if (!user) {
      user = { id: nextUserId++, key: `k${nextUserId.toString(36)}`, custom_id: String(data.custom_id), name: '', email: null, attributes: {} };
      people.push(user);
    }
    apply(user, data, attributes);
    return drf(200, { created, id: user.id }); // [UNCONFIRMED] 200 vs 201
  }

  function updateUser(id, data) {
    const user = people.find((x) => String(x.id) === id);
    if (!user) return drf(404, { detail: 'Not found.' });
    const { attributes, errors } = attributesOf(data);
    if (Object.keys(errors).length) return drf(400, errors);
    apply(user, data, attributes);
    return drf(200, userJson(user));
  }

  function apply(user, data, attributes) {
    if (data.email != null) user.email = String(data.email);
    if (data.first_name != null || data.last_name != null) user.name = [data.first_name, data.last_name].filter((x) => x != null && x !== '').join(' ');
    Object.assign(user.attributes, attributes);
  }

  return { features, people, changes, userJson, patchConversation, usersSearch, updateOrCreate, updateUser, reset };
}

module.exports = { newUserEngageActions };
