import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';

import { TimelinesAi } from '../../nodes/TimelinesAi/TimelinesAi.node';
import { NODE_TYPES } from '../tools/n8n/instance';
import type { WorkflowDefinition, WorkflowNode } from '../tools/n8n/rest-client';
import { findN8nRelease, runtimeDir } from '../tools/n8n/runtime';
import { waitUntil } from './support/wait-until';
import { type E2eWorld, startE2eWorld } from './support/world';

/**
 * The TimelinesAI node as a tool of n8n's AI Agent, in a real n8n 2.41.1.
 *
 * How n8n makes the tool (n8n/dist/tool-generation/ai-tools.js): for every node with `usableAsTool`, its loader adds a
 * copy named `<name>Tool` ("TimelinesAI Tool": no inputs, one `ai_tool` output, plus "Tool Description" fields) to the
 * node types the editor loads (/types/nodes.json). The node creator shows it among the agent's tools as
 * `n8n-nodes-timelinesai.timelinesAiTool`; /rest/node-types does not know it (the loader only knows `timelinesAi`).
 *
 * What the agent reads: with Tool Description "Set Automatically" (the default), the tool's description is
 * `<the operation's action> in TimelinesAI` (NodeHelpers.getToolDescriptionForNode), and each `$fromAI()` argument comes
 * with the description written in the expression. The operation's own `description` is what people see under Operation.
 *
 * A tool runs without a model: the editor's "Execute step" on a tool node (POST /rest/workflows/:id/run with the tool
 * as destination and an `agentRequest` holding the `$fromAI()` values) has n8n put its Tool Executor in the agent's
 * place (n8n-core rewireGraph), which calls the tool once. A whole agent run would need a model credential; the chat
 * model here only points at an Ollama address nothing answers on, so that the workflow is complete.
 */

const TOOL_TYPE = `${NODE_TYPES.app}Tool`;
const RAVI_CHAT = 20451188;
/** The name n8n gives the Tool Executor it puts in the agent's place (@n8n/constants TOOL_EXECUTOR_NODE_NAME). */
const TOOL_EXECUTOR = 'PartialExecutionToolExecutor';
/** n8n adds this to the resource and operation lists; it is not one of the node's operations. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

interface OperationOption {
	name: string;
	value: string;
	action?: string;
	description?: string;
}

interface Property {
	name: string;
	displayName: string;
	type: string;
	required?: boolean;
	default?: unknown;
	displayOptions?: { show?: Record<string, unknown[]> };
	options?: OperationOption[];
}

interface NodeTypeDescription {
	name: string;
	displayName: string;
	description: string;
	version: number | number[];
	defaultVersion?: number;
	defaults: { name: string };
	inputs: unknown;
	outputs: unknown;
	credentials?: unknown;
	properties: Property[];
}

interface Operation extends OperationOption {
	resource: string;
}

/** n8n 2.41.1's own n8n-workflow (the runtime's, not our dev dependency): how it words a tool for the agent. */
const n8nWorkflow = createRequire(path.join(runtimeDir(findN8nRelease(globalThis.timelinesAiN8nRelease)), 'node_modules', 'package.json'))(
	'n8n-workflow',
) as {
	NodeHelpers: { getToolDescriptionForNode(node: { parameters: Record<string, unknown> }, nodeType: { description: NodeTypeDescription }): string };
	nodeNameToToolName(name: string): string;
};

const defaultVersion = (description: Pick<NodeTypeDescription, 'version' | 'defaultVersion'>): number =>
	description.defaultVersion ?? Math.max(...[description.version].flat());

/** The operations the Operation field offers at a node version (every version when it has no `@version` condition). */
function operationsAt(properties: Property[], version?: number): Operation[] {
	return properties
		.filter((property) => property.name === 'operation')
		.filter((property) => version === undefined || (property.displayOptions?.show?.['@version']?.includes(version) ?? true))
		.flatMap((property) =>
			(property.options ?? [])
				.filter((option) => option.value !== CUSTOM_API_CALL)
				.map((option) => ({ resource: String(property.displayOptions?.show?.resource?.[0]), ...option })),
		);
}

