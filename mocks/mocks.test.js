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
