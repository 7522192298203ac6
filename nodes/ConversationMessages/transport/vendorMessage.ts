/**
 * Finds the human message in a vendor's error body. The five vendors answer in these shapes:
 * Chatwoot/LiveDesk {"error": "..."} or {"message": "..."} or {"errors": ["..."]};
 * Intercom {"type":"error.list","errors":[{"code","message"}]}; User.com (Django REST
 * Framework) {"detail": "..."} or field errors {"content": ["This field is required."]};
 * Re:amaze 422 with a JSON body explaining the error; Zendesk {"error": "<Label>", "description":
 * "...", "details": {field: [{"description": "..."}]}}. Plain-text bodies are used as they are.
 */
export function extractVendorMessage(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (Buffer.isBuffer(body)) return extractVendorMessage(body.toString('utf8'));
	if (typeof body === 'string') {
		const text = body.trim();
		if (text === '') return undefined;
		if (text.startsWith('{') || text.startsWith('[')) {
			try {
				return extractVendorMessage(JSON.parse(text));
			} catch {
				// not JSON after all: fall through to the text itself
			}
		}
		return shorten(stripHtml(text));
	}
	if (Array.isArray(body)) return joinMessages(body);
	if (typeof body !== 'object') return String(body);

	const object = body as Record<string, unknown>;
	const labelled = labelledError(object);
	if (labelled) return labelled;
	for (const key of ['error', 'message', 'detail', 'error_description']) {
		const value = object[key];
		if (typeof value === 'string' && value.trim() !== '') return shorten(value.trim());
		if (value && typeof value === 'object') {
			const nested = extractVendorMessage(value);
			if (nested) return nested;
		}
	}
	if (object.errors !== undefined) {
		const nested = Array.isArray(object.errors)
			? joinMessages(object.errors)
			: extractVendorMessage(object.errors);
		if (nested) return nested;
	}
	// Field errors: {"field": ["problem", ...], ...}
	const fieldErrors = Object.entries(object)
		.filter(([, value]) => Array.isArray(value) || typeof value === 'string')
		.map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join(' ') : value}`);
	return fieldErrors.length ? shorten(fieldErrors.join('; ')) : undefined;
}

/** Zendesk's envelope: the label, its description and each field's problems, e.g. "RecordInvalid: Record validation errors (Status: closed is not valid)". */
function labelledError(object: Record<string, unknown>): string | undefined {
	const { error, description, details } = object;
	if (typeof error !== 'string' || typeof description !== 'string' || description.trim() === '') return undefined;
	const problems =
		details && typeof details === 'object'
			? Object.values(details as Record<string, unknown>)
					.flatMap((entries) => (Array.isArray(entries) ? entries : [entries]))
					.map((entry) => (entry && typeof entry === 'object' ? (entry as Record<string, unknown>).description : entry))
					.filter((problem): problem is string => typeof problem === 'string' && problem.trim() !== '')
			: [];
	return shorten(`${error}: ${description.trim()}${problems.length ? ` (${problems.join('; ')})` : ''}`);
}

function joinMessages(list: unknown[]): string | undefined {
	const messages = list
		.map((entry) => {
			if (typeof entry === 'string') return entry;
			if (entry && typeof entry === 'object') {
				const { message, code, field } = entry as Record<string, unknown>;
				const text = typeof message === 'string' && message ? message : typeof code === 'string' ? code : undefined;
				if (!text) return extractVendorMessage(entry);
				return typeof field === 'string' && field ? `${field}: ${text}` : text;
			}
			return undefined;
		})
		.filter((message): message is string => !!message);
	return messages.length ? shorten(messages.join('; ')) : undefined;
}

function stripHtml(text: string): string {
	return text.startsWith('<') ? text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : text;
}

function shorten(text: string): string {
	return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
