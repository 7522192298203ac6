'use strict';
/**
 * Sends webhook deliveries the way the vendors do: one POST of a JSON body with the vendor's
 * headers, no redirects followed, a short timeout (Chatwoot's WEBHOOK_TIMEOUT is 5 s), the
 * answer recorded. Used by the mock vendors' "a customer writes" actions.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');

const hmacHex = (algorithm, secret, data) => crypto.createHmac(algorithm, secret).update(data).digest('hex');

function makeDeliveries(vendor, options = {}) {
  const sent = [];
  const pending = new Set();
  const log = (line) => {
    if (!options.logFile) return;
    try { fs.appendFileSync(options.logFile, `${new Date().toISOString()} ${vendor} WEBHOOK ${line}\n`); } catch { /* ignore */ }
  };

  async function post(url, bodyText, headers, meta = {}) {
    const record = { ...meta, url, headers, body: bodyText, json: JSON.parse(bodyText), status: null, response: null, error: null, time: new Date().toISOString() };
    sent.push(record);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': `${vendor}-webhook-mock`, ...headers },
        body: bodyText,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs || 5000),
      });
      record.status = res.status;
      record.response = await res.text();
    } catch (err) {
      record.error = err.message;
    }
    log(`POST ${url.replace(/token=[^&]+/, 'token=***')} -> ${record.status == null ? record.error : record.status}`);
    return record;
  }

  return {
    sent,
    /** Sends now; the promise is also tracked so that `settled()` can wait for background sends. */
    send(url, bodyText, headers, meta) {
      const promise = post(url, bodyText, headers, meta);
      pending.add(promise);
      promise.finally(() => pending.delete(promise));
      return promise;
    },
    async settled() {
      while (pending.size) await Promise.all([...pending]);
    },
    reset() { sent.length = 0; },
  };
}

module.exports = { makeDeliveries, hmacHex };
