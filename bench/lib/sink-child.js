'use strict';
/**
 * A lightweight loopback stand-in for Chatwoot's "create message" endpoint, for uploads of
 * hundreds of MB: POST /api/v1/accounts/:account/conversations/:conversation/messages with the
 * `api_access_token` header and a multipart body. File parts are counted and hashed while they
 * stream in and are never kept in memory; the answer is a 200 with a message JSON shaped like
 * Chatwoot's. Anything else gets Chatwoot-like 401/404/422 answers.
 *
 * Also Zendesk Support's two steps: POST /api/v2/uploads?filename= with the raw file as the body
 * (hashed while it streams, like a file part), answered with a token; then PUT /api/v2/tickets/:id
 * with the tokens in `ticket.comment.uploads`, answered with an audit holding the Comment.
 *
 * Runs in its own process (bench/lib/common.js startChild). IPC commands: reset, stats.
 * argv: --token <token> --account <id> [--zendesk-auth <Authorization header value>]
 */
const http = require('node:http');
const crypto = require('node:crypto');
const Busboy = require('busboy');
const { serveChild } = require('./common-child');

const arg = (name) => {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
};
const TOKEN = arg('token');
const ACCOUNT = Number(arg('account') || 7);
const ZENDESK_AUTH = arg('zendesk-auth');

let requests = [];
let nextMessageId = 1;
let nextAttachmentId = 1;

function send(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

const server = http.createServer((req, res) => {
	const started = Date.now();
	const rec = {
		method: req.method,
		path: req.url,
		contentLength: req.headers['content-length'] != null ? Number(req.headers['content-length']) : null,
		transferEncoding: req.headers['transfer-encoding'] || null,
		tokenOk: false,
		bytes: 0,
		files: [],
		fields: {},
		status: null,
		ms: null,
	};
	requests.push(rec);
	const done = (status, body) => {
		rec.status = status;
		rec.ms = Date.now() - started;
		send(res, status, body);
	};
	req.on('data', (d) => {
		rec.bytes += d.length;
	});
	const url = new URL(req.url, 'http://sink');
	if (url.pathname === '/api/v2/uploads' && req.method === 'POST') {
		rec.tokenOk = !!ZENDESK_AUTH && req.headers.authorization === ZENDESK_AUTH;
		const hash = crypto.createHash('sha256');
		const file = { field: 'upload', filename: url.searchParams.get('filename'), mimeType: req.headers['content-type'], size: 0, sha256: null };
		rec.files.push(file);
		req.on('data', (chunk) => {
			file.size += chunk.length;
			hash.update(chunk);
		});
		return req.on('end', () => {
			file.sha256 = hash.digest('hex');
			if (!rec.tokenOk) return done(401, { error: "Couldn't authenticate you" });
			done(201, { upload: { token: `token${nextAttachmentId++}`, attachment: { file_name: file.filename, size: file.size } } });
		});
	}
	const ticket = /^\/api\/v2\/tickets\/(\d+)$/.exec(url.pathname);
	if (ticket && req.method === 'PUT') {
		rec.tokenOk = !!ZENDESK_AUTH && req.headers.authorization === ZENDESK_AUTH;
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		return req.on('end', () => {
			if (!rec.tokenOk) return done(401, { error: "Couldn't authenticate you" });
			let comment;
			try {
				comment = JSON.parse(Buffer.concat(chunks).toString('utf8')).ticket.comment;
			} catch (e) {
				return done(400, { error: 'InvalidValue', description: e.message });
			}
			rec.fields = { body: comment.body, uploads: (comment.uploads || []).length };
			const id = nextMessageId++;
			done(200, { ticket: { id: Number(ticket[1]) }, audit: { events: [{ type: 'Comment', id, body: comment.body, public: comment.public !== false }] } });
		});
	}
	const m = /^\/api\/v1\/accounts\/(\d+)\/conversations\/(\d+)\/messages$/.exec(req.url.split('?')[0]);
	if (!m || req.method !== 'POST') {
		req.resume();
		return req.on('end', () => done(404, { error: 'Not Found' }));
	}
	rec.conversationId = Number(m[2]);
	if (req.headers.api_access_token !== TOKEN) {
		req.resume();
		return req.on('end', () => done(401, { error: 'Invalid Access Token' }));
	}
	rec.tokenOk = true;
	if (Number(m[1]) !== ACCOUNT) {
		req.resume();
		return req.on('end', () => done(401, { error: 'You are not authorized to access this account' }));
	}
	let bb;
	try {
		bb = Busboy({ headers: req.headers, limits: { fieldSize: 1024 * 1024 } });
	} catch (e) {
		req.resume();
		return req.on('end', () => done(422, { error: `not multipart/form-data: ${e.message}` }));
	}
	bb.on('field', (name, value) => {
		rec.fields[name] = value;
	});
	bb.on('file', (field, stream, info) => {
		const hash = crypto.createHash('sha256');
		const file = { field, filename: info.filename, mimeType: info.mimeType, size: 0, sha256: null };
		rec.files.push(file);
		stream.on('data', (chunk) => {
			file.size += chunk.length;
			hash.update(chunk);
		});
		stream.on('end', () => {
			file.sha256 = hash.digest('hex');
		});
	});
	bb.on('error', (e) => {
		rec.error = e.message;
		req.unpipe(bb);
		req.resume();
		req.on('end', () => done(422, { error: `multipart: ${e.message}` }));
	});
	bb.on('close', () => {
		const attachments = rec.files
			.filter((f) => f.field === 'attachments[]')
			.map((f) => ({ id: nextAttachmentId++, file_type: 'file', account_id: ACCOUNT, extension: null, data_url: '', thumb_url: '', file_size: f.size }));
		if (!attachments.length && !(rec.fields.content || '').trim()) return done(422, { message: "Validation failed: Content can't be blank" });
		done(200, {
			id: nextMessageId++,
			content: rec.fields.content ?? null,
			inbox_id: 3,
			conversation_id: rec.conversationId,
			message_type: rec.fields.message_type === 'incoming' ? 0 : 1,
			content_type: 'text',
			status: 'sent',
			content_attributes: {},
			created_at: Math.floor(Date.now() / 1000),
			private: rec.fields.private === 'true',
			source_id: null,
			sender: { id: 1, name: 'Bench Agent', type: 'user' },
			attachments,
		});
	});
	req.pipe(bb);
});
server.keepAliveTimeout = 5000;
server.requestTimeout = 0;

server.listen(0, '127.0.0.1', () => {
	serveChild(
		{
			reset: () => {
				requests = [];
				return true;
			},
			stats: () => ({ requests, rssMB: Math.round(process.memoryUsage().rss / 1048576) }),
		},
		{ baseUrl: `http://127.0.0.1:${server.address().port}` },
	);
});
