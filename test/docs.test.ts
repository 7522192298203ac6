/**
 * The documentation a user reads: the README stays a five-minute read (the depth lives in docs/),
 * every relative link in the project's Markdown leads somewhere, every platform of the send
 * node has its page in docs/platforms/, and the matrix of Conversation Actions per platform is
 * what the node offers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

import type { INodePropertyOptions } from 'n8n-workflow';

import { ConversationActions } from '../nodes/ConversationMessages/ConversationActions.node';
import { SendConversationMessage } from '../nodes/ConversationMessages/SendConversationMessage.node';

const root = resolve(__dirname, '..');
const README_MAX_LINES = 350;
const NOT_OURS = new Set(['node_modules', '.cache', 'dist', '.git']);

function markdownFiles(folder = ''): string[] {
	return readdirSync(join(root, folder)).flatMap((name) => {
		const path = folder ? `${folder}/${name}` : name;
		if (NOT_OURS.has(name)) return [];
		if (statSync(join(root, path)).isDirectory()) return markdownFiles(path);
		return path.endsWith('.md') ? [path] : [];
	});
}

/** The text outside fenced code blocks and inline code, where a link is a link. */
function prose(text: string): string {
	return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The link targets of a Markdown file, images included; web and mail addresses left out. */
function relativeLinks(text: string): string[] {
	return [...prose(text).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
		.map(([, target]) => target)
		.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The anchors GitHub gives a file's headings: the heading's text, lower-cased, punctuation dropped, spaces as hyphens. */
function anchors(text: string): Set<string> {
	const seen = new Map<string, number>();
	const headings = [...text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)];
	return new Set(
		headings.map(([, heading]) => {
			const slug = heading
				.replace(/[`*]/g, '')
				.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
				.toLowerCase()
				.replace(/[^\p{L}\p{N}\s_-]/gu, '')
				.replace(/\s/g, '-');
			const count = seen.get(slug) ?? 0;
			seen.set(slug, count + 1);
			return count ? `${slug}-${count}` : slug;
		}),
	);
}

function brokenLinks(file: string): string[] {
	const text = readFileSync(join(root, file), 'utf8');
	return relativeLinks(text).flatMap((target) => {
		const [path, anchor] = target.split('#');
		const linked = path ? join(dirname(join(root, file)), decodeURIComponent(path)) : join(root, file);
		if (!existsSync(linked)) return [`${file}: ${target} (no such file)`];
		if (anchor === undefined) return [];
		if (!linked.endsWith('.md')) return [`${file}: ${target} (an anchor into a file that is not Markdown)`];
		if (anchors(readFileSync(linked, 'utf8')).has(anchor)) return [];
		return [`${file}: ${target} (no heading "${anchor}" in ${relative(root, linked)})`];
	});
}

test(`the README is at most ${README_MAX_LINES} lines: the depth lives in docs/`, () => {
	const lines = readFileSync(join(root, 'README.md'), 'utf8').trimEnd().split('\n').length;
	expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
});

test('every relative link in the README, docs/ and the other Markdown files resolves, anchors included', () => {
	const files = markdownFiles();
	expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'docs/reliability.md']));
	expect(files.flatMap(brokenLinks)).toEqual([]);
});

test('the link check itself: a missing file and a missing heading are caught', () => {
	expect(relativeLinks('[a](docs/x.md#y) ![b](img.png) [c](https://n8n.io) `[d](e.md)`')).toEqual(['docs/x.md#y', 'img.png']);
	expect(anchors('# Running at scale (n8n queue mode)\n## The triggers: what "exactly once" means\n## `npm test`\n## Notes\n## Notes')).toEqual(
		new Set(['running-at-scale-n8n-queue-mode', 'the-triggers-what-exactly-once-means', 'npm-test', 'notes', 'notes-1']),
	);
});

test('every platform of the send node has its page in docs/platforms/, and every page a platform', () => {
	const platform = new SendConversationMessage().description.properties.find((property) => property.name === 'platform');
	const values = (platform?.options as INodePropertyOptions[]).map((option) => String(option.value));
	expect(values.length).toBeGreaterThan(0);
	const pages = readdirSync(join(root, 'docs/platforms')).map((file) => file.replace(/\.md$/, ''));
	expect(pages.sort()).toEqual(values.sort());
});

/** The rows of the Markdown table in `section` of a file, each as its cells' trimmed text; the separator row left out. */
function tableRows(file: string, section: string): string[][] {
	const [, after = ''] = readFileSync(join(root, file), 'utf8').split(`\n## ${section}\n`);
	return after
		.split('\n## ')[0]
		.split('\n')
		.filter((line) => line.startsWith('|') && !/^\|[-|\s]+\|$/.test(line))
		.map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

test("docs/README.md's matrix of Conversation Actions per platform is exactly what the node offers", () => {
	const { properties } = new ConversationActions().description;
	const platforms = properties.find((property) => property.name === 'platform')?.options as INodePropertyOptions[];
	const offered = properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => {
			const { platform, resource } = property.displayOptions?.show ?? {};
			return (property.options as INodePropertyOptions[]).map((option) => `${String(platform)} ${String(resource)} ${option.name} ${String(option.value)}`);
		});

	const [header, ...rows] = tableRows('docs/README.md', 'Conversation Actions per platform');
	expect(header?.slice(1)).toEqual(platforms.map((platform) => platform.name));
	const documented = rows.flatMap(([operation, ...cells]) => {
		const [, resource, name] = /^(\w+) → \*\*(.+)\*\*$/.exec(operation) ?? [];
		return cells.flatMap((cell, column) => {
			if (cell === '–') return [];
			const value = /^`(\w+)`$/.exec(cell)?.[1] ?? `unreadable cell ${cell}`;
			return [`${String(platforms[column].value)} ${resource?.toLowerCase()} ${name} ${value}`];
		});
	});
	expect(offered.length).toBeGreaterThan(0);
	expect(documented.sort()).toEqual(offered.sort());
});
