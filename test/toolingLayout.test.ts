/**
 * The walls around the developer tooling (README, Development): `npm start` is a user-facing
 * command, so neither it nor the mock vendors it runs may need anything from test/.
 */
import { readFileSync } from 'fs';
import { dirname, relative, resolve } from 'path';

const root = resolve(__dirname, '..');

/** The repository files a script requires (relative specifiers only), resolved as Node does. */
function localRequires(file: string): string[] {
	// Block comments out: their usage examples are written from the repository root.
	const text = readFileSync(resolve(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
	return [...text.matchAll(/\brequire\('(\.[^']*)'\)/g)].map(([, specifier]) =>
		relative(root, require.resolve(resolve(root, dirname(file), specifier))),
	);
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
