import type { SandboxMessage } from '../sandbox/state';
import type { WorkflowDefinition } from '../tools/n8n/rest-client';
import { nextFinishedExecution } from './support/executions';
import { ms } from './support/stats';
import { type Row, verdict } from './support/table';
import { MEASURED_NODE, sendWithHttpRequest, sendWithOurNode } from './support/workflows';
import type { BenchWorld } from './support/world';

/**
 * 6. Bulk send over a real network's latency: every answer of the sandbox comes 150 ms late, and TimelinesAI's
 * per-IP limit (30 requests a second plus 10 queued, 429 beyond) stands in front of the inbound webhook and the API.
 * The same messages go through our Send, n8n's HTTP Request node with Batching 30 items per 1,000 ms, and HTTP
 * Request with its defaults (every item at once); once to as many different people as messages, once to 10 chats
 * (the items alternate between them). Per side: the sending node's time as n8n records it, against the physical
 * limit max(messages / 30 s, messages × 150 ms / 10 in flight), the 429s TimelinesAI answered, the messages it
 * accepted, and the order violations within a chat (a message accepted before an earlier item to the same chat).
 */

export const LATENCY_MS = 150;
const RATE = 30;
const IN_FLIGHT = 10;
const GOAL = 1.1;

/**
 * The fastest any sender can go, in seconds: TimelinesAI's 30 requests a second, or 10 in flight (fewer with fewer
 * chats, one after another within a chat) each waiting LATENCY_MS, whichever is slower.
 */
export function physicalLimitSeconds(messages: number, chats: number): number {
	return Math.max(messages / RATE, (messages * LATENCY_MS) / 1000 / Math.min(IN_FLIGHT, chats));
}

interface Side {
	label: string;
	path: string;
	workflowId: string;
	lastExecutionId?: string;
}

export interface SideFigures {
	label: string;
	nodeMs: number;
	rateLimited: number;
	accepted: number;
	orderViolations: number;
	/** Whether the node ended with an error (HTTP Request stops at the first 429 unless told otherwise). */
	failed: boolean;
}

export interface Scenario {
	name: string;
	messages: number;
	chats: number;
	figures: SideFigures[];
	physicalMs: number;
}

/** On Error → Continue: otherwise HTTP Request stops at its first 429 and the rest of the list is never sent. */
function continuing(definition: WorkflowDefinition): WorkflowDefinition {
	return { ...definition, nodes: definition.nodes.map((node) => (node.name === MEASURED_NODE ? { ...node, onError: 'continueRegularOutput' } : node)) };
}

const phoneOf = (chat: number) => `+9198${String(10_000_000 + chat)}`;

/** Messages accepted out of item order within their chat: each one accepted after a later item to the same chat. */
export function orderViolations(messages: SandboxMessage[], itemOf: (message: SandboxMessage) => number): number {
	const lastPerChat = new Map<string, number>();
	let violations = 0;
	for (const message of messages) {
		const chat = message.targetPhone ?? String(message.chatId);
		const item = itemOf(message);
		if ((lastPerChat.get(chat) ?? -1) > item) violations++;
		else lastPerChat.set(chat, item);
	}
	return violations;
}

async function runSide(world: BenchWorld, side: Side, messages: number, chats: number, log: (line: string) => void): Promise<SideFigures> {
	await world.resetSandbox();
	await world.control.setLatency(LATENCY_MS);
	await world.control.setIpRateLimit(true);
	const tag = `bulk-${side.path}-${Date.now()}`;
	const items = Array.from({ length: messages }, (_, i) => ({ to: phoneOf(i % chats), text: `${tag} #${i}` }));
	await world.n8n.client.callWebhook(side.path, { items });
	const execution = await nextFinishedExecution(world.n8n.client, side.workflowId, side.lastExecutionId);
	side.lastExecutionId = execution.id;
	const run = execution.data?.resultData.runData[MEASURED_NODE]?.[0];
	if (run?.error && side.label.startsWith('TimelinesAI')) log(`${side.label} failed: ${run.error.message}`);
	const state = await world.control.state();
	const ours = state.messages.filter((message) => message.text.startsWith(tag));
	const itemOf = (message: SandboxMessage) => Number(message.text.slice(message.text.lastIndexOf('#') + 1));
	return {
		label: side.label,
		nodeMs: run?.executionTime ?? NaN,
		rateLimited: state.api.rateLimited,
		accepted: ours.length,
		orderViolations: orderViolations(ours, itemOf),
		failed: execution.status !== 'success',
	};
}

