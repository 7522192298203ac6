'use strict';
/**
 * Catch-all loopback server: records every request (method, path, query, headers, body) and answers
 * 200 {}. Point a mock's redirectNext() at it to prove credentials are not forwarded to a redirect target.
 */
const http = require('node:http');

async function startCaptureServer(options = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const headers = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
      const query = {};
      for (const [k, v] of url.searchParams.entries()) query[k] = k in query ? [].concat(query[k], v) : v;
      requests.push({ time: new Date().toISOString(), method: req.method, path: url.pathname, url: req.url, query, headers, rawBody: Buffer.concat(chunks) });
      const body = '{}';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address();
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    reset() { requests.length = 0; },
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      if (server.closeAllConnections) server.closeAllConnections();
    }),
    server,
  };
}

module.exports = { startCaptureServer };
