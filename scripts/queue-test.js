#!/usr/bin/env node
'use strict';
/**
 * `npm run test:queue`: the package in n8n 2.41.1 queue mode — n8n main + two `n8n worker`
 * processes, Redis (Bull) and PostgreSQL, all real, on loopback — fed by production webhooks that
 * receive multipart uploads, against the loopback mock vendors. See --help and
 * docs/running-at-scale.md.
 */

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { ROOT, CACHE } = require('./runtime/paths');
const { log } = require('./runtime/log');
const { DEFAULT_N8N_VERSION } = require('./runtime/versions');
const { runChecked } = require('./runtime/commands');
const { ensureN8n } = require('./runtime/n8n-install');
const { PACKAGE_NAME, packPackage, installPackageLikeUser } = require('./runtime/package');
const { freePort } = require('./runtime/ports');
const { n8nCli, importCredentials, importWorkflows } = require('./runtime/n8n-cli');
const { N8nRest } = require('./runtime/rest');
const { commandLine, values } = require('./cli');
const creds = require('./credentials');
const procs = require('./queue-procs');
const services = require('./queue-services');
const qn = require('./queue-n8n');
const { WORKFLOW_ID, PATHS, ROUTE_PLATFORM, KEYED_ROUTES, LABEL, queueWorkflow } = require('./queue-workflow');
const trigger = require('./queue-trigger');

const HELP = `Usage: npm run test:queue -- [options]      (or: node scripts/queue-test.js [options])

Starts, all on 127.0.0.1 with free ports: Redis and PostgreSQL (apt-get installs them when missing;
needs root), n8n ${DEFAULT_N8N_VERSION} main + two \`n8n worker\` processes in queue mode, each with this
package installed in its own user folder the way n8n's installer does it, and the mock vendors.

  1. database binary mode: concurrent multipart uploads through webhooks → Chatwoot and EngageLab;
     every file must arrive byte-exact, each message exactly once, and both workers must run jobs.
  2. worker kill: a batch of Chatwoot / EngageLab / Re:amaze jobs, and on all five platforms jobs
     whose Deduplication Key is the caller's id, is held mid-request by the vendors (or waits before
     sending), one worker is SIGKILLed; the report says, per job, whether the vendor ended up with
     the message lost / once / twice — after n8n's own handling, after retrying the failed
     executions the way a user does (REST /executions/:id/retry), and after the caller re-sent its
     failed requests. Asserted: no file corrupted, Re:amaze exactly once after n8n's handling, every
     keyed job exactly once at the end.
  3. filesystem binary mode with one storage folder shared by main and workers (must work), then a
     worker with its own folder (documented to fail).
  4. (with 3) the Conversation Message Trigger: the auto-reply example published, main registers its
     webhook at the Chatwoot mock, a customer's message runs on a worker and the reply arrives; main
     restarts and the registration survives (not created again), the next message runs too.

Options (environment variable in brackets):
  --uploads <cw,el>   phase 1 uploads to Chatwoot and EngageLab (default 20,10)   [QUEUE_TEST_UPLOADS]
  --kill-jobs <n>     phase 2 jobs per platform (default 6)                       [QUEUE_TEST_KILL_JOBS]
  --hold-ms <ms>      how long the vendors hold their answers in phase 2 (default 20000)
  --skip-fs           skip phase 3 (filesystem binary mode)
  --no-retry          skip the user-style retry after the worker kill
  --bull-defaults     keep n8n's Bull timings (lock 60 s, stalled check 30 s) instead of the test's
                      shorter ones (10 s / 5 s); the worker-kill phase then takes ~1-2 min longer
  --no-build          use the last packed tarball in .cache/ instead of npm run build + npm pack
  -h, --help

Everything started is stopped by PID at the end (also on failure, Ctrl-C or SIGTERM). Logs and a
results.json stay in .cache/queue-test/ until the next run. Prints "N passed, N failed".
`;

const RUN = path.join(CACHE, 'queue-test');
const KILL_ROUTES = ['ninetyNineDigital', 'engageLab', 'reamaze', ...KEYED_ROUTES];
const PRE_SEND_WAIT_S = 25;
const ROUTE_SHORT = { ninetyNineDigital: 'cw', engageLab: 'el', reamaze: 'rm', ninetyNineDigitalKeyed: 'ck', engageLabKeyed: 'ek', intercomKeyed: 'ik', userEngageKeyed: 'uk', reamazeKeyed: 'rk' };
/** Platforms whose queue routes attach the job's file. */
const FILE_PLATFORMS = new Set(['ninetyNineDigital', 'engageLab']);
/** Pairs of simultaneous requests with the same Deduplication Key (phase 1b). */
const SAME_KEY_PAIRS = 20;
/** Jobs in flight at the kill, over both workers: fits their job slots. */
const WORKER_CONCURRENCY = 24;

const OPTIONS = {
	'--uploads': { default: process.env.QUEUE_TEST_UPLOADS || '20,10', value: (text) => text },
	'--kill-jobs': { default: Number(process.env.QUEUE_TEST_KILL_JOBS || 6), value: values.number },
	'--hold-ms': { default: 20_000, value: values.number },
	'--skip-fs': { key: 'fs', default: true },
	'--no-retry': { key: 'retry', default: true },
	'--no-build': { key: 'build', default: true },
	'--bull-defaults': { default: /^(1|true)$/i.test(process.env.QUEUE_TEST_BULL_DEFAULTS || ''), set: true },
};

