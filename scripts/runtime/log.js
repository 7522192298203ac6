'use strict';
/** The runtime's progress lines. Their prefix is what browser-test.js picks out of `npm start`'s output. */

function log(...args) {
	console.log('[n8n-runtime]', ...args);
}

module.exports = { log };