/** The fields an operation shows (its resource and operation conditions met). */
function fieldsOf(properties: Property[], { resource, value }: Operation): Property[] {
	return properties.filter(
		(property) => property.displayOptions?.show?.resource?.includes(resource) && property.displayOptions.show.operation?.includes(value),
	);
}

const fromAi = (key: string, description: string, type = 'string') => `={{ $fromAI(${JSON.stringify(key)}, ${JSON.stringify(description)}, '${type}') }}`;

interface Offered {
	operation: Operation;
	version: number;
}

const actionTitle = (operation: Operation) => `${operation.action?.charAt(0).toUpperCase()}${operation.action?.slice(1)}`;

/**
 * A tool node for one operation, named by its action (what a user would name it), each required field left to the
 * agent with `$fromAI()` (chats By ID), the others at their defaults, and `extra` on top.
 */
function toolNode(tool: NodeTypeDescription, { operation, version }: Offered, column: number, extra: Record<string, unknown> = {}): WorkflowNode {
	const parameters: Record<string, unknown> = { resource: operation.resource, operation: operation.value };
	for (const field of fieldsOf(tool.properties, operation).filter((candidate) => candidate.required)) {
		if (field.type === 'resourceLocator') parameters[field.name] = { __rl: true, mode: 'id', value: fromAi(field.name, field.displayName) };
		else if (field.type === 'string' || field.type === 'number') parameters[field.name] = fromAi(field.name, field.displayName, field.type);
	}
	return {
		id: randomUUID(),
		name: actionTitle(operation),
		type: TOOL_TYPE,
		typeVersion: version,
		position: [column * 200, 500],
		parameters: { ...parameters, ...extra },
	};
}

/**
 * Every operation once, at the newest node version that offers it: what new nodes get, and the operations only older
 * nodes offer (kept working for saved workflows).
 */
function everyOperation(tool: NodeTypeDescription): Offered[] {
	const versions = [tool.version].flat().sort((a, b) => b - a);
	const seen = new Set<string>();
	return versions.flatMap((version) =>
		operationsAt(tool.properties, version)
			.filter((operation) => !seen.has(`${operation.resource}.${operation.value}`))
			.map((operation) => {
				seen.add(`${operation.resource}.${operation.value}`);
				return { operation, version };
			}),
	);
}

let world: E2eWorld;
let nodeTypes: NodeTypeDescription[];

beforeAll(async () => {
	// Without this pause the first request failed in 4 of 5 runs with "other side closed": loading this file (the
	// node's source, n8n's own n8n-workflow) blocks the event loop for seconds, meanwhile n8n closes the global setup's
	// idle keep-alive connection, and fetch reused it before seeing that. A moment of free event loop lets it see.
	await setTimeout(1500);
	world = await startE2eWorld('app-tool');
	nodeTypes = (await world.client.editorNodeTypes()) as unknown as NodeTypeDescription[];
});
afterAll(async () => {
	await world?.close();
});

/** A node type as the editor has it; of several descriptions (one per version) the newest. */
function editorNodeType(name: string): NodeTypeDescription {
	const found = nodeTypes.filter((description) => description.name === name);
	if (found.length === 0) throw new Error(`n8n's editor has no node type ${name}`);
	return found.reduce((newest, candidate) => (defaultVersion(candidate) > defaultVersion(newest) ? candidate : newest));
}

