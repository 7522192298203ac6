'use strict';
/**
 * Zendesk's webhooks, their signing secrets and triggers, and the deliveries, for the Zendesk mock
 * (vendor-zendesk.md §9). Admin only (§9.1): other users get 403.
 *
 *   GET    /api/v2/webhooks                     cursor paging page[size] (≤100) / page[after]; filter[name_contains]
 *   POST   /api/v2/webhooks                     {webhook: {name, endpoint, http_method, request_format, status, subscriptions}} → 201
 *   GET    /api/v2/webhooks/:id                 → {webhook}; DELETE → 204
 *   GET    /api/v2/webhooks/:id/signing_secret  → {signing_secret: {algorithm: 'SHA256', secret}}; POST resets it
 *   GET    /api/v2/triggers                     cursor paging; GET /api/v2/triggers/:id; DELETE → 204
 *   POST   /api/v2/triggers                     {trigger: {title, conditions: {all, any}, actions: [{field: 'notification_webhook', value: [webhookId, body]}]}} → 201
 *
 * A webhook is either subscribed to events (zen:event-type:…; ticket events of the documented types
 * only, zendesk-ticket-events.js) or connected to triggers ('conditional_ticket_events'), never both
 * (§9.1). When a comment is added, each active webhook subscribed to
 * zen:event-type:ticket.comment_added gets the event envelope (§9.6); when a ticket is created or its
 * status, agent, group or tags change, each webhook subscribed to that ticket event gets its own; each trigger
 * whose conditions match notifies its webhook with its body, placeholders filled (§9.3). Every
 * delivery is signed: base64(HMAC-SHA256(secret, timestamp + body)) with the headers of §9.4.
 * An answer in `features.retryStatuses` (or no answer) is redelivered, same invocation id, up to
 * `features.maxRetries` times (§9.5, [UNCONFIRMED] details).
 */
const crypto = require('node:crypto');
const { makeDeliveries } = require('./webhook-delivery');
const { TICKET_EVENT_TYPES, ticketChangeEvents, ticketDetail } = require('./zendesk-ticket-events');

const COMMENT_ADDED = 'zen:event-type:ticket.comment_added';
const TRIGGER_SUBSCRIPTION = 'conditional_ticket_events';

const FEATURES = Object.freeze({
  ticketEvents: true, // [UNCONFIRMED] per account/plan (§9.1): false refuses ticket event subscriptions
  timestampFormat: 'iso', // 'iso' as the docs' example, 'unix' as some integrations parse it (§9.4)
  retryStatuses: [409, 429, 503], // answers Zendesk redelivers ([UNCONFIRMED], HOOKDECK); a timeout too
  maxRetries: 3,
});

const STATUS_WORDS = { new: 'New', open: 'Open', pending: 'Pending', hold: 'On-hold', solved: 'Solved', closed: 'Closed' };

