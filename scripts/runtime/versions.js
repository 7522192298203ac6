'use strict';
/**
 * What the runtime installs. CI keys its cache of `.cache/` on this file and the two that install
 * (node24.js, n8n-install.js), so a new pin downloads afresh.
 */

const NODE24_VERSION = process.env.N8N_RUNTIME_NODE24_VERSION || '24.21.0';
const DEFAULT_N8N_VERSION = '2.41.1';
const LEGACY_N8N_VERSION = '1.123.81';

function majorOf(version) {
	return Number(String(version).split('.')[0]);
}

module.exports = { NODE24_VERSION, DEFAULT_N8N_VERSION, LEGACY_N8N_VERSION, majorOf };
