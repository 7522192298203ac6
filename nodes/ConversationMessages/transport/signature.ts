import { createHmac, timingSafeEqual } from 'crypto';

/** Compares in constant time, so the answer's timing tells nothing about the secret. */
export function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

export function hmacHex(algorithm: 'sha1' | 'sha256', secret: string, data: Buffer | string): string {
	return createHmac(algorithm, secret).update(data).digest('hex');
}

/** A header value as one string ("sha256=…"), whatever shape the server handed it over in. */
export function headerValue(headers: Record<string, unknown>, name: string): string {
	const value = headers[name.toLowerCase()];
	if (Array.isArray(value)) return String(value[0] ?? '');
	return typeof value === 'string' ? value : '';
}

/** Deliveries older (or further in the future) than this are refused as replays. */
export const SIGNATURE_MAX_AGE_SECONDS = 300;

/**
 * Chatwoot's scheme (the same as Calendly's): `sha256=` + hex HMAC-SHA256 over
 * "<timestamp>.<raw body>", with the timestamp in its own header. Returns the reason a
 * delivery is refused, or undefined when it is genuine.
 */
export function checkTimestampedSignature(
	rawBody: Buffer,
	signatureHeader: string,
	timestampHeader: string,
	secret: string,
	nowSeconds = Math.floor(Date.now() / 1000),
): string | undefined {
	if (!signatureHeader) return 'the delivery is not signed';
	if (!/^\d+$/.test(timestampHeader)) return 'the delivery has no valid timestamp';
	const age = Math.abs(nowSeconds - Number(timestampHeader));
	if (age > SIGNATURE_MAX_AGE_SECONDS) return `the delivery's timestamp is ${age} s away from now (more than ${SIGNATURE_MAX_AGE_SECONDS} s)`;
	const expected = `sha256=${hmacHex('sha256', secret, Buffer.concat([Buffer.from(`${timestampHeader}.`), rawBody]))}`;
	return sameSecret(signatureHeader.trim(), expected) ? undefined : 'the signature does not match';
}
