'use strict';
/**
 * Shared plumbing for the loopback mock vendors: HTTP server on 127.0.0.1, full body capture,
 * multipart parsing (busboy), request recording, fault / 429 / redirect queues, redacted log lines.
 * Vendor behaviour lives in the per-vendor modules; this file knows nothing about any vendor.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const Busboy = require('busboy');
const { ALL_SECRETS } = require('./fixtures');

const DEFAULT_BODY_TIMEOUT_MS = 2000;

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** name → string, or string[] when the name repeats. */
function multiMap(pairs) {
  const out = {};
  for (const [k, v] of pairs) {
    if (Object.prototype.hasOwnProperty.call(out, k)) {
      out[k] = Array.isArray(out[k]) ? [...out[k], v] : [out[k], v];
    } else out[k] = v;
  }
  return out;
}

function mediaTypeOf(contentType) {
  if (!contentType) return null;
  return String(contentType).split(';')[0].trim().toLowerCase() || null;
}
const isJsonMedia = (mt) => mt === 'application/json' || (mt != null && /^application\/[\w.+-]+\+json$/.test(mt));

function collectBody(req, timeoutMs) {
  return new Promise((resolve) => {
    const chunks = [];
    let done = false;
    let timer = null;
    const finish = (state) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ buf: Buffer.concat(chunks), ...state });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
    };
    arm();
    req.on('data', (c) => { chunks.push(c); arm(); });
    req.on('end', () => finish({ complete: true }));
    req.on('close', () => finish({ aborted: !req.complete }));
    req.on('error', () => finish({ aborted: true }));
  });
}

function parseMultipart(headers, buf) {
  return new Promise((resolve) => {
    const pairs = [];
    const files = [];
    let bb;
    try {
      bb = Busboy({
        headers,
        preservePath: true,
        defParamCharset: 'utf8',
        limits: { fieldSize: 64 * 1024 * 1024, fields: Infinity, files: Infinity, parts: Infinity },
      });
    } catch (e) {
      resolve({ error: e.message, pairs, files });
      return;
    }
    let settled = false;
    const pending = [];
    const settle = (v) => {
      if (settled) return;
      settled = true;
      if (v.error) resolve(v); // a broken part may never end its stream
      else Promise.all(pending).then(() => resolve(v));
    };
    bb.on('field', (name, value) => pairs.push([name, value]));
    bb.on('file', (field, stream, info) => {
      const file = { field, filename: info.filename, contentType: info.mimeType, size: 0, sha256: null, data: null };
      Object.defineProperty(file, '__file', { value: true });
      files.push(file);
      pairs.push([field, file]);
      const chunks = [];
      const finish = () => {
        file.data = Buffer.concat(chunks);
        file.size = file.data.length;
        file.sha256 = sha256(file.data);
      };
      pending.push(new Promise((done) => {
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => { finish(); done(); });
        stream.on('error', () => { finish(); done(); });
        stream.on('close', () => { if (file.data === null) finish(); done(); });
      }));
    });
    bb.on('error', (e) => settle({ error: e.message, pairs, files }));
    bb.on('close', () => settle({ pairs, files }));
    bb.end(buf);
  });
}

/** Rack-style nested params from ordered [name, value] pairs ("a[b]", "a[]", "a[][b]"). */
function nestParams(pairs) {
  const root = {};
  for (const [name, value] of pairs) normalizeParam(root, name, value);
  return root;
}
const isPlainObject = (v) => v != null && typeof v === 'object' && !Array.isArray(v) && !v.__file && !Buffer.isBuffer(v);
function normalizeParam(params, name, v) {
  const m = /^[[\]]*([^[\]]+)\]*/.exec(name);
  if (!m) return;
  const k = m[1];
  const after = name.slice(m[0].length);
  if (after === '') params[k] = v;
  else if (after === '[') params[name] = v;
  else if (after === '[]') {
    if (!Array.isArray(params[k])) params[k] = [];
    params[k].push(v);
  } else if (after.startsWith('[]')) {
    const rest = after.slice(2);
    const childKey = (/^\[([^[\]]+)\]/.exec(rest) || [])[1];
    if (!Array.isArray(params[k])) params[k] = [];
    const arr = params[k];
    const last = arr[arr.length - 1];
    if (isPlainObject(last) && childKey && !Object.prototype.hasOwnProperty.call(last, childKey)) normalizeParam(last, rest, v);
    else { const h = {}; normalizeParam(h, rest, v); arr.push(h); }
  } else {
    if (!isPlainObject(params[k])) params[k] = {};
    normalizeParam(params[k], after, v);
  }
}

