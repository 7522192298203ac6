'use strict';
/** The REST API of a running n8n: the calls its editor makes (owner, login, credentials, workflows, executions). */

const path = require('node:path');
const { DEFAULT_N8N_VERSION } = require('./versions');
const { n8nDir } = require('./n8n-install');

const OWNER = Object.freeze({
	email: 'owner@example.com',
	password: 'Conversation-Messages-1',
	firstName: 'Local',
	lastName: 'Owner',
});

const BROWSER_ID = 'conversation-messages-e2e-browser';

class N8nRest {
	constructor(url, { version = DEFAULT_N8N_VERSION } = {}) {
		this.url = url.replace(/\/$/, '');
		this.version = version;
		this.cookie = '';
	}

	async request(method, pathname, body, { expectOk = true } = {}) {
		const headers = { 'browser-id': BROWSER_ID, accept: 'application/json' };
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(this.url + pathname, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		for (const c of setCookie) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m) this.cookie = `n8n-auth=${m[1]}`;
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (expectOk && !res.ok) {
			throw new Error(`${method} ${pathname} → HTTP ${res.status}: ${text.slice(0, 500)}`);
		}
		return { status: res.status, json, text };
	}

	/** GET /rest/settings (public part without a session). */
	async settings() {
		return (await this.request('GET', '/rest/settings')).json.data;
	}

	/** POST /rest/owner/setup {email, firstName, lastName, password}; skipped if an owner exists. */
	async setupOwner(owner = OWNER) {
		const s = await this.settings();
		const done = s.userManagement && s.userManagement.showSetupOnFirstLoad === false;
		if (!done) {
			const res = await this.request('POST', '/rest/owner/setup', {
				email: owner.email,
				firstName: owner.firstName,
				lastName: owner.lastName,
				password: owner.password,
			}, { expectOk: false });
			if (res.status === 200) return { created: true, user: res.json.data };
			if (!/already setup/i.test(res.text)) throw new Error(`owner setup failed: HTTP ${res.status} ${res.text.slice(0, 300)}`);
		}
		await this.login(owner);
		return { created: false };
	}

	/** POST /rest/login {emailOrLdapLoginId, password} (1.123.x and 2.41.x) → session cookie. */
	async login(owner = OWNER) {
		const res = await this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		return res.json.data;
	}

	/**
	 * POST /rest/credentials/test {credentials: {id, name, type, data}} — what the editor sends
	 * from the credential modal. n8n merges `data` over the stored (decrypted) credential, so
	 * passing a different secret tests that secret. → {status: 'OK'|'Error', message}
	 */
	async testCredential({ id, name = '', type, data }) {
		const res = await this.request('POST', '/rest/credentials/test', { credentials: { id, name, type, data } });
		return res.json.data;
	}

	async getWorkflow(id) {
		return (await this.request('GET', `/rest/workflows/${encodeURIComponent(id)}`)).json.data;
	}

