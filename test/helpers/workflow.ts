/**
 * Runs a whole saved workflow (nodes and connections, as exported from n8n) through n8n-core's
 * WorkflowExecute, as engine.ts runs one node: the package's real nodes, the test's credentials,
 * the real request helpers. Node types from outside the package are the caller's stand-ins.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	INodeType,
	INodeTypes,
	IPinData,
	IRun,
	IRunExecutionData,
	ITaskData,
	IWorkflowSettings,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { baseAdditionalData } from './engine';

export interface SavedWorkflow {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	/** Items pinned to nodes: a manual run outputs them instead of running those nodes. */
	pinData?: IPinData;
}

export interface WorkflowRunOptions {
	workflow: SavedWorkflow;
	/** Every node type the workflow's nodes use, by type name. */
	nodeTypes: Record<string, INodeType>;
	/** The node the run starts from (its trigger), fed one empty item as a manual run does. */
	startNode: string;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	executionId: string;
	/** Called before and after each node runs; n8n awaits them, so a node's requests all fall in between. */
	onNodeStart?: (nodeName: string) => void;
	onNodeEnd?: (nodeName: string, taskData: ITaskData) => void;
}

export async function runWorkflow(options: WorkflowRunOptions): Promise<IRun> {
	const { workflow: saved, nodeTypes: types, executionId } = options;
	const nodeTypes: INodeTypes = {
		getByName: (type) => types[type],
		getByNameAndVersion: (type) => types[type],
		getKnownTypes: () => ({}),
	} as INodeTypes;
	// n8n fills the defaults into the nodes it is given: copies keep the caller's nodes as saved.
	const nodes = saved.nodes.map((node) => ({ ...node }));
	const workflow = new Workflow({ ...saved, nodes, active: false, settings: saved.settings ?? {}, nodeTypes });
	const start = workflow.getNode(options.startNode);
	if (!start) throw new Error(`${saved.name}: no node named "${options.startNode}"`);

	const hooks = new ExecutionLifecycleHooks('manual', executionId, { ...saved, active: false } as never);
	let finished: (run: IRun) => void = () => {};
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));
	hooks.addHandler('nodeExecuteBefore', (nodeName) => options.onNodeStart?.(nodeName));
	hooks.addHandler('nodeExecuteAfter', (nodeName, taskData) => options.onNodeEnd?.(nodeName, taskData));

	const runExecutionData = {
		resultData: { runData: {}, pinData: saved.pinData },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: start, data: { main: [[{ json: {} }]] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;
	const additionalData = baseAdditionalData(executionId, options.credentials, hooks);
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	return await done;
}
