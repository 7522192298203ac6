/**
 * The example workflows of examples/, made runnable in-process: the package's nodes are the real
 * ones; n8n's own nodes upstream of them (n8n-nodes-base is not a dependency of this package)
 * are stand-ins that compute what those nodes output for the parameters the example saved; a
 * trigger hands out fixed items; an AI Agent hands its tool the call the mock model makes; a
 * node with pinned data outputs it, as in n8n's manual runs.
 * Each stand-in supports only what the examples use and refuses anything else, so a new example
 * needing more fails here instead of running on a wrong guess.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { runInNewContext } from 'vm';

import type { IConnections, IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';

import { ConversationActions } from '../../nodes/ConversationMessages/ConversationActions.node';
import { SendConversationMessage } from '../../nodes/ConversationMessages/SendConversationMessage.node';
import { ACTIONS_NODE_TYPE, NODE_TYPE } from '../helpers/engine';
import type { SavedWorkflow } from '../helpers/workflow';

const EXAMPLES_FOLDER = join(__dirname, '..', '..', 'examples');

/** What the stand-ins need to know of the run: the answer the mock chat model gives. */
export interface ExampleWorld {
	modelReply: () => string;
}

export interface RunnableExample {
	file: string;
	workflow: SavedWorkflow;
	startNode: string;
	nodeTypes: Record<string, INodeType>;
	/** The Send Conversation Message nodes, by name. */
	sendNodes: INode[];
}

const TOOL_TYPE = `${NODE_TYPE}Tool`;
const ACTIONS_TOOL_TYPE = `${ACTIONS_NODE_TYPE}Tool`;

interface StandIn {
	/** The saved parameters it reads; n8n drops any parameter a node type does not declare. */
	parameters: string[];
	/** Refuses a saved node that needs what the stand-in does not do. */
	check?: (node: INode) => void;
	execute: (this: IExecuteFunctions, world: ExampleWorld, workflow: SavedWorkflow) => Promise<INodeExecutionData[][]>;
}

function nodeType(type: string, standIn: StandIn, world: ExampleWorld, workflow: SavedWorkflow): INodeType {
	return {
		description: {
			displayName: type,
			name: type,
			group: ['transform'],
			version: 1,
			description: `Stand-in for ${type}`,
			defaults: { name: type },
			inputs: ['main'],
			outputs: ['main'],
			properties: standIn.parameters.map((name) => ({ displayName: name, name, type: 'json', default: '' })),
		},
		async execute(this: IExecuteFunctions) {
			return await standIn.execute.call(this, world, workflow);
		},
	};
}

function unsupported(node: INode, what: string): never {
	throw new Error(`${node.name} (${node.type}): the golden test's stand-in does not support ${what}`);
}

/**
 * The Conversation Message Trigger's item for a customer's message, as the trigger emits it
 * (test/trigger.chatwoot.test.ts checks that shape against the real trigger).
 */
const TRIGGER_ITEMS: Record<string, IDataObject> = {
	ninetyNineDigital: {
		platform: 'ninetyNineDigital',
		conversationId: '42',
		accountId: 7,
		messageId: '9001',
		content: 'Where is my parcel?',
		sender: { type: 'customer', id: '1042', name: 'Contact 42', email: 'contact42@customer.example' },
		createdAt: '2026-01-05T09:00:00.000Z',
		private: false,
		attachments: [],
		status: 'pending',
		assignee: null,
		team: null,
		raw: {},
	},
	// test/trigger.zendesk.test.ts checks this shape against the real trigger.
	zendesk: {
		platform: 'zendesk',
		conversationId: '101',
		accountId: null,
		messageId: '50001',
		content: 'Where is my parcel?',
		sender: { type: 'customer', id: '501', name: 'Carla Customer', email: 'carla@customer.example' },
		createdAt: '2026-01-05T09:00:00.000Z',
		private: false,
		attachments: [],
		status: 'open',
		assignee: null,
		team: null,
		raw: {},
	},
};

