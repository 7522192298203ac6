import type { IDataObject } from 'n8n-workflow';

/**
 * What a parameter's value must be. Values arrive from expressions as well as from the panel,
 * so a number may come as "42", text as a number, and anything as null or undefined. A check
 * knows nothing of items or labels: it answers the value, or the problem with it, which the
 * item's reader (itemParameters.ts) turns into an error naming the parameter and the item.
 */
export type Check<T> = (value: unknown) => T | ParameterProblem;

export class ParameterProblem {
	constructor(
		readonly problem: string,
		readonly description?: string,
	) {}
}

function failed(result: unknown): result is ParameterProblem {
	return result instanceof ParameterProblem;
}

export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (typeof value === 'string') return `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`;
	if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
	return String(value);
}

/** Text as given (not trimmed: what the customer reads arrives byte-exact). Null/undefined → ''. */
export const text: Check<string> = (value) => {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return new ParameterProblem(`must be text, got ${describe(value)}`);
};

export const requiredText: Check<string> = (value) => {
	const given = text(value);
	if (failed(given)) return given;
	return given.trim() === '' ? new ParameterProblem('is empty') : given;
};

/** A vendor id that must be a positive whole number; "42" from an expression is fine. */
export const wholeNumber: Check<number> = (value) => {
	const given = typeof value === 'number' ? String(value) : text(value);
	if (failed(given)) return given;
	const digits = given.trim();
	if (digits === '') return new ParameterProblem('is empty');
	if (!/^\d+$/.test(digits) || !Number.isSafeInteger(Number(digits)) || Number(digits) < 1) {
		return new ParameterProblem(`must be a positive whole number, got ${describe(value)}`);
	}
	return Number(digits);
};

/** An id or slug that goes into a URL path: trimmed, non-empty, one path segment. */
export const pathSegment: Check<string> = (value) => {
	const given = text(value);
	if (failed(given)) return given;
	const id = given.trim();
	if (id === '') return new ParameterProblem('is empty');
	if (/[\s/?#\\]/.test(id)) {
		return new ParameterProblem(`must be a single id without spaces, slashes, "?" or "#", got ${describe(value)}`);
	}
	return id;
};

/** A JSON object: '' or nothing → undefined; an object from an expression is taken as is. */
export const jsonObject: Check<IDataObject | undefined> = (value) => {
	if (value === null || value === undefined) return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		parsed = parseJson(value);
		if (failed(parsed)) return parsed;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return new ParameterProblem(`must be a JSON object, got ${describe(parsed)}`);
	}
	return parsed as IDataObject;
};

function parseJson(value: string): unknown {
	try {
		return JSON.parse(value);
	} catch (error) {
		return new ParameterProblem(`is not valid JSON: ${(error as Error).message}`, 'Enter a JSON object, e.g. {"key": "value"}');
	}
}

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

export const email: Check<string> = (value) => {
	const given = requiredText(value);
	if (failed(given)) return given;
	const address = given.trim();
	return EMAIL.test(address) ? address : new ParameterProblem(`is not a valid email address: ${describe(address)}`);
};

/** Comma-separated list (binary property names, URLs). */
export const list: Check<string[]> = (value) => {
	const entries = Array.isArray(value) ? value.map((entry) => text(entry)) : [text(value)];
	const problem = entries.find(failed);
	if (problem) return problem;
	const texts = Array.isArray(value) ? (entries as string[]) : (entries[0] as string).split(',');
	return texts.map((entry) => entry.trim()).filter((entry) => entry !== '');
};

export const httpUrl: Check<string> = (value) => {
	const text = requiredText(value);
	if (failed(text)) return text;
	const given = text.trim();
	let url: URL | undefined;
	try {
		url = new URL(given);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || /\s/.test(given)) {
		return new ParameterProblem(`must be an http(s) URL, got ${describe(given)}`);
	}
	return given;
};

/** A boolean that may arrive as "true"/"false" from an expression. */
export const boolean: Check<boolean> = (value) => {
	if (value === undefined || value === null || value === '') return false;
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return new ParameterProblem(`must be true or false, got ${describe(value)}`);
};

/** One of a fixed set of values, given as text; `listed` is how the error says what it must be. */
export function oneOf<T extends string>(allowed: readonly T[], listed = `one of ${allowed.join(', ')}`): Check<T> {
	return (value) => {
		const given = text(value);
		if (failed(given)) return given;
		return allowed.includes(given as T) ? (given as T) : new ParameterProblem(`must be ${listed}, got "${given}"`);
	};
}

/**
 * A date and time in the future (a snooze's end), as epoch milliseconds; `pastHint` is the error's
 * advice when it is not in the future.
 */
export function futureTime(pastHint: string): Check<number> {
	return (value) => {
		const given = text(value);
		if (failed(given)) return given;
		const at = Date.parse(given);
		if (!Number.isFinite(at)) return new ParameterProblem(`is not a date and time: "${given}"`, 'Give an ISO 8601 time, e.g. 2026-12-24T09:00:00Z.');
		if (at <= Date.now()) return new ParameterProblem(`is in the past: ${new Date(at).toISOString()}`, pastHint);
		return at;
	};
}

/**
 * A resource locator's value (a picker: From List or By ID) as trimmed text; a plain value (an
 * expression, an AI agent's `$fromAI`) is taken as is. '' when nothing was chosen.
 */
export const locatorText: Check<string> = (value) => {
	const given = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject).value : value;
	const result = text(given);
	return failed(result) ? result : result.trim();
};
