'use strict';
/** n8n's environment for the runs: loopback only, no telemetry, sqlite, one fixed encryption key. */

const path = require('node:path');
const { DEFAULT_N8N_VERSION, majorOf } = require('./versions');

const ENCRYPTION_KEY = 'conversation-messages-e2e-key-0123456789';

/**
 * Environment for any n8n command (start, import, execute). Inherited N8N_* / DB_* variables are
 * dropped so that a developer's own n8n settings cannot leak into the runs.
 */
function n8nEnv({ version = DEFAULT_N8N_VERSION, userFolder, port, brokerPort, node, env = {} } = {}) {
	const base = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_|NODE_OPTIONS$|NODE_PATH$|npm_)/.test(k)) continue;
		base[k] = v;
	}
	const out = {
		...base,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_NO_COLOR: 'true',
		NO_COLOR: '1',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_RUNNERS_MODE: 'internal',
	};
	if (majorOf(version) < 2) {
		// 1.x: the default `vm` expression engine needs isolated-vm, a native module that
		// `--ignore-scripts` leaves unbuilt.
		out.N8N_EXPRESSION_ENGINE = 'legacy';
	}
	if (userFolder) out.N8N_USER_FOLDER = userFolder;
	if (port) out.N8N_PORT = String(port);
	if (brokerPort) out.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	if (node) out.PATH = `${path.dirname(node)}${path.delimiter}${base.PATH || ''}`;
	return { ...out, ...env };
}

module.exports = { n8nEnv };