describe('what the AI Agent gets from n8n', () => {
	it('the TimelinesAI Tool: an agent tool with every resource and operation of the node, its credential, and a Tool Description', () => {
		const app = editorNodeType(NODE_TYPES.app);
		const tool = editorNodeType(TOOL_TYPE);
		expect(tool).toMatchObject({ displayName: 'TimelinesAI Tool', inputs: [], outputs: ['ai_tool'], version: app.version, credentials: app.credentials });
		expect(tool.properties.map((property) => property.name)).toEqual(expect.arrayContaining(['descriptionType', 'toolDescription']));

		// The node's own description (the source), every version: what the package says it offers is what the agent gets.
		const source = new TimelinesAi().description;
		const listed = (operations: Operation[]) => operations.map(({ resource, value, action }) => ({ resource, value, action }));
		expect(listed(operationsAt(tool.properties))).toEqual(listed(operationsAt(source.properties as Property[])));
		const resources = (properties: Property[]) =>
			properties.find((property) => property.name === 'resource')?.options?.filter((option) => option.value !== CUSTOM_API_CALL);
		expect(resources(tool.properties)).toEqual(resources(source.properties as Property[]));
	});

	it('each operation a new tool node offers says what it does, and the agent gets a distinct description of it', () => {
		const tool = editorNodeType(TOOL_TYPE);
		const operations = operationsAt(tool.properties, defaultVersion(tool));
		expect(operations.length).toBeGreaterThan(0);

		// What the agent reads when the tool's description is set automatically: one per operation, each its own.
		const toolDescriptions = operations.map((operation) =>
			n8nWorkflow.NodeHelpers.getToolDescriptionForNode(
				{ parameters: { resource: operation.resource, operation: operation.value, descriptionType: 'auto' } },
				{ description: tool },
			),
		);
		expect(toolDescriptions).toEqual(operations.map((operation) => `${operation.action} in ${tool.defaults.name}`));
		expect(new Set(toolDescriptions).size).toBe(operations.length);

		// What people see under Operation (and an agent builder reads to pick one): a sentence, not the name again.
		const descriptions = operations.map((operation) => operation.description?.trim() ?? '');
		const tooShort = operations.filter((_, index) => descriptions[index].split(/\s+/).length < 6).map((operation) => `${operation.resource} → ${operation.value}`);
		expect(tooShort).toEqual([]);
		expect(new Set(descriptions).size).toBe(operations.length);
	});
});