/** Cursor paging as Zendesk's list endpoints answer it (§7, §9.2): page[size] ≤ 100, page[after]. */
function cursorPage(deps, record, items, key, path) {
  const sizeRaw = record.query['page[size]'];
  const size = sizeRaw == null ? 100 : Number(sizeRaw);
  if (!Number.isInteger(size) || size < 1 || size > 100) return deps.error(400, 'InvalidPaginationParameter', 'page[size] must be from 1 to 100');
  const after = record.query['page[after]'];
  let start = 0;
  if (after != null) {
    const decoded = Number(Buffer.from(String(after), 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) return deps.error(400, 'InvalidPaginationParameter', 'page[after] is not a valid cursor');
    start = decoded;
  }
  const slice = items.slice(start, start + size);
  const hasMore = start + size < items.length;
  const cursor = (n) => Buffer.from(String(n)).toString('base64url');
  return deps.ok({
    [key]: slice,
    meta: { has_more: hasMore, after_cursor: hasMore ? cursor(start + size) : null, before_cursor: start > 0 ? cursor(Math.max(0, start - size)) : null },
    links: { next: hasMore ? `${path}?page[size]=${size}&page[after]=${cursor(start + size)}` : null, prev: null },
  });
}

/**
 * @param {{
 *   ok(body: object, status?: number): object, error(status: number, error: string, description?: string, details?: object): object,
 *   isAdmin(record): boolean, userIdOf(record): number (the API user), user(id): object|null,
 *   accountId: number, logFile?: string,
 * }} deps
 */
function newZendeskWebhooks(deps) {
  const features = { ...FEATURES };
  const deliveries = makeDeliveries('zendesk', { logFile: deps.logFile, timeoutMs: 12000 });
  const webhooks = new Map();
  const triggers = new Map();
  /** Deliveries with their redeliveries, until the last attempt is answered. */
  const inFlight = new Set();
  let nextWebhookId;
  let nextTriggerId;
  const reset = () => {
    webhooks.clear();
    triggers.clear();
    nextWebhookId = 1;
    nextTriggerId = 360000001;
    deliveries.reset();
    for (const key of Object.keys(features)) delete features[key];
    Object.assign(features, FEATURES);
  };
  reset();

  const secretOf = () => crypto.randomBytes(32).toString('base64');
  const now = () => new Date().toISOString();

  function webhookJson(w) {
    return {
      id: w.id, name: w.name, status: w.status, endpoint: w.endpoint, http_method: w.http_method, request_format: w.request_format,
      subscriptions: [...w.subscriptions], created_at: w.created_at, updated_at: w.updated_at, created_by: w.created_by, updated_by: w.created_by,
    };
  }
  const triggerJson = (t) => ({ url: null, id: t.id, title: t.title, active: t.active, position: t.position, conditions: t.conditions, actions: t.actions, created_at: t.created_at, updated_at: t.updated_at });

  function createWebhook(record, params) {
    const w = params.webhook;
    if (!w || typeof w !== 'object') return deps.error(400, 'InvalidValue', 'webhook is required');
    if (typeof w.name !== 'string' || !w.name.trim()) return deps.error(400, 'InvalidValue', 'Name cannot be blank', { name: [{ description: 'Name cannot be blank', error: 'BlankValue' }] });
    if (typeof w.endpoint !== 'string' || !/^https?:\/\/\S+$/.test(w.endpoint)) return deps.error(400, 'InvalidValue', 'Endpoint must be a valid URL', { endpoint: [{ description: 'Endpoint must be a valid URL', error: 'InvalidValue' }] });
    if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(w.http_method)) return deps.error(400, 'InvalidValue', 'http_method is invalid');
    if (!['json', 'xml', 'form_encoded'].includes(w.request_format)) return deps.error(400, 'InvalidValue', 'request_format is invalid');
    if (!['active', 'inactive'].includes(w.status)) return deps.error(400, 'InvalidValue', 'status is invalid');
    const subscriptions = Array.isArray(w.subscriptions) ? w.subscriptions.map(String) : [];
    const toTriggers = subscriptions.includes(TRIGGER_SUBSCRIPTION);
    const events = subscriptions.filter((s) => s.startsWith('zen:event-type:'));
    if (!subscriptions.length || (toTriggers && subscriptions.length > 1) || (!toTriggers && events.length !== subscriptions.length)) {
      return deps.error(400, 'InvalidValue', 'A webhook is either connected to triggers and automations or subscribed to events, not both', { subscriptions: [{ description: 'Invalid subscriptions', error: 'InvalidValue' }] });
    }
    if (events.length && (w.http_method !== 'POST' || w.request_format !== 'json')) return deps.error(400, 'InvalidValue', 'Event subscriptions need http_method POST and request_format json');
    const unknown = events.filter((e) => e.startsWith('zen:event-type:ticket.') && !TICKET_EVENT_TYPES.includes(e));
    if (unknown.length) {
      return deps.error(400, 'InvalidValue', `Invalid event type: ${unknown.join(', ')}`, { subscriptions: [{ description: `${unknown[0]} is not a valid event type`, error: 'InvalidValue' }] }); // [UNCONFIRMED wording]
    }
    if (events.some((e) => e.startsWith('zen:event-type:ticket.')) && !features.ticketEvents) {
      return deps.error(400, 'InvalidValue', 'Ticket events are not available for this account', { subscriptions: [{ description: 'Subscription is not available', error: 'InvalidValue' }] });
    }
    const t = now();
    const webhook = {
      id: `01H${String(nextWebhookId++).padStart(23, '0')}`, name: w.name, status: w.status, endpoint: w.endpoint, http_method: w.http_method,
      request_format: w.request_format, subscriptions, secret: secretOf(), created_at: t, updated_at: t, created_by: String(deps.userIdOf(record)),
    };
    webhooks.set(webhook.id, webhook);
    if (typeof api.onWebhookCreated === 'function') api.onWebhookCreated(webhookJson(webhook));
    return deps.ok({ webhook: webhookJson(webhook) }, 201);
  }

  function createTrigger(params) {
    const t = params.trigger;
    if (!t || typeof t !== 'object') return deps.error(400, 'InvalidValue', 'trigger is required');
    if (typeof t.title !== 'string' || !t.title.trim()) return deps.error(422, 'RecordInvalid', 'Record validation errors', { title: [{ description: 'Title: cannot be blank', error: 'BlankValue' }] });
    const conditions = t.conditions && typeof t.conditions === 'object' ? t.conditions : {};
    const all = Array.isArray(conditions.all) ? conditions.all : [];
    const any = Array.isArray(conditions.any) ? conditions.any : [];
    if (!all.length && !any.length) return deps.error(422, 'RecordInvalid', 'Record validation errors', { conditions: [{ description: 'Conditions: must have at least one', error: 'InvalidValue' }] });
    if ([...all, ...any].some((c) => !c || typeof c.field !== 'string' || c.value === undefined)) return deps.error(422, 'RecordInvalid', 'Record validation errors', { conditions: [{ description: 'Conditions: invalid condition', error: 'InvalidValue' }] });
    const actions = Array.isArray(t.actions) ? t.actions : [];
    if (!actions.length) return deps.error(422, 'RecordInvalid', 'Record validation errors', { actions: [{ description: 'Actions: must have at least one', error: 'BlankValue' }] });
    for (const action of actions) {
      if (action.field !== 'notification_webhook') continue;
      // value must be [webhookId, bodyString] (salto's badFormatWebhookActionValidator, §9.3).
      if (!Array.isArray(action.value) || action.value.length !== 2 || typeof action.value[1] !== 'string') {
        return deps.error(422, 'RecordInvalid', 'Record validation errors', { actions: [{ description: 'notification_webhook value must be [webhook id, body]', error: 'InvalidValue' }] });
      }
      const target = webhooks.get(String(action.value[0]));
      if (!target || !target.subscriptions.includes(TRIGGER_SUBSCRIPTION)) {
        return deps.error(422, 'RecordInvalid', 'Record validation errors', { actions: [{ description: 'The webhook does not exist or is not connected to triggers', error: 'InvalidValue' }] });
      }
    }
    const at = now();
    const trigger = { id: nextTriggerId++, title: t.title, active: t.active !== false, position: triggers.size + 1, conditions: { all, any }, actions, created_at: at, updated_at: at };
    triggers.set(String(trigger.id), trigger);
    return deps.ok({ trigger: triggerJson(trigger) }, 201);
  }

  function matchRoute(method, path) {
    let m;
    if (path === '/api/v2/webhooks' && (method === 'GET' || method === 'POST')) return { name: method === 'GET' ? 'listWebhooks' : 'createWebhook' };
    if ((m = /^\/api\/v2\/webhooks\/([^/]+)$/.exec(path)) && (method === 'GET' || method === 'DELETE')) return { name: method === 'GET' ? 'showWebhook' : 'deleteWebhook', id: m[1] };
    if ((m = /^\/api\/v2\/webhooks\/([^/]+)\/signing_secret$/.exec(path)) && (method === 'GET' || method === 'POST')) return { name: method === 'GET' ? 'secret' : 'resetSecret', id: m[1] };
    if (path === '/api/v2/triggers' && (method === 'GET' || method === 'POST')) return { name: method === 'GET' ? 'listTriggers' : 'createTrigger' };
    if ((m = /^\/api\/v2\/triggers\/(\d+)$/.exec(path)) && (method === 'GET' || method === 'DELETE')) return { name: method === 'GET' ? 'showTrigger' : 'deleteTrigger', id: m[1] };
    return null;
  }

  function handle(route, params, record) {
    if (!deps.isAdmin(record)) return deps.error(403, 'Forbidden', 'You do not have access to this page');
    const missing = () => deps.error(404, 'RecordNotFound', 'Not found');
    switch (route.name) {
      case 'listWebhooks': {
        const contains = record.query['filter[name_contains]'];
        const list = [...webhooks.values()].filter((w) => contains == null || w.name.includes(String(contains))).map(webhookJson);
        return cursorPage(deps, record, list, 'webhooks', '/api/v2/webhooks');
      }
      case 'createWebhook': return createWebhook(record, params);
      case 'showWebhook': return webhooks.has(route.id) ? deps.ok({ webhook: webhookJson(webhooks.get(route.id)) }) : missing();
      case 'deleteWebhook': {
        if (!webhooks.delete(route.id)) return missing();
        return { status: 204 };
      }
      case 'secret':
      case 'resetSecret': {
        const w = webhooks.get(route.id);
        if (!w) return missing();
        if (route.name === 'resetSecret') w.secret = secretOf();
        return deps.ok({ signing_secret: { algorithm: 'SHA256', secret: w.secret } }, route.name === 'resetSecret' ? 201 : 200);
      }
      case 'listTriggers': return cursorPage(deps, record, [...triggers.values()].map(triggerJson), 'triggers', '/api/v2/triggers');
      case 'createTrigger': return createTrigger(params);
      case 'showTrigger': return triggers.has(route.id) ? deps.ok({ trigger: triggerJson(triggers.get(route.id)) }) : missing();
      case 'deleteTrigger': return triggers.delete(route.id) ? { status: 204 } : missing();
      default: return null;
    }
  }

  // ------------------------------------------------------------------ deliveries

  /** Does the trigger condition hold for this update? Unknown fields never match. */
  function holds(condition, update) {
    const { field, operator = 'is', value } = condition;
    let actual;
    const wanted = String(value);
    if (field === 'comment_is_public') {
      if (wanted === 'not_relevant') return true; // "present (public or private)"
      if (wanted === 'requester_can_see_comment') return update.comment.public === true;
      actual = String(update.comment.public);
    } else if (field === 'role') {
      actual = update.authorRole === 'end-user' ? 'end_user' : update.authorRole;
    } else if (field === 'update_type') {
      actual = update.created ? 'Create' : 'Change';
    } else return false;
    return operator === 'is_not' ? actual !== wanted : actual === wanted;
  }

  function placeholders(template, update) {
    const ticket = update.ticket;
    const values = {
      'ticket.id': ticket.id, 'current_user.id': update.comment.author_id, 'ticket.requester.id': ticket.requester_id,
      'ticket.assignee.id': ticket.assignee_id, 'ticket.group.id': ticket.group_id, 'ticket.status': STATUS_WORDS[ticket.status] || ticket.status,
    };
    return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name) => (values[name] == null ? '' : String(values[name])));
  }

  /** A ticket event's envelope (§9.6): `detail` is the ticket after the change. */
  const envelope = (type, ticket, time, detail, event) => ({
    type, account_id: deps.accountId, id: crypto.randomUUID(), time, zendesk_event_version: '2022-11-06', subject: `zen:ticket:${ticket.id}`, detail, event,
  });

  function eventBody(update) {
    const { ticket, comment } = update;
    const author = deps.user(comment.author_id) || {};
    return envelope(COMMENT_ADDED, ticket, comment.created_at, ticketDetail(ticket, comment.author_id, update.channel), {
      comment: { id: String(comment.id), body: comment.body, is_public: comment.public, author: { id: String(comment.author_id), name: author.name || null, is_staff: author.role !== 'end-user' } },
    });
  }

  /** Signs and sends one body to one webhook; redelivers on the answers Zendesk retries. */
  async function deliver(webhook, bodyText, meta) {
    const invocationId = meta.invocationId || crypto.randomUUID();
    let record;
    for (let attempt = 0; attempt <= features.maxRetries; attempt++) {
      const timestamp = features.timestampFormat === 'unix' ? String(Math.floor(Date.now() / 1000)) : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const signature = crypto.createHmac('sha256', webhook.secret).update(timestamp + bodyText).digest('base64');
      record = await deliveries.send(webhook.endpoint, bodyText, {
        'X-Zendesk-Webhook-Signature': signature,
        'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
        'X-Zendesk-Webhook-Id': webhook.id,
        'X-Zendesk-Webhook-Invocation-Id': invocationId,
        'X-Zendesk-Account-Id': String(deps.accountId),
      }, { ...meta, webhookId: webhook.id, invocationId, deliveryId: invocationId, redelivery: attempt > 0 });
      const retried = record.status == null || features.retryStatuses.includes(record.status);
      if (!retried) break;
    }
    return record;
  }

  /**
   * A comment was added to a ticket (by the customer, an agent in the UI, or the API): every
   * webhook that hears it gets one delivery. `update` = {ticket, comment, authorRole, created?}
   * (created: the ticket's first comment; comments here are on tickets that exist).
   */
  function commentAdded(update) {
    const sends = [];
    for (const webhook of webhooks.values()) {
      if (webhook.status !== 'active') continue;
      if (webhook.subscriptions.includes(COMMENT_ADDED)) sends.push(deliver(webhook, JSON.stringify(eventBody(update)), { topic: COMMENT_ADDED }));
    }
    for (const trigger of triggers.values()) {
      if (!trigger.active) continue;
      const { all, any } = trigger.conditions;
      if (!all.every((c) => holds(c, update)) || (any.length && !any.some((c) => holds(c, update)))) continue;
      for (const action of trigger.actions) {
        const webhook = action.field === 'notification_webhook' ? webhooks.get(String(action.value[0])) : null;
        if (webhook && webhook.status === 'active') sends.push(deliver(webhook, placeholders(action.value[1], update), { topic: 'trigger', triggerId: trigger.id }));
      }
    }
    return tracked(sends);
  }

  const tracked = (sends) => {
    const all = Promise.all(sends);
    inFlight.add(all);
    all.finally(() => inFlight.delete(all)).catch(() => {});
    return all;
  };

  /**
   * A ticket was created (`before` null) or written (`before` the ticket as it was): each webhook
   * subscribed to an event the write caused gets one delivery per event, all at the time of the
   * write. Trigger-connected webhooks hear nothing here (their triggers are set off by comments).
   */
  function ticketChanged({ before, after, actorId }) {
    const sends = [];
    for (const { type, event } of ticketChangeEvents(before, after)) {
      const body = JSON.stringify(envelope(type, after, after.updated_at, ticketDetail(after, actorId), event));
      for (const webhook of webhooks.values()) {
        if (webhook.status === 'active' && webhook.subscriptions.includes(type)) sends.push(deliver(webhook, body, { topic: type }));
      }
    }
    return tracked(sends);
  }

  const api = {
    features, webhooks, triggers, matchRoute, handle, commentAdded, ticketChanged, reset,
    deliveries: deliveries.sent,
    async settled() {
      while (inFlight.size) await Promise.all([...inFlight]);
      await deliveries.settled();
    },
    /** Sends a delivery again as Zendesk would after a failure: same body and invocation id, signed anew. */
    redeliver: (record) => deliver(webhooks.get(record.webhookId), record.body, { topic: record.topic, invocationId: record.invocationId }),
    /** Called the instant a webhook is stored, before its creator has the answer (null: nothing). */
    onWebhookCreated: null,
  };
  return api;
}

module.exports = { newZendeskWebhooks, cursorPage, COMMENT_ADDED, TRIGGER_SUBSCRIPTION };
