'use strict';
/**
 * Chatwoot's conversation actions, contacts and pickers for the 99digital mock (vendor-actions.md §1).
 * Paths below are under /api/v1/accounts/:account_id; `:id` is the conversation's display id.
 *
 *   GET   /conversations/:id                     the _conversation partial (meta sender/assignee/team, labels, priority, times)
 *   PATCH /conversations/:id                     {priority} (the only permitted key) → the conversation
 *   POST  /conversations/:id/assignments         {assignee_id[, assignee_type:"AgentBot"]} or {team_id}; null unassigns;
 *                                                assignee_id wins over team_id; neither key → 200 null, nothing changes
 *   POST  /conversations/:id/toggle_status       {status?, snoozed_until?} — WITHOUT status it toggles open ↔ resolved
 *   GET|POST /conversations/:id/labels           POST {labels} REPLACES the whole list → {payload: titles}
 *   POST  /conversations/:id/toggle_priority     {priority: low|medium|high|urgent}; absent/null clears → 200, empty
 *   POST  /conversations/:id/toggle_typing_status {typing_status: on|off|recording, is_private?} → 200, empty
 *   POST  /conversations/:id/custom_attributes   {custom_attributes, merge?} replaces (merge: true keeps others, CW#15119)
 *   POST  /conversations/:id/destroy_custom_attributes {custom_attributes: [keys]} (CW#15119)
 *   GET   /contacts/:id, PUT /contacts/:id (shallow merge), POST /contacts/filter, POST /contacts/:id/destroy_custom_attributes
 *   GET   /teams (array), /labels ({payload}), /agent_bots (array), /inbox_members/:inbox_id ({payload})
 *
 * Which server: `mock.features` (reset to CURRENT_SERVER) switches the version gates of §1.1/§1.4/§1.9
 * and the variants the fact sheet leaves open. An agent-bot token gets 401 "not authorized for bots"
 * on every endpoint the gate does not list.
 */
const { railsStatusPage, isPlainObject } = require('./common');
const { railsInt, railsBool } = require('./chatwoot-core');
const { newConversationStates, nextStatus, toggleStatusJson } = require('./chatwoot-state');
const { historyPlan } = require('./history-seed');
const { NINETY_NINE_DIGITAL: NND } = require('./fixtures');

const json = (status, body) => ({ status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body });
/** Rails `render json: nil`: the four bytes "null". */
const jsonNull = () => json(200, 'null');
/** Rails `head :ok`. */
const headOk = () => ({ status: 200, body: undefined });
const notFound = () => json(404, { error: 'Resource could not be found' });
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** Current upstream (Dec 2026). Each flag names the PR that introduced it or why it is a variant. */
const CURRENT_SERVER = Object.freeze({
  botCustomAttributes: true, // CW#11447 (2025-05-08): bot tokens may POST custom_attributes
  botTyping: true, // CW#13705 (2026-03-04): bot tokens may toggle typing
  botReadsConversation: true, // CW#14655 (2026-06-05): bot tokens may GET the conversation and GET/POST labels
  agentBotAssignment: true, // CW#14870 (2026-06-26): assignee_type "AgentBot"; meta shows the bot owner [UNCONFIRMED release]
  customAttributesMerge: true, // CW#15119 (2026-07-21): merge flag and destroy_custom_attributes
  filterInternalMessages: true, // [UNCONFIRMED first release] filter_internal_messages=true on the messages list
  typingRecording: true, // [UNCONFIRMED first release] typing_status "recording"
  messagesHasMore: false, // [UNCONFIRMED upstream] some versions add meta.has_more to the messages list
  undefinedLabels: 'accept', // upstream (CW#13918 open); 'drop' as some forks; 'reject' = CW#14159's 422 (not merged)
  agentsMayAssign: true, // [UNCONFIRMED] Pundit assign? for role agent; false → 401 unless self-assigning an unassigned one
  unknownStatus: 500, // [UNCONFIRMED] an unknown status raises ArgumentError, not rescued → 500; or 422
});