describe('an AI Agent with TimelinesAI tools, saved through the API', () => {
	let workflowId: string;
	let tools: WorkflowNode[];

	/** Chat Trigger → AI Agent, a chat model, and one TimelinesAI tool per operation (see everyOperation); Reply and Add Labels as an agent would use them. */
	async function agentWorkflow(): Promise<WorkflowDefinition> {
		const tool = editorNodeType(TOOL_TYPE);
		const ollama = await world.client.createCredential('Ollama (nothing answers, app-tool e2e)', 'ollamaApi', { baseUrl: 'http://127.0.0.1:9' });
		const extra: Record<string, Record<string, unknown>> = {
			'message.reply': { text: fromAi('text', 'The WhatsApp message to send to the customer') },
			'chat.addLabels': { labels: fromAi('labels', 'One or more labels, separated by commas, e.g. pricing') },
		};
		tools = everyOperation(tool).map((offered, index) => ({
			...toolNode(tool, offered, index, extra[`${offered.operation.resource}.${offered.operation.value}`]),
			credentials: { timelinesAiApi: world.credential },
		}));
		const nodes: WorkflowNode[] = [
			{
				id: randomUUID(),
				name: 'When chat message received',
				type: '@n8n/n8n-nodes-langchain.chatTrigger',
				typeVersion: defaultVersion(editorNodeType('@n8n/n8n-nodes-langchain.chatTrigger')),
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { options: {} },
			},
			{
				id: randomUUID(),
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: defaultVersion(editorNodeType('@n8n/n8n-nodes-langchain.agent')),
				position: [300, 0],
				parameters: { options: { systemMessage: 'You answer WhatsApp messages with the TimelinesAI tools.' } },
			},
			{
				id: randomUUID(),
				name: 'Ollama Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOllama',
				typeVersion: defaultVersion(editorNodeType('@n8n/n8n-nodes-langchain.lmChatOllama')),
				position: [0, 300],
				parameters: { model: 'llama3.2', options: {} },
				credentials: { ollamaApi: ollama },
			},
			...tools,
		];
		const toAgent = (type: string) => ({ [type]: [[{ node: 'AI Agent', type, index: 0 }]] });
		const connections: Record<string, unknown> = {
			'When chat message received': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Ollama Chat Model': toAgent('ai_languageModel'),
			...Object.fromEntries(tools.map((node) => [node.name, toAgent('ai_tool')])),
		};
		return { name: `e2e AI Agent with TimelinesAI tools ${randomUUID().slice(0, 8)}`, nodes, connections };
	}

	it('loads back in the editor as saved, with node types n8n knows, and publishes (n8n finds no issues in any node)', async () => {
		const definition = await agentWorkflow();
		// Publishing runs n8n's check of every connected node: known type, credentials, no parameter issues.
		const created = await world.createWorkflow(definition, { activate: true });
		workflowId = created.id;

		const opened = await world.client.openWorkflow(workflowId);
		for (const node of definition.nodes) {
			expect(opened.nodes.find((candidate) => candidate.name === node.name)).toMatchObject({
				type: node.type,
				typeVersion: node.typeVersion,
				parameters: node.parameters,
			});
			const known = nodeTypes.some((description) => description.name === node.type && [description.version].flat().includes(node.typeVersion));
			expect({ node: node.name, type: node.type, typeVersion: node.typeVersion, known }).toMatchObject({ known: true });
		}
		expect(opened.connections).toEqual(definition.connections);
	});

	/** "Execute step" on a tool node, as the editor's $fromAI() dialog sends it; returns the tool's answer. */
	async function runTool(nodeName: string, args: Record<string, unknown>): Promise<unknown> {
		const toolName = n8nWorkflow.nodeNameToToolName(nodeName);
		const started = await world.client.runManually(workflowId, {
			destinationNode: { nodeName, mode: 'inclusive' },
			agentRequest: { query: { [toolName]: args }, tool: { name: toolName } },
		});
		expect(started).toEqual({ executionId: expect.any(String) });
		const execution = await waitUntil(`execution ${started.executionId} of tool ${nodeName}`, async () => {
			const found = await world.client.getExecution(String(started.executionId));
			return found.finished || found.status === 'error' ? found : undefined;
		});
		expect({ status: execution.status, error: execution.data?.resultData.error?.message }).toEqual({ status: 'success', error: undefined });
		return execution.data?.resultData.runData[TOOL_EXECUTOR]?.[0]?.data?.main[0]?.[0]?.json;
	}

	const named = (operation: string) => {
		const node = tools.find((candidate) => `${String(candidate.parameters.resource)}.${String(candidate.parameters.operation)}` === operation);
		if (!node) throw new Error(`no tool node for ${operation}`);
		return node.name;
	};

	it('Message → Reply runs as a tool without a model: the sandbox gets the message in the chat the agent named', async () => {
		expect(workflowId).toBeDefined();
		const answer = await runTool(named('message.reply'), { chatId: String(RAVI_CHAT), text: 'Our price list is on its way' });
		const sent = (await world.control.state()).messages.find((message) => message.text === 'Our price list is on its way');
		expect(sent).toMatchObject({ chatId: RAVI_CHAT, via: 'api' });
		// The agent reads the node's output items as JSON text.
		expect(JSON.parse(String(answer))).toEqual([expect.objectContaining({ message_uid: sent?.uid, chat_id: RAVI_CHAT })]);
	});

	it('Chat → Add Labels runs as a tool: the chat gets the label and keeps its others', async () => {
		expect(workflowId).toBeDefined();
		const before = await world.control.chatLabels(RAVI_CHAT);
		await runTool(named('chat.addLabels'), { chatId: String(RAVI_CHAT), labels: 'pricing' });
		expect(await world.control.chatLabels(RAVI_CHAT)).toEqual([...before, 'pricing']);
	});
});
