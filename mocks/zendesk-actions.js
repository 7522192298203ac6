'use strict';
/**
 * Zendesk ticket actions and the account's directory for the Zendesk mock (vendor-zendesk.md §8).
 *
 *   GET    /api/v2/tickets/:id          {ticket} (comments are never embedded, §7)
 *   PUT    /api/v2/tickets/:id          the fields below ride in the core mock's update (zendesk.js), checked here:
 *                                       assignee_id (an agent or admin; null unassigns), group_id (null: none),
 *                                       priority urgent|high|normal|low|null, tags (replaces the list, §8)
 *   GET    /api/v2/tickets/:id/tags     {tags}
 *   PUT    /api/v2/tickets/:id/tags     {tags: […]} adds; POST sets (replaces); DELETE (JSON body {tags}) removes → {tags}
 *   GET    /api/v2/groups               {groups}, cursor paging page[size] ≤ 100 / page[after]
 *   GET    /api/v2/users?role[]=…       {users} with those roles (agent, admin, end-user), cursor paging
 *   GET    /api/v2/tags                 {tags: [{name, count}]}
 *
 * Every field a write really changed is recorded in `changes` ({seq, ticketId, field, from, to}):
 * a test asserts "a second identical run changes nothing" by comparing it before and after.
 */
const { ZENDESK } = require('./fixtures');
const { cursorPage } = require('./zendesk-webhooks');

const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
/** Zendesk stores tags lower case, one word each (a space separates tags). */
const tagsOf = (list) => [...new Set(list.flatMap((tag) => String(tag).toLowerCase().trim().split(/\s+/)).filter(Boolean))];

/**
 * @param {{ ok(body: object, status?: number): object, error(status, error, description?, details?): object,
 *           invalid(details: object): object, ticket(id): object|undefined, tickets(): object[], users(): object[],
 *           ticketJson(ticket): object, userJson(user): object }} deps
 */
function newZendeskActions(deps) {
  const changes = [];
  const reset = () => { changes.length = 0; };

  function set(seq, ticket, field, value) {
    if (same(ticket[field], value)) return false;
    changes.push({ seq, ticketId: ticket.id, field, from: ticket[field], to: value });
    ticket[field] = value;
    return true;
  }

  const userById = (id) => deps.users().find((user) => String(user.id) === String(id));
  const isAgent = (id) => { const user = userById(id); return !!user && user.role !== 'end-user'; };
  const groupById = (id) => ZENDESK.groups.find((group) => String(group.id) === String(id));

  /** The ticket fields of an update other than its comment and status: the problems, or none. */
  function check(t) {
    const problems = {};
    if (has(t, 'assignee_id') && t.assignee_id !== null && !isAgent(t.assignee_id)) problems.assignee = [{ description: `Assignee: ${t.assignee_id} is not an agent` }];
    if (has(t, 'group_id') && t.group_id !== null && !groupById(t.group_id)) problems.group = [{ description: `Group: ${t.group_id} not found` }];
    if (has(t, 'priority') && t.priority !== null && !PRIORITIES.includes(t.priority)) problems.priority = [{ description: `Priority: ${t.priority} is not valid` }];
    if (has(t, 'tags') && !Array.isArray(t.tags)) problems.tags = [{ description: 'Tags must be a list' }];
    return Object.keys(problems).length ? deps.invalid(problems) : null;
  }

  /** Applies the checked fields; answers the audit's Change events. */
  function apply(seq, ticket, t) {
    const events = [];
    const change = (field, value) => {
      const previous = ticket[field];
      if (set(seq, ticket, field, value)) events.push({ type: 'Change', field_name: field, value, previous_value: previous });
    };
    if (has(t, 'assignee_id')) change('assignee_id', t.assignee_id === null ? null : Number(t.assignee_id));
    if (has(t, 'group_id')) change('group_id', t.group_id === null ? null : Number(t.group_id));
    if (has(t, 'priority')) change('priority', t.priority);
    if (has(t, 'tags')) change('tags', tagsOf(t.tags));
    return events;
  }

  /** The tag endpoints (§8): PUT adds, POST sets, DELETE removes; all {tags: […]}. */
  function tagging(record, params, ticket) {
    if (record.method === 'GET') return deps.ok({ tags: [...ticket.tags] });
    const given = params.tags;
    if (!Array.isArray(given) || !given.length) return deps.error(400, 'InvalidValue', 'tags must be a non-empty list');
    const tags = tagsOf(given);
    const next = record.method === 'POST' ? tags
      : record.method === 'PUT' ? [...ticket.tags, ...tags.filter((tag) => !ticket.tags.includes(tag))]
        : ticket.tags.filter((tag) => !tags.includes(tag));
    set(record.seq, ticket, 'tags', next);
    return deps.ok({ tags: [...ticket.tags] }, record.method === 'POST' ? 201 : 200);
  }

  function matchRoute(method, path) {
    let m;
    if ((m = /^\/api\/v2\/tickets\/(\d+)$/.exec(path)) && method === 'GET') return { name: 'showTicket', id: m[1] };
    if ((m = /^\/api\/v2\/tickets\/(\d+)\/tags$/.exec(path)) && ['GET', 'PUT', 'POST', 'DELETE'].includes(method)) return { name: 'tags', id: m[1] };
    if (path === '/api/v2/groups' && method === 'GET') return { name: 'groups' };
    if (path === '/api/v2/users' && method === 'GET') return { name: 'users' };
    if (path === '/api/v2/tags' && method === 'GET') return { name: 'accountTags' };
    return null;
  }

  /** → the answer to a route matchRoute found; `params` is the JSON body ({} without one). */
  function handle(route, params, record) {
    switch (route.name) {
      case 'groups':
        return cursorPage(deps, record, ZENDESK.groups.map((group) => ({ id: group.id, name: group.name, default: group.id === ZENDESK.groups[0].id, deleted: false })), 'groups', '/api/v2/groups');
      case 'users': {
        const roles = [].concat(record.query['role[]'] ?? record.query.role ?? []);
        const known = ['end-user', 'agent', 'admin'];
        if (roles.some((role) => !known.includes(role))) return deps.error(400, 'InvalidValue', `role must be one of ${known.join(', ')}`);
        const users = deps.users().filter((user) => !roles.length || roles.includes(user.role));
        return cursorPage(deps, record, users.map(deps.userJson), 'users', '/api/v2/users');
      }
      case 'accountTags': {
        const counts = new Map();
        for (const ticket of deps.tickets()) for (const tag of ticket.tags) counts.set(tag, (counts.get(tag) || 0) + 1);
        return deps.ok({ tags: [...counts].map(([name, count]) => ({ name, count })), count: counts.size });
      }
      default: {
        const ticket = deps.ticket(route.id);
        if (!ticket) return deps.error(404, 'RecordNotFound', 'Not found');
        return route.name === 'showTicket' ? deps.ok({ ticket: deps.ticketJson(ticket) }) : tagging(record, params, ticket);
      }
    }
  }

  return { changes, check, apply, matchRoute, handle, reset };
}

module.exports = { newZendeskActions };
