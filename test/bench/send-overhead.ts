import type { Workflow } from '../tools/n8n/rest-client';
import { nextFinishedExecution, nodeRun } from './support/executions';
import { median, ms } from './support/stats';
import { comparisonRow, type Row } from './support/table';
import { MEASURED_NODE, sendWithHttpRequest, sendWithOurNode } from './support/workflows';
import type { BenchWorld } from './support/world';

/**
 * 1. Send overhead: the same 1,000 messages through TimelinesAI Send, through n8n's HTTP Request node with
 * batching "1 item per batch", and through HTTP Request with its defaults, alternated within each round.
 * The figure is the sending node's own time as n8n records it in the execution (run data `executionTime`).
 */

const RECIPIENT = '+919812345678';
const GOAL = 1.05;

interface Side {
	label: string;
	workflow: Workflow;
	path: string;
	lastExecutionId?: string;
	nodeMs: number[];
	executionMs: number[];
}

export interface SendOverheadOptions {
	items: number;
	rounds: number;
}

async function runOnce(world: BenchWorld, side: Side, tag: string, items: number): Promise<{ nodeMs: number; executionMs: number }> {
	const body = { items: Array.from({ length: items }, (_, i) => ({ to: RECIPIENT, text: `Benchmark ${tag} message ${i + 1}` })) };
	const response = await world.n8n.client.callWebhook(side.path, body);
	if (response.status !== 200) throw new Error(`${side.label}: the workflow answered HTTP ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
	const execution = await nextFinishedExecution(world.n8n.client, side.workflow.id, side.lastExecutionId);
	side.lastExecutionId = execution.id;
	const run = nodeRun(execution, MEASURED_NODE);
	const sent = run.data?.main[0]?.length ?? 0;
	if (sent !== items) throw new Error(`${side.label}: ${sent} output items instead of ${items}`);
	await world.resetSandbox();
	return {
		nodeMs: run.executionTime ?? NaN,
		executionMs: new Date(execution.stoppedAt ?? 0).getTime() - new Date(execution.startedAt).getTime(),
	};
}

async function side(world: BenchWorld, label: string, path: string, definition: ReturnType<typeof sendWithOurNode>): Promise<Side> {
	return { label, path, workflow: await world.n8n.activeWorkflow(definition), nodeMs: [], executionMs: [] };
}

export async function benchSendOverhead(world: BenchWorld, options: SendOverheadOptions, log: (line: string) => void): Promise<Row[]> {
	const inboundUrl = world.sandbox.inboundUrl;
	const ours = await side(world, 'TimelinesAI Send', 'bench-send-ours', sendWithOurNode('bench-send-ours', world.credential));
	const batched = await side(world, 'HTTP Request (batch 1)', 'bench-send-http-b1', sendWithHttpRequest('bench-send-http-b1', inboundUrl, 1));
	const concurrent = await side(world, 'HTTP Request (default)', 'bench-send-http', sendWithHttpRequest('bench-send-http', inboundUrl));
	const spaced = await side(world, 'HTTP Request (batch 1, 1 ms)', 'bench-send-http-b1i1', sendWithHttpRequest('bench-send-http-b1i1', inboundUrl, 1, 1));
	const sides = [ours, batched, concurrent, spaced];

	// Round 0 warms up n8n, the JIT and the sockets on every side; its figures are dropped.
	for (let round = 0; round <= options.rounds; round++) {
		for (const s of sides) {
			const figures = await runOnce(world, s, `r${round}-${s.path}-${Date.now()}`, options.items);
			if (round === 0) continue;
			s.nodeMs.push(figures.nodeMs);
			s.executionMs.push(figures.executionMs);
		}
		if (round > 0) log(`send round ${round}: ${sides.map((s) => `${s.label} ${ms(s.nodeMs[round - 1])}`).join(', ')}`);
	}

	const perRound = (peer: Side) => ours.nodeMs.map((value, i) => (value / peer.nodeMs[i]).toFixed(2)).join(', ');
	const benchmark = `1. Send, ${options.items.toLocaleString('en-US')} items`;
	const nodeTime = (peer: Side, peerName: string, measure: string, goal?: boolean) =>
		comparisonRow({
			benchmark,
			measure: `${measure} (per-round ratios: ${perRound(peer)})`,
			ours: median(ours.nodeMs),
			peer: median(peer.nodeMs),
			format: ms,
			peerName,
			goal: goal ? { text: `≤ ${GOAL.toFixed(2)}×`, met: median(ours.nodeMs) / median(peer.nodeMs) <= GOAL } : undefined,
		});
	return [
		nodeTime(batched, 'HTTP Request, batch size 1', `node time, median of ${options.rounds} rounds`, true),
		nodeTime(concurrent, 'HTTP Request, default: concurrent', 'node time, reference'),
		nodeTime(spaced, 'HTTP Request, batch size 1, interval 1 ms', 'node time, reference'),
		comparisonRow({
			benchmark,
			measure: 'whole execution (start → stop), median',
			ours: median(ours.executionMs),
			peer: median(batched.executionMs),
			format: ms,
			peerName: 'HTTP Request, batch size 1',
		}),
	];
}
