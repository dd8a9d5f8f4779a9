import { randomUUID } from 'node:crypto';

import { NODE_TYPES } from '../../tools/n8n/instance';
import type { WorkflowDefinition, WorkflowNode } from '../../tools/n8n/rest-client';

type Credential = { id: string; name: string };

const at = (column: number): [number, number] => [column * 240, 300];

function chain(nodes: WorkflowNode[]): WorkflowDefinition['connections'] {
	const connections: WorkflowDefinition['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return connections;
}

/** Answers a POST to /webhook/<path> with every item of the last node: how tests run a workflow and read its output. */
function webhookNode(path: string): WorkflowNode {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: at(0),
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
}

/** One item per element of the request body's `items`. */
function splitItemsNode(): WorkflowNode {
	return {
		name: 'Items',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: at(1),
		parameters: { fieldToSplitOut: 'body.items', options: {} },
	};
}

/** Turns each item's `fileBase64` (with `fileName`, `mimeType`) into the binary property `data`. */
function toBinaryNode(): WorkflowNode {
	return {
		name: 'To File',
		type: 'n8n-nodes-base.convertToFile',
		typeVersion: 1.1,
		position: at(2),
		parameters: {
			operation: 'toBinary',
			sourceProperty: 'fileBase64',
			binaryPropertyName: 'data',
			options: { fileName: '={{ $json.fileName }}', mimeType: '={{ $json.mimeType }}' },
		},
	};
}

export function sendNode(credential: Credential, parameters: Record<string, unknown>, column: number, type: string = NODE_TYPES.send): WorkflowNode {
	return {
		name: 'TimelinesAI Send',
		type,
		typeVersion: 1,
		position: at(column),
		parameters,
		credentials: { timelinesAiApi: credential },
	};
}

export interface SendWorkflowOptions {
	credential: Credential;
	/** The Send node's parameters; per-item values as expressions on the posted items, e.g. `={{ $json.phone }}`. */
	send: Record<string, unknown>;
	/** Put a "To File" step before Send (items carry fileBase64, fileName, mimeType). */
	binary?: boolean;
	continueOnFail?: boolean;
	/** The node type under test: the older TimelinesAI Send (default) or the TimelinesAI node (`NODE_TYPES.app`). */
	nodeType?: string;
}

/** Webhook → Split items → (To File) → TimelinesAI Send, answering with Send's output items. */
export function sendWorkflow(path: string, options: SendWorkflowOptions): WorkflowDefinition {
	const steps = [webhookNode(path), splitItemsNode(), ...(options.binary ? [toBinaryNode()] : [])];
	const send = sendNode(options.credential, options.send, steps.length, options.nodeType);
	if (options.continueOnFail) send.onError = 'continueRegularOutput';
	const nodes = [...steps, send];
	return { name: `e2e send ${path}`, nodes, connections: chain(nodes) };
}

/** A workflow that only holds the TimelinesAI Trigger; its executions are read through the API. */
export function triggerWorkflow(name: string, credential: Credential, parameters: Record<string, unknown>): WorkflowDefinition {
	const trigger: WorkflowNode = {
		name: 'TimelinesAI Trigger',
		type: NODE_TYPES.trigger,
		typeVersion: 2,
		position: at(0),
		webhookId: randomUUID(),
		parameters,
		credentials: { timelinesAiApi: credential },
	};
	return { name, nodes: [trigger], connections: {} };
}

/** A workflow that only holds the TimelinesAI node (named "TimelinesAI"), for a look at its panel. */
export function appWorkflow(name: string, credential: Credential, parameters: Record<string, unknown>): WorkflowDefinition {
	const app: WorkflowNode = {
		name: 'TimelinesAI',
		type: NODE_TYPES.app,
		typeVersion: 1,
		position: at(0),
		parameters,
		credentials: { timelinesAiApi: credential },
	};
	return { name, nodes: [app], connections: {} };
}

export function uniquePath(prefix: string): string {
	return `${prefix}-${randomUUID().slice(0, 8)}`;
}