const STAND_INS: Record<string, StandIn> = {
	/** A manual run starts with one empty item. */
	'n8n-nodes-base.manualTrigger': {
		parameters: [],
		execute: async () => [[{ json: {} }]],
	},

	'n8n-nodes-conversation-messages.conversationMessageTrigger': {
		parameters: ['platform'],
		check: (node) => {
			if (!TRIGGER_ITEMS[String(node.parameters.platform)]) unsupported(node, `platform ${String(node.parameters.platform)}`);
		},
		async execute() {
			return [[{ json: TRIGGER_ITEMS[String(this.getNode().parameters.platform)] }]];
		},
	},

	/** Code, Run Once for All Items: the items its JavaScript returns. */
	'n8n-nodes-base.code': {
		parameters: ['jsCode'],
		check: (node) => {
			if (node.parameters.mode !== undefined && node.parameters.mode !== 'runOnceForAllItems') unsupported(node, 'modes other than Run Once for All Items');
			if (node.parameters.language !== undefined && node.parameters.language !== 'javaScript') unsupported(node, 'languages other than JavaScript');
		},
		async execute() {
			const code = String(this.getNode().parameters.jsCode);
			const items = (await runInNewContext(`(async () => {\n${code}\n})()`, { Buffer })) as INodeExecutionData[];
			return [items.map((item, index) => ({ json: item.json, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: index } }))];
		},
	},

	/** Edit Fields (Set) 3.3+, manual mapping: the assignments alone (Include Other Fields is off by default). */
	'n8n-nodes-base.set': {
		parameters: ['assignments'],
		check: (node) => {
			if (node.parameters.mode !== undefined && node.parameters.mode !== 'manual') unsupported(node, 'modes other than manual mapping');
			if (Object.keys((node.parameters.options as IDataObject | undefined) ?? {}).length) unsupported(node, 'options');
			const assignments = (node.parameters.assignments as { assignments: Array<{ type: string }> }).assignments;
			if (assignments.some(({ type }) => type !== 'string')) unsupported(node, 'assignments other than strings');
		},
		async execute() {
			return [
				this.getInputData().map((_, index) => {
					const assignments = this.getNodeParameter('assignments.assignments', index) as Array<{ name: string; value: unknown }>;
					const json = Object.fromEntries(assignments.map(({ name, value }) => [name, String(value)]));
					return { json, pairedItem: { item: index } };
				}),
			];
		},
	},

	/** Convert to File, Convert to Text File: a UTF-8 text/plain file from a string property. */
	'n8n-nodes-base.convertToFile': {
		parameters: ['sourceProperty', 'binaryPropertyName', 'options'],
		check: (node) => {
			if (node.parameters.operation !== 'toText') unsupported(node, `operation ${String(node.parameters.operation)}`);
			const options = Object.keys((node.parameters.options as IDataObject | undefined) ?? {});
			if (options.some((option) => option !== 'fileName')) unsupported(node, 'options other than File Name');
		},
		async execute() {
			return [
				await Promise.all(
					this.getInputData().map(async (item, index) => {
						const source = String(this.getNodeParameter('sourceProperty', index));
						const property = String(this.getNodeParameter('binaryPropertyName', index) || 'data');
						const fileName = String(this.getNodeParameter('options.fileName', index, '') || 'file.txt');
						const text = item.json[source];
						if (typeof text !== 'string') unsupported(this.getNode(), `a ${typeof text} in "${source}"`);
						const binary = await this.helpers.prepareBinaryData(Buffer.from(text, 'utf8'), fileName, 'text/plain');
						return { json: {}, binary: { [property]: binary }, pairedItem: { item: index } };
					}),
				),
			];
		},
	},

	/**
	 * AI Agent: the mock chat model (the mocks' openai.js) calls the agent's tools, each $fromAI
	 * parameter set to its reply; the stand-in hands every tool those arguments (one item).
	 */
	'@n8n/n8n-nodes-langchain.agent': {
		parameters: [],
		async execute(world, workflow) {
			const tools = toolsOf(this.getNode().name, workflow);
			if (!tools.length) unsupported(this.getNode(), 'an agent without a tool');
			const keys = [...JSON.stringify(tools.map((tool) => tool.parameters)).matchAll(/\$fromAI\(\s*'([^']+)'/g)].map(([, key]) => key);
			if (!keys.length) unsupported(this.getNode(), 'tools without $fromAI');
			return [[{ json: Object.fromEntries(keys.map((key) => [key, world.modelReply()])) }]];
		},
	},
};