/** Checks the options, QUEUE_TEST_* defaults included, and reads the upload counts. */
function checkOptions(opts) {
	const [ninetyNineDigital, engageLab] = String(opts.uploads).split(',').map(Number);
	opts.uploads = { ninetyNineDigital, engageLab };
	for (const [k, v] of Object.entries(opts.uploads)) if (!Number.isInteger(v) || v < 1) throw new Error(`--uploads: bad count for ${k}`);
	if (!Number.isInteger(opts.killJobs) || opts.killJobs < 1) throw new Error('--kill-jobs must be a positive integer');
	if (!(opts.holdMs >= 1000 && opts.holdMs < 30_000)) throw new Error('--hold-ms must be 1000..29999 (below the node\'s 30 s timeout)');
}

// ------------------------------------------------------------------------------------------ reporting

const checks = [];
const timings = {};
let stopping = false;
const results = {};
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`[queue] ${msg}`);

function check(name, ok, detail = '') {
	if (stopping) return ok; // interrupted: the run is being torn down, its results mean nothing
	checks.push({ name, ok: Boolean(ok), detail });
	say(`${ok ? '✔' : '✘'} ${name}${detail ? ` — ${detail}` : ''}`);
	return ok;
}

async function timed(key, fn) {
	const t0 = Date.now();
	try {
		return await fn();
	} finally {
		timings[key] = Date.now() - t0;
	}
}

function pct(values, p) {
	if (!values.length) return 0;
	const s = [...values].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// ------------------------------------------------------------------------------------------ jobs

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

function makeJobs(phase, route, count, { minSize, maxSize, firstSize } = {}) {
	const jobs = [];
	const platform = ROUTE_PLATFORM[route];
	for (let i = 1; i <= count; i++) {
		const tag = `qt-${phase}-${ROUTE_SHORT[route]}-${String(i).padStart(2, '0')}-${crypto.randomBytes(4).toString('hex')}`;
		const job = { tag, route, platform, conversation: ((crypto.randomInt(1, 999) + i) % 999) + 1 };
		if (FILE_PLATFORMS.has(platform)) {
			const size = i === 1 && firstSize ? firstSize : crypto.randomInt(minSize, maxSize + 1);
			const data = crypto.randomBytes(size);
			job.file = { name: `${tag}.bin`, data, size, sha256: sha256(data) };
		}
		jobs.push(job);
	}
	return jobs;
}

async function send(mainUrl, job, timeoutMs) {
	const url = `${mainUrl}/webhook/${PATHS[job.route]}`;
	const t0 = Date.now();
	let body;
	const headers = {};
	if (job.file) {
		body = new FormData();
		body.append('job', job.tag);
		body.append('conversation', String(job.conversation));
		if (job.waitSeconds) body.append('waitSeconds', String(job.waitSeconds));
		body.append('file', new Blob([job.file.data], { type: 'application/octet-stream' }), job.file.name);
	} else {
		body = JSON.stringify({ job: job.tag, conversation: job.conversation, ...(job.waitSeconds ? { waitSeconds: job.waitSeconds } : {}) });
		headers['content-type'] = 'application/json';
	}
	try {
		const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
		const text = await res.text();
		job.caller = { status: res.status, body: text.slice(0, 300), ms: Date.now() - t0 };
	} catch (e) {
		job.caller = { status: 0, body: e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : String(e.message), ms: Date.now() - t0 };
	}
	return job.caller;
}

/** What the vendor holds for a job: messages carrying its tag, and whether their files match. */
function vendorView(mocks, job) {
	const mock = mocks[job.platform];
	const text = (m) => (job.platform === 'reamaze' || job.platform === 'intercom' ? m.body : m.content);
	const msgs = mock.messages.filter((m) => text(m) === job.tag);
	const corrupt = job.file
		? msgs.filter((m) => !(m.files && m.files.length === 1 && m.files[0].sha256 === job.file.sha256 && m.files[0].size === job.file.size))
		: [];
	return { count: msgs.length, corrupt: corrupt.length, originIds: msgs.map((m) => m.originId).filter(Boolean) };
}

const outcomeWord = (n) => (n === 0 ? 'lost' : n === 1 ? 'once' : n === 2 ? 'twice' : `${n}×`);

let flatted;
function errorMessageOf(data) {
	try {
		flatted = flatted || require(require.resolve('flatted', { paths: [path.join(CACHE, `n8n-${DEFAULT_N8N_VERSION}`, 'node_modules', 'n8n')] }));
		const run = flatted.parse(data);
		const rd = (run && run.resultData) || {};
		let err = rd.error;
		for (const tasks of Object.values(rd.runData || {})) for (const t of tasks || []) if (t && t.error) err = err || t.error;
		if (!err) return undefined;
		return [err.message, err.description].filter(Boolean).join(' — ').slice(0, 300);
	} catch {
		return undefined;
	}
}

/**
 * Brings each job's `executions` up to date: every execution of the test workflow whose data
 * mentions the job's tag, plus every execution id seen for it before (n8n replaces the data of
 * an execution that failed on a dead worker, so the tag is gone from it afterwards), plus
 * retries of those (retryOf).
 */
async function refreshExecutions(pg, jobs) {
	const byTag = new Map(jobs.map((j) => [j.tag, j]));
	const { rows } = await pg.query(
		`SELECT e.id::text AS id, e.status, e.mode, e."retryOf" AS "retryOf", d.data
		   FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
		  WHERE e."workflowId" = $1 ORDER BY e.id`,
		[WORKFLOW_ID],
	);
	const rowById = new Map(rows.map((r) => [r.id, r]));
	for (const j of jobs) j.knownIds = j.knownIds || new Set();
	for (const r of rows) {
		const found = new Set(String(r.data || '').match(/qt-[a-z0-9]+-[a-z]{2}-\d{2}-[0-9a-f]{8}/g) || []);
		for (const t of found) if (byTag.has(t)) byTag.get(t).knownIds.add(r.id);
	}
	for (let changed = true; changed; ) {
		changed = false;
		for (const r of rows) {
			if (!r.retryOf) continue;
			for (const j of jobs) {
				if (j.knownIds.has(r.retryOf) && !j.knownIds.has(r.id)) {
					j.knownIds.add(r.id);
					changed = true;
				}
			}
		}
	}
	for (const j of jobs) {
		j.executions = [...j.knownIds]
			.map((id) => rowById.get(id))
			.filter(Boolean)
			.sort((a, b) => Number(a.id) - Number(b.id))
			.map((r) => ({ id: r.id, status: r.status, mode: r.mode, retryOf: r.retryOf, error: r.status === 'success' ? undefined : errorMessageOf(r.data) }));
	}
}

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

async function waitForFinalExecutions(pg, jobs, timeoutMs, { minPerJob = 1 } = {}) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		await refreshExecutions(pg, jobs);
		const pending = jobs.flatMap((j) => j.executions).filter((e) => !FINAL.has(e.status));
		const missing = jobs.filter((j) => j.executions.length < minPerJob);
		if ((!pending.length && !missing.length) || Date.now() > until) return { pending, missing };
		await procs.sleep(500);
	}
}

