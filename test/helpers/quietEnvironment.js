'use strict';
/**
 * Jest's node environment, quiet while tests pass: what a test writes to the console (n8n's
 * logger writes there through winston, e.g. every validation error and the triggers' "refused a
 * delivery" warnings) is held back and printed only when that test or hook fails.
 * TEST_LOGS=1 prints everything as it comes. Tests that spy on the console (test/secrets.test.ts)
 * still see every line: their spies sit on top of this buffer.
 */
const { TestEnvironment } = require('jest-environment-node');

const METHODS = ['log', 'info', 'warn', 'error', 'debug'];

class QuietEnvironment extends TestEnvironment {
	async setup() {
		await super.setup();
		if (/^(1|true|yes)$/i.test(process.env.TEST_LOGS || '')) return;
		const real = this.global.console;
		this.realConsole = real;
		this.held = [];
		const quiet = Object.create(real);
		// winston writes straight to console._stdout when there is one; without it, to console.log.
		quiet._stdout = undefined;
		quiet._stderr = undefined;
		for (const method of METHODS) quiet[method] = (...args) => this.held.push([method, args]);
		this.global.console = quiet;
	}

	handleTestEvent(event) {
		if (!this.realConsole) return;
		if (event.name === 'test_done' && event.test.errors.length > 0) this.release(`the failed test "${event.test.name}"`);
		else if (event.name === 'hook_failure') this.release(`the failed ${event.hook.type} hook`);
		// A test's lines are kept from its start (its beforeEach hooks included) to its end; lines
		// written outside any test (beforeAll, afterAll) until the next test starts.
		if (event.name === 'test_start' || event.name === 'test_done') this.held = [];
	}

	release(source) {
		if (this.held.length) this.realConsole.log(`Console output of ${source}:`);
		for (const [method, args] of this.held.splice(0)) this.realConsole[method](...args);
	}
}

module.exports = QuietEnvironment;
