'use strict';
/** Reading a finished run, as `n8n execute --rawOutput` prints it or the REST API returns it. */

/** Output items of a node in a run: [{json, binary?, pairedItem?, error?}] (first run, main output 0). */
function nodeOutput(run, nodeName, { runIndex = 0, output = 0 } = {}) {
	const runs = run && run.data && run.data.resultData && run.data.resultData.runData && run.data.resultData.runData[nodeName];
	if (!runs || !runs[runIndex]) return undefined;
	const task = runs[runIndex];
	if (!task.data || !task.data.main) return [];
	return task.data.main[output] || [];
}

/** The error a run stopped with (node error message), if any. */
function runError(run, nodeName) {
	const rd = run && run.data && run.data.resultData;
	if (!rd) return undefined;
	if (nodeName) {
		const t = rd.runData && rd.runData[nodeName] && rd.runData[nodeName][0];
		return t && t.error;
	}
	return rd.error;
}

module.exports = { nodeOutput, runError };
