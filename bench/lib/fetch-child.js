'use strict';
/**
 * The floor of the throughput benchmark: a plain `fetch` loop sending the same request as the node
 * (same URL, api_access_token header, Accept, JSON body) with at most `concurrency` in flight.
 * Runs in its own long-lived process (the same Node binary as n8n), warmed up before measuring.
 */
const { serveChild } = require('./common-child');

async function run({ baseUrl, token, items, concurrency, accountId = 7 }) {
	const statuses = {};
	let next = 0;
	const worker = async () => {
		for (;;) {
			const i = next++;
			if (i >= items) return;
			const conversationId = (i % 999) + 1;
			const res = await fetch(`${baseUrl}/api/v1/accounts/${accountId}/conversations/${conversationId}/messages`, {
				method: 'POST',
				headers: { api_access_token: token, Accept: 'application/json', 'Content-Type': 'application/json' },
				body: JSON.stringify({ content: `Benchmark message ${i}`, message_type: 'outgoing', private: false }),
			});
			await res.json();
			statuses[res.status] = (statuses[res.status] || 0) + 1;
		}
	};
	const cpu0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	const cpu = process.cpuUsage(cpu0);
	return { ms, cpuMs: (cpu.user + cpu.system) / 1000, statuses };
}

serveChild({ run }, { node: process.version });
