import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Readers for node parameters. Values arrive from expressions as well as from the panel, so a
 * number may come as "42", text as a number, and anything as null or undefined. Every failure
 * names the parameter (by its label in the panel) and the item.
 */

export function invalidParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${label} ${problem} (item ${itemIndex})`, {
		itemIndex,
		description,
	});
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (typeof value === 'string') return `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`;
	if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
	return String(value);
}

/** Text as given (not trimmed: what the customer reads arrives byte-exact). Null/undefined → ''. */
export function readText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw invalidParameter(ctx, itemIndex, label, `must be text, got ${describe(value)}`);
}

export function requireText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): string {
	const text = readText(ctx, itemIndex, value, label);
	if (text.trim() === '') throw invalidParameter(ctx, itemIndex, label, 'is empty');
	return text;
}

/** A vendor id that must be a positive whole number; "42" from an expression is fine. */
export function requireWholeNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): number {
	const text = typeof value === 'number' ? String(value) : readText(ctx, itemIndex, value, label).trim();
	if (text === '') throw invalidParameter(ctx, itemIndex, label, 'is empty');
	if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
		throw invalidParameter(
			ctx,
			itemIndex,
			label,
			`must be a positive whole number, got ${describe(value)}`,
		);
	}
	return Number(text);
}

/** An id or slug that goes into a URL path: trimmed, non-empty, one path segment. */
export function requirePathSegment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): string {
	const text = readText(ctx, itemIndex, value, label).trim();
	if (text === '') throw invalidParameter(ctx, itemIndex, label, 'is empty');
	if (/[\s/?#\\]/.test(text)) {
		throw invalidParameter(
			ctx,
			itemIndex,
			label,
			`must be a single id without spaces, slashes, "?" or "#", got ${describe(value)}`,
		);
	}
	return text;
}

/** A JSON object parameter: '' or nothing → undefined; an object from an expression is taken as is. */
export function optionalJsonObject(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): IDataObject | undefined {
	if (value === null || value === undefined) return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw invalidParameter(
				ctx,
				itemIndex,
				label,
				`is not valid JSON: ${(error as Error).message}`,
				'Enter a JSON object, e.g. {"key": "value"}',
			);
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw invalidParameter(ctx, itemIndex, label, `must be a JSON object, got ${describe(parsed)}`);
	}
	return parsed as IDataObject;
}

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

export function requireEmail(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): string {
	const email = requireText(ctx, itemIndex, value, label).trim();
	if (!EMAIL.test(email)) {
		throw invalidParameter(ctx, itemIndex, label, `is not a valid email address: ${describe(email)}`);
	}
	return email;
}

/** Comma-separated list (binary property names, URLs). */
export function readList(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): string[] {
	const items = Array.isArray(value)
		? value.map((entry) => readText(ctx, itemIndex, entry, label))
		: readText(ctx, itemIndex, value, label).split(',');
	return items.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

export function requireHttpUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): string {
	const text = requireText(ctx, itemIndex, value, label).trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || /\s/.test(text)) {
		throw invalidParameter(ctx, itemIndex, label, `must be an http(s) URL, got ${describe(text)}`);
	}
	return text;
}

export function readAdditionalFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return (ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject) ?? {};
}

/** A boolean that may arrive as "true"/"false" from an expression. */
export function readBoolean(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): boolean {
	if (value === undefined || value === null || value === '') return false;
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw invalidParameter(ctx, itemIndex, label, `must be true or false, got ${describe(value)}`);
}

/**
 * The conversation parameter (a resource locator) as its plain value: the picked or typed id, or
 * the id taken from a pasted address. A plain string saved by an older workflow is used as is.
 */
export function readConversationParameter(ctx: IExecuteFunctions, itemIndex: number, label: string): unknown {
	try {
		return ctx.getNodeParameter('conversationId', itemIndex, '', { extractValue: true });
	} catch {
		throw invalidParameter(
			ctx,
			itemIndex,
			label,
			'is not an address of a conversation on this platform',
			'Paste the address of the conversation as the inbox shows it, or choose "By ID".',
		);
	}
}
