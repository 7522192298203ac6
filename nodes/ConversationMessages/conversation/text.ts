// How vendors' values become the message shape's: text, numbers, times and file names.

export function text(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return null;
}

export function number(value: unknown): number | null {
	const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	return Number.isFinite(parsed) ? parsed : null;
}

/** Vendors send Unix seconds, Unix milliseconds or ISO strings; the output is always ISO 8601. */
export function isoTime(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) {
		return new Date(value < 1e12 ? value * 1000 : value).toISOString();
	}
	if (typeof value === 'string' && value.trim() !== '') {
		const asNumber = Number(value);
		if (Number.isFinite(asNumber)) return isoTime(asNumber);
		const parsed = Date.parse(value);
		if (Number.isFinite(parsed)) return new Date(parsed).toISOString();
	}
	return new Date().toISOString();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** HTML bodies (Intercom, User.com) as the plain text a reader sees: paragraphs and breaks kept as new lines. */
export function htmlToText(html: string): string {
	return html
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
		.replace(/<[^>]*>/g, '')
		.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, entity: string) => ENTITIES[entity])
		.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** The last path segment of a file URL, decoded: Chatwoot and Intercom put the file name there. */
export function fileNameFromUrl(url: string, fallback: string): string {
	try {
		const segment = new URL(url).pathname.split('/').filter(Boolean).pop();
		return segment ? decodeURIComponent(segment) : fallback;
	} catch {
		return fallback;
	}
}