function workerOf(execId, workers) {
	return workers.filter((w) => w.activity && w.activity.started.has(String(execId))).map((w) => w.name);
}

// ------------------------------------------------------------------------------------------ phases

async function runUploads({ label, mainUrl, jobs, mocks, pg, workers, timeoutMs = 180_000 }) {
	for (const w of workers) w.offset = qn.logSize(w.logFile);
	const t0 = Date.now();
	await Promise.all(jobs.map((j) => send(mainUrl, j, timeoutMs)));
	const wallMs = Date.now() - t0;
	await waitForFinalExecutions(pg, jobs, 30_000);
	for (const w of workers) w.activity = qn.workerActivity(w.logFile, w.offset);
	const perWorker = Object.fromEntries(workers.map((w) => [w.name, 0]));
	for (const j of jobs) {
		j.workers = j.executions.flatMap((e) => workerOf(e.id, workers));
		for (const n of j.workers) perWorker[n]++;
		j.vendor = vendorView(mocks, j);
	}
	const bytes = jobs.reduce((s, j) => s + (j.file ? j.file.size : 0), 0);
	const lat = jobs.map((j) => j.caller.ms);
	const summary = {
		label,
		jobs: jobs.length,
		bytes,
		wallMs,
		latency: { p50: pct(lat, 50), p95: pct(lat, 95), max: Math.max(...lat) },
		perWorker,
		ok200: jobs.filter((j) => j.caller.status === 200).length,
		once: jobs.filter((j) => j.vendor.count === 1).length,
		corrupt: jobs.reduce((s, j) => s + j.vendor.corrupt, 0),
		execSuccess: jobs.filter((j) => j.executions.length === 1 && j.executions[0].status === 'success').length,
	};
	say(
		`${label}: ${jobs.length} uploads (${(bytes / 1048576).toFixed(1)} MB) in ${secs(wallMs)}; caller latency p50 ${secs(summary.latency.p50)}, p95 ${secs(summary.latency.p95)}, max ${secs(summary.latency.max)}; jobs per worker ${JSON.stringify(perWorker)}`,
	);
	return summary;
}

function assertUploads(s, jobs, { bothWorkers = true } = {}) {
	const bad = jobs.filter((j) => j.caller.status !== 200);
	check(`${s.label}: every webhook call answered 200`, !bad.length, bad.length ? bad.slice(0, 3).map((j) => `${j.tag}: ${j.caller.status} ${j.caller.body}`).join(' | ') : `${s.jobs}/${s.jobs}`);
	const notOnce = jobs.filter((j) => j.vendor.count !== 1);
	check(`${s.label}: each message created exactly once`, !notOnce.length, notOnce.length ? notOnce.map((j) => `${j.tag}×${j.vendor.count}`).slice(0, 5).join(', ') : `${s.once}/${s.jobs}`);
	const corrupt = jobs.filter((j) => j.vendor.corrupt || (j.vendor.count === 0 && j.file));
	check(`${s.label}: every file reached the vendor byte-exact (sha256)`, !corrupt.length, corrupt.length ? `${corrupt.length} missing or different` : `${jobs.filter((j) => j.file).length} files, ${(s.bytes / 1048576).toFixed(1)} MB`);
	check(`${s.label}: every execution succeeded in n8n`, s.execSuccess === s.jobs, `${s.execSuccess}/${s.jobs}`);
	if (bothWorkers) {
		const idle = Object.entries(s.perWorker).filter(([, n]) => n === 0).map(([w]) => w);
		check(`${s.label}: both workers executed jobs (worker logs)`, !idle.length, JSON.stringify(s.perWorker));
	}
}

/**
 * Two executions with the same Deduplication Key at the same moment: pairs of identical requests
 * (the User.com keyed route, text only) sent together, so Bull hands pairs to both workers.
 * Every pair must end as one message, on one worker or two. Then every request is sent once
 * more: a new message would show a key that another worker's write dropped.
 */
