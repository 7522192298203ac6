'use strict';
/**
 * Zendesk's ticket events for the Zendesk mock's event-subscribed webhooks (vendor-zendesk.md §9.2,
 * §9.6): which `zen:event-type:ticket.*` names a webhook may subscribe to, the envelope's `detail`
 * (the ticket after the change), and the events one ticket write announces.
 *
 * Only `ticket.comment_added` and `ticket.status_changed` are quoted in the fact sheet; the other
 * names are Zendesk's documented ticket event types and the `event` objects below ({current,
 * previous}, tags added and removed) follow its EventBridge examples: [UNCONFIRMED] in shape.
 */
const crypto = require('node:crypto');

const TICKET_EVENT = (name) => `zen:event-type:ticket.${name}`;

/** Ticket event types Zendesk documents; another `zen:event-type:ticket.…` is refused (400). */
const TICKET_EVENT_TYPES = [
  'created', 'comment_added', 'status_changed', 'agent_assignment_changed', 'group_assignment_changed', 'tags_changed',
  'priority_changed', 'subject_changed', 'description_changed', 'brand_changed', 'organization_changed', 'requester_changed',
  'custom_field_changed', 'comment_made_private', 'comment_redacted', 'attachment_linked_to_comment', 'attachment_redacted_from_comment',
  'external_id_changed', 'followers_changed', 'problem_link_changed',
].map(TICKET_EVENT);

const upper = (value) => (value == null ? null : String(value).toUpperCase());
const idText = (value) => (value == null ? null : String(value));

/** The ticket as a ticket event's `detail` shows it (§9.6): ids as strings, words in capitals. */
function ticketDetail(ticket, actorId, channel) {
  return {
    actor_id: idText(actorId), assignee_id: idText(ticket.assignee_id), brand_id: '360000001', created_at: ticket.created_at, custom_status: null,
    description: ticket.description || '', external_id: ticket.external_id == null ? null : String(ticket.external_id), form_id: '360000002',
    group_id: idText(ticket.group_id), id: String(ticket.id), is_public: true, organization_id: null, priority: upper(ticket.priority),
    requester_id: String(ticket.requester_id), status: upper(ticket.status), subject: ticket.subject || '',
    submitter_id: String(ticket.submitter_id || ticket.requester_id), tags: [...(ticket.tags || [])], type: null, updated_at: ticket.updated_at,
    via: { channel: channel || 'web_service' },
  };
}

const changed = (field, type, before, after, current = (t) => idText(t[field])) =>
  before[field] === after[field] ? [] : [{ type, event: { current: current(after), previous: current(before) } }];

/**
 * The events a write announces: `before` null means the ticket was just created. Each carries
 * `meta.sequence` (one id per write, §9.5: their order is not guaranteed).
 */
function ticketChangeEvents(before, after) {
  const found = before === null
    ? [{ type: TICKET_EVENT('created'), event: {} }]
    : [
      ...changed('status', TICKET_EVENT('status_changed'), before, after, (t) => upper(t.status)),
      ...changed('assignee_id', TICKET_EVENT('agent_assignment_changed'), before, after),
      ...changed('group_id', TICKET_EVENT('group_assignment_changed'), before, after),
      ...(JSON.stringify(before.tags) === JSON.stringify(after.tags) ? [] : [{
        type: TICKET_EVENT('tags_changed'),
        event: { tags_added: after.tags.filter((tag) => !before.tags.includes(tag)), tags_removed: before.tags.filter((tag) => !after.tags.includes(tag)) },
      }]),
    ];
  const sequence = crypto.randomUUID().replace(/-/g, '').toUpperCase();
  return found.map(({ type, event }, index) => ({ type, event: { meta: { sequence: { id: sequence, position: index + 1, total: found.length } }, ...event } }));
}

module.exports = { TICKET_EVENT_TYPES, ticketDetail, ticketChangeEvents };
