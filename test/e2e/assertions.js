'use strict';
/** Assertions the e2e case files share (cases.js, actions-cases.js). */
const assert = require('node:assert/strict');

/** Asserts that `actual` contains every key/value of `expected` (recursively for plain objects). */
function assertSubset(actual, expected, where = 'value') {
	if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
		assert.ok(actual && typeof actual === 'object', `${where}: expected an object, got ${JSON.stringify(actual)}`);
		for (const [k, v] of Object.entries(expected)) assertSubset(actual[k], v, `${where}.${k}`);
		return;
	}
	assert.deepEqual(actual, expected, `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function onlyJsonItems(items, where) {
	assert.ok(Array.isArray(items), `${where}: node produced no output`);
	return items.map((i) => i.json);
}

function assertNoError(run) {
	if (run.runError) assert.fail(`run failed: ${run.runError.message}${run.runError.description ? ` — ${run.runError.description}` : ''}`);
	assert.equal(run.status, 'success', `run status ${run.status}`);
}

module.exports = { assertSubset, onlyJsonItems, assertNoError };
