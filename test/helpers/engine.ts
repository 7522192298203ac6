/**
 * Runs workflows through n8n's real execution engine in-process: n8n-core's WorkflowExecute over
 * an n8n-workflow Workflow, as n8n's own node test harness does. Requests go out through n8n's
 * real request helpers to loopback mock vendors. The only stand-in is the credential store,
 * which hands out the test's credentials and applies each credential type's `authenticate`
 * block the way n8n's CLI does (expressions resolved by the workflow's expression engine).
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// n8n-core reads its user folder at import time; keep it out of the developer's home.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-engine-'));

import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, Workflow } from 'n8n-workflow';

import { EngageLabLiveDeskApi } from '../../credentials/EngageLabLiveDeskApi.credentials';
import { IntercomMessagingApi } from '../../credentials/IntercomMessagingApi.credentials';
import { NinetyNineDigitalApi } from '../../credentials/NinetyNineDigitalApi.credentials';
import { ReamazeApi } from '../../credentials/ReamazeApi.credentials';
import { ZendeskSupportApi } from '../../credentials/ZendeskSupportApi.credentials';
import { UserEngageApi } from '../../credentials/UserEngageApi.credentials';
import { ConversationActions } from '../../nodes/ConversationMessages/ConversationActions.node';
import { SendConversationMessage } from '../../nodes/ConversationMessages/SendConversationMessage.node';

import { deduplicationStore } from './deduplicationStore';

export { deduplicationStore };

export const CREDENTIAL_TYPES: Record<string, ICredentialType> = Object.fromEntries(
	[
		new UserEngageApi(),
		new EngageLabLiveDeskApi(),
		new NinetyNineDigitalApi(),
		new IntercomMessagingApi(),
		new ReamazeApi(),
		new ZendeskSupportApi(),
	].map((type) => [type.name, type]),
);

export const NODE_TYPE = 'n8n-nodes-conversation-messages.sendConversationMessage';
export const ACTIONS_NODE_TYPE = 'n8n-nodes-conversation-messages.conversationActions';
const SOURCE_TYPE = 'test.source';

/** Resolves `={{ … }}` values with `$credentials` the way n8n's CLI credentials helper does. */
export function resolveWithCredentials(
	workflow: Workflow,
	node: INode,
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
}

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = CREDENTIAL_TYPES[typeName];
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const options = { ...requestOptions } as unknown as Record<string, IDataObject>;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			options[outerKey] = { ...(options[outerKey] ?? {}) };
			for (const [key, value] of Object.entries(entries as IDataObject)) {
				options[outerKey][String(resolveWithCredentials(workflow!, node!, key, credentials))] =
					resolveWithCredentials(workflow!, node!, value, credentials) as string;
			}
		}
		return options as unknown as IHttpRequestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by this node');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = this.store[type];
		if (!credentials) throw new Error(`No test credentials of type ${type}`);
		return { ...credentials };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

/** The upstream node: emits the test's items (JSON and binary) as a real node would. */
function sourceNodeType(items: INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName: 'Source',
			name: 'source',
			group: ['input'],
			version: 1,
			description: 'Emits test items',
			defaults: { name: 'Source' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			return [items.map((item) => ({ ...item, pairedItem: { item: 0 } }))];
		},
	};
}

let binaryDataReady: Promise<BinaryDataService> | undefined;

/** n8n 2.x keeps binaries on disk by default; tests use the same file-backed store. */
export async function binaryDataService(): Promise<BinaryDataService> {
	binaryDataReady ??= (async () => {
		const service = Container.get(BinaryDataService);
		await service.init();
		return service;
	})();
	return await binaryDataReady;
}

/** A file-backed binary (with an `id`), as n8n 2.x stores an uploaded or downloaded file. */
export async function storedBinary(
	executionId: string,
	data: Buffer,
	fileName: string,
	mimeType: string,
): Promise<IBinaryData> {
	const service = await binaryDataService();
	return await service.store(
		{ type: 'execution', workflowId: 'test-workflow', executionId },
		data,
		{ data: '', mimeType, fileName },
	);
}

/** An in-memory binary (base64 inside the item), as n8n 1.x's default mode keeps it. */
export function inlineBinary(data: Buffer, fileName: string, mimeType: string) {
	return { data: data.toString('base64'), mimeType, fileName };
}

export interface RunOptions {
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	/** The node setting Retry On Fail: n8n runs the failed node again (up to this many tries in all). */
	retryOnFail?: { maxTries: number };
	executionId?: string;
	nodeId?: string;
	/** The node under test: Send Conversation Message unless given. */
	nodeType?: typeof NODE_TYPE | typeof ACTIONS_NODE_TYPE;
}

