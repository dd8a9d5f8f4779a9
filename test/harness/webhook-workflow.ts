import { randomUUID } from 'node:crypto';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { loadPackage, nodeTypeName, type LoadedPackage } from './package-loader';

export const TRIGGER_NODE_NAME = 'TimelinesAI Trigger';

export interface TriggerWorkflowOptions {
	parameters: INodeParameters;
	/** Decrypted credential data by type, e.g. `{ timelinesAiApi: { apiToken, apiBaseUrl } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Where n8n serves webhooks, e.g. `http://127.0.0.1:1234/`. */
	webhookBaseUrl: string;
	/** Static data as n8n would load it from its database (a restart). */
	staticData?: IDataObject;
	/** The node's webhook id (the first path segment of its URLs); random by default. */
	webhookId?: string;
	/** The node's version; by default the one n8n gives new nodes. */
	typeVersion?: number;
}

/**
 * A one-node workflow holding the built TimelinesAI Trigger, as n8n builds it from its database:
 * the node with its webhook id, parameters and credentials, and the workflow's static data.
 */
export class TriggerWorkflow {
	private constructor(
		readonly pkg: LoadedPackage,
		readonly workflow: Workflow,
		readonly node: INode,
		private readonly options: TriggerWorkflowOptions,
	) {}

	static async create(options: TriggerWorkflowOptions): Promise<TriggerWorkflow> {
		const pkg = await loadPackage();
		const credentials = options.credentials ?? {};
		const node: INode = {
			id: 'trigger-node',
			name: TRIGGER_NODE_NAME,
			type: nodeTypeName('timelinesAiTrigger'),
			typeVersion: options.typeVersion ?? (pkg.nodeType('timelinesAiTrigger').description.defaultVersion as number),
			position: [0, 0],
			webhookId: options.webhookId ?? randomUUID(),
			parameters: options.parameters,
			credentials: Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `${type}-id`, name: type }])),
		};
		const workflow = new Workflow({
			id: 'trigger-workflow',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: pkg.nodeTypes,
			staticData: structuredClone(options.staticData ?? {}),
		});
		return new TriggerWorkflow(pkg, workflow, node, options);
	}

	get nodeType(): INodeType {
		return this.pkg.nodeType('timelinesAiTrigger');
	}

	/** The node's own static data (`getWorkflowStaticData('node')`), as plain JSON. */
	nodeStaticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.getStaticData('node', this.node))) as IDataObject;
	}

	/** What n8n would store and reload: the static data as plain JSON. */
	savedStaticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** The same workflow after an n8n restart: parameters and credentials as before, static data reloaded. */
	async restarted(): Promise<TriggerWorkflow> {
		return await TriggerWorkflow.create({ ...this.options, webhookId: this.node.webhookId, staticData: this.savedStaticData() });
	}

	additionalData(): IWorkflowExecuteAdditionalData {
		return createAdditionalData({
			package: this.pkg,
			credentials: this.options.credentials ?? {},
			webhookBaseUrl: this.options.webhookBaseUrl,
		});
	}

	/** n8n's description of the node's one webhook, for the test URL or the production URL. */
	webhookData(isTest: boolean, additionalData: IWorkflowExecuteAdditionalData): IWebhookData {
		const [webhookDescription] = this.nodeType.description.webhooks ?? [];
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/${String(webhookDescription.path)}`,
			webhookDescription,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
			isTest,
		};
	}

	/** The URL n8n shows for the node (without the secret the node adds when registering). */
	url(isTest: boolean): string {
		const base = this.options.webhookBaseUrl.replace(/\/+$/, '');
		const [webhookDescription] = this.nodeType.description.webhooks ?? [];
		return `${base}/${isTest ? 'webhook-test' : 'webhook'}/${this.node.webhookId}/${String(webhookDescription.path)}`;
	}
}