async function sameKeyPhase({ mainUrl, mocks, pg, workers, pairs }) {
	const jobs = makeJobs('same', 'userEngageKeyed', pairs);
	for (const w of workers) w.offset = qn.logSize(w.logFile);
	await Promise.all(jobs.flatMap((j) => [send(mainUrl, { ...j }, 60_000), send(mainUrl, { ...j }, 60_000)]));
	await waitForFinalExecutions(pg, jobs, 30_000, { minPerJob: 2 });
	for (const w of workers) w.activity = qn.workerActivity(w.logFile, w.offset);
	for (const j of jobs) {
		j.workers = j.executions.flatMap((e) => workerOf(e.id, workers));
		j.together = vendorView(mocks, j).count;
	}
	await Promise.all(jobs.map((j) => send(mainUrl, { ...j }, 60_000)));
	await waitForFinalExecutions(pg, jobs, 30_000, { minPerJob: 3 });
	for (const j of jobs) j.again = vendorView(mocks, j).count;

	const split = jobs.filter((j) => new Set(j.workers).size > 1);
	const oneWorker = jobs.filter((j) => j.workers.length === 2 && new Set(j.workers).size === 1);
	const result = {
		pairs,
		split: split.length,
		doubledSplit: split.filter((j) => j.together > 1).length,
		oneWorker: oneWorker.length,
		doubledOneWorker: oneWorker.filter((j) => j.together > 1).length,
		lost: jobs.filter((j) => j.together === 0).length,
		droppedKeys: jobs.filter((j) => j.again > j.together).length,
	};
	say(`same key at the same moment: ${pairs} pairs; ${result.split} ran on both workers (${result.doubledSplit} of them sent twice), ${result.oneWorker} on one worker (${result.doubledOneWorker} sent twice); sent once more afterwards: ${result.droppedKeys} sent again (a dropped key)`);
	check('same key at the same moment: no message lost', result.lost === 0, `${pairs - result.lost}/${pairs} arrived`);
	check('same key at the same moment on one worker: one message (the store calls take turns)', result.doubledOneWorker === 0, `${result.oneWorker - result.doubledOneWorker}/${result.oneWorker} once`);
	check('same key at the same moment on two workers: one message (only the claim whose mark survives sends)', result.doubledSplit === 0, `${result.split - result.doubledSplit}/${result.split} once`);
	check('same key, sent once more afterwards: nothing new (no key was dropped by a concurrent write)', result.droppedKeys === 0, `${result.droppedKeys} sent again`);
	return result;
}