export interface RunResult {
	/** The node's output items, or undefined when it failed. */
	output?: INodeExecutionData[];
	/** The node's error, when it failed. */
	error?: { message: string; description?: string | null; context?: IDataObject; httpCode?: string | null; name?: string };
	run: IRun;
}

/** What n8n hands every node context about the instance it runs in (URLs, credentials, hooks). */
export function baseAdditionalData(
	executionId: string,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks: ExecutionLifecycleHooks,
	webhookBaseUrl = 'http://127.0.0.1:5678/webhook',
): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials),
		executionId,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl,
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		currentNodeExecutionIndex: 0,
		userId: 'test-user',
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		setExecutionStatus: () => {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

let executionCounter = 0;

function buildWorkflow(options: RunOptions, executionId: string, mode: WorkflowExecuteMode = 'manual') {
	const items = options.items ?? [{ json: {} }];
	const types: Record<string, INodeType> = {
		[NODE_TYPE]: new SendConversationMessage(),
		[ACTIONS_NODE_TYPE]: new ConversationActions(),
		[SOURCE_TYPE]: sourceNodeType(items),
	};
	const nodeTypes: INodeTypes = {
		getByName: (type) => types[type],
		getByNameAndVersion: (type) => types[type],
		getKnownTypes: () => ({}),
	} as INodeTypes;

	const credentialType = Object.keys(options.credentials)[0];
	const nodes: INode[] = [
		{ id: 'source-node', name: 'Source', type: SOURCE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: options.nodeId ?? 'send-node',
			name: 'Send',
			type: options.nodeType ?? NODE_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters,
			credentials: credentialType ? { [credentialType]: { id: 'cred-1', name: 'Test credential' } } : undefined,
			continueOnFail: options.continueOnFail,
			onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
			...(options.retryOnFail ? { retryOnFail: true, maxTries: options.retryOnFail.maxTries, waitBetweenTries: 1 } : {}),
		},
	];
	const connections = { Source: { main: [[{ node: 'Send', type: 'main' as const, index: 0 }]] } };
	const workflowData = { id: 'test-workflow', name: 'test', nodes, connections, active: false, settings: {} };
	const workflow = new Workflow({ ...workflowData, nodeTypes });

	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData as never);
	let finished: (run: IRun) => void = () => {};
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => finished(fullRunData));

	const additionalData = baseAdditionalData(executionId, options.credentials, hooks);
	return { workflow, nodes, hooks, done, additionalData };
}

/**
 * The context n8n gives a node's list-search and load-options methods while the user edits it,
 * with the node's current parameters (as n8n's dynamic-parameters service builds it).
 */
export function editorContext(options: Pick<RunOptions, 'parameters' | 'credentials' | 'nodeType'>): LoadOptionsContext {
	const { workflow, nodes, additionalData } = buildWorkflow(options, 'editor');
	additionalData.currentNodeParameters = options.parameters;
	return new LoadOptionsContext(workflow, nodes[1], additionalData, 'parameters');
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const executionId = options.executionId ?? `test-${++executionCounter}`;
	const { workflow, nodes, done, additionalData } = buildWorkflow(options, executionId);

	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;

	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	return resultOf(await done);
}

/**
 * n8n's Retry of a failed execution, as its executions service does it: the failed execution's
 * data as stored (n8n serialises it to its database; JSON for data without cycles), without its
 * error and the failed node's failed run, run again as a new execution in mode `retry` — the
 * nodes that had run are not run again, the failed one runs on its saved input. (Another `mode`
 * continues that data as something other than a Retry.)
 */
export async function retryNode(options: RunOptions, failed: RunResult, mode: WorkflowExecuteMode = 'retry'): Promise<RunResult> {
	const executionId = options.executionId ?? `test-${++executionCounter}`;
	const { workflow, done, additionalData } = buildWorkflow(options, executionId, mode);
	const runExecutionData = JSON.parse(JSON.stringify(failed.run.data)) as IRunExecutionData;
	const { resultData } = runExecutionData;
	if (!runExecutionData.executionData || !resultData.lastNodeExecuted) throw new Error('the execution to retry did not fail in a node');
	delete resultData.error;
	const nodeRuns = resultData.runData[resultData.lastNodeExecuted];
	if (nodeRuns?.[nodeRuns.length - 1]?.error !== undefined) nodeRuns.pop();
	await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	return resultOf(await done);
}

function resultOf(run: IRun): RunResult {
	const taskData = run.data.resultData.runData.Send?.[0];
	const error = taskData?.error ?? run.data.resultData.error;
	return {
		output: taskData?.data?.main?.[0] ?? undefined,
		error: error
			? {
					message: error.message,
					description: (error as { description?: string }).description,
					context: (error as { context?: IDataObject }).context,
					httpCode: (error as { httpCode?: string }).httpCode,
					name: error.name,
				}
			: undefined,
		run,
	};
}