const PRIORITIES = ['low', 'medium', 'high', 'urgent'];
const ROUTE = /^\/api\/v1\/accounts\/([^/]+)\/(.+?)(?:\.json)?$/;

/** → {name, account, conversation?, contact?, inbox?} or null */
function matchRoute(method, path) {
  const m = ROUTE.exec(path);
  if (!m) return null;
  const [, account, rest] = m;
  let r;
  if ((r = /^conversations\/([^/]+)$/.exec(rest))) {
    if (method === 'GET') return { name: 'showConversation', account, conversation: r[1] };
    if (method === 'PATCH' || method === 'PUT') return { name: 'updateConversation', account, conversation: r[1] };
    return null;
  }
  if ((r = /^conversations\/([^/]+)\/(assignments|toggle_status|labels|toggle_priority|toggle_typing_status|custom_attributes|destroy_custom_attributes)$/.exec(rest))) {
    const names = {
      assignments: 'assign', toggle_status: 'toggleStatus', toggle_priority: 'togglePriority', toggle_typing_status: 'toggleTyping',
      custom_attributes: 'setCustomAttributes', destroy_custom_attributes: 'destroyCustomAttributes',
    };
    if (r[2] === 'labels' && (method === 'GET' || method === 'POST')) return { name: method === 'GET' ? 'getLabels' : 'setLabels', account, conversation: r[1] };
    return method === 'POST' && names[r[2]] ? { name: names[r[2]], account, conversation: r[1] } : null;
  }
  if (rest === 'contacts/filter' && method === 'POST') return { name: 'filterContacts', account };
  if ((r = /^contacts\/(\d+)$/.exec(rest)) && (method === 'GET' || method === 'PUT' || method === 'PATCH')) return { name: method === 'GET' ? 'showContact' : 'updateContact', account, contact: r[1] };
  if ((r = /^contacts\/(\d+)\/destroy_custom_attributes$/.exec(rest)) && method === 'POST') return { name: 'destroyContactAttributes', account, contact: r[1] };
  if (method !== 'GET') return null;
  if (rest === 'teams') return { name: 'teams', account };
  if (rest === 'labels') return { name: 'labels', account };
  if (rest === 'agent_bots') return { name: 'agentBots', account };
  if ((r = /^inbox_members\/(\d+)$/.exec(rest))) return { name: 'inboxMembers', account, inbox: r[1] };
  return null;
}

/**
 * BOT_ACCESSIBLE_ENDPOINTS (access_token_auth_helper.rb) for the server's features; the routes
 * chatwoot.js itself serves are named as it names them.
 */
function botMayCall(name, features) {
  if (['createMessage', 'createConversation', 'updateConversation', 'toggleStatus', 'togglePriority', 'assign'].includes(name)) return true;
  if (name === 'setCustomAttributes' || name === 'destroyCustomAttributes') return features.botCustomAttributes;
  if (name === 'toggleTyping') return features.botTyping;
  if (['showConversation', 'getLabels', 'setLabels'].includes(name)) return features.botReadsConversation;
  return false;
}

const agentJson = (a) => ({
  id: a.id, account_id: NND.accountId, availability_status: 'online', auto_offline: true, confirmed: true,
  email: a.email, available_name: a.name, name: a.name, role: a.role, thumbnail: '',
});
const agentBotSlim = () => ({ id: NND.bot.id, name: NND.bot.name, description: 'Answers first', thumbnail: '', outgoing_url: 'https://bot.acme.example/chatwoot', bot_type: 'webhook', bot_config: {}, account_id: NND.accountId });
const teamJson = (t, caller) => ({ id: t.id, name: t.name, description: t.description, allow_auto_assign: t.allow_auto_assign, account_id: NND.accountId, is_member: caller != null && t.memberIds.includes(caller.id) });
const labelJson = (l) => ({ id: l.id, title: l.title, description: l.description, color: l.color, show_on_sidebar: l.show_on_sidebar });
const findAgent = (id) => NND.agents.find((a) => a.id === id);
/** CREDENTIALS.ninetyNineDigital.agentAccessToken belongs to Eli Agent (role agent). */
const AGENT_TOKEN_USER_ID = 2;
const findTeam = (id) => NND.teams.find((t) => t.id === id);
const uuidOf = (id) => `5a1e0000-0000-4000-8000-${String(id).padStart(12, '0')}`;

