/**
 * The walls inside the package (docs/development.md shows the map):
 *
 *   node entries (*.node.ts)
 *     → run/ (the send machinery) | inbound/ (the triggers' machinery)
 *     → platforms/ (one folder per vendor; chatwoot/ for what 99digital and LiveDesk share)
 *     → operations/ (the catalogue of operations, the seam every platform's operations fit)
 *     → params/ (the per-item parameter reader, the panel builders) | conversation/ (the message shape)
 *     → transport/ (HTTP, signatures; no UI wording)
 *
 * Imports run down this list only; folders on one line do not import each other. Credentials
 * stand apart: nodes import from credentials/ only the facts a credential owns (a plain module
 * there, never a *.credentials.ts), so the credential test and the node cannot disagree.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const root = resolve(__dirname, '..');
const nodeFolder = 'nodes/ConversationMessages';
/** Each layer's depth: a file may import only deeper layers, or its own folder. */
const DEPTH: Record<string, number> = {
	entry: 0,
	run: 1,
	inbound: 1,
	platforms: 2,
	operations: 3,
	params: 4,
	conversation: 4,
	transport: 5,
};

function sourcesUnder(folder: string): string[] {
	return readdirSync(join(root, folder)).flatMap((name) => {
		const path = `${folder}/${name}`;
		if (statSync(join(root, path)).isDirectory()) return sourcesUnder(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

/** The package files a source file imports (relative imports, resolved as TypeScript does). */
function localImports(file: string): string[] {
	const text = readFileSync(join(root, file), 'utf8');
	return [...text.matchAll(/\bfrom\s+'(\.[^']*)'/g)].map(([, specifier]) => {
		const base = join(dirname(file), specifier);
		const found = [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(join(root, candidate)));
		if (!found) throw new Error(`${file}: cannot resolve '${specifier}'`);
		return relative(root, join(root, found));
	});
}

/** The layer of a node file (entry for a *.node.ts), and its platform folder, if any. */
function placeOf(file: string): { layer: string; platform?: string } {
	const parts = file.slice(nodeFolder.length + 1).split('/');
	if (parts.length === 1) return { layer: 'entry' };
	const platform = parts[0] === 'platforms' && parts.length > 2 ? parts[1] : undefined;
	return { layer: parts[0], platform };
}

const nodeFiles = sourcesUnder(nodeFolder);
const edges = nodeFiles.flatMap((from) => localImports(from).map((to) => ({ from, to })));

test('the scan sees every layer, and nothing outside them', () => {
	expect(new Set(nodeFiles.map((file) => placeOf(file).layer))).toEqual(new Set(Object.keys(DEPTH)));
	expect(edges.length).toBeGreaterThan(50);
});

test('imports run one way: entry → run | inbound → platforms → operations → params | conversation → transport', () => {
	const backwards = edges.filter(({ from, to }) => {
		if (!to.startsWith(`${nodeFolder}/`)) return false; // credentials: the next test
		const [source, target] = [placeOf(from).layer, placeOf(to).layer];
		return source !== target && DEPTH[target] <= DEPTH[source];
	});
	expect(backwards).toEqual([]);
});

test('nodes take from credentials/ only facts a credential owns, never a credential type', () => {
	const reaches = edges.filter(({ to }) => !to.startsWith(`${nodeFolder}/`));
	expect(reaches.length).toBeGreaterThan(0);
	expect(reaches.filter(({ to }) => !to.startsWith('credentials/') || to.endsWith('.credentials.ts'))).toEqual([]);
});

test('the node entries do not import each other', () => {
	expect(edges.filter(({ from, to }) => placeOf(from).layer === 'entry' && placeOf(to).layer === 'entry')).toEqual([]);
});

test('a platform folder uses only itself, platforms/types.ts, chatwoot/ (the Chatwoot family) and the layers below', () => {
	const CHATWOOT_FAMILY = ['ninetyNineDigital', 'engageLab'];
	const crossing = edges.filter(({ from, to }) => {
		const source = placeOf(from).platform;
		const target = placeOf(to);
		if (!source || target.layer !== 'platforms' || target.platform === source) return false;
		if (to === `${nodeFolder}/platforms/types.ts`) return false;
		return !(target.platform === 'chatwoot' && CHATWOOT_FAMILY.includes(source));
	});
	expect(crossing).toEqual([]);
});

test('credentials import only credentials/', () => {
	const outside = sourcesUnder('credentials').flatMap((from) => localImports(from).filter((to) => !to.startsWith('credentials/')));
	expect(outside).toEqual([]);
});

describe('one operation = one file + one line in its platform\'s map', () => {
	/** A platform's operation files: each exports one Operation, or one Action of Conversation Actions (`export const x: Action = {`). */
	const operationFiles = nodeFiles.filter((file) => placeOf(file).platform && /^export const \w+: (Operation|Action) = \{/m.test(readFileSync(join(root, file), 'utf8')));

	test('the scan finds the operation files of every platform', () => {
		expect(new Set(operationFiles.map((file) => placeOf(file).platform))).toEqual(
			new Set(['userEngage', 'engageLab', 'ninetyNineDigital', 'intercom', 'reamaze', 'zendesk']),
		);
	});

	test('an operation file is imported only by its platform\'s index.ts, and imports no other operation file', () => {
		const wrong = edges.filter(({ from, to }) => operationFiles.includes(to) && from !== `${dirname(to)}/index.ts`);
		expect(wrong).toEqual([]);
	});

	test('each platform\'s maps (send, and actions per resource) hold exactly its operation files, each under catalogue keys', () => {
		const { PLATFORMS } = require(join(root, nodeFolder, 'platforms')) as typeof import('../nodes/ConversationMessages/platforms');
		const { OPERATIONS } = require(join(root, nodeFolder, 'operations/catalogue')) as typeof import('../nodes/ConversationMessages/operations/catalogue');
		for (const platform of PLATFORMS) {
			const maps = [platform.send, ...Object.values(platform.actions ?? {})];
			const mapped = new Set(maps.flatMap((map) => Object.values(map.operations)));
			const files = operationFiles.filter((file) => placeOf(file).platform === platform.value);
			const exported = files.map((file) => {
				const values = Object.values(require(join(root, file)) as Record<string, unknown>);
				expect(values).toHaveLength(1);
				return values[0];
			});
			expect(new Set(exported)).toEqual(mapped);
			for (const operation of mapped) expect(Object.keys(OPERATIONS)).toContain(operation.operation);
		}
	});

	test('the node entries reach platforms only through platforms/index.ts and receivers.ts', () => {
		const direct = edges.filter(({ from, to }) => placeOf(from).layer === 'entry' && placeOf(to).platform);
		expect(direct).toEqual([]);
	});
});

test('one conversation reader and message mapper per platform: receive.ts maps through conversation.ts', () => {
	const receivers = nodeFiles.filter((file) => file.endsWith('/receive.ts'));
	expect(receivers.length).toBe(6);
	const without = receivers.filter((file) => {
		const own = `${dirname(file)}/conversation.ts`;
		return !edges.some(({ from, to }) => from === file && (to === own || to === `${nodeFolder}/platforms/chatwoot/conversation.ts`));
	});
	expect(without).toEqual([]);
});
