/**
 * Runs the triggers the way n8n does, in-process: activation through n8n-core's HookContext
 * (checkExists → create, and delete on deactivation), each delivery through a WebhookContext
 * over a real HTTP request that the mock vendor sent to a loopback server standing where n8n's
 * webhook endpoint stands (JSON parsed, raw body kept, malformed JSON answered 422 before the
 * node runs, as n8n's body parser does), and polls through a PollContext. Static data lives on
 * the Workflow object, as it does in n8n between activation and executions.
 */
import { createServer } from 'http';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, HookContext, PollContext, WebhookContext } from 'n8n-core';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ConversationMessagePollingTrigger } from '../../nodes/ConversationMessages/ConversationMessagePollingTrigger.node';
import { ConversationMessageTrigger } from '../../nodes/ConversationMessages/ConversationMessageTrigger.node';

import { baseAdditionalData, binaryDataService } from './engine';

const WEBHOOK_TYPE = 'n8n-nodes-conversation-messages.conversationMessageTrigger';
const POLL_TYPE = 'n8n-nodes-conversation-messages.conversationMessagePollingTrigger';

export interface Delivered {
	method: string;
	status: number;
	/** The items the trigger emitted: one execution started with them; undefined when none started. */
	items?: INodeExecutionData[];
}

export interface TriggerOptions {
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	workflowId?: string;
	staticData?: IDataObject;
	/** The port n8n's webhook endpoint listens on (another n8n process on the same URL: a restart). */
	port?: number;
}

let counter = 0;

