/**
 * The golden-request test (issue 18, "Public contract — unchanged, proved"): saved workflows send
 * exactly what they sent before. Every example workflow, and a saved node per platform ×
 * operation × option family (test/golden/nodes.ts), run through n8n's engine against the strict
 * mocks; the requests the mocks received are compared with test/golden/requests.json.
 *
 *   GOLDEN_UPDATE=1 npx jest test/golden    rewrites the golden file from this run
 *
 * Without it any difference fails, per case, with a diff. The file must hold every case, every
 * case must send, and the cases must cover every platform × operation and every field the node
 * offers (read from the node's description at run time, so a new one without a case fails).
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import type { IDataObject, INode, INodeExecutionData, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { SendConversationMessage } from '../nodes/ConversationMessages/SendConversationMessage.node';

import { loadExamples } from './golden/examples';
import { NODE_CASES, fileBytes } from './golden/nodes';
import type { NodeCase } from './golden/nodes';
import { goldenRequest, stableJson } from './golden/record';
import type { GoldenRequest } from './golden/record';
import { deduplicationStore, inlineBinary, runNode, storedBinary } from './helpers/engine';
import { ALL_SECRETS, credentialsFor, startMockVendors } from './helpers/vendors';
import type { MockVendors, VendorKey } from './helpers/vendors';
import { runWorkflow } from './helpers/workflow';

const GOLDEN_FILE = join(__dirname, 'golden', 'requests.json');
const UPDATE = process.env.GOLDEN_UPDATE === '1';

interface GoldenCase {
	platform: string;
	operation: string;
	items: number;
	runs: number;
	/** "as sent", or "sorted" where the node sends several items at once (see ordered()). */
	order: 'as sent' | 'sorted';
	requests: GoldenRequest[];
}

// ─── the node's own description: what there is to cover ────────────────────────────────────────

const description = new SendConversationMessage().description;
const platformProperty = description.properties.find((property) => property.name === 'platform')!;
const PLATFORMS = (platformProperty.options as Array<{ value: string }>).map((option) => option.value);

const shownFor = (platform: string) =>
	description.properties.filter((property) => property.displayOptions?.show?.platform?.includes(platform));

/** A platform's operation choice (userEngageOperation, intercomOperation, …), if it has one. */
const operationProperty = (platform: string) =>
	shownFor(platform).find((property) => property.type === 'options' && property.noDataExpression && /Operation$/.test(property.name));

const platformOf = (parameters: INodeParameters) => String(parameters.platform ?? platformProperty.default);

function operationOf(parameters: INodeParameters): string {
	const property = operationProperty(platformOf(parameters));
	return property ? String(parameters[property.name] ?? property.default) : '(none)';
}

/** The parameters n8n's editor shows for these saved values, with the defaults of those not saved. */
function effectiveParameters(parameters: INodeParameters): INodeParameters {
	const node = { name: 'Send', type: description.name, typeVersion: 1, parameters } as INode;
	return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {};
}

const CONCURRENCY_DEFAULT = (description.properties.find((property) => property.name === 'options')!.options as INodeProperties[]).find(
	(option) => option.name === 'concurrency',
)!.default;

/**
 * A node given several items sends up to Concurrency of them at once; which of those reaches the
 * mock first is up to the event loop and the sockets, not the node. Their requests are recorded
 * sorted (by their text), which keeps every request but not that order. Items of one
 * conversation go one after another, in item order: that order is proved by platforms.test.ts.
 */
function ordered(requests: GoldenRequest[], items: number, parameters: INodeParameters): Pick<GoldenCase, 'order' | 'requests'> {
	const concurrency = (parameters.options as IDataObject | undefined)?.concurrency ?? CONCURRENCY_DEFAULT;
	if (items < 2 || concurrency === 1) return { order: 'as sent', requests };
	const text = (request: GoldenRequest) => stableJson(request);
	return { order: 'sorted', requests: [...requests].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0)) };
}

// ─── running the cases ─────────────────────────────────────────────────────────────────────────

/**
 * Each case gets mock vendors of its own: they number the conversations and contacts they create
 * from a fixed start and, like the vendors, never reuse a number, so a case's ids do not depend
 * on which cases ran before it.
 */
let vendors: MockVendors | undefined;
const mocks = () => vendors!;
/** The mocks are keyed by the platforms' values. */
const VENDOR_KEYS = PLATFORMS as VendorKey[];

async function freshWorld() {
	await vendors?.close();
	vendors = await startMockVendors();
	deduplicationStore.reset();
}

afterAll(async () => await vendors?.close());