// ---------------------------------------------------------------- logging / redaction
const SENSITIVE_QUERY = /token|key|secret|password|auth|signature/i;

function authSecretsOf(headers) {
  const out = [];
  for (const name of ['authorization', 'api_access_token', 'api-access-token', 'x-api-key', 'proxy-authorization', 'cookie']) {
    const v = headers[name];
    if (!v) continue;
    out.push(String(v));
    const parts = String(v).split(/\s+/);
    for (const p of parts) if (p.length >= 6) out.push(p);
    const last = parts[parts.length - 1];
    if (/^basic$/i.test(parts[0] || '') && last) {
      try {
        const decoded = Buffer.from(last, 'base64').toString('utf8');
        out.push(decoded);
        for (const p of decoded.split(':')) if (p.length >= 6) out.push(p);
      } catch { /* ignore */ }
    }
  }
  return out;
}

function redact(text, extra = []) {
  let s = String(text);
  const all = [...extra, ...ALL_SECRETS].filter((x) => x && x.length >= 6).sort((a, b) => b.length - a.length);
  for (const secret of all) s = s.split(secret).join('[REDACTED]');
  return s;
}

function shorten(value, depth = 0) {
  if (typeof value === 'string') return value.length > 40 ? `${value.slice(0, 40)}…(${value.length} chars)` : value;
  if (Array.isArray(value)) return depth > 3 ? `[${value.length} items]` : value.slice(0, 12).map((x) => shorten(x, depth + 1));
  if (value && typeof value === 'object') {
    if (depth > 3) return '{…}';
    const o = {};
    for (const [k, v] of Object.entries(value)) {
      o[k] = k === 'data' && typeof v === 'string' ? `<base64 ${v.length} chars>` : shorten(v, depth + 1);
    }
    return o;
  }
  return value;
}

