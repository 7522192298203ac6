'use strict';
/** Waiting for what real n8n does, shared by the trigger case files (trigger, events, zendesk-listen). */

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, check, timeoutMs = 30_000) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await sleep(200);
	}
}

/** Finished executions of a workflow, oldest first, with their run data. */
async function finishedExecutions(ctx, workflowId) {
	const list = (await ctx.rest.executions(workflowId)).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
	const full = [];
	for (const e of list.sort((a, b) => Number(a.id) - Number(b.id))) full.push(await ctx.rest.getExecution(e.id));
	return full;
}

module.exports = { sleep, until, finishedExecutions };