const examples = loadExamples({ modelReply: () => mocks().openAi.replyText });
const exampleCaseName = (file: string, node: string) => `examples/${file} › ${node}`;
const CASE_NAMES = [
	...examples.flatMap((example) => example.sendNodes.map((node) => exampleCaseName(example.file, node.name))),
	...NODE_CASES.map((nodeCase) => nodeCase.name),
];

/** The parameters each case's node was saved with, for the coverage checks. */
const savedParameters = new Map<string, INodeParameters>([
	...examples.flatMap((example) => example.sendNodes.map((node): [string, INodeParameters] => [exampleCaseName(example.file, node.name), node.parameters])),
	...NODE_CASES.map((nodeCase): [string, INodeParameters] => [nodeCase.name, nodeCase.parameters]),
]);

const recorded: Record<string, GoldenCase> = {};
const problems: Record<string, string> = {};

/**
 * Every run is execution "golden" (n8n numbers executions; Re:amaze's derived origin_id hashes the
 * execution id), so a case's requests do not change when a case is renamed or added.
 */
const EXECUTION_ID = 'golden';

function allCredentials() {
	return Object.assign({}, ...VENDOR_KEYS.map((key) => credentialsFor(mocks(), key)));
}

/** The requests the vendors received since `since` (counts per vendor): all must be the platform's. */
function requestsSince(since: Map<VendorKey, number>, platform: string): GoldenRequest[] {
	const strays = VENDOR_KEYS.filter((key) => key !== platform && mocks()[key].requests.length > (since.get(key) ?? 0));
	if (strays.length) throw new Error(`requests reached ${strays.join(', ')}, not only ${platform}`);
	return mocks()[platform as VendorKey].requests.slice(since.get(platform as VendorKey) ?? 0).map(goldenRequest);
}

const counts = () => new Map(VENDOR_KEYS.map((key) => [key, mocks()[key].requests.length]));

async function runExamples() {
	for (const example of examples) {
		await freshWorld();
		let before = counts();
		const run = await runWorkflow({
			workflow: example.workflow,
			nodeTypes: example.nodeTypes,
			startNode: example.startNode,
			credentials: allCredentials(),
			executionId: EXECUTION_ID,
			onNodeStart: () => (before = counts()),
			onNodeEnd: (nodeName, taskData) => {
				const node = example.sendNodes.find((candidate) => candidate.name === nodeName);
				if (!node) return;
				const name = exampleCaseName(example.file, nodeName);
				try {
					if (taskData.error) throw new Error(`the node failed: ${taskData.error.message}`);
					const items = taskData.data?.main?.[0]?.length ?? 0;
					const parameters = node.parameters;
					recorded[name] = {
						platform: platformOf(parameters),
						operation: operationOf(parameters),
						items,
						runs: 1,
						...ordered(requestsSince(before, platformOf(parameters)), items, parameters),
					};
				} catch (error) {
					problems[name] = (error as Error).message;
				}
			},
		});
		const failure = run.data.resultData.error;
		if (failure) problems[`examples/${example.file}`] = `the workflow failed: ${failure.message}`;
	}
}

async function inputItems(nodeCase: NodeCase): Promise<INodeExecutionData[]> {
	return await Promise.all(
		(nodeCase.items ?? [{}]).map(async (item) => {
			const binary = Object.fromEntries(
				await Promise.all(
					Object.entries(item.files ?? {}).map(async ([property, file]) => [
						property,
						file.stored
							? await storedBinary(EXECUTION_ID, fileBytes(file), file.fileName, file.mimeType)
							: inlineBinary(fileBytes(file), file.fileName, file.mimeType),
					]),
				),
			);
			return { json: item.json ?? {}, ...(item.files ? { binary } : {}) };
		}),
	);
}

async function runNodeCases() {
	for (const nodeCase of NODE_CASES) {
		await freshWorld();
		const before = counts();
		const platform = platformOf(nodeCase.parameters);
		try {
			const items = await inputItems(nodeCase);
			const runs = nodeCase.runs ?? 1;
			for (let run = 0; run < runs; run++) {
				const result = await runNode({
					parameters: nodeCase.parameters,
					items,
					credentials: credentialsFor(mocks(), platform as VendorKey),
					executionId: EXECUTION_ID,
					nodeId: 'golden-node',
				});
				if (result.error) throw new Error(`run ${run + 1} failed: ${result.error.message}`);
			}
			recorded[nodeCase.name] = {
				platform,
				operation: operationOf(nodeCase.parameters),
				items: items.length,
				runs,
				...ordered(requestsSince(before, platform), items.length, nodeCase.parameters),
			};
		} catch (error) {
			problems[nodeCase.name] = (error as Error).message;
		}
	}
}

