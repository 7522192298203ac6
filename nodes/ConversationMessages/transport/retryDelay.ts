/**
 * How long a vendor asks us to wait after a 429, in milliseconds, from its own hints:
 * `Retry-After` (seconds or an HTTP date), Intercom's `X-RateLimit-Reset` (epoch seconds), or
 * User.com's throttle text "Expected available in N seconds". Undefined when it gives none.
 */
export function vendorRetryDelay(
	headers: Record<string, unknown>,
	body: unknown,
	now: number,
): number | undefined {
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined) {
		if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const reset = header(headers, 'x-ratelimit-reset');
	if (reset !== undefined && /^\d+$/.test(reset)) {
		return Math.max(0, Number(reset) * 1000 - now);
	}
	const text = typeof body === 'string' ? body : body && typeof body === 'object' ? JSON.stringify(body) : '';
	const throttle = /available in (\d+(?:\.\d+)?) second/i.exec(text);
	if (throttle) return Math.ceil(Number(throttle[1]) * 1000);
	return undefined;
}

/** Backoff when the vendor gives no hint: 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffDelay(attempt: number): number {
	return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const key = Object.keys(headers ?? {}).find((candidate) => candidate.toLowerCase() === name);
	if (key === undefined) return undefined;
	const value = headers[key];
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined || first === null ? undefined : String(first).trim();
}
