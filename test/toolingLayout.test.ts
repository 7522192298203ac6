/**
 * The walls around the developer tooling (README, Development): `npm start` is a user-facing
 * command, so neither it nor the mock vendors it runs may need anything from test/. The n8n runtime
 * (scripts/runtime/) uses Node's own modules only.
 */
import { readdirSync, readFileSync } from 'fs';
import { dirname, relative, resolve } from 'path';

const root = resolve(__dirname, '..');

/**
 * What a script requires by a literal name. Left out: block comments (their examples start at the
 * repository root) and a require inside a string (code for a child process, `node -e "require('…')"`).
 */
function requiredNames(file: string): string[] {
	const text = readFileSync(resolve(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
	return [...text.matchAll(/(?<!["'`])\brequire\('([^']*)'\)/g)].map(([, name]) => name);
}

/** The repository files a script requires (relative names only), resolved as Node does. */
function localRequires(file: string): string[] {
	return requiredNames(file)
		.filter((name) => name.startsWith('.'))
		.map((name) => relative(root, require.resolve(resolve(root, dirname(file), name))));
}

/** Every repository file reachable from `entry` through relative requires, entry included. */
function requireClosure(entry: string): string[] {
	const seen = new Set<string>();
	const visit = (file: string) => {
		if (seen.has(file)) return;
		seen.add(file);
		localRequires(file).forEach(visit);
	};
	visit(entry);
	return [...seen];
}

test('npm start and the mock vendors it runs need nothing from test/', () => {
	const reached = requireClosure('scripts/start.js');
	expect(reached).toEqual(expect.arrayContaining(['scripts/start.js', 'mocks/index.js', 'mocks/fixtures.js']));
	expect(reached.filter((file) => file.startsWith('test/'))).toEqual([]);
});

test('the n8n runtime needs only Node built-ins and scripts/', () => {
	const runtime = readdirSync(resolve(root, 'scripts/runtime')).map((name) => `scripts/runtime/${name}`);
	expect(runtime.length).toBeGreaterThan(5);
	const insideScripts = (file: string, name: string) =>
		name.startsWith('.') && relative(root, resolve(root, dirname(file), name)).startsWith('scripts/');
	const outside = runtime
		.flatMap((file) => requiredNames(file).map((name) => ({ file, name })))
		.filter(({ file, name }) => !name.startsWith('node:') && !insideScripts(file, name));
	expect(outside).toEqual([]);
});