let golden: { cases: Record<string, GoldenCase> } = { cases: {} };

beforeAll(async () => {
	// On CI the file is what the test checks against, never what it writes.
	if (UPDATE && process.env.CI) throw new Error('GOLDEN_UPDATE is for a developer reviewing the diff, not for CI');
	await runExamples();
	await runNodeCases();
	if (UPDATE) {
		if (Object.keys(problems).length) throw new Error(`not writing the golden file: ${JSON.stringify(problems, null, 2)}`);
		writeFileSync(GOLDEN_FILE, stableJson({ cases: recorded }));
	}
	if (existsSync(GOLDEN_FILE)) golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as typeof golden;
}, 120_000);

// ─── the checks ────────────────────────────────────────────────────────────────────────────────

test('every case ran without an error and sent at least one request', () => {
	expect(problems).toEqual({});
	const silent = CASE_NAMES.filter((name) => !recorded[name]?.requests.length);
	expect(silent).toEqual([]);
});

test('the golden file holds exactly the cases run here, each with requests', () => {
	expect(Object.keys(golden.cases).sort()).toEqual([...CASE_NAMES].sort());
	expect(Object.values(golden.cases).filter((goldenCase) => !goldenCase.requests.length)).toEqual([]);
});

test('the golden file holds no secret', () => {
	const text = readFileSync(GOLDEN_FILE, 'utf8');
	expect(ALL_SECRETS.filter((secret) => text.includes(secret))).toEqual([]);
});

test('the cases cover every platform × operation the node offers', () => {
	const offered = PLATFORMS.flatMap((platform) => {
		const property = operationProperty(platform);
		const operations = property ? (property.options as Array<{ value: string }>).map((option) => option.value) : ['(none)'];
		return operations.map((operation) => `${platform} × ${operation}`);
	});
	expect(offered.length).toBeGreaterThanOrEqual(PLATFORMS.length * 2);
	const covered = new Set([...savedParameters.values()].map((parameters) => `${platformOf(parameters)} × ${operationOf(parameters)}`));
	expect(offered.filter((pair) => !covered.has(pair))).toEqual([]);
});

test('the cases show every field of every platform, every choice of a field, every locator mode, and set every optional field', () => {
	const missing: string[] = [];
	const cases = [...savedParameters.values()].map((parameters) => ({ platform: platformOf(parameters), saved: parameters, shown: effectiveParameters(parameters) }));
	const sendOptions = description.properties.filter((property) => !property.displayOptions);
	for (const platform of PLATFORMS) {
		const own = cases.filter((oneCase) => oneCase.platform === platform);
		for (const property of [...shownFor(platform), ...sendOptions]) {
			const among = property.displayOptions ? own : cases;
			const where = property.displayOptions ? `${platform}: ` : '';
			if (!among.some((oneCase) => property.name in oneCase.shown)) missing.push(`${where}${property.name} (never shown)`);
			// Each choice of a fixed list (and each state of a switch) is the effective value of some case.
			const choices =
				property.type === 'options' && !property.typeOptions?.loadOptionsMethod
					? (property.options as Array<{ value: unknown }>).map((option) => option.value)
					: property.type === 'boolean'
						? [true, false]
						: [];
			for (const choice of choices) {
				if (!among.some((oneCase) => oneCase.shown[property.name] === choice)) missing.push(`${where}${property.name} = ${String(choice)}`);
			}
			// The conversation in each mode of its locator, and as plain text (workflows saved before it).
			if (property.type === 'resourceLocator') {
				const saved = among.map((oneCase) => oneCase.saved[property.name]);
				for (const mode of property.modes ?? []) {
					if (!saved.some((value) => (value as { mode?: string } | undefined)?.mode === mode.name)) missing.push(`${where}${property.name} by ${mode.name}`);
				}
				if (!saved.some((value) => typeof value === 'string')) missing.push(`${where}${property.name} as plain text`);
			}
			// Each field of an optional collection is set by some case.
			if (property.type === 'collection') {
				for (const option of property.options as INodeProperties[]) {
					const set = among.some((oneCase) => option.name in ((oneCase.saved[property.name] as IDataObject | undefined) ?? {}));
					if (!set) missing.push(`${where}${property.name}.${option.name}`);
				}
			}
		}
	}
	expect(missing).toEqual([]);
});

describe('the requests are the golden ones', () => {
	test.each(CASE_NAMES)('%s', (name) => {
		expect(recorded[name]).toBeDefined();
		expect(recorded[name]).toEqual(golden.cases[name]);
	});
});
