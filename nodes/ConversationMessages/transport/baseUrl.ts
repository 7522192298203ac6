import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface BaseUrlRules {
	/** Credential name as the user sees it, for the error message. */
	credential: string;
	/** A path the URL must end with (User.com: /api/public). */
	requiredPath?: string;
	/** API path suffixes that belong to request paths, not to the base URL. */
	rejectedSuffixes?: string[];
	example: string;
}

/**
 * Checks and normalises a credential's base URL: http(s) only, no spaces, no user info, no query,
 * trailing slashes trimmed, and the path shape this vendor needs. The URL itself is echoed only
 * when it carries no user info, so a secret pasted into it never reaches an error message.
 */
export function normalizeBaseUrl(node: INode, raw: unknown, rules: BaseUrlRules): string {
	const fail = (problem: string) =>
		new NodeOperationError(node, `The base URL of the ${rules.credential} credential ${problem}`, {
			description: `Example: ${rules.example}`,
		});
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') throw fail('is empty');
	if (/\s/.test(text)) throw fail(`contains spaces: "${text}"`);
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw fail(`is not a valid URL: "${text}"`);
	}
	if (url.username || url.password) throw fail('must not contain a user name or password');
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw fail(`must start with https:// or http://, got "${url.protocol}"`);
	}
	if (url.search || url.hash) throw fail(`must not contain "?" or "#": "${text}"`);
	const path = url.pathname.replace(/\/+$/, '');
	const normalized = `${url.origin}${path}`;
	if (rules.requiredPath !== undefined && !path.endsWith(rules.requiredPath)) {
		throw fail(`must end with ${rules.requiredPath}, got "${normalized}"`);
	}
	const rejected = rules.rejectedSuffixes?.find((suffix) => path.endsWith(suffix));
	if (rejected) throw fail(`must not end with ${rejected}: use the address without it`);
	return normalized;
}
