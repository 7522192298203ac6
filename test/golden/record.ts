/**
 * A request a mock vendor received, as the golden file keeps it: what the node chose to send
 * (method, path, query, headers, body, files), with the few values that differ from run to run
 * for reasons outside the node replaced by a fixed marker, and secrets replaced by their names.
 * Each replacement below says why it is needed; nothing else is touched.
 */
import { createHash } from 'crypto';

import { CREDENTIALS } from '../helpers/vendors';
import type { RecordedRequest } from '../helpers/vendors';

export interface GoldenRequest {
	method: string;
	path: string;
	query: Record<string, unknown>;
	headers: Record<string, unknown>;
	json?: unknown;
	/** Multipart or urlencoded text fields. */
	fields?: Record<string, unknown>;
	files?: Array<{ field: string; filename: string; contentType: string; size: number; sha256: string }>;
	/** Any other body, as text. */
	text?: string;
	/** A file sent as the whole body (Zendesk's uploads): its bytes by size and sha256. */
	rawFile?: { size: number; sha256: string };
}

/** Every credential value the mocks accept, by where it comes from: `<ninetyNineDigital.accessToken>`. */
const SECRET_NAMES: Array<[string, string]> = Object.entries(CREDENTIALS)
	.flatMap(([platform, fields]) =>
		Object.entries(fields)
			.filter(([field, value]) => typeof value === 'string' && /secret|token|key/i.test(field))
			.map(([field, value]): [string, string] => [String(value), `<${platform}.${field}>`]),
	)
	.sort(([a], [b]) => b.length - a.length);

/**
 * Secrets never go into a committed file; naming them keeps the proof of which credential field
 * went into which header, in which scheme (Basic is decoded so its two halves can be named).
 */
function nameSecrets(text: string): string {
	const basic = /^Basic (\S+)$/.exec(text);
	if (basic) return `Basic base64(${nameSecrets(Buffer.from(basic[1], 'base64').toString('utf8'))})`;
	return SECRET_NAMES.reduce((result, [secret, name]) => result.split(secret).join(name), text);
}

/**
 * The mocks listen on a port the system picks at start-up, so a loopback address (the Host
 * header, and anything that echoes a mock's URL) differs between runs.
 */
const loopbackPort = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');

/**
 * form-data draws a random boundary for each multipart body; its length is fixed, so
 * Content-Length stays exact and is kept.
 */
const multipartBoundary = (text: string) => text.replace(/^(multipart\/form-data; boundary=)\S+$/, '$1<boundary>');

const normaliseText = (text: string) => loopbackPort(nameSecrets(text));

function normaliseValue(value: unknown): unknown {
	if (typeof value === 'string') return normaliseText(value);
	if (Array.isArray(value)) return value.map(normaliseValue);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normaliseValue(inner)]));
	}
	return value;
}

/**
 * Every header the mock received is kept, by name, so one added or dropped shows. Those set by
 * n8n's HTTP client rather than the node (user-agent "n8n", accept-encoding, connection) are the
 * same on every run of the pinned n8n-core, so they stay as received; Content-Length is exact.
 * Bodies: JSON parsed, multipart and urlencoded as text fields plus files (name, type, size,
 * sha256), anything else as text.
 */
export function goldenRequest(request: RecordedRequest): GoldenRequest {
	const headers = Object.fromEntries(
		Object.entries(request.headers).map(([name, value]) => [
			name,
			name === 'content-type' ? multipartBoundary(String(value)) : normaliseValue(value),
		]),
	);
	const golden: GoldenRequest = {
		method: request.method,
		path: normaliseText(request.path),
		query: normaliseValue(request.query) as Record<string, unknown>,
		headers,
	};
	if (request.json !== undefined) golden.json = normaliseValue(request.json);
	else if (Object.keys(request.fields).length) golden.fields = normaliseValue(request.fields) as Record<string, unknown>;
	if (request.files.length) {
		golden.files = request.files.map(({ field, filename, contentType, size, sha256 }) => ({ field, filename, contentType, size, sha256 }));
	}
	const isForm = golden.json !== undefined || golden.fields !== undefined || golden.files !== undefined;
	if (!isForm && request.rawBody?.length) {
		if (isText(request.contentType)) golden.text = normaliseText(request.rawBody.toString('utf8'));
		else golden.rawFile = { size: request.rawBody.length, sha256: createHash('sha256').update(request.rawBody).digest('hex') };
	}
	return golden;
}

/**
 * JSON with object keys sorted at every depth: the file reads the same however the code
 * assembled an object (key order means nothing to the vendors' JSON parsers), and a diff
 * shows only real changes.
 */
export function stableJson(value: unknown): string {
	const sortKeys = (inner: unknown): unknown => {
		if (Array.isArray(inner)) return inner.map(sortKeys);
		if (inner && typeof inner === 'object') {
			return Object.fromEntries(
				Object.keys(inner)
					.sort()
					.map((key) => [key, sortKeys((inner as Record<string, unknown>)[key])]),
			);
		}
		return inner;
	};
	return `${JSON.stringify(sortKeys(value), null, '\t')}\n`;
}

/** Bodies kept as text: none, text/*, JSON, XML and forms; any other type is a file's bytes. */
function isText(contentType: string | null): boolean {
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	return type === '' || type.startsWith('text/') || /[/+](json|xml)$/.test(type) || type === 'application/x-www-form-urlencoded';
}
