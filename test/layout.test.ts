/**
 * The direction of imports inside the package (docs/development.md, "The house"): node entry → actions/ →
 * platforms/ → shared/ → transport/; each platform folder on its own; credentials apart.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const root = resolve(__dirname, '..');
const nodeFolder = 'nodes/ConversationMessages';
const LAYERS = ['entry', 'actions', 'platforms', 'shared', 'transport'];

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

/** entry (a *.node.ts), actions, platforms, shared or transport; and the platform folder, if any. */
function placeOf(file: string): { layer: string; platform?: string } {
	const parts = file.slice(nodeFolder.length + 1).split('/');
	if (parts.length === 1) return { layer: 'entry' };
	const platform = parts[0] === 'platforms' && parts.length > 2 ? parts[1] : undefined;
	return { layer: parts[0], platform };
}

const nodeFiles = sourcesUnder(nodeFolder);
const edges = nodeFiles.flatMap((from) => localImports(from).map((to) => ({ from, to })));

test('the scan sees every layer', () => {
	expect(new Set(nodeFiles.map((file) => placeOf(file).layer))).toEqual(new Set(LAYERS));
	expect(edges.length).toBeGreaterThan(50);
});

test('imports run one way: node entry → actions → platforms → shared → transport', () => {
	const backwards = edges.filter(({ from, to }) => {
		if (!to.startsWith(`${nodeFolder}/`)) return true; // nodes never reach into credentials/
		return LAYERS.indexOf(placeOf(to).layer) < LAYERS.indexOf(placeOf(from).layer);
	});
	expect(backwards).toEqual([]);
});

test('the three nodes do not import each other', () => {
	expect(edges.filter(({ from, to }) => placeOf(from).layer === 'entry' && placeOf(to).layer === 'entry')).toEqual([]);
});

test('a platform folder uses only itself, platforms/types.ts, shared and transport', () => {
	const crossing = edges.filter(({ from, to }) => {
		const source = placeOf(from);
		const target = placeOf(to);
		return source.platform && target.layer === 'platforms' && target.platform !== source.platform && to !== `${nodeFolder}/platforms/types.ts`;
	});
	expect(crossing).toEqual([]);
});

test('credentials import only credentials/', () => {
	const outside = sourcesUnder('credentials').flatMap((from) => localImports(from).filter((to) => !to.startsWith('credentials/')));
	expect(outside).toEqual([]);
});
