'use strict';
/**
 * What a conversation knows about itself (status, snooze, assignee, team, labels, priority, custom
 * attributes), for the mocks that act on conversations: the Chatwoot family (99digital, LiveDesk)
 * and, with their own fields, Intercom and Re:amaze. Every write goes through `set`, which records
 * the fields it really changed in `changes`: a test asserts "a second identical run changes
 * nothing" by comparing `changes` before and after it.
 */

const chatwootBlank = () => ({ status: 'open', snoozedUntil: null, assignee: null, teamId: null, labels: [], priority: null, customAttributes: {} });
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * @param {(id) => object|null} initialOf what a conversation starts as (null: it does not exist)
 * @param {() => object} [fresh] the vendor's defaults (Chatwoot's unless given)
 */
function newConversationStates(initialOf, fresh = chatwootBlank) {
  const states = new Map();
  const changes = [];
  const get = (id) => {
    if (!states.has(id)) {
      const initial = initialOf(id);
      if (!initial) return null;
      states.set(id, { ...fresh(), ...initial });
    }
    return states.get(id);
  };
  return {
    get,
    changes,
    /** Applies `patch`; returns the names of the fields it changed (recorded with the request's seq). */
    set(seq, id, patch) {
      const state = get(id);
      const changed = [];
      for (const [field, value] of Object.entries(patch)) {
        if (same(state[field], value)) continue;
        changes.push({ seq, conversationId: id, field, from: state[field], to: value });
        state[field] = value;
        changed.push(field);
      }
      return changed;
    },
    /** A copy, so that a test cannot change the mock's state by accident. */
    snapshot(id) {
      const state = get(id);
      return state ? JSON.parse(JSON.stringify(state)) : null;
    },
    /** Test set-up: starts a conversation in a given state without recording a change. */
    seed(id, patch) {
      if (!get(id)) throw new Error(`conversation ${id} does not exist`);
      Object.assign(states.get(id), JSON.parse(JSON.stringify(patch)));
    },
    reset() {
      states.clear();
      changes.length = 0;
    },
  };
}

const CHATWOOT_STATUSES = ['open', 'resolved', 'pending', 'snoozed'];

/**
 * ConversationsController#toggle_status: with `status` it sets it (a repeat saves the same
 * value); WITHOUT it Conversation#toggle_status flips: open → resolved, anything else → open.
 * `snoozed_until` (unix seconds) only with snoozed; omitted = until the contact's next reply.
 * → {next, snoozedUntil} | {invalid: status string}
 */
function nextStatus(state, params, statuses = CHATWOOT_STATUSES) {
  const given = params.status;
  if (given != null && given !== '') {
    if (!statuses.includes(given)) return { invalid: String(given) };
    const snoozedUntil = given === 'snoozed' && params.snoozed_until != null && params.snoozed_until !== '' ? Number.parseInt(String(params.snoozed_until), 10) || null : null;
    return { next: given, snoozedUntil };
  }
  return { next: state.status === 'open' ? 'resolved' : 'open', snoozedUntil: null };
}

/** toggle_status.json.jbuilder */
function toggleStatusJson(id, state) {
  return { meta: {}, payload: { success: true, conversation_id: id, current_status: state.status, snoozed_until: state.snoozedUntil } };
}

module.exports = { newConversationStates, nextStatus, toggleStatusJson, CHATWOOT_STATUSES };