/**
 * @param {{people, store, contactOf: (id) => object, initialOf: (id) => object|null,
 *          attachmentJson: (messageId, file) => object, lastMessageOf: (id) => object|null}} deps
 */
function newChatwootActions(deps) {
  const states = newConversationStates(deps.initialOf);
  /** Seeded and activity messages: display id → [{id, private, messageType, createdAt, json}]. */
  const history = new Map();
  const typing = [];
  /** bot_handoff! calls (a bot token opening a pending conversation). */
  const handoffs = [];
  const features = { ...CURRENT_SERVER };

  const callerOf = (auth) => (auth.kind === 'user' ? findAgent(NND.user.id) : auth.kind === 'agent' ? findAgent(AGENT_TOKEN_USER_ID) : null);
  const callerName = (auth) => (auth.kind === 'bot' ? NND.bot.name : callerOf(auth).name);

  function addHistory(conversationId, entry) {
    if (!history.has(conversationId)) history.set(conversationId, []);
    history.get(conversationId).push(entry);
    return entry;
  }

  /** assignment_handler / activity_message_handler: each *change* writes an activity message (wording [UNCONFIRMED]). */
  function activity(conversationId, content) {
    const id = deps.store.nextMessageId++;
    const createdAt = Math.floor(Date.now() / 1000);
    addHistory(conversationId, {
      id, private: false, messageType: 2, createdAt,
      json: { id, content, inbox_id: NND.inboxId, conversation_id: conversationId, message_type: 2, content_type: 'text', status: 'sent', content_attributes: {}, created_at: createdAt, private: false, source_id: null },
    });
  }

  /**
   * Conversation#changed attributes' names (conversation.rb list_of_keys; the bot owner since
   * CW#14870), as WebhookListener names them in `changed_attributes`.
   */
  const ATTRIBUTE_OF = {
    status: 'status', snoozedUntil: 'snoozed_until', teamId: 'team_id', labels: 'label_list', priority: 'priority', customAttributes: 'custom_attributes',
  };
  function changedAttribute(field, from, to) {
    if (field !== 'assignee') return [{ [ATTRIBUTE_OF[field]]: { previous_value: from, current_value: to } }];
    // The assignee is two columns: a person (assignee_id) or, since CW#14870, the bot (assignee_agent_bot_id).
    const column = (a, type) => (a && a.type === type ? a.id : null);
    return [['assignee_id', 'User'], ['assignee_agent_bot_id', 'AgentBot']]
      .filter(([, type]) => column(from, type) !== column(to, type))
      .map(([name, type]) => ({ [name]: { previous_value: column(from, type), current_value: column(to, type) } }));
  }

  /**
   * Every write of a conversation's state: one save in Rails, so one set of changed attributes,
   * announced through `deps.onConversationChanged` (the webhook events) when anything changed.
   */
  function change(seq, id, patch) {
    const before = states.snapshot(id);
    const changed = states.set(seq, id, patch);
    if (changed.length && deps.onConversationChanged) {
      deps.onConversationChanged(id, changed.flatMap((field) => changedAttribute(field, before[field], states.get(id)[field])));
    }
    return changed;
  }

  function assigneeMeta(state) {
    const a = state.assignee;
    if (!a) return { assignee: null };
    if (a.type === 'AgentBot') {
      // Older partials showed only a human assignee (vendor-actions.md §1.2) [UNCONFIRMED which release adds the bot].
      return features.agentBotAssignment ? { assignee: { id: NND.bot.id, name: NND.bot.name, type: 'agent_bot' }, assignee_type: 'AgentBot' } : { assignee: null };
    }
    return { assignee: agentJson(findAgent(a.id)), assignee_type: 'User' };
  }

  /** _conversation.json.jbuilder */
  function conversationJson(id) {
    const state = states.get(id);
    const team = state.teamId != null ? findTeam(state.teamId) : null;
    const last = deps.lastMessageOf(id);
    return {
      meta: { sender: { ...deps.contactOf(id), type: 'contact' }, channel: state.channel, ...assigneeMeta(state), team: team ? teamJson(team, null) : null, hmac_verified: false },
      id, messages: last ? [last] : [], account_id: NND.accountId, uuid: uuidOf(id), additional_attributes: {},
      agent_last_seen_at: 0, assignee_last_seen_at: 0, can_reply: true, contact_last_seen_at: 0,
      custom_attributes: { ...state.customAttributes }, inbox_id: state.inboxId, labels: [...state.labels], muted: false,
      snoozed_until: state.snoozedUntil, status: state.status, created_at: state.createdAt, updated_at: state.createdAt,
      timestamp: last ? last.created_at : state.createdAt, first_reply_created_at: null, unread_count: 0,
      last_activity_at: last ? last.created_at : state.createdAt, priority: state.priority, waiting_since: null, sla_policy_id: null,
    };
  }

  function assign(seq, id, params, auth) {
    const state = states.get(id);
    const caller = callerOf(auth);
    if (has(params, 'assignee_id')) {
      const raw = params.assignee_id;
      if (features.agentBotAssignment && params.assignee_type === 'AgentBot' && raw != null && raw !== '') {
        if (railsInt(raw) !== NND.bot.id) return notFound(); // [UNCONFIRMED] AgentBot.find raises
        // CW#14870: the bot owns it, pending, the human assignee cleared.
        if (change(seq, id, { assignee: { type: 'AgentBot', id: NND.bot.id }, status: 'pending' }).includes('assignee')) activity(id, `Assigned to ${NND.bot.name} by ${callerName(auth)}`);
        return json(200, agentBotSlim());
      }
      // assignments_controller.rb: users.find_by(id:) — an unknown id finds nil and UNASSIGNS, answering null
      // [UNCONFIRMED: read from the controller, not stated in the fact sheet].
      const agent = raw == null || raw === '' ? null : findAgent(railsInt(raw)) || null;
      const selfAssign = agent && caller && agent.id === caller.id && !state.assignee;
      if (auth.kind === 'agent' && !features.agentsMayAssign && !selfAssign) return json(401, { error: 'You are not authorized to do this action' });
      const patch = { assignee: agent ? { type: 'User', id: agent.id } : null };
      // A human taking a bot-owned pending conversation opens it (CW#14870).
      if (agent && state.assignee && state.assignee.type === 'AgentBot' && state.status === 'pending') patch.status = 'open';
      if (change(seq, id, patch).includes('assignee')) activity(id, agent ? `Assigned to ${agent.name} by ${callerName(auth)}` : `Conversation unassigned by ${callerName(auth)}`);
      return agent ? json(200, { ...agentJson(agent), see_all_conversations: false }) : jsonNull();
    }
    if (has(params, 'team_id')) {
      const team = params.team_id == null || params.team_id === '' ? null : findTeam(railsInt(params.team_id)) || null;
      const patch = { teamId: team ? team.id : null };
      // ensure_assignee_is_from_team: a non-member assignee is cleared, or replaced when the team auto-assigns.
      let assignee = state.assignee;
      if (team && assignee && assignee.type === 'User' && !team.memberIds.includes(assignee.id)) assignee = null;
      if (team && !assignee && team.allow_auto_assign && team.memberIds.length) assignee = { type: 'User', id: team.memberIds[0] };
      patch.assignee = assignee;
      const changed = change(seq, id, patch);
      if (changed.includes('teamId')) activity(id, team ? `Assigned to ${team.name} team by ${callerName(auth)}` : `Unassigned from team by ${callerName(auth)}`);
      return team ? json(200, teamJson(team, caller)) : jsonNull();
    }
    return jsonNull(); // controller branches on params.key?: neither key is a no-op
  }

  function toggleStatus(seq, id, params, auth, record) {
    const state = states.get(id);
    const wanted = nextStatus(state, params);
    if (wanted.invalid !== undefined) {
      return features.unknownStatus === 500 ? railsStatusPage(record, 500, 'Internal Server Error') : json(422, { error: `'${wanted.invalid}' is not a valid status` });
    }
    const patch = { status: wanted.next, snoozedUntil: wanted.snoozedUntil };
    const owner = state.assignee;
    if (auth.kind === 'bot' && state.status === 'pending' && wanted.next === 'open') {
      // bot_handoff!: opens and (since CW#14875) clears the bot owner.
      if (owner && owner.type === 'AgentBot') patch.assignee = null;
      handoffs.push({ seq, conversationId: id });
    } else if (auth.kind !== 'bot' && wanted.next === 'open') {
      // handle_human_open: clears the AI owner; an agent-role caller takes the conversation (administrators do not).
      if (owner && owner.type === 'AgentBot') patch.assignee = null;
      const caller = callerOf(auth);
      if (caller.role === 'agent') patch.assignee = { type: 'User', id: caller.id };
    }
    if (change(seq, id, patch).includes('status')) activity(id, `Conversation was marked ${wanted.next} by ${callerName(auth)}`);
    return json(200, toggleStatusJson(id, states.get(id)));
  }

  function setLabels(seq, id, params, auth) {
    const raw = params.labels;
    // acts-as-taggable: an array or a comma-separated string; absent/null clears the list [UNCONFIRMED].
    const titles = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : []).map((t) => t.trim()).filter(Boolean);
    let list = titles.filter((t, i) => titles.findIndex((u) => u.toLowerCase() === t.toLowerCase()) === i);
    const known = (t) => NND.labels.some((l) => l.title === t);
    if (features.undefinedLabels === 'drop') list = list.filter(known);
    if (features.undefinedLabels === 'reject' && list.some((t) => !known(t))) {
      return json(422, { error: `Labels not found: ${list.filter((t) => !known(t)).join(', ')}` }); // [UNCONFIRMED] CW#14159's shape
    }
    const before = states.get(id).labels;
    if (change(seq, id, { labels: list }).includes('labels')) {
      const added = list.filter((t) => !before.includes(t));
      const removed = before.filter((t) => !list.includes(t));
      if (added.length) activity(id, `${callerName(auth)} added ${added.join(', ')}`);
      if (removed.length) activity(id, `${callerName(auth)} removed ${removed.join(', ')}`);
    }
    return json(200, { payload: [...list] });
  }

  /** priority.presence: absent, null or "" clears; "none" is not in the enum (422 on 4.18). */
  function readPriority(params) {
    const raw = params.priority;
    if (raw == null || raw === '') return { value: null };
    if (!PRIORITIES.includes(raw)) return { error: json(422, { error: `'${raw}' is not a valid priority` }) };
    return { value: raw };
  }

  function setPriority(seq, id, params, auth) {
    const read = readPriority(params);
    if (read.error) return read.error;
    if (change(seq, id, { priority: read.value }).includes('priority')) activity(id, `${callerName(auth)} set the priority to ${read.value || 'none'}`);
    return null;
  }

  function customAttributes(seq, id, params, destroy) {
    const state = states.get(id);
    let next;
    if (destroy) {
      next = { ...state.customAttributes };
      for (const key of Array.isArray(params.custom_attributes) ? params.custom_attributes : []) delete next[key];
    } else {
      const sent = isPlainObject(params.custom_attributes) ? params.custom_attributes : {};
      next = features.customAttributesMerge && railsBool(params.merge) ? { ...state.customAttributes, ...sent } : { ...sent };
    }
    change(seq, id, { customAttributes: next });
    return json(200, { custom_attributes: next }); // [UNCONFIRMED] answer shape
  }

  /** Routes that need no conversation: contacts and pickers. */
  function accountRoute(route, params, query, auth) {
    const caller = callerOf(auth);
    switch (route.name) {
      case 'teams': return json(200, NND.teams.map((t) => teamJson(t, caller)));
      case 'labels': return json(200, { payload: NND.labels.map(labelJson) });
      case 'agentBots': return json(200, [agentBotSlim()]);
      case 'inboxMembers':
        if (!NND.inboxes.some((inbox) => inbox.id === railsInt(route.inbox))) return notFound();
        return json(200, { payload: NND.agents.map(agentJson) });
      case 'filterContacts': {
        const result = deps.people.filter(params.payload, query.page);
        return json(result.status, result.body);
      }
      default: {
        const contact = deps.people.find(railsInt(route.contact));
        if (!contact) return notFound();
        if (route.name === 'showContact') return json(200, { payload: deps.people.json(contact) });
        const result = route.name === 'updateContact' ? deps.people.update(contact, params) : deps.people.destroyAttributes(contact, params.custom_attributes);
        return json(result.status, result.body);
      }
    }
  }

  /** Routes on one conversation (its existence already checked). */
  function conversationRoute(route, id, params, auth, record) {
    const seq = record.seq;
    switch (route.name) {
      case 'showConversation': return json(200, conversationJson(id));
      case 'updateConversation': {
        if (has(params, 'priority')) {
          const refused = setPriority(seq, id, params, auth);
          if (refused) return refused;
        }
        return json(200, conversationJson(id));
      }
      case 'assign': return assign(seq, id, params, auth);
      case 'toggleStatus': return toggleStatus(seq, id, params, auth, record);
      case 'getLabels': return json(200, { payload: [...states.get(id).labels] });
      case 'setLabels': return setLabels(seq, id, params, auth);
      case 'togglePriority': return setPriority(seq, id, params, auth) || headOk();
      case 'toggleTyping': {
        const allowed = ['on', 'off', ...(features.typingRecording ? ['recording'] : [])];
        // TypingStatusManager: nothing is stored; an unknown value dispatches nothing.
        if (allowed.includes(params.typing_status)) typing.push({ seq, conversationId: id, status: params.typing_status, isPrivate: railsBool(params.is_private), by: auth.kind });
        return headOk();
      }
      case 'setCustomAttributes': return customAttributes(seq, id, params, false);
      case 'destroyCustomAttributes':
        if (!features.customAttributesMerge) return railsStatusPage(record, 404, 'Not Found');
        return customAttributes(seq, id, params, true);
      default: return null;
    }
  }

  /**
   * Seeds a long history (oldest first): customers, agents, the bot, private notes, files. Ids
   * come from the same counter as every message, so call it before the messages a test sends.
   */
  function seedHistory(conversationId, count = 1000) {
    const contact = deps.contactOf(conversationId);
    const plan = historyPlan(count);
    return plan.map((step) => {
      const id = deps.store.nextMessageId++;
      const createdAt = Math.floor(step.atMs / 1000);
      const agent = NND.agents[step.index % NND.agents.length];
      const sender = step.role === 'customer' ? { ...contact, type: 'contact' }
        : step.role === 'bot' ? { id: NND.bot.id, name: NND.bot.name, avatar_url: '', type: 'agent_bot' }
          : { id: agent.id, name: agent.name, available_name: agent.name, avatar_url: '', type: 'user', availability_status: 'online', thumbnail: '' };
      const isPrivate = step.role === 'note';
      const messageType = step.role === 'customer' ? 0 : 1;
      const attachments = step.file ? [deps.attachmentJson(id, step.file)] : [];
      return addHistory(conversationId, {
        id, private: isPrivate, messageType, createdAt,
        json: {
          id, content: step.content, inbox_id: NND.inboxId, conversation_id: conversationId, message_type: messageType, content_type: 'text',
          status: 'sent', content_attributes: {}, created_at: createdAt, private: isPrivate, source_id: null, sender,
          ...(attachments.length ? { attachments } : {}),
        },
      }).json;
    });
  }

  /**
   * The conversation in a webhook (push_event_data): the assignee without email, a bot as
   * {type: "agent_bot"}, assignee_type on newer servers (vendor-actions.md §1.13).
   */
  function webhookState(id) {
    const state = states.get(id);
    if (!state) return undefined;
    const a = state.assignee;
    const agent = a && a.type === 'User' ? findAgent(a.id) : null;
    const assignee = agent ? { id: agent.id, name: agent.name, available_name: agent.name, avatar_url: '', type: 'user', availability_status: 'online', thumbnail: '' }
      : a && a.type === 'AgentBot' ? { id: NND.bot.id, name: NND.bot.name, avatar_url: '', type: 'agent_bot' } : null;
    const team = state.teamId != null ? findTeam(state.teamId) : null;
    return {
      status: state.status, labels: [...state.labels], priority: state.priority,
      meta: { assignee, ...(features.agentBotAssignment ? { assignee_type: a ? a.type : null } : {}), team: team ? { id: team.id, name: team.name } : null },
    };
  }

  /**
   * Conversation#webhook_data (EventDataPresenter#push_data): the body of a conversation event —
   * the conversation as webhooks show it, `id` its display id, `updated_at` a float of seconds, no
   * account_id (vendor-actions.md §1.13).
   */
  function pushData(id) {
    const { account_id: _account, uuid: _uuid, ...conversation } = conversationJson(id);
    const { meta, ...fields } = webhookState(id);
    return { ...conversation, ...fields, meta: { ...conversation.meta, ...meta }, waiting_since: 0, updated_at: Date.now() / 1000 };
  }

  return {
    features,
    states,
    webhookState,
    conversationJson,
    pushData,
    change,
    typing,
    handoffs,
    historyOf: (id) => history.get(id) || [],
    seedHistory,
    agentJson,
    botMayCall: (name) => botMayCall(name, features),
    accountRoute,
    conversationRoute,
    reset() {
      states.reset();
      history.clear();
      typing.length = 0;
      handoffs.length = 0;
      for (const key of Object.keys(features)) delete features[key];
      Object.assign(features, CURRENT_SERVER);
    },
  };
}

/**
 * MessageFinder (message_finder.rb) over `entries` sorted by id: no cursor → the latest 20;
 * before=<id> → 20 older; after=<id> → ≤100 newer; after+before → ≤1000 in range;
 * before_timestamp=<unix s> → 20 older; each page oldest first. filter_internal_messages=true
 * drops private notes and activity messages. → {page, hasMore}
 */
function pageMessages(entries, query, features) {
  let list = entries;
  if (features.filterInternalMessages && String(query.filter_internal_messages) === 'true') list = list.filter((e) => !e.private && e.messageType !== 2);
  const after = query.after != null ? railsInt(query.after) : null;
  const before = query.before != null ? railsInt(query.before) : null;
  if (after != null) {
    const newer = list.filter((e) => e.id > after && (before == null || e.id < before));
    return { page: newer.slice(0, before == null ? 100 : 1000), hasMore: false };
  }
  if (before != null) list = list.filter((e) => e.id < before);
  else if (query.before_timestamp != null) list = list.filter((e) => e.createdAt < railsInt(query.before_timestamp));
  return { page: list.slice(-20), hasMore: list.length > 20 };
}

module.exports = { newChatwootActions, matchRoute, pageMessages, CURRENT_SERVER };
