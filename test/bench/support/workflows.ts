import { randomUUID } from 'node:crypto';

import { NODE_TYPES } from '../../tools/n8n/instance';
import type { WorkflowDefinition, WorkflowNode } from '../../tools/n8n/rest-client';

type Credential = { id: string; name: string };

/** The node whose time the Send benchmark reads from the execution's run data. */
export const MEASURED_NODE = 'Sender';

const at = (column: number): [number, number] => [column * 240, 300];

function chain(nodes: WorkflowNode[]): WorkflowDefinition {
	const connections: WorkflowDefinition['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name: nodes[nodes.length - 1].type, nodes, connections };
}

/** POST /webhook/<path> with `{items: [...]}` runs the workflow on those items and answers once it has finished. */
function itemsFromWebhook(path: string): WorkflowNode[] {
	return [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: at(0),
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
		},
		{ name: 'Items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: at(1), parameters: { fieldToSplitOut: 'body.items', options: {} } },
	];
}

/** Webhook → items → TimelinesAI Send, each item `{to, text}` a message. */
export function sendWithOurNode(path: string, credential: Credential): WorkflowDefinition {
	return chain([
		...itemsFromWebhook(path),
		{
			name: MEASURED_NODE,
			type: NODE_TYPES.send,
			typeVersion: 1,
			position: at(2),
			parameters: { sendTo: 'phone', phone: '={{ $json.to }}', text: '={{ $json.text }}', options: {} },
			credentials: { timelinesAiApi: credential },
		},
	]);
}

/**
 * The same request body, as a user builds it with n8n's HTTP Request node: POST to the pasted inbound URL with three
 * body fields. `batchSize` set adds Options → Batching (items per batch, ms between batches); unset is the node's default.
 */
export function sendWithHttpRequest(path: string, inboundUrl: string, batchSize?: number, batchInterval = 0): WorkflowDefinition {
	const field = (name: string, value: string) => ({ name, value });
	return chain([
		...itemsFromWebhook(path),
		{
			name: MEASURED_NODE,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: at(2),
			parameters: {
				method: 'POST',
				url: inboundUrl,
				sendBody: true,
				contentType: 'json',
				specifyBody: 'keypair',
				bodyParameters: { parameters: [field('action', 'send'), field('phone', '={{ $json.to }}'), field('text', '={{ $json.text }}')] },
				options: batchSize === undefined ? {} : { batching: { batch: { batchSize, batchInterval } } },
			},
		},
	]);
}

/** A TimelinesAI Trigger set up by hand (Outbound integration), with a URL secret; everything else default. */
export function ourTrigger(secret: string, typeVersion: 1 | 2): WorkflowDefinition {
	return chain([
		{
			name: 'TimelinesAI Trigger',
			type: NODE_TYPES.trigger,
			typeVersion,
			position: at(0),
			webhookId: randomUUID(),
			parameters: { setup: 'manual', manualSecret: secret },
		},
	]);
}

/** n8n's Webhook node as users set it up for an incoming webhook: POST, answer at once. */
export function webhookTrigger(path: string): WorkflowDefinition {
	return chain([
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: at(0),
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
	]);
}
