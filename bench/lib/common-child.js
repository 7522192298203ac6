'use strict';
/** Child side of bench/lib/common.js startChild(): answers {id, cmd, args} with handlers[cmd](args). */
function serveChild(handlers, readyInfo) {
	process.on('disconnect', () => process.exit(0));
	process.on('SIGTERM', () => process.exit(0));
	process.on('SIGINT', () => process.exit(0));
	process.on('message', async (msg) => {
		if (!msg || !msg.cmd) return;
		try {
			const h = handlers[msg.cmd];
			if (!h) throw new Error(`unknown command ${msg.cmd}`);
			const result = await h(msg.args || {});
			process.send({ id: msg.id, result });
		} catch (e) {
			process.send({ id: msg.id, error: e && e.message ? e.message : String(e) });
		}
	});
	process.send({ ready: true, ...readyInfo });
}
module.exports = { serveChild };