function bodySummary(rec) {
  const fmtFiles = (files) => files.map((f) => `${f.filename}(${f.contentType},${f.size}B)`).join(', ');
  let s;
  if (mediaTypeOf(rec.contentType) === 'multipart/form-data') {
    const fieldSummary = Object.entries(rec.fields || {})
      .map(([k, v]) => `${k}=${JSON.stringify(shorten(v))}`).join(' ');
    s = `multipart ${fieldSummary}${rec.files.length ? ` files=[${fmtFiles(rec.files)}]` : ''}`;
  } else if (rec.json !== undefined) {
    s = `json ${JSON.stringify(shorten(rec.json))}`;
  } else if (rec.fields && Object.keys(rec.fields).length) {
    s = `form ${JSON.stringify(shorten(rec.fields))}`;
  } else if (rec.rawBody && rec.rawBody.length) {
    s = `${rec.rawBody.length}B ${rec.contentType || 'no content-type'}${rec.jsonError ? ' (invalid JSON)' : ''}`;
  } else s = 'no body';
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

function queryForLog(query) {
  const parts = [];
  for (const [k, v] of Object.entries(query)) {
    for (const one of [].concat(v)) parts.push(`${k}=${SENSITIVE_QUERY.test(k) ? '[REDACTED]' : one}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

// ---------------------------------------------------------------- responses
function encodeBody(body, headers) {
  const h = { ...headers };
  const has = (n) => Object.keys(h).some((k) => k.toLowerCase() === n);
  let buf;
  if (body === undefined || body === null) buf = Buffer.alloc(0);
  else if (Buffer.isBuffer(body)) buf = body;
  else if (typeof body === 'string') {
    buf = Buffer.from(body, 'utf8');
    if (!has('content-type')) h['Content-Type'] = 'text/plain; charset=utf-8';
  } else {
    buf = Buffer.from(JSON.stringify(body), 'utf8');
    if (!has('content-type')) h['Content-Type'] = 'application/json; charset=utf-8';
  }
  h['Content-Length'] = String(buf.length);
  return { buf, headers: h };
}

function isAnswerFault(f) {
  return !!(f.dropConnection || f.status != null || f.body !== undefined);
}

/**
 * Create a mock vendor server.
 * def = {
 *   vendor, basePath ('' or '/api/public'),
 *   handle(ctx) → {status, headers?, body?} (may be async),
 *   rateLimited({retryAfterSeconds, resetInSeconds}) → {status:429, headers, body},
 *   faultResponse(status) → {headers?, body} default body for an injected fault with that status,
 *   badBody({kind:'length'|'multipart', message, record}) → response for a body that cannot be read,
 *   onReset(), extend(mock) (add vendor-specific fields to the mock object)
 * }
 */
async function createMockServer(def, options = {}) {
  const state = { requests: [], messages: [], protocolErrors: [], faults: [], rateLimits: [], redirects: [] };
  const bodyTimeoutMs = options.bodyTimeoutMs || DEFAULT_BODY_TIMEOUT_MS;
  let seq = 0;
  const mock = {
    vendor: def.vendor,
    baseUrl: null,
    port: null,
    requests: state.requests,
    messages: state.messages,
    protocolErrors: state.protocolErrors,
    reset() {
      state.requests.length = 0;
      state.messages.length = 0;
      state.protocolErrors.length = 0;
      state.faults.length = 0;
      state.rateLimits.length = 0;
      state.redirects.length = 0;
      seq = 0;
      if (def.onReset) def.onReset();
    },
    failNext(fault = {}) {
      const times = fault.times == null ? 1 : fault.times;
      state.faults.push({ ...fault, remaining: times });
      return mock;
    },
    rateLimitNext(times = 1, opts = {}) {
      state.rateLimits.push({ remaining: times, opts });
      return mock;
    },
    redirectNext(location, times = 1) {
      state.redirects.push({ remaining: times, location });
      return mock;
    },
    /** Records a created message (used by the vendor handlers). */
    _addMessage(msg) {
      state.messages.push(msg);
      return msg;
    },
    close: null,
  };

  const log = (rec, extra) => {
    if (!options.logFile) return;
    const status = rec.dropped ? 'DROPPED' : rec.aborted ? 'ABORTED' : rec.status;
    const flags = [
      rec.lengthMismatch ? `LENGTH-MISMATCH(declared ${rec.lengthMismatch.declared}, received ${rec.lengthMismatch.received})` : '',
      rec.bodyError ? `BODY-ERROR(${rec.bodyError})` : '',
      rec.fault ? `FAULT(${rec.fault})` : '',
      rec.clientGone ? 'CLIENT-GONE' : '',
      extra || '',
    ].filter(Boolean).join(' ');
    const line = `${new Date().toISOString()} ${def.vendor} ${rec.method} ${rec.path}${queryForLog(rec.query)} -> ${status} ${bodySummary(rec)}${flags ? ` ${flags}` : ''}`;
    try {
      fs.appendFileSync(options.logFile, `${redact(line, authSecretsOf(rec.headers)).replace(/[\r\n]+/g, ' ')}\n`);
    } catch { /* logging must never break a test */ }
  };

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((err) => {
      try {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`mock error: ${err && err.message}`);
        }
      } catch { /* ignore */ }
      // eslint-disable-next-line no-console
      console.error(`[mock ${def.vendor}]`, err);
    });
  });
  server.on('clientError', (err, socket) => {
    const entry = { time: new Date().toISOString(), code: err.code || null, message: err.message, bytes: err.rawPacket ? err.rawPacket.length : null };
    state.protocolErrors.push(entry);
    if (options.logFile) {
      try { fs.appendFileSync(options.logFile, `${entry.time} ${def.vendor} PROTOCOL-ERROR ${entry.code} ${entry.message}\n`); } catch { /* ignore */ }
    }
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function onRequest(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
    const declared = headers['content-length'] != null ? Number(headers['content-length']) : null;
    const rec = {
      seq: ++seq,
      time: new Date().toISOString(),
      vendor: def.vendor,
      method: req.method,
      path: url.pathname,
      query: multiMap([...url.searchParams.entries()]),
      headers,
      contentType: headers['content-type'] || null,
      rawBody: null,
      json: undefined,
      fields: {},
      files: [],
      declaredLength: declared,
      receivedLength: 0,
      transferEncoding: headers['transfer-encoding'] || null,
      authenticated: false,
      status: null,
      response: null,
      responseHeaders: null,
    };
    state.requests.push(rec);

    const body = await collectBody(req, bodyTimeoutMs);
    rec.receivedLength = body.buf.length;
    const mt = mediaTypeOf(rec.contentType);
    const multipart = mt === 'multipart/form-data';
    if (!multipart) rec.rawBody = body.buf;

    const answer = (resp, extra) => {
      const { buf, headers: h } = encodeBody(resp.body, resp.headers || {});
      rec.status = resp.status;
      rec.response = resp.body === undefined ? null : resp.body;
      rec.responseHeaders = h;
      log(rec, extra);
      if (res.destroyed || req.socket.destroyed) { rec.clientGone = true; return; }
      res.writeHead(resp.status, h);
      res.end(buf);
    };
    const drop = () => {
      rec.dropped = true;
      rec.status = null;
      log(rec);
      req.socket.destroy();
    };

    if (body.aborted) {
      rec.aborted = true;
      if (declared != null && declared !== rec.receivedLength) rec.lengthMismatch = { declared, received: rec.receivedLength };
      log(rec);
      return;
    }
    if (body.timedOut) {
      rec.lengthMismatch = { declared, received: rec.receivedLength };
      rec.bodyError = `request body incomplete after ${bodyTimeoutMs} ms`;
      const resp = def.badBody({ kind: 'length', message: rec.bodyError, record: rec });
      resp.headers = { ...(resp.headers || {}), Connection: 'close' };
      res.on('finish', () => req.socket.destroy());
      answer(resp);
      return;
    }

    let pairs = [];
    if (multipart) {
      const parsed = await parseMultipart(req.headers, body.buf);
      rec.fields = multiMap(parsed.pairs.filter(([, v]) => typeof v === 'string'));
      rec.files = parsed.files;
      pairs = parsed.pairs;
      if (parsed.error) {
        rec.bodyError = parsed.error;
        // Node's parser stops at Content-Length: a too-small Content-Length shows up as a body cut before
        // the closing boundary (the surplus bytes then arrive as a protocol error on the socket).
        if (/unexpected end/i.test(parsed.error)) rec.lengthMismatch = { declared, received: rec.receivedLength, suspected: true };
        answer(def.badBody({ kind: 'multipart', message: parsed.error, record: rec }));
        return;
      }
    } else if (isJsonMedia(mt)) {
      const text = body.buf.toString('utf8');
      if (text.trim() !== '') {
        try { rec.json = JSON.parse(text); } catch (e) { rec.jsonError = e.message; }
      }
    } else if (mt === 'application/x-www-form-urlencoded') {
      pairs = [...new URLSearchParams(body.buf.toString('utf8')).entries()];
      rec.fields = multiMap(pairs);
    }

    // ---- queued redirect / rate limit / faults (in that order)
    if (state.redirects.length) {
      const r = state.redirects[0];
      if (--r.remaining <= 0) state.redirects.shift();
      rec.fault = `redirect ${r.location}`;
      answer({ status: 307, headers: { Location: r.location, 'Content-Type': 'text/html; charset=utf-8' }, body: `<html><body>You are being <a href="${r.location}">redirected</a>.</body></html>` });
      return;
    }
    if (state.rateLimits.length) {
      const r = state.rateLimits[0];
      if (--r.remaining <= 0) state.rateLimits.shift();
      rec.fault = 'rate-limit';
      answer(def.rateLimited(r.opts || {}));
      return;
    }
    let fault = null;
    for (const f of state.faults) {
      let ok = true;
      if (typeof f.match === 'function') {
        try { ok = !!f.match(rec); } catch { ok = false; }
      }
      if (ok) { fault = f; break; }
    }
    const consume = (f) => {
      if (--f.remaining <= 0) { const i = state.faults.indexOf(f); if (i >= 0) state.faults.splice(i, 1); }
    };
    const faultAnswer = async (f, normal) => {
      if (f.delayMs) await sleep(f.delayMs);
      if (f.dropConnection) { drop(); return; }
      if (!isAnswerFault(f)) {
        answer({ ...normal, headers: { ...(normal.headers || {}), ...(f.headers || {}) } });
        return;
      }
      const status = f.status != null ? f.status : 500;
      const dflt = (status === 429 ? def.rateLimited({}) : def.faultResponse(status)) || {};
      answer({ status, headers: { ...(dflt.headers || {}), ...(f.headers || {}) }, body: f.body !== undefined ? f.body : dflt.body });
    };

    if (fault && !fault.afterCreate && fault.storeAfterMs == null && isAnswerFault(fault)) {
      consume(fault);
      rec.fault = describeFault(fault);
      await faultAnswer(fault);
      return;
    }

    const ctx = {
      record: rec,
      pairs,
      mock,
      baseUrl: mock.baseUrl,
      origin: `http://127.0.0.1:${mock.port}`,
      created: false,
      createMessage(msg) { ctx.created = true; return mock._addMessage(msg); },
    };
    if (fault && fault.storeAfterMs != null) {
      // The vendor fails the request, yet stores the message a moment later (a slow back end).
      consume(fault);
      rec.fault = describeFault(fault);
      sleep(fault.storeAfterMs).then(() => def.handle(ctx)).catch(() => {});
      await faultAnswer(fault);
      return;
    }
    const normal = await def.handle(ctx);
    if (fault && (!fault.afterCreate || ctx.created)) {
      consume(fault);
      rec.fault = describeFault(fault);
      await faultAnswer(fault, normal);
      return;
    }
    answer(normal);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  mock.port = server.address().port;
  mock.baseUrl = `http://127.0.0.1:${mock.port}${def.basePath || ''}`;
  mock.close = () => new Promise((resolve) => {
    server.close(() => resolve());
    if (server.closeAllConnections) server.closeAllConnections();
  });
  mock.server = server;
  if (def.extend) def.extend(mock);
  return mock;
}

function describeFault(f) {
  const bits = [];
  if (f.dropConnection) bits.push('drop');
  else if (isAnswerFault(f)) bits.push(`status ${f.status != null ? f.status : 500}`);
  else bits.push('normal answer');
  if (f.afterCreate) bits.push('after create');
  if (f.storeAfterMs != null) bits.push(`stored ${f.storeAfterMs}ms later`);
  if (f.delayMs) bits.push(`delay ${f.delayMs}ms`);
  return bits.join(', ');
}

// ---------------------------------------------------------------- small shared helpers
/** Parse an `Authorization: Basic …` header → {user, pass} or null. */
function parseBasic(header) {
  if (!header) return null;
  const m = /^Basic\s+(\S+)\s*$/i.exec(String(header));
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  return { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

/** Characters (code points), as Ruby's String#length counts them. */
const charLength = (s) => [...String(s)].length;

const RAILS_404_HTML = '<!DOCTYPE html>\n<html>\n<head>\n  <title>The page you were looking for doesn\'t exist (404)</title>\n</head>\n<body>\n  <h1>The page you were looking for doesn\'t exist.</h1>\n  <p>You may have mistyped the address or the page may have moved.</p>\n</body>\n</html>\n';

/** Rails' public-exceptions answer: JSON when the request wants JSON, HTML otherwise. */
function railsStatusPage(record, status, phrase) {
  const accept = String(record.headers.accept || '');
  const wantsJson = /json/i.test(accept) || /\.json$/.test(record.path) || isJsonMedia(mediaTypeOf(record.contentType));
  if (wantsJson) return { status, body: { status, error: phrase } };
  if (status === 404) return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: RAILS_404_HTML };
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: `<!DOCTYPE html><html><head><title>${phrase} (${status})</title></head><body><h1>${phrase}</h1></body></html>\n` };
}

const NGINX_PAGES = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };
function nginxPage(status) {
  if (!NGINX_PAGES[status]) return null;
  return {
    headers: { 'Content-Type': 'text/html' },
    body: `<html>\r\n<head><title>${status} ${NGINX_PAGES[status]}</title></head>\r\n<body>\r\n<center><h1>${status} ${NGINX_PAGES[status]}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

module.exports = {
  createMockServer,
  nestParams,
  parseBasic,
  charLength,
  sha256,
  mediaTypeOf,
  isJsonMedia,
  railsStatusPage,
  nginxPage,
  redact,
  authSecretsOf,
  multiMap,
  isPlainObject,
};