async function killPhase({ opts, mainUrl, mocks, pg, workers }) {
	const jobs = [];
	// Per route: most jobs send at once and the vendor holds its answer (created, not yet answered
	// when the worker dies); a third wait in the workflow first (active on a worker, nothing sent yet).
	for (const route of KILL_ROUTES) {
		// Keyed routes (one per platform) get half as many jobs: together they fit the workers' slots.
		const count = KEYED_ROUTES.includes(route) ? Math.max(3, Math.round(opts.killJobs / 2)) : opts.killJobs;
		const rs = makeJobs('kill', route, count, { minSize: 50_000, maxSize: 400_000 });
		const preSend = Math.max(1, Math.round(rs.length / 3));
		rs.forEach((j, i) => {
			j.stage = i >= rs.length - preSend ? 'before send' : 'at vendor';
			if (j.stage === 'before send') j.waitSeconds = PRE_SEND_WAIT_S;
		});
		jobs.push(...rs);
	}
	const held = jobs.filter((j) => j.stage === 'at vendor');
	for (const platform of new Set(jobs.map((j) => j.platform))) {
		const times = held.filter((j) => j.platform === platform).length;
		mocks[platform].failNext({ delayMs: opts.holdMs, times, match: (rec) => rec.method === 'POST' });
	}
	for (const w of workers) w.offset = qn.logSize(w.logFile);
	const t0 = Date.now();
	const calls = Promise.all(jobs.map((j) => send(mainUrl, j, 180_000)));

	// Wait until the held jobs' requests are at their vendors (message created, answer held) and
	// every job of the batch is active on a worker.
	const arrived = () => held.filter((j) => vendorView(mocks, j).count > 0).length;
	const active = () => workers.reduce((n, w) => n + qn.workerActivity(w.logFile, w.offset).started.size, 0);
	const until = Date.now() + 90_000;
	while ((arrived() < held.length || active() < jobs.length) && Date.now() < until) await procs.sleep(200);
	const atVendor = arrived();
	const activeAtKill = active();
	const arrivalMs = Date.now() - t0;
	// Note each job's execution id now: once n8n fails an execution of a dead worker it replaces
	// the execution's data (the webhook input included) with the error.
	await refreshExecutions(pg, jobs);
	for (const j of jobs) j.originalIds = j.executions.map((e) => e.id);

	for (const w of workers) w.activity = qn.workerActivity(w.logFile, w.offset);
	const inflight = (w) => [...w.activity.started.keys()].filter((id) => !w.activity.finished.has(id)).length;
	const victim = [...workers].sort((a, b) => inflight(b) - inflight(a))[0];
	const survivor = workers.find((w) => w !== victim);
	const victimInflight = inflight(victim);
	say(`worker kill: after ${secs(arrivalMs)} ${atVendor}/${held.length} requests held at the vendors, ${activeAtKill}/${jobs.length} jobs active on workers; in flight: ${workers.map((w) => `${w.name} ${inflight(w)}`).join(', ')}; SIGKILL ${victim.name} (pid ${victim.pid})`);
	const tKill = Date.now();
	process.kill(victim.pid, 'SIGKILL');
	victim.killed = true;

	await calls;
	const callersDoneMs = Date.now() - tKill;
	const { pending, missing } = await waitForFinalExecutions(pg, jobs, 90_000);
	const settledMs = Date.now() - tKill;
	for (const w of workers) w.activity = qn.workerActivity(w.logFile, w.offset);
	for (const j of jobs) {
		j.workers = [...new Set(j.originalIds.flatMap((id) => workerOf(id, workers)))];
		j.onVictim = j.workers.includes(victim.name);
		j.requeued = j.workers.length > 1;
		j.afterN8n = { ...vendorView(mocks, j), executions: j.executions.map((e) => ({ ...e })) };
		j.callerFirst = { ...j.caller };
	}
	const requeued = jobs.filter((j) => j.requeued).length;
	const failedJobs = jobs.filter((j) => j.afterN8n.executions.some((e) => e.status !== 'success'));
	say(`worker kill: callers all answered ${secs(callersDoneMs)} after the kill; executions final after ${secs(settledMs)}; re-queued by n8n: ${requeued}; failed: ${failedJobs.length}`);

	check('worker kill: the killed worker had jobs in flight at the vendors', victimInflight > 0 && jobs.some((j) => j.onVictim), `${victim.name}: ${victimInflight} in flight, ${jobs.filter((j) => j.onVictim).length} of the batch's jobs`);
	check('worker kill: every execution reached a final status', !pending.length && !missing.length, pending.length || missing.length ? `${pending.length} not final, ${missing.length} jobs without execution` : `${jobs.length} jobs`);
	const rm = jobs.filter((j) => j.route === 'reamaze');
	const rmBad = rm.filter((j) => j.afterN8n.count > 1 || (j.stage === 'at vendor' && j.afterN8n.count !== 1));
	const rmLost = rm.filter((j) => j.afterN8n.count === 0);
	check(
		'worker kill: Re:amaze (derived origin_id) after n8n\'s handling: nothing twice, every message that had reached the vendor exactly once',
		!rmBad.length,
		rmBad.length
			? rmBad.map((j) => `${j.tag} (${j.stage}): ${outcomeWord(j.afterN8n.count)}`).join(', ')
			: `${rm.length - rmLost.length}/${rm.length} once${rmLost.length ? `, ${rmLost.length} lost (killed before sending; n8n does not re-queue)` : ''}`,
	);

	const result = { victim: victim.name, survivor: survivor.name, victimInflight, held: held.length, atVendor, activeAtKill, arrivalMs, callersDoneMs, settledMs, requeued, failed: failedJobs.length, jobs };

	if (opts.retry && failedJobs.length) {
		// What a user does next in the UI: Executions → Retry (with the original workflow).
		const rest = new N8nRest(mainUrl);
		await rest.setupOwner();
		const tr = Date.now();
		await Promise.all(
			failedJobs.map(async (j) => {
				const exec = j.afterN8n.executions.find((e) => e.status !== 'success');
				const res = await rest.request('POST', `/rest/executions/${exec.id}/retry`, { loadWorkflow: false }, { expectOk: false });
				const data = res.json && res.json.data;
				j.restRetry = { http: res.status, status: data && data.status, message: res.status >= 400 ? String((res.json && res.json.message) || res.text).slice(0, 200) : undefined };
			}),
		);
		await waitForFinalExecutions(pg, failedJobs, 60_000);
		result.retryMs = Date.now() - tr;
		for (const j of jobs) j.afterRetry = { ...vendorView(mocks, j), executions: j.executions.map((e) => ({ ...e })) };
		say(`user retry (REST /rest/executions/:id/retry) of ${failedJobs.length} failed executions took ${secs(result.retryMs)}: ${summarize(failedJobs.map((j) => `HTTP ${j.restRetry.http}${j.restRetry.status ? ` ${j.restRetry.status}` : ''}`))}`);

		// What a webhook caller does with an HTTP 500: send the same request again.
		const resend = jobs.filter((j) => j.callerFirst.status !== 200);
		for (const j of resend) delete j.waitSeconds; // the test's in-workflow delay, not part of the caller's request
		const ts = Date.now();
		await Promise.all(resend.map((j) => send(mainUrl, j, 120_000)));
		await waitForFinalExecutions(pg, resend, 60_000);
		result.resendMs = Date.now() - ts;
		for (const j of jobs) j.afterResend = vendorView(mocks, j);
		for (const j of resend) j.callerResend = { ...j.caller };
		say(`caller re-sent ${resend.length} webhook calls that had failed in ${secs(result.resendMs)}: ${summarize(resend.map((j) => `HTTP ${j.caller.status}`))}`);
		const keyed = jobs.filter((j) => KEYED_ROUTES.includes(j.route));
		const keyedBad = keyed.filter((j) => j.afterResend.count !== 1 || (j.afterRetry && j.afterRetry.count > 1));
		check(
			'worker kill: on every platform, a Deduplication Key from the caller ends each message exactly once after Retry and the caller\'s re-send',
			!keyedBad.length,
			keyedBad.length
				? keyedBad.map((j) => `${j.tag} (${j.stage}): after Retry ${outcomeWord(j.afterRetry.count)}, after re-send ${outcomeWord(j.afterResend.count)}`).join(', ')
				: `${keyed.length}/${keyed.length} once on ${new Set(keyed.map((j) => j.platform)).size} platforms, ${keyed.filter((j) => j.callerResend).length} of them re-sent, ${keyed.filter((j) => j.restRetry).length} retried`,
		);
	}
	const finalView = (j) => j.afterResend || j.afterRetry || j.afterN8n;
	const allCorrupt = jobs.reduce((s, j) => s + finalView(j).corrupt, 0);
	check('worker kill: no file corrupted at the vendors (every copy sha256-exact)', allCorrupt === 0, allCorrupt ? `${allCorrupt} corrupt copies` : `${jobs.reduce((s, j) => s + (j.file ? finalView(j).count : 0), 0)} file copies checked`);
	return result;
}

function summarize(list) {
	const counts = {};
	for (const x of list) counts[x] = (counts[x] || 0) + 1;
	return Object.entries(counts).map(([k, n]) => `${n}× ${k}`).join(', ') || 'none';
}

function tally(jobs, key) {
	const c = { lost: 0, once: 0, twice: 0 };
	for (const j of jobs) {
		const v = j[key];
		if (!v) return '-';
		c[v.count === 0 ? 'lost' : v.count === 1 ? 'once' : 'twice']++;
	}
	return `${c.lost}/${c.once}/${c.twice}`;
}

