'use strict';
/** n8n's command line: imports and `n8n execute`. They work while `n8n start` runs on the same user folder. */

const fs = require('node:fs');
const path = require('node:path');
const { DEFAULT_N8N_VERSION } = require('./versions');
const { run } = require('./commands');
const { ensureN8n } = require('./n8n-install');
const { n8nEnv } = require('./n8n-env');
const { freePort } = require('./ports');

async function n8nCli({ version = DEFAULT_N8N_VERSION, userFolder, env = {} }, args, { check = true } = {}) {
	const inst = await ensureN8n(version);
	fs.mkdirSync(userFolder, { recursive: true });
	const brokerPort = await freePort();
	const res = await run(inst.node, [inst.bin, ...args], {
		cwd: userFolder,
		env: n8nEnv({ version, userFolder, brokerPort, node: inst.node, env }),
	});
	if (check && res.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${res.code}):\n${(res.stdout + res.stderr).split('\n').slice(-30).join('\n')}`);
	}
	return res;
}

function writeTemp(userFolder, name, data) {
	const dir = path.join(userFolder, 'imports');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/**
 * `n8n import:credentials`. `credentials`: an array of { id, name, type, data: {plain object} }
 * (n8n encrypts plain-object data with the instance key on import), or a path to such a file.
 */
async function importCredentials({ version, userFolder, env }, credentials) {
	const file = typeof credentials === 'string' ? credentials : writeTemp(userFolder, `credentials-${Date.now()}.json`, credentials);
	await n8nCli({ version, userFolder, env }, ['import:credentials', `--input=${file}`]);
	return file;
}

/** `n8n import:workflow`. `workflows`: an array of workflow objects with fixed ids, or a path. */
async function importWorkflows({ version, userFolder, env }, workflows) {
	const file = typeof workflows === 'string' ? workflows : writeTemp(userFolder, `workflows-${Date.now()}.json`, workflows);
	await n8nCli({ version, userFolder, env }, ['import:workflow', `--input=${file}`]);
	return file;
}

/** Cuts the run JSON out of `n8n execute --rawOutput` stdout (log lines come first). */
function parseRunJson(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	if (start < 0) return undefined;
	for (let end = lines.length - 1; end > start; end--) {
		if (lines[end] !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			/* keep looking */
		}
	}
	return undefined;
}

/**
 * `n8n execute --id <id> --rawOutput` → { ok, exitCode, run } where `run` is n8n's IRun
 * (run.data.resultData.runData[nodeName][0].data.main[0] = output items). A failed run exits 1
 * but still prints the JSON.
 */
async function executeWorkflow({ version, userFolder, env }, id) {
	const res = await n8nCli({ version, userFolder, env }, ['execute', `--id=${id}`, '--rawOutput'], { check: false });
	const runJson = parseRunJson(res.stdout);
	if (!runJson) {
		throw new Error(`n8n execute --id=${id}: no run JSON in the output (exit ${res.code}):\n${(res.stdout + res.stderr).split('\n').slice(-30).join('\n')}`);
	}
	// n8n 2.41.1 now and then dies by a signal while shutting down after printing the run; judge
	// the run by its own status, not by the exit code alone.
	const rd = runJson.data && runJson.data.resultData;
	const ok = runJson.status ? runJson.status === 'success' : !(rd && rd.error);
	return { ok, exitCode: res.code, signal: res.signal, run: runJson, stderr: res.stderr, stdout: res.stdout };
}

module.exports = { n8nCli, importCredentials, importWorkflows, executeWorkflow };