/** A node n8n does not run: it outputs the items pinned to it. */
const PINNED: StandIn = {
	parameters: [],
	async execute() {
		throw new Error(`${this.getNode().name} has pinned data: n8n outputs it instead of running the node`);
	},
};

/** The nodes connected to an agent as its tools. */
function toolsOf(agent: string, workflow: SavedWorkflow): INode[] {
	const names = Object.entries(workflow.connections)
		.filter(([, outputs]) => (outputs.ai_tool ?? []).some((targets) => (targets ?? []).some((target) => target.node === agent)))
		.map(([source]) => source);
	return workflow.nodes.filter((node) => names.includes(node.name));
}

/**
 * The example's main connections, with each agent's tool run after the agent on its main output
 * (as n8n runs a tool node with the call's arguments as its input item).
 */
function mainConnections(workflow: SavedWorkflow): IConnections {
	const connections: IConnections = {};
	for (const [source, outputs] of Object.entries(workflow.connections)) {
		if (outputs.main) connections[source] = { main: outputs.main };
		for (const targets of outputs.ai_tool ?? []) {
			for (const { node: agent } of targets ?? []) {
				const agentOutputs = (connections[agent] ??= { main: [[]] });
				agentOutputs.main[0]!.push({ node: source, type: 'main', index: 0 });
			}
		}
	}
	return connections;
}

export function loadExamples(world: ExampleWorld): RunnableExample[] {
	const sendTypes = new Set([NODE_TYPE, TOOL_TYPE]);
	const send = new SendConversationMessage();
	// The hand-off example's Conversation Actions tools run for real; only send nodes are golden cases.
	const actions = new ConversationActions();
	return readdirSync(EXAMPLES_FOLDER)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const saved = JSON.parse(readFileSync(join(EXAMPLES_FOLDER, file), 'utf8')) as SavedWorkflow;
			const connections = mainConnections(saved);
			const linked = new Set(
				Object.entries(connections).flatMap(([source, { main }]) => [source, ...main.flat().map((target) => target!.node)]),
			);
			// Nodes off the main path (sticky notes, the agent's chat model) never run.
			const nodes = saved.nodes.filter((node) => linked.has(node.name));
			const targets = new Set(Object.values(connections).flatMap(({ main }) => main.flat().map((target) => target!.node)));
			const starts = nodes.filter((node) => !targets.has(node.name));
			if (starts.length !== 1) throw new Error(`${file}: expected one trigger, found ${starts.map((node) => node.name).join(', ')}`);
			const workflow: SavedWorkflow = { ...saved, nodes, connections };
			const nodeTypes: Record<string, INodeType> = {};
			for (const node of nodes) {
				if (sendTypes.has(node.type)) {
					nodeTypes[node.type] = send;
					continue;
				}
				if (node.type === ACTIONS_TOOL_TYPE) {
					nodeTypes[node.type] = actions;
					continue;
				}
				const standIn = STAND_INS[node.type] ?? (saved.pinData?.[node.name] ? PINNED : unsupported(node, 'this node type'));
				standIn.check?.(node);
				nodeTypes[node.type] = nodeType(node.type, standIn, world, saved);
			}
			return { file, workflow, startNode: starts[0].name, nodeTypes, sendNodes: nodes.filter((node) => sendTypes.has(node.type)) };
		});
}