function killTable(kill, { perJob = true } = {}) {
	const lines = [];
	lines.push(`${'route, where the job was at the kill'.padEnd(47)}| jobs | on killed worker | HTTP 500 to caller | vendor after n8n | after user Retry | after caller re-send`);
	lines.push(`${''.padEnd(47)}|      |                  |                    |  lost/once/twice | lost/once/twice  | lost/once/twice`);
	for (const p of KILL_ROUTES) {
		for (const stage of ['at vendor', 'before send']) {
			const js = kill.jobs.filter((j) => j.route === p && j.stage === stage);
			if (!js.length) continue;
			const failedCalls = js.filter((j) => j.callerFirst && j.callerFirst.status !== 200).length;
			lines.push(
				`${`${LABEL[p]}, ${stage}`.padEnd(46)} | ${String(js.length).padStart(4)} | ${String(js.filter((j) => j.onVictim).length).padStart(16)} | ${String(failedCalls).padStart(18)} | ${tally(js, 'afterN8n').padStart(16)} | ${tally(js, 'afterRetry').padStart(16)} | ${tally(js, 'afterResend').padStart(16)}`,
			);
		}
	}
	if (!perJob) return lines.join('\n');
	lines.push('');
	lines.push('per job: tag | stage | worker | caller | n8n execution(s) after the kill | vendor | user Retry → vendor | caller re-send → vendor');
	for (const j of kill.jobs) {
		const ex = j.afterN8n.executions.map((e) => `#${e.id} ${e.status}`).join(', ') || 'none';
		const retry = j.restRetry ? `HTTP ${j.restRetry.http}${j.restRetry.status ? ` ${j.restRetry.status}` : ''} → ${outcomeWord(j.afterRetry.count)}` : '-';
		const resend = j.callerResend ? `HTTP ${j.callerResend.status} → ${outcomeWord(j.afterResend.count)}` : '-';
		lines.push(`  ${j.tag} | ${j.stage} | ${j.workers.join('+') || '?'} | HTTP ${j.callerFirst.status} after ${secs(j.callerFirst.ms)} | ${ex} | ${outcomeWord(j.afterN8n.count)} | ${retry} | ${resend}`);
	}
	const errs = [...new Set(kill.jobs.flatMap((j) => j.afterN8n.executions.map((e) => e.error)).filter(Boolean))];
	for (const e of errs) lines.push(`  n8n's error: ${e}`);
	const retryErrs = [...new Set(kill.jobs.map((j) => j.restRetry && j.restRetry.message).filter(Boolean))];
	for (const e of retryErrs) lines.push(`  Retry answered: ${e}`);
	const afterRetryErrs = [...new Set(kill.jobs.flatMap((j) => (j.afterRetry ? j.afterRetry.executions : []).filter((e) => e.mode === 'retry').map((e) => `${e.status}${e.error ? `: ${e.error}` : ''}`)))];
	for (const e of afterRetryErrs) lines.push(`  retried execution: ${e}`);
	return lines.join('\n');
}

// ------------------------------------------------------------------------------------------ main