function setUp(type: string, nodeType: INodeType, options: TriggerOptions, webhookBaseUrl?: string) {
	const types: Record<string, INodeType> = { [type]: nodeType };
	const nodeTypes = {
		getByName: (name: string) => types[name],
		getByNameAndVersion: (name: string) => types[name],
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const credentialType = Object.keys(options.credentials)[0];
	const node: INode = {
		id: 'trigger-node',
		name: 'Trigger',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		webhookId: 'f3c1e2d4-5b6a-4c7d-8e9f-0a1b2c3d4e5f',
		credentials: { [credentialType]: { id: 'cred-1', name: 'Test credential' } },
	};
	const workflowData = {
		id: options.workflowId ?? `trigger-workflow-${++counter}`,
		name: 'Customer support',
		nodes: [node],
		connections: {},
		active: true,
		settings: {},
		staticData: options.staticData,
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const additionalData = (executionId: string) =>
		baseAdditionalData(executionId, options.credentials, new ExecutionLifecycleHooks('trigger', executionId, workflowData as never), webhookBaseUrl);
	return { workflow, node, additionalData };
}

/** The webhook trigger, activated against the mock vendors, with n8n's webhook endpoint on loopback. */
export class WebhookTrigger {
	readonly delivered: Delivered[] = [];

	private readonly handling = new Set<Promise<void>>();

	private constructor(
		private readonly server: Server,
		readonly baseUrl: string,
		private readonly parts: ReturnType<typeof setUp>,
	) {}

	static async start(options: TriggerOptions): Promise<WebhookTrigger> {
		await binaryDataService();
		let trigger: WebhookTrigger | undefined;
		const server = createServer((req, res) => {
			const handled = trigger!.handle(req, res);
			trigger!.handling.add(handled);
			void handled.finally(() => trigger!.handling.delete(handled));
		});
		await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
		const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
		trigger = new WebhookTrigger(server, baseUrl, setUp(WEBHOOK_TYPE, new ConversationMessageTrigger(), options, baseUrl));
		return trigger;
	}

	/** n8n's production URL of the trigger. */
	get url(): string {
		return `${this.baseUrl}/${this.parts.node.webhookId}/webhook`;
	}

	get staticData(): IDataObject {
		return this.parts.workflow.getStaticData('node', this.parts.node);
	}

	/** The workflow's and the node's ids: what a trigger derives its keys from. */
	get ids(): { workflowId: string; nodeId: string } {
		return { workflowId: String(this.parts.workflow.id), nodeId: this.parts.node.id };
	}

	get parameters(): INodeParameters {
		return this.parts.node.parameters;
	}

	set parameters(parameters: INodeParameters) {
		this.parts.node.parameters = parameters;
	}

	private hookContext(activation: 'activate' | 'init' | 'manual' = 'activate'): HookContext {
		const description = new ConversationMessageTrigger().description.webhooks![0];
		const webhookData = { webhookDescription: description, node: this.parts.node.name, workflowId: this.parts.workflow.id } as IWebhookData;
		const mode = activation === 'manual' ? 'manual' : 'trigger';
		return new HookContext(this.parts.workflow, this.parts.node, this.parts.additionalData('activation'), mode, activation, webhookData);
	}

	/** The editor's Listen for Test Event: checkExists and create in mode `manual` (n8n's test webhooks). */
	async listenForTestEvent(): Promise<void> {
		const methods = new ConversationMessageTrigger().webhookMethods.default;
		const context = this.hookContext('manual');
		if (!(await methods.checkExists.call(context))) await methods.create.call(context);
	}

	/** What n8n does for an active workflow when it starts: checkExists in activation mode `init` (create only when it answers false). */
	async startOfN8n(): Promise<void> {
		const methods = new ConversationMessageTrigger().webhookMethods.default;
		const context = this.hookContext('init');
		if (!(await methods.checkExists.call(context))) await methods.create.call(context);
	}

	/** What n8n does on activation: checkExists, and create when it answers false. */
	async activate(): Promise<void> {
		const methods = new ConversationMessageTrigger().webhookMethods.default;
		const context = this.hookContext();
		if (!(await methods.checkExists.call(context))) await methods.create.call(context);
	}

	async checkExists(): Promise<boolean> {
		return await new ConversationMessageTrigger().webhookMethods.default.checkExists.call(this.hookContext());
	}

	async deactivate(): Promise<void> {
		await new ConversationMessageTrigger().webhookMethods.default.delete.call(this.hookContext());
	}

	async binaryBuffer(binary: IBinaryData): Promise<Buffer> {
		return await Container.get(BinaryDataService).getAsBuffer(binary);
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const record: Delivered = { method: req.method ?? 'GET', status: 0 };
		this.delivered.push(record);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname !== new URL(this.url).pathname) {
			record.status = 404;
			res.writeHead(404).end();
			return;
		}
		let body: IDataObject = {};
		if (rawBody.length) {
			try {
				body = JSON.parse(rawBody.toString('utf8')) as IDataObject;
			} catch {
				record.status = 422;
				res.writeHead(422, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Failed to parse request body' }));
				return;
			}
		}
		const request = Object.assign(req, { body, rawBody, query: Object.fromEntries(url.searchParams) });
		const response = Object.assign(res, {
			status(code: number) {
				res.statusCode = code;
				return response;
			},
			json(data: unknown) {
				res.setHeader('Content-Type', 'application/json');
				res.end(JSON.stringify(data));
				return response;
			},
		});
		const description = new ConversationMessageTrigger().description.webhooks!.find((hook) => hook.httpMethod === req.method);
		const additionalData = Object.assign(this.parts.additionalData(`webhook-${++counter}`), { httpRequest: request, httpResponse: response });
		const webhookData = {
			httpMethod: req.method,
			node: this.parts.node.name,
			path: 'webhook',
			webhookDescription: description,
			workflowId: this.parts.workflow.id,
			webhookId: this.parts.node.webhookId,
		} as unknown as IWebhookData;
		const context = new WebhookContext(this.parts.workflow, this.parts.node, additionalData, 'webhook' as WorkflowExecuteMode, webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await new ConversationMessageTrigger().webhook.call(context);
		} catch (error) {
			record.status = 500;
			if (!res.headersSent) res.writeHead(500).end(String((error as Error).message));
			return;
		}
		if (!result.noWebhookResponse && !res.headersSent) {
			res.statusCode = 200;
			if (req.method === 'HEAD') res.end();
			else response.json(result.webhookResponse ?? { message: 'Workflow was started' });
		}
		record.status = res.statusCode;
		record.items = result.workflowData?.[0];
	}

	/** Waits for deliveries still being handled (the trigger answers before it downloads files). */
	async settled(): Promise<void> {
		while (this.handling.size) await Promise.all([...this.handling]);
	}

	/** Items of every execution started so far. */
	get executions(): INodeExecutionData[][] {
		return this.delivered.filter((record) => record.items !== undefined).map((record) => record.items!);
	}

	async close(): Promise<void> {
		if (!this.server.listening) return;
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}
}

/** The polling trigger; `poll()` is one scheduled poll, `poll('manual')` the editor's Fetch Test Event. */
export class PollingTrigger {
	private readonly parts: ReturnType<typeof setUp>;

	constructor(options: TriggerOptions) {
		this.parts = setUp(POLL_TYPE, new ConversationMessagePollingTrigger(), options);
	}

	get staticData(): IDataObject {
		return this.parts.workflow.getStaticData('node', this.parts.node);
	}

	async binaryBuffer(binary: IBinaryData): Promise<Buffer> {
		return await Container.get(BinaryDataService).getAsBuffer(binary);
	}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<INodeExecutionData[] | null> {
		await binaryDataService();
		const context = new PollContext(this.parts.workflow, this.parts.node, this.parts.additionalData(`poll-${++counter}`), mode, 'activate');
		const result = await new ConversationMessagePollingTrigger().poll.call(context);
		return result ? result[0] : null;
	}
}
