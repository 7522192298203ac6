'use strict';
/* Self-tests for the loopback mock vendors: real HTTP with Node's fetch (and a raw socket for broken bodies). */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const crypto = require('node:crypto');
const { startMockVendors, startCaptureServer, startChatwootMock, fixtures } = require('./index');

const { CREDENTIALS: C, INTERCOM, ALL_SECRETS, WRONG_SECRET } = fixtures;
const LOG = path.join(os.tmpdir(), `mock-vendors-${process.pid}-${Date.now()}.log`);
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

function buildMultipart(parts, boundary = `----mockBoundary${crypto.randomBytes(6).toString('hex')}`) {
  const chunks = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    chunks.push(Buffer.from(p.filename !== undefined
      ? `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType || 'application/octet-stream'}\r\n\r\n`
      : `Content-Disposition: form-data; name="${p.name}"\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(String(p.value)));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function call(url, { method = 'GET', headers = {}, body, json, redirect = 'manual', signal } = {}) {
  const h = { ...headers };
  let b = body;
  if (json !== undefined) { b = JSON.stringify(json); if (!('Content-Type' in h)) h['Content-Type'] = 'application/json'; }
  const res = await fetch(url, { method, headers: h, body: b, redirect, signal });
  const text = await res.text();
  let data = text;
  try { data = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, data };
}

/** Raw HTTP over a socket, so Content-Length can lie. Resolves with the raw response text. */
function rawRequest(port, head, body, { endAfterMs = 1500 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    sock.on('data', (d) => { out += d.toString('latin1'); });
    sock.on('close', () => resolve(out));
    sock.on('error', () => resolve(out));
    sock.write(head);
    sock.write(body);
    setTimeout(() => sock.destroy(), endAfterMs);
  });
}

let v;
let capture;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(300)]);
const PDF = Buffer.from('%PDF-1.4\n% mock pdf\n%%EOF\n');

beforeAll(async () => {
  v = await startMockVendors({ logFile: LOG });
  capture = await startCaptureServer();
});
afterAll(async () => {
  await v.close();
  await capture.close();
  fs.rmSync(LOG, { force: true });
});
beforeEach(() => { v.reset(); capture.reset(); });

describe('User.com / UserEngage', () => {
  const auth = { Authorization: `Token ${C.userEngage.apiKey}`, Accept: '*/*; version=2' };
  const url = () => `${v.userEngage.baseUrl}/message/`;

  test('creates a message: 201 with an empty body, recorded once', async () => {
    expect(v.userEngage.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/public$/);
    const r = await call(url(), { method: 'POST', headers: auth, json: { conversation: '48', content: 'Hi <b>user</b>', user: 926, source: 3, source_context: { id: 1 } } });
    expect(r.status).toBe(201);
    expect(r.text).toBe('');
    expect(v.userEngage.messages).toHaveLength(1);
    expect(v.userEngage.messages[0]).toMatchObject({ conversation: 48, content: 'Hi <b>user</b>', user: 926, source: 3, source_context: { id: 1 } });
    expect(v.userEngage.requests[0]).toMatchObject({ method: 'POST', path: '/api/public/message/', status: 201, authenticated: true });
  });

  test('auth, validation, 404, missing slash, wrong method, credential test', async () => {
    let r = await call(url(), { method: 'POST', json: { conversation: 1, content: 'x', user: 926 } });
    expect(r).toMatchObject({ status: 401, data: { detail: 'Authentication credentials were not provided.' } });
    expect(r.headers.get('www-authenticate')).toBe('Token');
    r = await call(url(), { method: 'POST', headers: { Authorization: `Token ${WRONG_SECRET}` }, json: {} });
    expect(r).toMatchObject({ status: 401, data: { detail: 'Invalid token.' } });
    r = await call(url(), { method: 'POST', headers: auth, json: { conversation: 'abc', user: 926 } });
    expect(r).toMatchObject({ status: 400, data: { conversation: ['A valid integer is required.'], content: ['This field is required.'] } });
    r = await call(url(), { method: 'POST', headers: auth, json: { conversation: 5000, content: 'x', user: 926 } });
    expect(r).toMatchObject({ status: 404, data: { detail: 'Not found.' } });
    r = await call(`${v.userEngage.baseUrl}/message`, { method: 'POST', headers: auth, json: { conversation: 1, content: 'x', user: 926 } });
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/api/public/message/');
    r = await call(url(), { headers: auth });
    expect(r).toMatchObject({ status: 405, data: { detail: 'Method "GET" not allowed.' } });
    r = await call(url(), { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{"conversation":1}' });
    expect(r.status).toBe(415);
    r = await call(`${v.userEngage.baseUrl}/users/`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.data).toEqual(expect.objectContaining({ count: 3, next: null, previous: null, results: expect.any(Array) }));
    expect(v.userEngage.messages).toHaveLength(0);
  });

  test('fault after create and DRF 429', async () => {
    v.userEngage.failNext({ status: 500, afterCreate: true });
    let r = await call(url(), { method: 'POST', headers: auth, json: { conversation: 2, content: 'x', user: 927 } });
    expect(r.status).toBe(500);
    expect(v.userEngage.messages).toHaveLength(1);
    v.userEngage.rateLimitNext(1, { retryAfterSeconds: 7 });
    r = await call(url(), { method: 'POST', headers: auth, json: { conversation: 2, content: 'x', user: 927 } });
    expect(r).toMatchObject({ status: 429, data: { detail: 'Request was throttled. Expected available in 7 seconds.' } });
    expect(r.headers.get('retry-after')).toBe('7');
    expect(v.userEngage.messages).toHaveLength(1);
  });
});

describe('User.com: conversation update and contacts', () => {
  const auth = { Authorization: `Token ${C.userEngage.apiKey}`, Accept: '*/*; version=2' };
  const u = (p) => `${v.userEngage.baseUrl}${p}`;
  const ue = () => v.userEngage;

  test('PATCH: active is required; assigned_to taken as given; closing takes it off the open list', async () => {
    let r = await call(u('/conversations/553/'), { method: 'PATCH', headers: auth, json: { assigned_to: 927 } });
    expect(r).toMatchObject({ status: 400, data: { active: ['This field is required.'] } });
    r = await call(u('/conversations/553/'), { method: 'PATCH', headers: auth, json: { active: 'maybe' } });
    expect(r).toMatchObject({ status: 400, data: { active: ['Must be a valid boolean.'] } });
    r = await call(u('/conversations/553/'), { method: 'PATCH', headers: auth, json: { active: true, assigned_to: 927 } });
    expect(r).toMatchObject({ status: 200, data: { id: 553, active: true, agent: 927 } });
    const changes = ue().stateChanges.length;
    await call(u('/conversations/553/'), { method: 'PATCH', headers: auth, json: { active: true, assigned_to: 927 } });
    expect(ue().stateChanges).toHaveLength(changes);
    r = await call(u('/conversations/553/'), { method: 'PATCH', headers: auth, json: { active: false } });
    expect(r.data).toMatchObject({ active: false, agent: 927 });
    r = await call(u('/conversations/?status=true'), { headers: auth });
    expect(r.data.results.map((c) => c.id)).not.toContain(553);
    expect(ue().conversationState(553)).toEqual({ active: false, agentId: 927 });
    expect((await call(u('/conversations/5000/'), { method: 'PATCH', headers: auth, json: { active: true } })).status).toBe(404);
    ue().features.conversationEnvelope = 'results';
    r = await call(u('/conversations/553/'), { headers: auth });
    expect(r.data).toMatchObject({ results: { id: 553, active: false, messages: expect.any(Array) }, next: null, previous: null });
  });

  test('update_or_create by custom_id (attributes must exist), PUT by id, search by email', async () => {
    let r = await call(u('/users/update_or_create/'), { method: 'POST', headers: auth, json: { custom_id: 'crm-9', email: 'nine@customer.example', plan: 'gold' } });
    expect(r).toMatchObject({ status: 200, data: { created: true, id: expect.any(Number) } });
    const id = r.data.id;
    r = await call(u('/users/update_or_create/'), { method: 'POST', headers: auth, json: { custom_id: 'crm-9', tier: 2 } });
    expect(r.data).toEqual({ created: false, id });
    r = await call(u('/users/update_or_create/'), { method: 'POST', headers: auth, json: { custom_id: 'crm-9', favourite_colour: 'red' } });
    expect(r).toMatchObject({ status: 400, data: { favourite_colour: [expect.any(String)] } });
    r = await call(u(`/users/${id}/`), { method: 'PUT', headers: auth, json: { first_name: 'Nina', last_name: 'Nine' } });
    expect(r.data).toMatchObject({ id, name: 'Nina Nine', attributes: [{ name: 'plan', value: 'gold' }, { name: 'tier', value: 2 }] });
    r = await call(u('/users/search/?email=nine@customer.example'), { headers: auth });
    expect(r.data).toMatchObject({ id, email: 'nine@customer.example' });
    expect((await call(u('/users/search/?email=nobody@customer.example'), { headers: auth })).status).toBe(404);
  });

  test('a long conversation is read inline', async () => {
    ue().seedHistory(554, 300);
    const r = await call(u('/conversations/554/'), { headers: auth });
    expect(r.data.messages).toHaveLength(302);
    expect(r.data.messages[2]).toMatchObject({ content: '<p>Customer message 1</p>', user: { id: r.data.user.id } });
  });
});

describe('EngageLab LiveDesk', () => {
  const auth = { Authorization: basic(C.engageLab.apiKey, C.engageLab.apiSecret) };
  const url = (id = 141) => `${v.engageLab.baseUrl}/api/v2/accounts/conversations/${id}/messages`;

  test('JSON message and multipart with two files', async () => {
    let r = await call(url(), { method: 'POST', headers: auth, json: { content: 'Agent sending message', private: false, content_attributes: { in_reply_to: 29 } } });
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ content: 'Agent sending message', conversation_id: 141, message_type: 1, content_type: 'text', status: 'sent', private: false, sorting_id: 1, sender: { id: 3, type: 'user' } });
    expect(r.data.attachments).toBeUndefined();
    const mp = buildMultipart([
      { name: 'content', value: 'Detailed image as follows' },
      { name: 'attachments[]', filename: 'icon.png', contentType: 'image/png', value: PNG },
      { name: 'attachments[]', filename: 'terms.pdf', contentType: 'application/pdf', value: PDF },
    ]);
    r = await call(url(), { method: 'POST', headers: { ...auth, 'Content-Type': mp.contentType }, body: mp.body });
    expect(r.status).toBe(200);
    expect(r.data.attachments.map((a) => [a.file_type, a.file_size])).toEqual([['image', PNG.length], ['file', PDF.length]]);
    const msg = v.engageLab.messages[1];
    expect(msg.files.map((f) => [f.filename, f.sha256])).toEqual([['icon.png', sha(PNG)], ['terms.pdf', sha(PDF)]]);
    expect(v.engageLab.requests[1].files).toHaveLength(2);
    const blob = await fetch(r.data.attachments[0].data_url);
    expect(Buffer.from(await blob.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test('errors, contacts, dropped connection, 429', async () => {
    let r = await call(url(), { method: 'POST', headers: { Authorization: basic(C.engageLab.apiKey, WRONG_SECRET) }, json: { content: 'x' } });
    expect(r).toMatchObject({ status: 401, data: { error: expect.any(String) } });
    r = await call(url(1234), { method: 'POST', headers: auth, json: { content: 'x' } });
    expect(r).toMatchObject({ status: 404, data: { error: 'Resource could not be found' } });
    r = await call(`${v.engageLab.baseUrl}/api/v2/accounts/contacts?page=1`, { headers: auth });
    expect(r).toMatchObject({ status: 200, data: { meta: { count: 3, current_page: '1' } } });
    v.engageLab.failNext({ dropConnection: true });
    await expect(fetch(url(), { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"content":"x"}' })).rejects.toThrow();
    v.engageLab.rateLimitNext(1);
    r = await call(url(), { method: 'POST', headers: auth, json: { content: 'x' } });
    expect(r).toMatchObject({ status: 429, text: 'Retry later\n' });
    expect(v.engageLab.messages).toHaveLength(0);
  });
});

describe('EngageLab LiveDesk: status and contact update (all it documents)', () => {
  const auth = { Authorization: basic(C.engageLab.apiKey, C.engageLab.apiSecret) };
  const u = (p) => `${v.engageLab.baseUrl}/api/v2/accounts${p}`;
  const el = () => v.engageLab;

  test('toggle_status: set, snoozed_until, closed → only open, AgentBot hand-off; nothing else of the actions', async () => {
    let r = await call(u('/conversations/141/toggle_status'), { method: 'POST', headers: auth, json: { status: 'snoozed', snoozed_until: 1893456000 } });
    expect(r).toMatchObject({ status: 200, data: { payload: { conversation_id: 141, current_status: 'snoozed', snoozed_until: 1893456000 } } });
    await call(u('/conversations/141/toggle_status'), { method: 'POST', headers: auth, json: { status: 'closed' } });
    r = await call(u('/conversations/141/toggle_status'), { method: 'POST', headers: auth, json: { status: 'resolved' } });
    expect(r.status).toBe(422);
    expect(el().conversationState(141).status).toBe('closed');
    el().seedConversation(142, { status: 'pending' });
    await call(u('/conversations/142/toggle_status'), { method: 'POST', headers: auth, json: { status: 'open', sender_type: 'AgentBot' } });
    expect(el().handoffs).toEqual([expect.objectContaining({ conversationId: 142 })]);
    expect((await call(u('/conversations/5000/toggle_status'), { method: 'POST', headers: auth, json: { status: 'open' } })).status).toBe(404);
    for (const path of ['/conversations/141', '/conversations/141/labels', '/agents']) expect((await call(u(path), { headers: auth })).status).toBe(404);
    expect((await call(u('/conversations/141/assignments'), { method: 'POST', headers: auth, json: { assignee_id: 3 } })).status).toBe(404);
  });

  test('PATCH contact merges custom attributes', async () => {
    await call(u('/contacts/101'), { method: 'PATCH', headers: auth, json: { custom_attributes: { plan: 'gold' } } });
    const r = await call(u('/contacts/101'), { method: 'PATCH', headers: auth, json: { custom_attributes: { tier: 2 } } });
    expect(r).toMatchObject({ status: 200, data: { payload: { id: 101, custom_attributes: { plan: 'gold', tier: 2 } } } });
  });
});

describe('99digital / Chatwoot', () => {
  const auth = { api_access_token: C.ninetyNineDigital.accessToken };
  const url = (conv = 12, acct = 7) => `${v.ninetyNineDigital.baseUrl}/api/v1/accounts/${acct}/conversations/${conv}/messages`;

  test('multipart with two files and string fields; JSON with echo_id/incoming', async () => {
    const mp = buildMultipart([
      { name: 'content', value: 'Files attached' },
      { name: 'private', value: 'true' },
      { name: 'content_attributes', value: '{"in_reply_to":5}' },
      { name: 'attachments[]', filename: 'photo.png', contentType: 'image/png', value: PNG },
      { name: 'attachments[]', filename: 'doc.pdf', contentType: 'application/pdf', value: PDF },
    ]);
    let r = await call(url(), { method: 'POST', headers: { ...auth, 'Content-Type': mp.contentType }, body: mp.body });
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ content: 'Files attached', private: true, message_type: 1, conversation_id: 12, content_attributes: { in_reply_to: 5 } });
    expect(r.data.attachments).toEqual([
      expect.objectContaining({ file_type: 'image', file_size: PNG.length, account_id: 7 }),
      expect.objectContaining({ file_type: 'file', file_size: PDF.length }),
    ]);
    expect(v.ninetyNineDigital.requests[0].fields).toEqual({ content: 'Files attached', private: 'true', content_attributes: '{"in_reply_to":5}' });
    expect(v.ninetyNineDigital.messages[0].files.map((f) => f.sha256)).toEqual([sha(PNG), sha(PDF)]);
    r = await call(url(3), { method: 'POST', headers: auth, json: { content: 'from contact', message_type: 'incoming', echo_id: 'e-1' } });
    expect(r.data).toMatchObject({ message_type: 0, echo_id: 'e-1' });
    expect(v.ninetyNineDigital.messages).toHaveLength(2);
  });

  test('422 rules, auth, account, 404, credential test', async () => {
    const post = (json, h = auth, u = url()) => call(u, { method: 'POST', headers: h, json });
    expect((await post({ content: 'x', message_type: 'foo' })).data).toEqual({ error: "'foo' is not a valid message_type" });
    expect((await post({ content: 'x', content_type: 'bogus' })).status).toBe(422);
    expect(await post({ content: 'a'.repeat(150001) })).toMatchObject({ status: 422, data: { error: 'Validation failed: Content is too long (maximum is 150000 characters)' } });
    expect((await post({ content: '   ' })).status).toBe(422);
    const many = buildMultipart([{ name: 'content', value: 'x' }, ...Array.from({ length: 16 }, (_, i) => ({ name: 'attachments[]', filename: `f${i}.txt`, contentType: 'text/plain', value: `f${i}` }))]);
    expect((await call(url(), { method: 'POST', headers: { ...auth, 'Content-Type': many.contentType }, body: many.body })).status).toBe(422);
    expect(await post({ content: 'x' }, {})).toMatchObject({ status: 401, data: { errors: ['You need to sign in or sign up before continuing.'] } });
    expect(await post({ content: 'x' }, { api_access_token: WRONG_SECRET })).toMatchObject({ status: 401, data: { error: 'Invalid Access Token' } });
    expect(await post({ content: 'x' }, auth, url(12, 8))).toMatchObject({ status: 401, data: { error: 'You are not authorized to access this account' } });
    expect(await post({ content: 'x' }, auth, url(1000))).toMatchObject({ status: 404, data: { error: 'Resource could not be found' } });
    const p = await call(`${v.ninetyNineDigital.baseUrl}/api/v1/profile`, { headers: auth });
    expect(p.status).toBe(200);
    expect(p.data.accounts).toEqual([expect.objectContaining({ id: 7 })]);
    expect((await call(`${v.ninetyNineDigital.baseUrl}/api/v1/profile`, { headers: { api_access_token: C.ninetyNineDigital.botAccessToken } })).status).toBe(401);
    expect(v.ninetyNineDigital.messages).toHaveLength(0);
  });

  test('matched 503 fault, drop after create, rack-attack 429', async () => {
    v.ninetyNineDigital.failNext({ status: 503, match: (req) => req.method === 'POST' });
    let r = await call(`${v.ninetyNineDigital.baseUrl}/api/v1/profile`, { headers: auth });
    expect(r.status).toBe(200); // GET does not match the fault
    r = await call(url(), { method: 'POST', headers: auth, json: { content: 'x' } });
    expect(r.status).toBe(503);
    v.ninetyNineDigital.failNext({ dropConnection: true, afterCreate: true });
    await expect(fetch(url(), { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"content":"made"}' })).rejects.toThrow();
    expect(v.ninetyNineDigital.messages.map((m) => m.content)).toEqual(['made']);
    v.ninetyNineDigital.rateLimitNext(1);
    r = await call(url(), { method: 'POST', headers: auth, json: { content: 'x' } });
    expect(r).toMatchObject({ status: 429, text: 'Retry later\n' });
    expect(r.headers.get('retry-after')).toBeNull();
  });

  test('Content-Length that does not match the body is rejected and recorded', async () => {
    const mp = buildMultipart([{ name: 'content', value: 'x' }, { name: 'attachments[]', filename: 'a.bin', value: Buffer.alloc(64, 1) }]);
    const head = (len) => `POST /api/v1/accounts/7/conversations/12/messages HTTP/1.1\r\nHost: 127.0.0.1\r\napi_access_token: ${C.ninetyNineDigital.accessToken}\r\nContent-Type: ${mp.contentType}\r\nContent-Length: ${len}\r\n\r\n`;
    const out = await rawRequest(v.ninetyNineDigital.port, head(mp.body.length - 20), mp.body, { endAfterMs: 300 });
    expect(out).toMatch(/^HTTP\/1\.1 400/);
    const rec = v.ninetyNineDigital.requests[0];
    expect(rec).toMatchObject({ status: 400, lengthMismatch: expect.objectContaining({ declared: mp.body.length - 20 }) });
    const slow = await startChatwootMock({ bodyTimeoutMs: 150 });
    try {
      const out2 = await rawRequest(slow.port, head(mp.body.length + 50), mp.body, { endAfterMs: 600 });
      expect(out2).toMatch(/^HTTP\/1\.1 400/);
      expect(slow.requests[0].lengthMismatch).toEqual({ declared: mp.body.length + 50, received: mp.body.length });
      expect(slow.messages).toHaveLength(0);
    } finally { await slow.close(); }
    expect(v.ninetyNineDigital.messages).toHaveLength(0);
  });
});

describe('99digital / Chatwoot: contacts and new conversations', () => {
  const auth = { api_access_token: C.ninetyNineDigital.accessToken };
  const api = (path) => `${v.ninetyNineDigital.baseUrl}/api/v1/accounts/7${path}`;

  test('contact search: blank q refused, substrings matched, "+" only when sent as %2B', async () => {
    let r = await call(api('/contacts/search?q='), { headers: auth });
    expect(r).toMatchObject({ status: 422, data: { error: 'Specify search string with parameter q' } });
    r = await call(api('/contacts/search?q=%2B972501234567'), { headers: auth });
    expect(r.data.payload.map((c) => c.id)).toEqual([51, 52]);
    r = await call(api('/contacts/search?q=+972501234567'), { headers: auth });
    expect(r.data.payload).toEqual([]);
  });

  test('contact create: E.164 and uniqueness as Chatwoot validates them', async () => {
    let r = await call(api('/contacts'), { method: 'POST', headers: auth, json: { phone_number: '0501234567' } });
    expect(r).toMatchObject({ status: 422, data: { message: 'Phone number should be in e164 format', attributes: ['phone_number'] } });
    r = await call(api('/contacts'), { method: 'POST', headers: auth, json: { email: 'NOA@customer.example' } });
    expect(r).toMatchObject({ status: 422, data: { message: 'Email has already been taken' } });
    r = await call(api('/contacts'), { method: 'POST', headers: auth, json: { phone_number: '+15550001111', inbox_id: 6 } });
    expect(r.status).toBe(200);
    expect(r.data.payload.contact_inbox).toMatchObject({ source_id: '15550001111', inbox: { id: 6 } });
  });

  test('conversation create: unknown inbox or contact 404, WhatsApp needs a phone, then messages go into it', async () => {
    let r = await call(api('/conversations'), { method: 'POST', headers: auth, json: { inbox_id: 99, contact_id: 51 } });
    expect(r).toMatchObject({ status: 404, data: { error: 'Resource could not be found' } });
    r = await call(api('/conversations'), { method: 'POST', headers: auth, json: { inbox_id: 6, contact_id: 55 } });
    expect(r.status).toBe(422);
    r = await call(api('/conversations'), { method: 'POST', headers: auth, json: { inbox_id: 6, contact_id: 51 } });
    expect(r.data).toMatchObject({ inbox_id: 6, status: 'open', meta: { sender: { id: 51 }, channel: 'Channel::Whatsapp' } });
    const message = await call(api(`/conversations/${r.data.id}/messages`), { method: 'POST', headers: auth, json: { content: 'Hi' } });
    expect(message.data).toMatchObject({ conversation_id: r.data.id, inbox_id: 6 });
  });
});

describe('99digital / Chatwoot: conversation actions', () => {
  const user = { api_access_token: C.ninetyNineDigital.accessToken };
  const agent = { api_access_token: C.ninetyNineDigital.agentAccessToken };
  const bot = { api_access_token: C.ninetyNineDigital.botAccessToken };
  const api = (path) => `${v.ninetyNineDigital.baseUrl}/api/v1/accounts/7${path}`;
  const post = (path, json, headers = user) => call(api(path), { method: 'POST', headers, json });
  const cw = () => v.ninetyNineDigital;

  test('toggle_status without status toggles open ↔ resolved; with status it is idempotent; snoozed_until kept', async () => {
    let r = await post('/conversations/12/toggle_status', {});
    expect(r).toMatchObject({ status: 200, data: { meta: {}, payload: { success: true, conversation_id: 12, current_status: 'resolved', snoozed_until: null } } });
    r = await post('/conversations/12/toggle_status', {});
    expect(r.data.payload.current_status).toBe('open'); // a retried toggle flips back
    const changes = cw().stateChanges.length;
    r = await post('/conversations/12/toggle_status', { status: 'open' });
    expect(r.data.payload.current_status).toBe('open');
    expect(cw().stateChanges).toHaveLength(changes); // explicit status, same value: nothing changed
    r = await post('/conversations/12/toggle_status', { status: 'snoozed', snoozed_until: 1893456000 });
    expect(r.data.payload).toMatchObject({ current_status: 'snoozed', snoozed_until: 1893456000 });
    expect(cw().conversationState(12)).toMatchObject({ status: 'snoozed', snoozedUntil: 1893456000 });
    expect((await post('/conversations/12/toggle_status', { status: 'closed' })).status).toBe(500); // [UNCONFIRMED] enum ArgumentError
    cw().features.unknownStatus = 422;
    expect(await post('/conversations/12/toggle_status', { status: 'closed' })).toMatchObject({ status: 422, data: { error: "'closed' is not a valid status" } });
  });

  test('"open" by an agent-role token assigns the caller; by an administrator it does not', async () => {
    await post('/conversations/14/toggle_status', { status: 'open' }, agent);
    expect(cw().conversationState(14).assignee).toEqual({ type: 'User', id: 2 });
    await post('/conversations/15/toggle_status', { status: 'open' });
    expect(cw().conversationState(15).assignee).toBeNull();
  });

  test('labels: POST replaces the whole list (read-modify-write needed to add one); GET reads it', async () => {
    let r = await post('/conversations/20/labels', { labels: ['vip', 'billing'] });
    expect(r).toMatchObject({ status: 200, data: { payload: ['vip', 'billing'] } });
    r = await post('/conversations/20/labels', { labels: ['refund'] });
    expect(r.data.payload).toEqual(['refund']);
    r = await call(api('/conversations/20/labels'), { headers: user });
    expect(r.data).toEqual({ payload: ['refund'] });
    const changes = cw().stateChanges.length;
    await post('/conversations/20/labels', { labels: ['refund'] });
    expect(cw().stateChanges).toHaveLength(changes);
    r = await post('/conversations/20/labels', { labels: ['refund', 'No-Such-Label'] });
    expect(r.data.payload).toEqual(['refund', 'No-Such-Label']); // upstream keeps undefined titles
    cw().features.undefinedLabels = 'drop';
    expect((await post('/conversations/20/labels', { labels: ['refund', 'nope'] })).data.payload).toEqual(['refund']);
    cw().features.undefinedLabels = 'reject';
    expect((await post('/conversations/20/labels', { labels: ['nope'] })).status).toBe(422);
  });

  test('assignments: agent, team (non-member cleared, auto-assign), null unassigns, no key is a no-op, bot hand-back', async () => {
    let r = await post('/conversations/30/assignments', { assignee_id: 2, team_id: 10 });
    expect(r.data).toMatchObject({ id: 2, email: 'eli.agent@acme.example', role: 'agent' });
    expect(cw().conversationState(30)).toMatchObject({ assignee: { type: 'User', id: 2 }, teamId: null }); // team_id ignored
    r = await post('/conversations/30/assignments', { team_id: 8 });
    expect(r.data).toMatchObject({ id: 8, name: 'Shipping' });
    expect(cw().conversationState(30)).toMatchObject({ assignee: { id: 2 }, teamId: 8 }); // a member stays
    await post('/conversations/30/assignments', { team_id: 9 });
    expect(cw().conversationState(30)).toMatchObject({ assignee: { id: 3 }, teamId: 9 }); // replaced by the auto-assigning team
    const changes = cw().stateChanges.length;
    r = await post('/conversations/30/assignments', {});
    expect(r).toMatchObject({ status: 200, text: 'null' });
    expect(cw().stateChanges).toHaveLength(changes);
    r = await post('/conversations/30/assignments', { assignee_id: null });
    expect(r.text).toBe('null');
    expect(cw().conversationState(30).assignee).toBeNull();
    r = await post('/conversations/30/assignments', { assignee_id: 5, assignee_type: 'AgentBot' });
    expect(r.data).toMatchObject({ id: 5, name: 'Acme Bot' });
    expect(cw().conversationState(30)).toMatchObject({ status: 'pending', assignee: { type: 'AgentBot', id: 5 } });
    r = await call(api('/conversations/30'), { headers: user });
    expect(r.data.meta).toMatchObject({ assignee: { id: 5, type: 'agent_bot' }, assignee_type: 'AgentBot', team: { id: 9 } });
    await post('/conversations/30/assignments', { assignee_id: 1 });
    expect(cw().conversationState(30)).toMatchObject({ status: 'open', assignee: { type: 'User', id: 1 } }); // a human opens it
    expect((await post('/conversations/1000/assignments', { assignee_id: 1 })).status).toBe(404);
  });

  test('agent-bot token: 401 "not authorized for bots" where the server gate says so', async () => {
    const refused = { status: 401, data: { error: 'Access to this endpoint is not authorized for bots' } };
    expect(await call(api('/conversations/40/messages'), { headers: bot })).toMatchObject(refused);
    expect(await call(api('/agents'), { headers: bot })).toMatchObject(refused);
    expect(await call(api('/teams'), { headers: bot })).toMatchObject(refused);
    expect(await call(api('/contacts/search?q=noa'), { headers: bot })).toMatchObject(refused);
    expect((await post('/conversations/40/toggle_status', { status: 'resolved' }, bot)).status).toBe(200);
    expect((await post('/conversations/40/assignments', { team_id: 8 }, bot)).status).toBe(200);
    expect((await call(api('/conversations/40'), { headers: bot })).status).toBe(200);
    expect((await post('/conversations/40/toggle_typing_status', { typing_status: 'on' }, bot)).status).toBe(200);
    cw().features.botReadsConversation = false; // a server before CW#14655
    cw().features.botTyping = false; // before CW#13705
    expect(await call(api('/conversations/40'), { headers: bot })).toMatchObject(refused);
    expect(await post('/conversations/40/labels', { labels: ['vip'] }, bot)).toMatchObject(refused);
    expect(await post('/conversations/40/toggle_typing_status', { typing_status: 'off' }, bot)).toMatchObject(refused);
    expect(cw().typingEvents).toEqual([expect.objectContaining({ conversationId: 40, status: 'on', by: 'bot' })]);
  });

  test('a customer\'s message delivered by webhook carries the conversation\'s status, assignee (no email), team, labels', async () => {
    await call(api('/webhooks'), { method: 'POST', headers: user, json: { url: `${capture.baseUrl}/hook`, subscriptions: ['message_created'] } });
    cw().seedConversation(42, { status: 'pending', assignee: { type: 'AgentBot', id: 5 } });
    let sent = await cw().customerWrites({ conversationId: 42, content: 'bot, help' });
    expect(sent.message.conversation).toMatchObject({ status: 'pending', meta: { assignee: { id: 5, type: 'agent_bot' }, assignee_type: 'AgentBot' } });
    await post('/conversations/42/assignments', { team_id: 10 });
    await post('/conversations/42/assignments', { assignee_id: 1 });
    await post('/conversations/42/labels', { labels: ['bot-handoff'] });
    sent = await cw().customerWrites({ conversationId: 42, content: 'a human now?' });
    expect(sent.message.conversation).toMatchObject({ status: 'open', labels: ['bot-handoff'], meta: { assignee: { id: 1, type: 'user' }, assignee_type: 'User', team: { id: 10 } } });
    expect(sent.message.conversation.meta.assignee.email).toBeUndefined();
    expect(JSON.parse(capture.requests[1].rawBody.toString()).conversation.status).toBe('open');
  });

  test('conversation events: a change is announced as Chatwoot announces it — status_changed and updated, the push data with changed_attributes', async () => {
    await call(api('/webhooks'), { method: 'POST', headers: user, json: { url: `${capture.baseUrl}/hook`, subscriptions: ['conversation_status_changed', 'conversation_updated'] } });
    cw().seedConversation(42, { status: 'pending', assignee: { type: 'AgentBot', id: 5 } });
    await post('/conversations/42/assignments', { assignee_id: 1 }); // a human takes it: open, the bot owner cleared
    await cw().deliveriesSettled();
    expect(cw().deliveries.map((delivery) => delivery.event)).toEqual(['conversation_status_changed', 'conversation_updated']);
    const [statusChanged, updated] = cw().deliveries.map((delivery) => delivery.json);
    expect(updated.changed_attributes).toEqual([
      { assignee_id: { previous_value: null, current_value: 1 } },
      { assignee_agent_bot_id: { previous_value: 5, current_value: null } },
      { status: { previous_value: 'pending', current_value: 'open' } },
    ]);
    expect(statusChanged).toMatchObject({ event: 'conversation_status_changed', id: 42, status: 'open', meta: { assignee: { id: 1, type: 'user' } } });
    expect(statusChanged.account_id).toBeUndefined(); // push data names no account
    expect(typeof statusChanged.updated_at).toBe('number');
    // Not subscribed: labels still change, only conversation_updated goes out; message_created does not.
    await post('/conversations/42/labels', { labels: ['vip'] });
    await cw().customerWrites({ conversationId: 42 });
    await cw().deliveriesSettled();
    expect(cw().deliveries.map((delivery) => delivery.event)).toEqual(['conversation_status_changed', 'conversation_updated', 'conversation_updated']);
    expect(cw().deliveries[2].json.changed_attributes).toEqual([{ label_list: { previous_value: [], current_value: ['vip'] } }]);
  });

  test('a bot token opening a pending conversation hands it off and clears the bot owner', async () => {
    cw().seedConversation(41, { status: 'pending', assignee: { type: 'AgentBot', id: 5 } });
    await post('/conversations/41/toggle_status', { status: 'open' }, bot);
    expect(cw().conversationState(41)).toMatchObject({ status: 'open', assignee: null });
    expect(cw().handoffs).toEqual([expect.objectContaining({ conversationId: 41 })]);
  });

  test('priority: set, cleared by omission, "none" refused; PATCH takes priority only', async () => {
    let r = await post('/conversations/50/toggle_priority', { priority: 'urgent' });
    expect(r).toMatchObject({ status: 200, text: '' });
    expect(cw().conversationState(50).priority).toBe('urgent');
    expect((await post('/conversations/50/toggle_priority', { priority: 'none' })).status).toBe(422);
    await post('/conversations/50/toggle_priority', {});
    expect(cw().conversationState(50).priority).toBeNull();
    r = await call(api('/conversations/50'), { method: 'PATCH', headers: user, json: { priority: 'low', status: 'resolved' } });
    expect(r.data).toMatchObject({ id: 50, priority: 'low', status: 'open' });
  });

  test('GET conversation: the partial with sender, assignee (with email), team, labels, times; 404 as Chatwoot', async () => {
    await post('/conversations/60/assignments', { assignee_id: 3 });
    await post('/conversations/60/labels', { labels: ['vip'] });
    const r = await call(api('/conversations/60'), { headers: user });
    expect(r.data).toMatchObject({
      id: 60, account_id: 7, inbox_id: 3, status: 'open', labels: ['vip'], priority: null, snoozed_until: null, created_at: expect.any(Number),
      meta: { sender: { id: 1060, type: 'contact' }, assignee: { id: 3, email: 'gil.agent@acme.example' }, team: null },
    });
    expect(r.data.messages).toHaveLength(1); // the last message only: here the activity "Assigned to …"
    expect(r.data.messages[0]).toMatchObject({ message_type: 2 });
    expect(await call(api('/conversations/1000'), { headers: user })).toMatchObject({ status: 404, data: { error: 'Resource could not be found' } });
  });

  test('messages: 1,000 seeded, paged 20 at a time with before=, oldest first; notes filtered on request', async () => {
    const seeded = cw().seedHistory(70, 1000);
    expect(seeded).toHaveLength(1000);
    expect(seeded.filter((m) => m.private).length).toBe(100);
    expect(seeded.some((m) => m.sender.type === 'agent_bot') && seeded.some((m) => m.attachments)).toBe(true);
    let r = await call(api('/conversations/70/messages'), { headers: user });
    expect(r.data.payload.map((m) => m.id)).toEqual(seeded.slice(-20).map((m) => m.id));
    const all = [];
    let before = null;
    for (;;) {
      r = await call(api(`/conversations/70/messages${before ? `?before=${before}` : ''}`), { headers: user });
      const ids = r.data.payload.map((m) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      all.unshift(...r.data.payload);
      if (ids.length < 20) break;
      before = ids[0];
    }
    expect(all.map((m) => m.content)).toEqual(seeded.map((m) => m.content));
    r = await call(api(`/conversations/70/messages?after=${seeded[0].id}`), { headers: user });
    expect(r.data.payload).toHaveLength(100);
    r = await call(api(`/conversations/70/messages?after=${seeded[0].id}&before=${seeded[999].id}`), { headers: user });
    expect(r.data.payload).toHaveLength(998);
    r = await call(api('/conversations/70/messages?filter_internal_messages=true'), { headers: user });
    expect(r.data.payload.some((m) => m.private)).toBe(false);
    expect(r.data.meta.has_more).toBeUndefined();
    cw().features.messagesHasMore = true;
    r = await call(api('/conversations/70/messages'), { headers: user });
    expect(r.data.meta.has_more).toBe(true);
  });

  test('contacts: filter equal_to, PUT shallow-merges custom attributes, duplicates 422 without the id', async () => {
    let r = await post('/contacts/filter', { payload: [{ attribute_key: 'email', filter_operator: 'equal_to', values: ['noa@customer.example'], query_operator: null }] });
    expect(r.data.payload.map((c) => c.id)).toEqual([51]);
    r = await call(api('/contacts/51'), { method: 'PUT', headers: user, json: { custom_attributes: { plan: 'gold' } } });
    r = await call(api('/contacts/51'), { method: 'PUT', headers: user, json: { name: 'Noa L.', custom_attributes: { tier: 2 } } });
    expect(r.data.payload).toMatchObject({ id: 51, name: 'Noa L.', custom_attributes: { plan: 'gold', tier: 2 } });
    r = await call(api('/contacts/51'), { method: 'PUT', headers: user, json: { email: 'benoa@customer.example' } });
    expect(r).toMatchObject({ status: 422, data: { message: 'Email has already been taken', attributes: ['email'] } });
    expect(r.data.payload).toBeUndefined();
    r = await post('/contacts/51/destroy_custom_attributes', { custom_attributes: ['plan'] });
    expect(r.data.payload.custom_attributes).toEqual({ tier: 2 });
  });

  test('pickers: agents, teams, labels, agent bots, inbox members', async () => {
    expect((await call(api('/agents'), { headers: user })).data.map((a) => a.id)).toEqual([1, 2, 3]);
    expect((await call(api('/teams'), { headers: agent })).data).toEqual([
      expect.objectContaining({ id: 8, is_member: true }), expect.objectContaining({ id: 9, is_member: false }), expect.objectContaining({ id: 10, is_member: false }),
    ]);
    expect((await call(api('/labels'), { headers: user })).data.payload.map((l) => l.title)).toEqual(['billing', 'vip', 'refund', 'bot-handoff']);
    expect((await call(api('/agent_bots'), { headers: user })).data).toEqual([expect.objectContaining({ id: 5 })]);
    expect((await call(api('/inbox_members/3'), { headers: user })).data.payload).toHaveLength(3);
  });
});

describe('Intercom', () => {
  const h = { Authorization: `Bearer ${C.intercom.accessToken}`, 'Intercom-Version': '2.14', Accept: 'application/json' };
  const u = (p) => `${v.intercom.baseUrl}${p}`;
  const [joe, lead] = INTERCOM.contacts;

  test('/me, search (shared email), contact-initiated conversation, replies', async () => {
    let r = await call(u('/me'), { headers: h });
    expect(r.data).toMatchObject({ type: 'admin', id: INTERCOM.meAdminId, app: { type: 'app' } });
    expect(r.headers.get('x-ratelimit-limit')).toBeTruthy();
    r = await call(u('/contacts/search'), { method: 'POST', headers: h, json: { query: { field: 'email', operator: '=', value: INTERCOM.sharedEmail } } });
    expect(r.data).toMatchObject({ type: 'list', total_count: 2 });
    r = await call(u('/conversations'), { method: 'POST', headers: h, json: { from: { type: 'user', id: joe.id }, body: 'Hello there' } });
    expect(r.data).toMatchObject({ type: 'user_message', body: 'Hello there', message_type: 'inapp', conversation_id: expect.any(String) });
    const files = [{ content_type: 'image/png', data: PNG.toString('base64'), name: 'p.png' }];
    r = await call(u('/conversations/7/reply'), { method: 'POST', headers: h, json: { message_type: 'note', type: 'admin', admin_id: 991267460, body: 'internal', attachment_files: files } });
    expect(r.status).toBe(200);
    const parts = r.data.conversation_parts.conversation_parts;
    expect(parts[parts.length - 1]).toMatchObject({ part_type: 'note', author: { type: 'admin', id: '991267460' } });
    r = await call(u('/conversations/7/reply'), { method: 'POST', headers: h, json: { message_type: 'comment', type: 'user', email: lead.email, body: 'thanks' } });
    expect(r.status).toBe(200);
    expect(v.intercom.messages.map((m) => m.kind)).toEqual(['conversation', 'reply', 'reply']);
    expect(v.intercom.messages[1].files[0]).toMatchObject({ filename: 'p.png', size: PNG.length, sha256: sha(PNG) });
    r = await call(u('/conversations?per_page=5'), { headers: h });
    expect(r.data.pages.next.starting_after).toEqual(expect.any(String));
  });

  test('errors: 401, version, 404s, 400s, admin-only /messages', async () => {
    let r = await call(u('/me'), { headers: { ...h, Authorization: `Bearer ${WRONG_SECRET}` } });
    expect(r).toMatchObject({ status: 401, data: { type: 'error.list', errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }] } });
    expect(r.headers.get('x-ratelimit-limit')).toBeNull();
    r = await call(u('/me'), { headers: { ...h, 'Intercom-Version': '9.9' } });
    expect(r).toMatchObject({ status: 400, data: { errors: [{ code: 'intercom_version_invalid' }] } });
    const noVersion = { ...h };
    delete noVersion['Intercom-Version'];
    expect((await call(u('/me'), { headers: noVersion })).status).toBe(200);
    expect(v.intercom.requests[v.intercom.requests.length - 1].intercomVersion).toBeNull();
    r = await call(u('/conversations'), { method: 'POST', headers: h, json: { from: { type: 'user', id: 'ffffffffffffffffffffffff' }, body: 'x' } });
    expect(r).toMatchObject({ status: 404, data: { errors: [{ code: 'not_found', message: 'User Not Found' }] } });
    r = await call(u('/conversations'), { method: 'POST', headers: h, json: { from: { type: 'user', id: joe.id } } });
    expect(r).toMatchObject({ status: 400, data: { errors: [{ code: 'parameter_invalid', message: 'Body is required' }] } });
    r = await call(u('/messages'), { method: 'POST', headers: h, json: { from: { type: 'user', id: joe.id }, body: 'x' } });
    expect(r).toMatchObject({ status: 400, data: { type: 'error.list' } });
    r = await call(u('/conversations/5000/reply'), { method: 'POST', headers: h, json: { message_type: 'comment', type: 'admin', admin_id: '991267459', body: 'x' } });
    expect(r).toMatchObject({ status: 404, data: { errors: [{ code: 'not_found', message: 'Resource Not Found' }] } });
    r = await call(u('/conversations/5/reply'), { method: 'POST', headers: h, json: { message_type: 'comment', type: 'admin', admin_id: '991267459', body: 'x', attachment_urls: Array.from({ length: 11 }, (_, i) => `https://files.example/${i}.png`) } });
    expect(r).toMatchObject({ status: 400, data: { errors: [{ code: 'parameter_invalid' }] } });
    expect(v.intercom.messages).toHaveLength(0);
  });

  test('conversation search: updated_at with > and < only, 150 a page at most with starting_after, no parts; unknown fields and operators → 400 error.list', async () => {
    const search = (body) => call(u('/conversations/search'), { method: 'POST', headers: h, json: body });
    const since = Math.floor(Date.now() / 1000) - 1;
    const created = await v.intercom.customerWrites({ content: 'new one' });
    await v.intercom.customerWrites({ conversationId: '12', content: 'in a seeded one' });
    let r = await search({ query: { operator: 'AND', value: [{ field: 'updated_at', operator: '>', value: since }] }, pagination: { per_page: 150 } });
    expect(r.data).toMatchObject({ type: 'conversation.list', total_count: 2, pages: { type: 'pages', page: 1, per_page: 150, total_pages: 1 } });
    expect(r.data.conversations.map((c) => c.id).sort()).toEqual(['12', created.conversation.id].sort());
    expect(r.data.pages.next).toBeUndefined();
    expect(r.data.conversations[0].conversation_parts).toBeUndefined();
    // A date as a string of digits is accepted too (the spec's own example).
    expect((await search({ query: { field: 'updated_at', operator: '>', value: String(since) } })).data.total_count).toBe(2);
    // Every conversation, page by page: 1000 and more, 150 at most a page, each once.
    const seen = [];
    let after;
    do {
      r = await search({ query: { field: 'created_at', operator: '>', value: 0 }, pagination: { per_page: 150, ...(after ? { starting_after: after } : {}) } });
      expect(r.data.conversations.length).toBeLessThanOrEqual(150);
      seen.push(...r.data.conversations.map((c) => c.id));
      after = r.data.pages.next && r.data.pages.next.starting_after;
    } while (after);
    expect(seen).toHaveLength(r.data.total_count);
    expect(new Set(seen).size).toBe(seen.length);
    for (const [body, message] of [
      [{ query: { field: 'last_message_at', operator: '>', value: since } }, /not a searchable field/],
      [{ query: { field: 'updated_at', operator: '>=', value: since } }, /Operator >= is not supported/],
      [{ query: { field: 'updated_at', operator: '~', value: since } }, /Operator ~ is not supported/],
      [{ query: { field: 'updated_at', operator: '>', value: 'yesterday' } }, /does not match the type/],
      [{ query: { field: 'updated_at', operator: '>', value: since }, pagination: { per_page: 151 } }, /per_page/],
      [{ query: { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [{ field: 'id', operator: '=', value: '1' }] }] }] } }, /nested/],
    ]) {
      r = await search(body);
      expect(r).toMatchObject({ status: 400, data: { type: 'error.list', errors: [{ code: 'parameter_invalid', message: expect.stringMatching(message) }] } });
    }
    expect((await search({ pagination: { per_page: 5 } })).data.errors[0].code).toBe('parameter_not_found');
    // The index may lag (a feature of the mock): a conversation updated moments ago is not found yet.
    v.intercom.features.conversationSearchLagMs = 60_000;
    expect((await search({ query: { field: 'updated_at', operator: '>', value: since } })).data.total_count).toBe(0);
  });

  test('429 with X-RateLimit-Reset and a late answer that the client gave up on', async () => {
    v.intercom.rateLimitNext(1, { resetInSeconds: 8 });
    const r = await call(u('/me'), { headers: h });
    expect(r).toMatchObject({ status: 429, data: { errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 167 in 10_seconds' }] } });
    expect(Number(r.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(r.headers.get('retry-after')).toBeNull();
    v.intercom.failNext({ delayMs: 250 });
    await expect(call(u('/conversations'), { method: 'POST', headers: h, json: { from: { type: 'lead', id: lead.id }, body: 'slow' }, signal: AbortSignal.timeout(80) })).rejects.toThrow();
    await new Promise((res) => setTimeout(res, 300));
    expect(v.intercom.messages).toHaveLength(1); // created, answered too late
    expect(v.intercom.requests[1].clientGone).toBe(true);
  });
});

describe('Intercom: conversation actions', () => {
  const h = { Authorization: `Bearer ${C.intercom.accessToken}`, 'Intercom-Version': '2.14', Accept: 'application/json' };
  const u = (p) => `${v.intercom.baseUrl}${p}`;
  const parts = (id, json) => call(u(`/conversations/${id}/parts`), { method: 'POST', headers: h, json });
  const me = INTERCOM.meAdminId;
  const ic = () => v.intercom;

  test('assign: admin_id required (400 error.list), admin and team in separate calls, "0" unassigns', async () => {
    let r = await parts(7, { message_type: 'assignment', type: 'admin', assignee_id: '991267460' });
    expect(r).toMatchObject({ status: 400, data: { type: 'error.list', errors: [{ code: 'parameter_not_found', message: 'admin_id is required' }] } });
    r = await parts(7, { message_type: 'assignment', type: 'admin', admin_id: me, assignee_id: '991267460' });
    expect(r).toMatchObject({ status: 200, data: { type: 'conversation', id: '7', admin_assignee_id: 991267460, team_assignee_id: null } });
    r = await parts(7, { message_type: 'assignment', type: 'team', admin_id: me, assignee_id: '5017692' });
    expect(r.data).toMatchObject({ admin_assignee_id: 991267460, team_assignee_id: 5017692 });
    const list = r.data.conversation_parts.conversation_parts;
    expect(list.slice(-2).map((p) => [p.part_type, p.assigned_to])).toEqual([['assignment', { type: 'admin', id: '991267460' }], ['assignment', { type: 'team', id: '5017692' }]]);
    const changes = ic().stateChanges.length;
    r = await parts(7, { message_type: 'assignment', type: 'team', admin_id: me, assignee_id: '5017692' });
    expect(ic().stateChanges).toHaveLength(changes); // the same again: no change, no new part
    expect(r.data.conversation_parts.total_count).toBe(2);
    r = await parts(7, { message_type: 'assignment', type: 'admin', admin_id: me, assignee_id: '0' });
    expect(r.data.admin_assignee_id).toBeNull();
    expect((await parts(7, { message_type: 'assignment', type: 'admin', admin_id: me, assignee_id: '123' })).data).toMatchObject({ errors: [{ code: 'admin_not_found' }] });
    expect((await parts(7, { message_type: 'assignment', type: 'admin', admin_id: '42', assignee_id: '0' })).status).toBe(404);
    expect((await parts(5000, { message_type: 'close', admin_id: me })).data).toMatchObject({ errors: [{ code: 'not_found' }] });
  });

  test('state: close, snooze (snoozed_until required), open; a body posts a part each time', async () => {
    let r = await parts(8, { message_type: 'close', admin_id: me });
    expect(r.data).toMatchObject({ state: 'closed', open: false });
    r = await parts(8, { message_type: 'snoozed', admin_id: me });
    expect(r).toMatchObject({ status: 400, data: { errors: [{ code: 'parameter_invalid' }] } });
    r = await parts(8, { message_type: 'snoozed', admin_id: me, snoozed_until: 1893456000 });
    expect(r.data).toMatchObject({ state: 'snoozed', snoozed_until: 1893456000 });
    r = await parts(8, { message_type: 'open', admin_id: me });
    expect(r.data).toMatchObject({ state: 'open', open: true, snoozed_until: null });
    const before = r.data.conversation_parts.total_count;
    await parts(8, { message_type: 'open', admin_id: me, body: 'Reopening' });
    r = await parts(8, { message_type: 'open', admin_id: me, body: 'Reopening' });
    expect(r.data.conversation_parts.total_count).toBe(before + 2); // retried with a body: the text twice
    expect(ic().conversationState(8)).toMatchObject({ state: 'open', snoozedUntil: null });
  });

  test('tags: add with admin_id; DELETE carries a JSON body with admin_id; unknown tag / conversation 404', async () => {
    let r = await call(u('/tags'), { headers: h });
    expect(r.data).toMatchObject({ type: 'list', data: [{ type: 'tag', id: '17513', name: 'vip' }, expect.anything(), expect.anything()] });
    r = await call(u('/conversations/9/tags'), { method: 'POST', headers: h, json: { id: '17513' } });
    expect(r).toMatchObject({ status: 400, data: { errors: [{ code: 'parameter_not_found' }] } });
    r = await call(u('/conversations/9/tags'), { method: 'POST', headers: h, json: { id: '17513', admin_id: me } });
    expect(r).toMatchObject({ status: 200, data: { type: 'tag', id: '17513', name: 'vip' } });
    r = await call(u('/conversations/9'), { headers: h });
    expect(r.data.tags.tags.map((t) => t.name)).toEqual(['vip']);
    r = await call(u('/conversations/9/tags/17513'), { method: 'DELETE', headers: h });
    expect(r.status).toBe(400); // no body, no admin_id
    r = await call(u('/conversations/9/tags/17513'), { method: 'DELETE', headers: h, json: { admin_id: me } });
    expect(r).toMatchObject({ status: 200, data: { type: 'tag', id: '17513' } });
    expect(ic().requests[ic().requests.length - 1]).toMatchObject({ method: 'DELETE', json: { admin_id: me } });
    expect(ic().conversationState(9).tags).toEqual([]);
    expect((await call(u('/conversations/9/tags'), { method: 'POST', headers: h, json: { id: '999', admin_id: me } })).data).toEqual(expect.objectContaining({ errors: [{ code: 'tag_not_found', message: 'Tag not found' }] }));
    expect((await call(u('/conversations/5000/tags'), { method: 'POST', headers: h, json: { id: '17513', admin_id: me } })).data).toEqual(expect.objectContaining({ errors: [{ code: 'not_found', message: 'Conversation not found' }] }));
    r = await call(u('/tags'), { method: 'POST', headers: h, json: { name: 'vip' } });
    expect(r.data).toMatchObject({ id: '17513' }); // create-or-update: the existing one
  });

  test('GET conversation: parts limited to the 500 most recent, total_count says how many; plaintext', async () => {
    ic().seedHistory(11, 1000);
    let r = await call(u('/conversations/11'), { headers: h });
    const list = r.data.conversation_parts.conversation_parts;
    expect(list).toHaveLength(500);
    expect(r.data.conversation_parts.total_count).toBe(1000);
    expect([list[0].body, list[499].body]).toEqual(['<p>Customer message 501</p>', '<p>Agent reply 1000</p>']);
    expect(list.some((p) => p.part_type === 'note') && list.some((p) => p.author.type === 'bot')).toBe(true);
    r = await call(u('/conversations/11?display_as=plaintext'), { headers: h });
    expect(r.data.conversation_parts.conversation_parts[0].body).toMatch(/^[^<]+$/);
  });

  test('/me, admins, teams; contacts create (409 with the id), update merges custom attributes', async () => {
    expect((await call(u('/teams'), { headers: h })).data).toMatchObject({ type: 'team.list', teams: [{ type: 'team', id: '5017691', name: 'Support' }, expect.anything(), expect.anything()] });
    let r = await call(u('/contacts'), { method: 'POST', headers: h, json: { email: 'JOE@bloggs.example' } });
    expect(r).toMatchObject({ status: 409, data: { type: 'error.list', errors: [{ code: 'conflict', message: `A contact matching those details already exists with id=${INTERCOM.contacts[0].id}` }] } });
    r = await call(u('/contacts'), { method: 'POST', headers: h, json: { role: 'user', email: 'new@customer.example', name: 'New', custom_attributes: { plan: 'gold' } } });
    expect(r.data).toMatchObject({ type: 'contact', role: 'user', email: 'new@customer.example', custom_attributes: { plan: 'gold' } });
    const id = r.data.id;
    r = await call(u(`/contacts/${id}`), { method: 'PUT', headers: h, json: { custom_attributes: { tier: 2 } } });
    expect(r.data.custom_attributes).toEqual({ plan: 'gold', tier: 2 });
    r = await call(u('/contacts/search'), { method: 'POST', headers: h, json: { query: { field: 'email', operator: '=', value: 'new@customer.example' } } });
    expect(r.data.total_count).toBe(1);
    ic().features.searchLagMs = 60000; // "new contacts may be missing for a few minutes"
    r = await call(u('/contacts/search'), { method: 'POST', headers: h, json: { query: { field: 'email', operator: '=', value: 'new@customer.example' } } });
    expect(r.data.total_count).toBe(0);
  });

  test('priority: read-only in 2.14, settable with admin_id in Preview', async () => {
    let r = await call(u('/conversations/12'), { method: 'PUT', headers: h, json: { priority: 'high', admin_id: me, custom_attributes: { issue: 'refund' } } });
    expect(r.data).toMatchObject({ priority: 'not_priority', custom_attributes: { issue: 'refund' } });
    r = await call(u('/conversations/12'), { method: 'PUT', headers: { ...h, 'Intercom-Version': 'Preview' }, json: { priority: 'high', admin_id: me } });
    expect(r.data.priority).toBe('high');
  });
});

describe('Re:amaze', () => {
  const h = { Authorization: basic(C.reamaze.email, C.reamaze.apiToken), Accept: 'application/json' };
  const url = (slug = 'refund-request') => `${v.reamaze.baseUrl}/api/v1/conversations/${slug}/messages`;

  test('creates a message; origin_id is idempotent', async () => {
    let r = await call(url(), { method: 'POST', headers: h, json: { message: { body: '**hi**', visibility: 1, origin_id: 'run-1', suppress_notifications: true } } });
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject({ body: '**hi**', visibility: 1, origin_id: 'run-1', user: { email: C.reamaze.email }, conversation: { slug: 'refund-request' } });
    expect(r.data.message).toBeUndefined();
    const again = await call(url(), { method: 'POST', headers: h, json: { message: { body: 'changed', origin_id: 'run-1' } } });
    expect(again.status).toBe(200);
    expect(again.data).toEqual(r.data);
    expect(v.reamaze.messages).toHaveLength(1);
    expect(v.reamaze.messages[0]).toMatchObject({ suppressNotifications: true, visibility: 1 });
    r = await call(`${v.reamaze.baseUrl}/api/v1/conversations.json?q=support-request&page=2`, { headers: { Authorization: h.Authorization } });
    expect(r.data).toMatchObject({ page_size: 30, page_count: 2, total_count: 40 });
    expect(r.data.conversations).toHaveLength(10);
  });

  test('406, 403, 422, 404, 429, 502 fault', async () => {
    let r = await call(url(), { method: 'POST', headers: { ...h, Accept: 'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7' }, json: { message: { body: 'x' } } });
    expect(r.status).toBe(406);
    r = await call(url(), { method: 'POST', headers: { ...h, Authorization: basic(C.reamaze.email, WRONG_SECRET) }, json: { message: { body: 'x' } } });
    expect(r.status).toBe(403);
    r = await call(url(), { method: 'POST', headers: h, json: { message: { visibility: 0 } } });
    expect(r).toMatchObject({ status: 422, data: { error: expect.stringMatching(/Body/) } });
    r = await call(url('no-such-slug'), { method: 'POST', headers: h, json: { message: { body: 'x' } } });
    expect(r.status).toBe(404);
    v.reamaze.rateLimitNext(1, { retryAfterSeconds: 12 });
    r = await call(url(), { method: 'POST', headers: h, json: { message: { body: 'x' } } });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('12');
    v.reamaze.failNext({ status: 502 });
    r = await call(url(), { method: 'POST', headers: h, json: { message: { body: 'x' } } });
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/Bad Gateway/);
    expect(v.reamaze.messages).toHaveLength(0);
  });
});

describe('Re:amaze: conversation updates and contacts', () => {
  const h = { Authorization: basic(C.reamaze.email, C.reamaze.apiToken), Accept: 'application/json' };
  const u = (p) => `${v.reamaze.baseUrl}/api/v1${p}`;
  const put = (slug, conversation) => call(u(`/conversations/${slug}`), { method: 'PUT', headers: h, json: { conversation } });
  const rz = () => v.reamaze;

  test('PUT: status, assignee by staff email, tag_list replaced, data; 422 on what it refuses', async () => {
    let r = await put('refund-request', { status: 1, assignee: { email: 'tom@acme.example' }, tag_list: ['vip', 'refund'], data: { order: '1042' } });
    expect(r).toMatchObject({ status: 200, data: { slug: 'refund-request', status: 1, assignee: { name: 'Tom Tier2', email: 'tom@acme.example' }, tag_list: ['vip', 'refund'], data: { order: '1042' } } });
    r = await put('refund-request', { tag_list: ['handoff'] });
    expect(r.data.tag_list).toEqual(['handoff']); // replaced, not added
    const changes = rz().stateChanges.length;
    await put('refund-request', { status: 1, tag_list: ['handoff'] });
    expect(rz().stateChanges).toHaveLength(changes);
    expect(await put('refund-request', { assignee: { email: 'stranger@example.com' } })).toMatchObject({ status: 422, data: { error: 'Validation failed: Assignee is invalid' } });
    expect((await put('refund-request', { status: 12 })).status).toBe(422);
    expect((await put('no-such-slug', { status: 2 })).status).toBe(404);
    expect((await call(u('/conversations/refund-request'), { method: 'PUT', headers: h, json: { status: 2 } })).status).toBe(422);
    r = await put('refund-request', { status: 5, hold_until: '2030-01-01T09:00:00Z', assignee: null });
    expect(r.data).toMatchObject({ status: 5, hold_until: '2030-01-01T09:00:00Z', assignee: null });
    expect((await call(u('/conversations/refund-request'), { headers: h })).data).toMatchObject({ status: 5, tag_list: ['handoff'], data: { order: '1042' } });
    rz().features.settableStatuses = [0, 1, 2, 3, 4, 5];
    expect((await put('refund-request', { status: 7 })).status).toBe(422);
  });

  test('messages of a long conversation, 30 per page newest first, internal notes marked', async () => {
    rz().seedHistory('shipping-to-canada', 100);
    let r = await call(u('/conversations/shipping-to-canada/messages?page=1'), { headers: h });
    expect(r.data).toMatchObject({ page_size: 30, page_count: 4, total_count: 101 });
    expect(r.data.messages[0].body).toBe('Agent reply 100');
    r = await call(u('/conversations/shipping-to-canada/messages?page=4'), { headers: h });
    expect(r.data.messages).toHaveLength(11);
    expect(r.data.messages.slice(-2).map((m) => m.body)).toEqual(['Customer message 1', 'First message of Shipping to Canada?']);
    r = await call(u('/conversations/shipping-to-canada/messages?filter=staff'), { headers: h });
    expect(r.data.total_count).toBe(50);
    expect(r.data.messages.filter((m) => m.visibility === 1).length).toBeGreaterThan(0);
  });

  test('contacts: find by q, create (422 on a duplicate), update merges data, email cannot change', async () => {
    let r = await call(u('/contacts?q=rick'), { headers: h });
    expect(r.data).toMatchObject({ page_size: 30, total_count: 1, contacts: [{ name: 'Rick Refund', email: 'rick@customer.example' }] });
    r = await call(u('/contacts'), { method: 'POST', headers: h, json: { contact: { name: 'Rick again', email: 'RICK@customer.example' } } });
    expect(r).toMatchObject({ status: 422, data: { error: 'Validation failed: Email has already been taken' } });
    r = await call(u('/contacts'), { method: 'POST', headers: h, json: { contact: { name: 'Mo Bile', mobile: '+15551234567', data: { plan: 'gold' } } } });
    expect(r.data).toMatchObject({ name: 'Mo Bile', mobile: '+15551234567', data: { plan: 'gold' } });
    r = await call(u('/contacts/%2B15551234567?identifier_type=mobile'), { method: 'PUT', headers: h, json: { contact: { data: { tier: '2' }, email: 'x@y.example' } } });
    expect(r.data).toMatchObject({ email: null, data: { plan: 'gold', tier: '2' } });
    expect((await call(u('/contacts/rick@customer.example'), { method: 'PUT', headers: h, json: { contact: { data: { deep: { no: 1 } } } } })).status).toBe(422);
    expect((await call(u('/staff'), { headers: h })).data.staff.map((x) => x.email)).toEqual(['agent@acme.example', 'olga@acme.example', 'tom@acme.example']);
  });

  test('no priority, typing or tag list on Re:amaze', async () => {
    expect((await call(u('/tags'), { headers: h })).status).toBe(404);
    expect((await call(u('/conversations/refund-request/priority'), { method: 'POST', headers: h, json: {} })).status).toBe(404);
  });
});

describe('cross-cutting', () => {
  test('redirectNext → 307 to the capture server, nothing created', async () => {
    v.intercom.redirectNext(`${capture.baseUrl}/elsewhere`);
    const r = await fetch(`${v.intercom.baseUrl}/conversations`, {
      method: 'POST', redirect: 'follow',
      headers: { Authorization: `Bearer ${C.intercom.accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ from: { type: 'user', id: INTERCOM.contacts[0].id }, body: 'x' }),
    });
    expect(r.status).toBe(200);
    expect(v.intercom.requests[0].status).toBe(307);
    expect(capture.requests).toHaveLength(1);
    expect(capture.requests[0]).toMatchObject({ method: 'POST', path: '/elsewhere' });
    expect(v.intercom.messages).toHaveLength(0);
  });

  test('unknown routes answer like each vendor', async () => {
    expect((await call(`${v.userEngage.baseUrl}/nope/`)).text).toMatch(/<h1>Not Found<\/h1>/);
    expect((await call(`${v.ninetyNineDigital.baseUrl}/api/v1/nope`, { headers: { Accept: 'application/json' } })).data).toEqual({ status: 404, error: 'Not Found' });
    expect((await call(`${v.intercom.baseUrl}/nope`)).data).toMatchObject({ type: 'error.list', errors: [{ code: 'not_found' }] });
    expect((await call(`${v.reamaze.baseUrl}/api/v1/nope.json`)).status).toBe(404);
    expect((await call(`${v.engageLab.baseUrl}/api/v2/accounts/conversations/1/messages`)).status).toBe(404); // GET
  });

  test('the log has one line per request and no secrets', async () => {
    await call(`${v.userEngage.baseUrl}/users/`, { headers: { Authorization: `Token ${C.userEngage.apiKey}` } });
    await call(`${v.intercom.baseUrl}/me?access_token=leakyQueryValue123`, { headers: { Authorization: 'Bearer someUnknownTokenValue987' } });
    await call(`${v.engageLab.baseUrl}/api/v2/accounts/contacts`, { headers: { Authorization: basic(C.engageLab.apiKey, C.engageLab.apiSecret) } });
    const log = fs.readFileSync(LOG, 'utf8');
    expect(log).toMatch(/userEngage GET \/api\/public\/users\/ -> 200/);
    expect(log).toMatch(/intercom GET \/me\?access_token=\[REDACTED\] -> 401/);
    for (const s of [...ALL_SECRETS, 'someUnknownTokenValue987', 'leakyQueryValue123']) expect(log).not.toContain(s);
  });
});
