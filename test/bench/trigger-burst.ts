import { randomBytes } from 'node:crypto';

import type { Workflow } from '../tools/n8n/rest-client';
import { type BurstResult, postBurst } from './support/burst';
import { burstDeliveries, messageCount } from './support/deliveries';
import { waitForExecutions } from './support/executions';
import { median, ms, percentile } from './support/stats';
import { comparisonRow, type Row, verdict } from './support/table';
import { ourTrigger, webhookTrigger } from './support/workflows';
import type { BenchWorld } from './support/world';

/**
 * 2. Trigger under burst: the same legacy Outbound deliveries (singles and bundles) POSTed at a fixed concurrency
 * to an active TimelinesAI Trigger workflow and to an n8n Webhook-node workflow, alternated round by round.
 * Each round uses fresh message ids, so our trigger's deduplication never drops a delivery.
 */

export interface TriggerBurstOptions {
	deliveries: number;
	concurrency: number;
	rounds: number;
	/** Deliveries of the discarded warm-up burst on each side. */
	warmup: number;
}

interface Side {
	label: string;
	workflow: Workflow;
	url: string;
	/** Executions n8n must have finished once the side's bursts are all processed. */
	expectedExecutions: number;
	bursts: BurstResult[];
}

/** Our trigger answers `{status, items, filtered, repeated}`; every message must have become an item. */
function checkOurAnswers(burst: BurstResult, expectedItems: number): void {
	let items = 0;
	for (const answer of burst.answers) {
		const parsed = JSON.parse(answer) as { status: string; items: number; repeated: number };
		if (parsed.repeated > 0) throw new Error(`TimelinesAI Trigger treated fresh messages as repeats: ${answer}`);
		items += parsed.items;
	}
	if (items !== expectedItems) throw new Error(`TimelinesAI Trigger answered ${items} items for ${expectedItems} messages`);
}

async function burstOn(world: BenchWorld, side: Side, tag: string, count: number, concurrency: number): Promise<BurstResult> {
	const deliveries = burstDeliveries(count, tag);
	const burst = await postBurst(side.url, deliveries.map((delivery) => JSON.stringify(delivery)), concurrency);
	const failed = burst.statuses.filter((status) => status < 200 || status >= 300).length;
	if (failed === 0 && side.label.startsWith('TimelinesAI')) checkOurAnswers(burst, deliveries.reduce((sum, d) => sum + messageCount(d), 0));
	// The next burst must not compete with this one's executions, still running after their answers.
	side.expectedExecutions += count - failed;
	await waitForExecutions(world.n8n.client, side.workflow.id, side.expectedExecutions);
	return burst;
}

const non2xx = (bursts: BurstResult[]) => bursts.flatMap((burst) => burst.statuses).filter((status) => status < 200 || status >= 300).length;
const latencies = (bursts: BurstResult[]) => bursts.flatMap((burst) => burst.latenciesMs);
const throughput = (burst: BurstResult) => burst.statuses.length / (burst.wallMs / 1000);

export async function benchTriggerBurst(world: BenchWorld, options: TriggerBurstOptions, log: (line: string) => void): Promise<Row[]> {
	const base = world.n8n.n8n.baseUrl;
	const secret = randomBytes(18).toString('base64url');
	const oursWorkflow = await world.n8n.activeWorkflow(ourTrigger(secret));
	const peerWorkflow = await world.n8n.activeWorkflow(webhookTrigger('bench-burst-peer'));
	const ours: Side = {
		label: 'TimelinesAI Trigger',
		workflow: oursWorkflow,
		url: `${base}/webhook/${oursWorkflow.nodes[0].webhookId}/webhook?secret=${secret}`,
		expectedExecutions: 0,
		bursts: [],
	};
	const peer: Side = { label: 'Webhook node', workflow: peerWorkflow, url: `${base}/webhook/bench-burst-peer`, expectedExecutions: 0, bursts: [] };

	const runTag = `${Date.now().toString(36)}`;
	for (const side of [ours, peer]) await burstOn(world, side, `${runTag}-warmup`, options.warmup, options.concurrency);
	for (let round = 1; round <= options.rounds; round++) {
		for (const side of [ours, peer]) {
			side.bursts.push(await burstOn(world, side, `${runTag}-r${round}`, options.deliveries, options.concurrency));
		}
		log(
			`burst round ${round}: ` +
				[ours, peer].map((s) => `${s.label} p99 ${ms(percentile(s.bursts[round - 1].latenciesMs, 99))}, ${throughput(s.bursts[round - 1]).toFixed(0)}/s`).join('; '),
		);
	}

	const p = (side: Side, q: number) => percentile(latencies(side.bursts), q);
	const perRoundP99 = ours.bursts.map((burst, i) => (percentile(burst.latenciesMs, 99) / percentile(peer.bursts[i].latenciesMs, 99)).toFixed(2)).join(', ');
	const benchmark = `2. Trigger, ${options.deliveries.toLocaleString('en-US')} deliveries ×${options.rounds} at ${options.concurrency} concurrent`;
	const peerName = 'Webhook node';
	const failures = { ours: non2xx(ours.bursts), peer: non2xx(peer.bursts) };
	return [
		comparisonRow({ benchmark, measure: 'answer latency p50', ours: p(ours, 50), peer: p(peer, 50), format: ms, peerName }),
		comparisonRow({
			benchmark,
			measure: `answer latency p99 (per-round ratios: ${perRoundP99})`,
			ours: p(ours, 99),
			peer: p(peer, 99),
			format: ms,
			peerName,
			goal: { text: '≤ 1.00×', met: p(ours, 99) / p(peer, 99) <= 1 },
		}),
		comparisonRow({
			benchmark,
			measure: 'throughput (deliveries/s), median round',
			ours: median(ours.bursts.map(throughput)),
			peer: median(peer.bursts.map(throughput)),
			format: (value) => value.toFixed(0),
			peerName,
		}),
		{
			benchmark,
			measure: 'non-2xx answers',
			ours: String(failures.ours),
			peer: `${failures.peer} (${peerName})`,
			ratio: '-',
			goal: '0',
			verdict: verdict(failures.ours === 0),
		},
	];
}
