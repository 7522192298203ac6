'use strict';
/* Self-tests for the Zendesk mock's webhooks, triggers, deliveries (zendesk-webhooks.js) and ticket actions (zendesk-actions.js). */
const crypto = require('node:crypto');
const http = require('node:http');
const { startZendeskMock, fixtures } = require('./index');

const { CREDENTIALS: C } = fixtures;
const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const ADMIN = basic(`${C.zendesk.adminEmail}/token`, C.zendesk.adminApiToken);
const AGENT = basic(`${C.zendesk.email}/token`, C.zendesk.apiToken);

/** Where the deliveries go: answers 200, or the statuses queued in `answers` first. */
const receiver = { url: null, answers: [], server: null };

let zd;
beforeAll(async () => {
  zd = await startZendeskMock();
  receiver.server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(receiver.answers.shift() || 200).end());
  });
  await new Promise((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${receiver.server.address().port}`;
});
afterAll(async () => {
  await zd.close();
  await new Promise((resolve) => receiver.server.close(resolve));
});
beforeEach(() => { zd.reset(); receiver.answers.length = 0; });

async function call(path, { method = 'GET', auth = ADMIN, json } = {}) {
  const res = await fetch(`${zd.baseUrl}${path}`, {
    method,
    headers: { Authorization: auth, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : null };
}
const webhook = (subscriptions, extra = {}) => ({ webhook: { name: 'n8n', endpoint: `${receiver.url}/hook`, http_method: 'POST', request_format: 'json', status: 'active', subscriptions, ...extra } });

describe('Zendesk webhooks and triggers', () => {
  test('administrators only: an agent\'s token is refused with 403', async () => {
    expect((await call('/api/v2/webhooks', { auth: AGENT })).status).toBe(403);
    expect((await call('/api/v2/triggers', { method: 'POST', auth: AGENT, json: {} })).status).toBe(403);
  });

  test('a webhook is subscribed to events or connected to triggers, never both; events need POST and JSON', async () => {
    expect((await call('/api/v2/webhooks', { method: 'POST', json: webhook(['conditional_ticket_events', 'zen:event-type:ticket.comment_added']) })).status).toBe(400);
    expect((await call('/api/v2/webhooks', { method: 'POST', json: webhook(['zen:event-type:ticket.comment_added'], { http_method: 'PUT' }) })).status).toBe(400);
    expect((await call('/api/v2/webhooks', { method: 'POST', json: webhook([]) })).status).toBe(400);
    zd.webhookFeatures.ticketEvents = false;
    expect((await call('/api/v2/webhooks', { method: 'POST', json: webhook(['zen:event-type:ticket.comment_added']) })).status).toBe(400);
    const created = await call('/api/v2/webhooks', { method: 'POST', json: webhook(['conditional_ticket_events']) });
    expect(created.status).toBe(201);
    const secret = await call(`/api/v2/webhooks/${created.data.webhook.id}/signing_secret`);
    expect(secret.data.signing_secret).toEqual({ algorithm: 'SHA256', secret: zd.webhooks.get(created.data.webhook.id).secret });
    expect((await call(`/api/v2/webhooks/${created.data.webhook.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/api/v2/webhooks/${created.data.webhook.id}`)).status).toBe(404);
  });

  test('webhooks are listed 100 a page at most, by cursor', async () => {
    for (let i = 0; i < 130; i++) await call('/api/v2/webhooks', { method: 'POST', json: webhook(['conditional_ticket_events'], { name: `hook ${i}` }) });
    const first = await call('/api/v2/webhooks?page[size]=100');
    expect(first.data.webhooks).toHaveLength(100);
    expect(first.data.meta.has_more).toBe(true);
    const second = await call(`/api/v2/webhooks?page[size]=100&page[after]=${first.data.meta.after_cursor}`);
    expect(second.data.webhooks).toHaveLength(30);
    expect(second.data.meta.has_more).toBe(false);
    expect((await call('/api/v2/webhooks?page[size]=101')).status).toBe(400);
  });

  test('a trigger\'s notification_webhook value must be [id, body] of a trigger-connected webhook', async () => {
    const events = (await call('/api/v2/webhooks', { method: 'POST', json: webhook(['zen:event-type:ticket.comment_added']) })).data.webhook;
    const triggers = (await call('/api/v2/webhooks', { method: 'POST', json: webhook(['conditional_ticket_events']) })).data.webhook;
    const trigger = (value) => ({ trigger: { title: 'T', conditions: { all: [{ field: 'role', operator: 'is', value: 'end_user' }] }, actions: [{ field: 'notification_webhook', value }] } });
    expect((await call('/api/v2/triggers', { method: 'POST', json: trigger(triggers.id) })).status).toBe(422);
    expect((await call('/api/v2/triggers', { method: 'POST', json: trigger([events.id, '{}']) })).status).toBe(422);
    expect((await call('/api/v2/triggers', { method: 'POST', json: { trigger: { title: 'T', conditions: {}, actions: [] } } })).status).toBe(422);
    expect((await call('/api/v2/triggers', { method: 'POST', json: trigger([triggers.id, '{"ticket_id":"{{ticket.id}}"}']) })).status).toBe(201);
  });

  test('a comment is delivered signed as Zendesk signs: base64 HMAC-SHA256 of timestamp + body; triggers fill their placeholders', async () => {
    const events = (await call('/api/v2/webhooks', { method: 'POST', json: webhook(['zen:event-type:ticket.comment_added'], { endpoint: `${receiver.url}/events` }) })).data.webhook;
    const viaTrigger = (await call('/api/v2/webhooks', { method: 'POST', json: webhook(['conditional_ticket_events'], { endpoint: `${receiver.url}/trigger` }) })).data.webhook;
    await call('/api/v2/triggers', {
      method: 'POST',
      json: { trigger: { title: 'T', conditions: { all: [{ field: 'role', operator: 'is', value: 'end_user' }, { field: 'comment_is_public', operator: 'is', value: 'true' }] }, actions: [{ field: 'notification_webhook', value: [viaTrigger.id, '{"ticket_id":"{{ticket.id}}","status":"{{ticket.status}}","assignee_id":"{{ticket.assignee.id}}"}'] }] } },
    });
    const { comment, deliveries } = await zd.customerWrites({ ticketId: 101, body: 'Hello' });
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    for (const delivery of deliveries) {
      const secret = zd.webhooks.get(delivery.webhookId).secret;
      const expected = crypto.createHmac('sha256', secret).update(delivery.headers['X-Zendesk-Webhook-Signature-Timestamp'] + delivery.body).digest('base64');
      expect(delivery.headers['X-Zendesk-Webhook-Signature']).toBe(expected);
    }
    const byUrl = Object.fromEntries(deliveries.map((d) => [new URL(d.url).pathname, d.json]));
    expect(byUrl['/events']).toMatchObject({ type: 'zen:event-type:ticket.comment_added', subject: 'zen:ticket:101', detail: { id: '101', requester_id: '501', status: 'OPEN' }, event: { comment: { id: String(comment.id), body: 'Hello', is_public: true, author: { id: '501' } } } });
    expect(byUrl['/trigger']).toEqual({ ticket_id: '101', status: 'Open', assignee_id: '' });
    expect(events.id).not.toBe(viaTrigger.id);
    // An agent's comment matches no "role is end_user" trigger; the event subscription hears it.
    const agentComment = await zd.customerWrites({ ticketId: 101, body: 'Agent here', authorId: 9003 });
    expect(agentComment.deliveries.map((d) => new URL(d.url).pathname)).toEqual(['/events']);
  });

  test('ticket events: documented types only (400 in Zendesk\'s envelope otherwise); each write announces what it changed, signed', async () => {
    const unknown = await call('/api/v2/webhooks', { method: 'POST', json: webhook(['zen:event-type:ticket.comment_added', 'zen:event-type:ticket.assigned']) });
    expect(unknown.status).toBe(400);
    expect(unknown.data).toMatchObject({ error: 'InvalidValue', description: expect.stringContaining('zen:event-type:ticket.assigned'), details: { subscriptions: [expect.any(Object)] } });
    const types = ['created', 'status_changed', 'agent_assignment_changed', 'group_assignment_changed', 'tags_changed'].map((name) => `zen:event-type:ticket.${name}`);
    const hook = (await call('/api/v2/webhooks', { method: 'POST', json: webhook(types) })).data.webhook;
    const put = (ticket) => call('/api/v2/tickets/103', { method: 'PUT', auth: AGENT, json: { ticket } });
    await put({ status: 'pending', assignee_id: 9003, group_id: 7002 });
    await put({ status: 'pending' });
    await call('/api/v2/tickets/103/tags', { method: 'PUT', auth: AGENT, json: { tags: ['vip'] } });
    await call('/api/v2/tickets', { method: 'POST', auth: AGENT, json: { ticket: { subject: 'New', comment: { body: 'Hi' }, requester_id: 501 } } });
    await zd.deliveriesSettled();
    const sent = zd.deliveries.map((d) => d.json);
    expect(sent.map((body) => body.type.replace('zen:event-type:ticket.', ''))).toEqual(['status_changed', 'agent_assignment_changed', 'group_assignment_changed', 'tags_changed', 'created']);
    expect(sent[0]).toMatchObject({ subject: 'zen:ticket:103', detail: { id: '103', status: 'PENDING', assignee_id: '9003', group_id: '7002', actor_id: '9001' }, event: { current: 'PENDING', previous: 'OPEN' } });
    // One write, one sequence and one time.
    expect(new Set(sent.slice(0, 3).map((body) => body.event.meta.sequence.id)).size).toBe(1);
    expect(new Set(sent.slice(0, 3).map((body) => body.time)).size).toBe(1);
    expect(sent[3]).toMatchObject({ detail: { tags: ['vip'] }, event: { tags_added: ['vip'], tags_removed: [] } });
    for (const delivery of zd.deliveries) {
      const expected = crypto.createHmac('sha256', zd.webhooks.get(hook.id).secret).update(delivery.headers['X-Zendesk-Webhook-Signature-Timestamp'] + delivery.body).digest('base64');
      expect(delivery.headers['X-Zendesk-Webhook-Signature']).toBe(expected);
    }
    // Not subscribed: a comment is not delivered to this webhook.
    await zd.customerWrites({ ticketId: 103, body: 'Hello' });
    expect(zd.deliveries).toHaveLength(5);
  });

  test('an answer Zendesk retries (503) is delivered again with the same invocation id', async () => {
    await call('/api/v2/webhooks', { method: 'POST', json: webhook(['zen:event-type:ticket.comment_added']) });
    receiver.answers.push(503);
    await zd.customerWrites({ ticketId: 102, body: 'Once' });
    expect(zd.deliveries.map((d) => [d.status, d.redelivery])).toEqual([[503, false], [200, true]]);
    expect(zd.deliveries[0].invocationId).toBe(zd.deliveries[1].invocationId);
  });
});

describe('Zendesk ticket actions', () => {
  test('ticket fields in an update are checked before anything is written; a repeat changes nothing', async () => {
    expect((await call('/api/v2/tickets/103', { method: 'PUT', auth: AGENT, json: { ticket: { assignee_id: 501 } } })).status).toBe(422);
    expect((await call('/api/v2/tickets/103', { method: 'PUT', auth: AGENT, json: { ticket: { priority: 'medium' } } })).status).toBe(422);
    expect(zd.ticketChanges).toEqual([]);
    const put = () => call('/api/v2/tickets/103', { method: 'PUT', auth: AGENT, json: { ticket: { assignee_id: 9003, group_id: 7002, priority: 'high' } } });
    expect((await put()).data.ticket).toMatchObject({ assignee_id: 9003, group_id: 7002, priority: 'high' });
    await put();
    expect(zd.ticketChanges.map((c) => c.field)).toEqual(['assignee_id', 'group_id', 'priority']);
  });

  test('tags: PUT adds, DELETE (with a JSON body) removes, POST replaces; lower case, one word each', async () => {
    const tags = (method, list) => call('/api/v2/tickets/104/tags', { method, auth: AGENT, json: { tags: list } });
    expect((await tags('PUT', ['VIP', 'refund'])).data.tags).toEqual(['vip', 'refund']);
    expect((await tags('DELETE', ['refund'])).data.tags).toEqual(['vip']);
    expect((await tags('POST', ['a', 'b'])).data.tags).toEqual(['a', 'b']);
    expect((await tags('PUT', [])).status).toBe(400);
  });

  test('agents and admins by role[], groups, 404 for an unknown ticket', async () => {
    const agents = await call('/api/v2/users?role[]=agent&role[]=admin', { auth: AGENT });
    expect(agents.data.users.map((u) => u.id)).toEqual([9001, 9002, 9003]);
    expect((await call('/api/v2/users?role[]=owner', { auth: AGENT })).status).toBe(400);
    expect((await call('/api/v2/groups', { auth: AGENT })).data.groups.map((g) => g.name)).toEqual(['Support', 'Billing']);
    expect((await call('/api/v2/tickets/9999', { auth: AGENT })).status).toBe(404);
  });
});
