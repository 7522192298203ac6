'use strict';
/**
 * Signed object storage on another host (ActiveStorage's S3 / GCS), where Chatwoot's `data_url`
 * redirects. Serves each file by its signed URL only; records every request's headers so that
 * tests can prove no vendor credential reached it.
 */
const http = require('node:http');
const crypto = require('node:crypto');

async function startStorageMock() {
  const files = new Map();
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push({ method: req.method, path: url.pathname, headers: { ...req.headers } });
    const file = files.get(url.pathname);
    if (!file || url.searchParams.get('signature') !== file.signature) {
      res.writeHead(403, { 'Content-Type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired or signature does not match</Message></Error>');
      return;
    }
    if (file.chunked) {
      // No Content-Length: the size is known only once the last chunk has arrived.
      res.writeHead(200, { 'Content-Type': file.contentType });
      for (let at = 0; at < file.data.length; at += 64 * 1024) res.write(file.data.subarray(at, at + 64 * 1024));
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(file.data.length) });
    res.end(file.data);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    requests,
    // "localhost", not 127.0.0.1: another host name than the vendor's, as real storage is.
    origin: `http://localhost:${port}`,
    /** Stores a file; `{chunked: true}` serves it without Content-Length. Returns its signed URL. */
    put(file, { chunked = false } = {}) {
      const key = `/bucket/${crypto.randomBytes(8).toString('hex')}`;
      const signature = crypto.randomBytes(12).toString('hex');
      files.set(key, { data: file.data, contentType: file.contentType || 'application/octet-stream', signature, chunked });
      return `http://localhost:${port}${key}?signature=${signature}&response-content-disposition=${encodeURIComponent(`inline; filename="${file.filename}"`)}`;
    },
    reset() { requests.length = 0; },
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

module.exports = { startStorageMock };