	/** The editor's "Execute workflow" button: POST /rest/workflows/:id/run. Returns the execution id. */
	async startManualRun(workflowId, { triggerName } = {}) {
		const workflowData = await this.getWorkflow(workflowId);
		if (!triggerName) {
			const trigger = workflowData.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
			if (!trigger) throw new Error(`workflow ${workflowId} has no Manual Trigger`);
			triggerName = trigger.name;
		}
		const res = await this.request('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/run`, {
			workflowData,
			triggerToStartFrom: { name: triggerName },
		});
		const data = res.json.data || {};
		if (!data.executionId) throw new Error(`run of ${workflowId} did not start: ${res.text.slice(0, 300)}`);
		return data.executionId;
	}

	/** GET /rest/executions/:id with its run data un-flattened (n8n stores it with `flatted`). */
	async getExecution(executionId) {
		const res = await this.request('GET', `/rest/executions/${encodeURIComponent(executionId)}`, undefined, { expectOk: false });
		if (res.status === 404) return undefined;
		if (res.status >= 400) throw new Error(`GET execution ${executionId} → HTTP ${res.status}: ${res.text.slice(0, 300)}`);
		const exec = res.json.data;
		if (exec && typeof exec.data === 'string') exec.data = flattedFor(this.version).parse(exec.data);
		return exec;
	}

	/**
	 * Runs a workflow as the editor does and waits for it to finish. Returns { ok, status, run }
	 * where `run` has the same shape as `n8n execute --rawOutput` (run.data.resultData...).
	 */
	async runWorkflow(workflowId, { timeoutMs = 120_000 } = {}) {
		const executionId = await this.startManualRun(workflowId);
		const until = Date.now() + timeoutMs;
		for (;;) {
			const exec = await this.getExecution(executionId);
			if (exec && exec.finished !== undefined && !['new', 'running', 'waiting'].includes(exec.status) && exec.stoppedAt) {
				return { ok: exec.status === 'success', status: exec.status, executionId, run: exec };
			}
			if (Date.now() > until) throw new Error(`execution ${executionId} of ${workflowId} did not finish in ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/**
	 * Activates (in 2.x: publishes) a workflow the way the editor's toggle does:
	 * POST /rest/workflows/:id/activate {versionId} (1.123.x and 2.41.x); the workflow's current
	 * version unless one is given.
	 */
	async activateWorkflow(workflowId, versionId) {
		if (versionId === undefined) ({ versionId } = await this.getWorkflow(workflowId));
		return (await this.request('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/activate`, { versionId })).json.data;
	}

	/**
	 * The editor's save + publish after an edit: PATCH /rest/workflows/:id with the edited nodes,
	 * then (2.x) publishing the saved version; 1.x re-activates an active workflow on save itself.
	 */
	async editAndPublish(workflowId, editNodes) {
		const workflow = await this.getWorkflow(workflowId);
		const { name, connections, settings, versionId } = workflow;
		const body = { name, nodes: editNodes(workflow.nodes), connections, settings, versionId };
		const saved = (await this.request('PATCH', `/rest/workflows/${encodeURIComponent(workflowId)}`, body)).json.data;
		if (Number(String(this.version).split('.')[0]) >= 2) await this.activateWorkflow(workflowId, saved.versionId);
		return saved;
	}

	async deactivateWorkflow(workflowId) {
		return (await this.request('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/deactivate`, {})).json.data;
	}

	/**
	 * Executions list → Retry (with the workflow as it was): POST /rest/executions/:id/retry.
	 * n8n answers when the new execution (mode "retry") has finished; returns it with its data.
	 */
	async retryExecution(executionId) {
		const { id } = (await this.request('POST', `/rest/executions/${encodeURIComponent(executionId)}/retry`, { loadWorkflow: false })).json.data;
		return await this.getExecution(id);
	}

	/** The executions of a workflow, newest first: GET /rest/executions?filter={workflowId}. */
	async executions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = (await this.request('GET', `/rest/executions?filter=${filter}&limit=100`)).json.data;
		return data.results || data;
	}

	/**
	 * Every execution of the workflow, page after page of 100 (n8n lists at most that many at once):
	 * n8n 2.x pages with the `nextCursor` it answers, 1.x with `lastId`.
	 */
	async allExecutions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const byId = new Map();
		let next = '';
		for (;;) {
			const data = (await this.request('GET', `/rest/executions?filter=${filter}&limit=100${next}`)).json.data;
			const page = data.results || data;
			for (const execution of page) byId.set(String(execution.id), execution);
			if ('nextCursor' in data) {
				if (!data.nextCursor) break;
				next = `&cursor=${encodeURIComponent(data.nextCursor)}`;
			} else {
				if (page.length < 100) break;
				next = `&lastId=${page[page.length - 1].id}`;
			}
		}
		return [...byId.values()];
	}

	/** GET /types/nodes.json — every node type the running n8n loaded (tool variants included). */
	async nodeTypes() {
		return (await this.request('GET', '/types/nodes.json')).json;
	}
}

const flattedCache = new Map();
function flattedFor(version) {
	if (!flattedCache.has(version)) {
		const p = require.resolve('flatted', { paths: [path.join(n8nDir(version), 'node_modules', 'n8n'), n8nDir(version)] });
		flattedCache.set(version, require(p));
	}
	return flattedCache.get(version);
}

module.exports = { OWNER, N8nRest };
