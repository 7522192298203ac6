'use strict';
/**
 * The command line of the scripts and benchmarks: `--name value`, `--name=value`, switches and
 * `-h`/`--help`. Node built-ins only.
 *
 * `options` maps each flag to { key, default, value, set }:
 *   - with `value(text)`, the flag takes a value, parsed by that function (which may throw to refuse it);
 *   - without, it is a switch: it sets `set`, by default the opposite of `default`;
 *   - `key` is the property of the result, by default the flag in camelCase (`--kill-jobs` → killJobs).
 */

function keyOf(flag) {
	return flag.replace(/^--/, '').replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** Reads argv against `options`; throws on an unknown flag or a missing value. `help` is set for -h/--help. */
function parseArgs(argv, options) {
	const opts = {};
	for (const [flag, option] of Object.entries(options)) opts[option.key || keyOf(flag)] = option.default;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const eq = arg.indexOf('=');
		const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
		if (flag === '-h' || flag === '--help') {
			opts.help = true;
			continue;
		}
		const option = Object.prototype.hasOwnProperty.call(options, flag) ? options[flag] : undefined;
		if (!option) throw new Error(`unknown option ${arg} (see --help)`);
		const key = option.key || keyOf(flag);
		if (!option.value) {
			opts[key] = 'set' in option ? option.set : !option.default;
			continue;
		}
		let text = inline;
		if (text === undefined) {
			if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
			text = argv[++i];
		}
		try {
			opts[key] = option.value(text);
		} catch (e) {
			throw new Error(`${flag}: ${e.message}`);
		}
	}
	return opts;
}

/**
 * A script's command line: the options, or — for --help — the help on stdout and exit 0, or — for
 * a bad command line — the error and the help on stderr and exit 2. `check(opts)` may throw to
 * refuse a combination, or fill in what depends on other options.
 */
function commandLine(options, help, check = () => {}, argv = process.argv.slice(2)) {
	let opts;
	try {
		opts = parseArgs(argv, options);
		if (!opts.help) check(opts);
	} catch (e) {
		console.error(`${e.message}\n\n${help}`);
		process.exit(2);
	}
	if (opts.help) {
		console.log(help);
		process.exit(0);
	}
	return opts;
}

/** `value` parsers shared by several scripts. */
const values = {
	number(text) {
		const n = Number(text);
		if (text === '' || !Number.isFinite(n)) throw new Error(`not a number: ${text}`);
		return n;
	},
	version(text) {
		if (!/^\d+\.\d+\.\d+$/.test(text)) throw new Error(`"${text}" is not a version like 2.41.1`);
		return text;
	},
	versions(text) {
		return String(text).split(',').map((s) => s.trim()).filter(Boolean).map(values.version);
	},
};

module.exports = { parseArgs, commandLine, values };