async function main() {
	const opts = commandLine(OPTIONS, HELP, checkOptions);
	const tStart = Date.now();
	let mocks;
	let pg;
	fs.rmSync(RUN, { recursive: true, force: true });
	fs.mkdirSync(RUN, { recursive: true });
	const folders = { main: path.join(RUN, 'main'), worker1: path.join(RUN, 'worker1'), worker2: path.join(RUN, 'worker2') };
	try {
		// ---- preparation: services, n8n, build + pack (side by side)
		if (!fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'))) {
			log('node_modules is missing: running npm ci …');
			await runChecked('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, echo: true });
		}
		const n8nP = timed('n8nInstall', () => ensureN8n(DEFAULT_N8N_VERSION));
		const tarballP = timed('buildPack', () => (opts.build ? packPackage() : lastTarball()));
		const servicesP = timed('services', async () => {
			const bins = await services.ensureServices(say);
			timings.aptInstall = bins.installMs;
			results.aptInstalled = bins.installed;
			const redis = await services.startRedis({ redisBin: bins.redisBin, dir: path.join(RUN, 'redis'), port: await freePort(), log: say });
			const inst = await n8nP;
			const postgres = await services.startPostgres({ pgBinDir: bins.pgBinDir, port: await freePort(), n8nDir: inst.dir, log: say });
			return { redis, postgres };
		});
		[n8nP, tarballP, servicesP].forEach((p) => p.catch(() => {}));
		const [, tarball, { redis, postgres }] = await Promise.all([n8nP, tarballP, servicesP]);
		pg = postgres;
		results.postgresVersion = postgres.version;

		await timed('packageInstalls', () => Promise.all(Object.values(folders).map((f) => installPackageLikeUser(f, tarball))));
		mocks = await require('../mocks').startMockVendors({ logFile: path.join(RUN, 'mock-vendors.log'), bodyTimeoutMs: 10_000 });

		const dbEnv = qn.queueEnv({ redisPort: redis.port, pgPort: postgres.port, binaryMode: 'database', bullDefaults: opts.bullDefaults });
		const cli = { userFolder: folders.main, env: dbEnv };
		await timed('import', async () => {
			await importCredentials(cli, creds.mockCredentials(mocks));
			await importWorkflows(cli, [queueWorkflow()]);
			await n8nCli(cli, ['publish:workflow', `--id=${WORKFLOW_ID}`]);
		});
		say(`credentials + workflow imported and published in ${secs(timings.import)}`);

		// ---- phase 1: database binary mode
		let main;
		let workers;
		await timed('startDb', async () => {
			[main, ...workers] = await Promise.all([
				qn.startMain({ userFolder: folders.main, env: dbEnv, logFile: path.join(RUN, 'main-db.log'), webhookPaths: Object.values(PATHS) }),
				qn.startWorker({ name: 'worker1', userFolder: folders.worker1, env: dbEnv, concurrency: WORKER_CONCURRENCY, logFile: path.join(RUN, 'worker1-db.log') }),
				qn.startWorker({ name: 'worker2', userFolder: folders.worker2, env: dbEnv, concurrency: WORKER_CONCURRENCY, logFile: path.join(RUN, 'worker2-db.log') }),
			]);
		});
		results.readyMs = { mainEditor: main.editorMs, main: main.readyMs, worker1: workers[0].readyMs, worker2: workers[1].readyMs };
		say(`queue mode up in ${secs(timings.startDb)}: main ${main.url} (editor ${secs(main.editorMs)}, webhooks registered ${secs(main.readyMs)}), worker1 ready ${secs(workers[0].readyMs)}, worker2 ready ${secs(workers[1].readyMs)}`);
		check('queue mode starts: main + 2 workers on Redis + PostgreSQL with the package installed in each user folder', true, `PostgreSQL ${postgres.version}`);

		const dbJobs = [
			...makeJobs('db', 'ninetyNineDigital', opts.uploads.ninetyNineDigital, { minSize: 1024, maxSize: 1_500_000, firstSize: 3 * 1048576 }),
			...makeJobs('db', 'engageLab', opts.uploads.engageLab, { minSize: 1024, maxSize: 1_500_000 }),
		];
		results.db = await timed('phaseDb', () => runUploads({ label: 'database binary mode', mainUrl: main.url, jobs: dbJobs, mocks, pg, workers }));
		assertUploads(results.db, dbJobs);

		// ---- phase 1b: the same Deduplication Key at the same moment on two workers (measured)
		results.sameKey = await timed('phaseSameKey', () => sameKeyPhase({ mainUrl: main.url, mocks, pg, workers, pairs: SAME_KEY_PAIRS }));

		// ---- phase 2: kill a worker mid-flight
		results.bull = opts.bullDefaults ? "n8n's defaults: lock 60 s, renew 10 s, stalled check 30 s" : 'lock 10 s, renew 2.5 s, stalled check 5 s (n8n: 60 s / 10 s / 30 s)';
		results.kill = await timed('phaseKill', () => killPhase({ opts, mainUrl: main.url, mocks, pg, workers }));
		console.log(killTable(results.kill));

		// ---- phase 3: filesystem binary mode
		if (opts.fs) {
			await timed('restartFs', async () => {
				await Promise.all([main.stop(), ...workers.map((w) => w.stop())]);
			});
			const shared = path.join(RUN, 'shared-storage');
			const fsEnv = qn.queueEnv({ redisPort: redis.port, pgPort: postgres.port, binaryMode: 'filesystem', storagePath: shared, bullDefaults: opts.bullDefaults });
			await trigger.publishAutoReply({ userFolder: folders.main, env: fsEnv });
			const startFsMain = (logName, port) =>
				qn.startMain({ userFolder: folders.main, env: fsEnv, logFile: path.join(RUN, logName), webhookPaths: [...Object.values(PATHS), trigger.AUTO_REPLY_PATH], port });
			const tStart3 = Date.now();
			[main, ...workers] = await Promise.all([
				startFsMain('main-fs.log'),
				qn.startWorker({ name: 'worker1', userFolder: folders.worker1, env: fsEnv, logFile: path.join(RUN, 'worker1-fs.log') }),
				qn.startWorker({ name: 'worker2', userFolder: folders.worker2, env: fsEnv, logFile: path.join(RUN, 'worker2-fs.log') }),
			]);
			timings.restartFs += Date.now() - tStart3;
			const fsJobs = [
				...makeJobs('fs', 'ninetyNineDigital', 4, { minSize: 1024, maxSize: 1_000_000 }),
				...makeJobs('fs', 'engageLab', 4, { minSize: 1024, maxSize: 1_000_000 }),
			];
			results.fs = await timed('phaseFs', () => runUploads({ label: 'filesystem binary mode, shared N8N_STORAGE_PATH', mainUrl: main.url, jobs: fsJobs, mocks, pg, workers }));
			assertUploads(results.fs, fsJobs);
			const stored = countFiles(shared);
			check('filesystem binary mode: the uploads were stored in the shared folder', stored > 0, `${stored} files under ${path.relative(ROOT, shared)}`);

			// ---- phase 4: the trigger (main receives, workers run, registration survives a restart of main)
			main = await timed('phaseTrigger', () =>
				trigger.triggerChecks({
					main, workers, mocks, pg, check, say,
					restartMain: async () => {
						await main.stop();
						return await startFsMain('main-fs-restarted.log', main.port);
					},
				}),
			);

			// ---- phase 3b: a worker with its own (unshared) storage folder
			await Promise.all(workers.map((w) => w.stop()));
			const ownEnv = { ...fsEnv, N8N_STORAGE_PATH: path.join(RUN, 'worker3-own-storage') };
			const lone = await timed('startLoneWorker', () => qn.startWorker({ name: 'worker3', userFolder: folders.worker2, env: ownEnv, logFile: path.join(RUN, 'worker3-fs-unshared.log') }));
			const loneJobs = makeJobs('fsown', 'ninetyNineDigital', 2, { minSize: 1024, maxSize: 200_000 });
			lone.offset = qn.logSize(lone.logFile);
			await Promise.all(loneJobs.map((j) => send(main.url, j, 60_000)));
			await waitForFinalExecutions(pg, loneJobs, 20_000);
			const outcome = loneJobs.map((j) => ({
				tag: j.tag,
				caller: j.caller.status,
				callerBody: j.caller.body,
				status: j.executions.map((e) => e.status).join('+'),
				error: j.executions.map((e) => e.error).filter(Boolean)[0],
				vendor: vendorView(mocks, j).count,
			}));
			results.fsUnshared = { outcome };
			const allFailed = outcome.every((o) => o.caller !== 200 && o.vendor === 0);
			check(
				'filesystem binary mode without a shared folder fails on the worker (documented limitation)',
				allFailed,
				outcome.map((o) => `HTTP ${o.caller}, execution ${o.status || 'none'}, vendor ${outcomeWord(o.vendor)}`).join('; ') + (outcome[0] && outcome[0].error ? ` | node error: ${outcome[0].error}` : ''),
			);
			workers = [lone];
		}
		await timed('shutdown', async () => {
			await Promise.all([main.stop(), ...workers.map((w) => w.stop())]);
		});
	} catch (e) {
		check('test run completed without an unexpected error', false, String(e.stack || e.message).split('\n').slice(0, 25).join('\n'));
	} finally {
		if (mocks) await mocks.close().catch(() => {});
		if (pg) await pg.close();
		await procs.stopAll(say);
	}
	timings.total = Date.now() - tStart;
	printSummary();
	fs.writeFileSync(path.join(RUN, 'results.json'), JSON.stringify({ timings, checks, results: stripData(results) }, null, 1));
	const failed = checks.filter((c) => !c.ok).length;
	console.log(`${checks.length - failed} passed, ${failed} failed`);
	process.exitCode = failed || !checks.length ? 1 : 0;
}

function stripData(r) {
	return JSON.parse(JSON.stringify(r, (k, v) => (k === 'data' && v && v.type === 'Buffer' ? undefined : v)));
}

function countFiles(dir) {
	let n = 0;
	const walk = (d) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			if (e.isDirectory()) walk(path.join(d, e.name));
			else n++;
		}
	};
	try {
		walk(dir);
	} catch {
		/* none */
	}
	return n;
}