export async function measureBulkSend(world: BenchWorld, sizes: { messages: number; chats: number[] }, log: (line: string) => void): Promise<Scenario[]> {
	const inboundUrl = world.sandbox.inboundUrl;
	const define = async (label: string, path: string, definition: WorkflowDefinition): Promise<Side> => ({
		label,
		path,
		workflowId: (await world.n8n.activeWorkflow(definition)).id,
	});
	const sides = [
		await define('TimelinesAI Send', 'bench-bulk-ours', sendWithOurNode('bench-bulk-ours', world.credential)),
		await define('HTTP Request, Batching 30 / 1,000 ms', 'bench-bulk-http-30', continuing(sendWithHttpRequest('bench-bulk-http-30', inboundUrl, 30, 1000))),
		await define('HTTP Request, default (all at once)', 'bench-bulk-http', continuing(sendWithHttpRequest('bench-bulk-http', inboundUrl))),
	];
	const scenarios: Scenario[] = [];
	try {
		for (const chats of sizes.chats) {
			const name = `${sizes.messages.toLocaleString('en-US')} messages to ${chats.toLocaleString('en-US')} ${chats === sizes.messages ? 'different chats' : `chats (${sizes.messages / chats} each)`}`;
			const figures: SideFigures[] = [];
			for (const side of sides) {
				const result = await runSide(world, side, sizes.messages, chats, log);
				log(`bulk send, ${name}: ${side.label} ${ms(result.nodeMs)}, ${result.rateLimited} × 429, ${result.accepted} accepted, ${result.orderViolations} out of order${result.failed ? ', node failed' : ''}`);
				figures.push(result);
			}
			const physicalMs = physicalLimitSeconds(sizes.messages, chats) * 1000;
			scenarios.push({ name, messages: sizes.messages, chats, figures, physicalMs });
		}
	} finally {
		await world.control.setLatency(0);
		await world.control.setIpRateLimit(false);
	}
	return scenarios;
}

const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

export function bulkSendRows(scenarios: Scenario[]): Row[] {
	return scenarios.flatMap((scenario) => {
		const [ours, ...peers] = scenario.figures;
		const ratio = ours.nodeMs / scenario.physicalMs;
		const describe = (figures: SideFigures) =>
			`${seconds(figures.nodeMs)}, ${figures.rateLimited} × 429, ${figures.accepted} accepted, ${figures.orderViolations} out of order${figures.failed ? ', failed' : ''}`;
		return [
			{
				benchmark: `6. Bulk send, ${scenario.name}, ${LATENCY_MS} ms latency, limit enforced`,
				measure: `node time vs the physical limit ${seconds(scenario.physicalMs)}; 429s; accepted; per-chat order violations`,
				ours: describe(ours),
				peer: `${seconds(scenario.physicalMs)} (physical limit)`,
				ratio: `${ratio.toFixed(2)}×`,
				goal: `≤ ${GOAL}×, 0 × 429, 0 out of order`,
				verdict: verdict(ratio <= GOAL && ours.rateLimited === 0 && ours.orderViolations === 0 && ours.accepted === scenario.messages),
			},
			...peers.map((peer) => ({
				benchmark: `6. Bulk send, ${scenario.name}`,
				measure: 'the same, n8n peer',
				ours: describe(ours),
				peer: `${describe(peer)} (${peer.label})`,
				ratio: `${(ours.nodeMs / peer.nodeMs).toFixed(2)}×`,
				goal: '-',
				verdict: '-',
			})),
		];
	});
}

/** The sentence the benchmarks page leads with. */
export function bulkSendSentence(scenarios: Scenario[]): string | undefined {
	const distinct = scenarios.find((scenario) => scenario.chats === scenario.messages);
	if (!distinct) return undefined;
	const [ours, batched] = distinct.figures;
	const count = distinct.messages.toLocaleString('en-US');
	return (
		`${count} messages to different people: ${(ours.nodeMs / 1000).toFixed(0)} seconds with this node, ` +
		`${(batched.nodeMs / 1000).toFixed(0)} with the HTTP Request node (${batched.rateLimited} rejected by TimelinesAI).`
	);
}