function printSummary() {
	const t = (k) => (timings[k] != null ? secs(timings[k]) : '-');
	console.log('\n──────── queue-mode summary (n8n 2.41.1, main + 2 workers, Redis + PostgreSQL) ────────');
	console.log(`preparation: n8n install ${t('n8nInstall')}, build+pack ${t('buildPack')}, services ${t('services')} (apt ${timings.aptInstall ? secs(timings.aptInstall) : 'not needed'}), package installs ${t('packageInstalls')}, import+publish ${t('import')}, start main+workers ${t('startDb')}`);
	for (const key of ['db', 'fs']) {
		const s = results[key];
		if (!s) continue;
		console.log(`${s.label}: ${s.jobs} uploads, ${(s.bytes / 1048576).toFixed(1)} MB, ${secs(s.wallMs)} wall; latency p50 ${secs(s.latency.p50)} p95 ${secs(s.latency.p95)} max ${secs(s.latency.max)}; per worker ${JSON.stringify(s.perWorker)}; 200s ${s.ok200}/${s.jobs}, once ${s.once}/${s.jobs}, corrupt ${s.corrupt}`);
	}
	const sk = results.sameKey;
	if (sk) console.log(`same Deduplication Key at the same moment: ${sk.pairs} pairs; on both workers ${sk.split} (sent twice: ${sk.doubledSplit}), on one worker ${sk.oneWorker} (sent twice: ${sk.doubledOneWorker}); keys dropped by a concurrent write: ${sk.droppedKeys}`);
	const k = results.kill;
	if (k) {
		console.log(`worker kill (Bull ${results.bull}): SIGKILL ${k.victim} with ${k.victimInflight} jobs in flight (all ${k.atVendor} requests held at the vendors ${secs(k.arrivalMs)} after the batch started); failed executions ${k.failed}, re-queued by n8n ${k.requeued}; last caller answered ${secs(k.callersDoneMs)} after the kill, executions final after ${secs(k.settledMs)}`);
		console.log(killTable(k, { perJob: false }).split('\n').map((l) => `  ${l}`).join('\n'));
	}
	if (results.fsUnshared) console.log(`filesystem without shared folder: ${results.fsUnshared.outcome.map((o) => `HTTP ${o.caller} / ${o.status || 'no execution'} / vendor ${outcomeWord(o.vendor)}`).join('; ')}`);
	console.log(`phases: database ${t('phaseDb')}, same key ${t('phaseSameKey')}, worker kill ${t('phaseKill')}, restart for filesystem ${t('restartFs')}, filesystem ${t('phaseFs')}, lone worker start ${t('startLoneWorker')}, shutdown ${t('shutdown')}`);
	for (const c of checks.filter((x) => !x.ok)) console.log(`FAILED ${c.name}: ${String(c.detail).split('\n')[0]}`);
	console.log(`total ${secs(timings.total)}`);
}

function lastTarball() {
	const files = fs.readdirSync(CACHE).filter((f) => f.startsWith(`${PACKAGE_NAME}-`) && f.endsWith('.tgz'));
	if (!files.length) throw new Error('--no-build: no packed tarball in .cache/ yet');
	files.sort((a, b) => fs.statSync(path.join(CACHE, b)).mtimeMs - fs.statSync(path.join(CACHE, a)).mtimeMs);
	return path.join(CACHE, files[0]);
}

for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
	process.on(sig, () => {
		if (stopping) return;
		stopping = true;
		console.error(`\n[queue] ${sig}: stopping everything this run started …`);
		procs
			.stopAll((m) => console.error(`[queue] ${m}`))
			.finally(() => process.exit(code));
	});
}
process.on('unhandledRejection', (e) => {
	console.error('[queue] unhandled rejection:', e);
});

main().catch((e) => {
	console.error(e);
	procs.stopAll().finally(() => process.exit(1));
});
