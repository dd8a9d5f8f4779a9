import { randomBytes } from 'node:crypto';

import type { Workflow } from '../tools/n8n/rest-client';
import { type BurstResult, postBurst } from './support/burst';
import { burstDeliveries, messageCount } from './support/deliveries';
import { settledExecutions } from './support/executions';
import { isolatesAcquired } from './support/isolates';
import { median, ms, percentile } from './support/stats';
import { comparisonRow, type Row, verdict } from './support/table';
import { ourTrigger, webhookTrigger } from './support/workflows';
import type { BenchWorld } from './support/world';

/**
 * 2. Trigger under burst: the same legacy Outbound deliveries (singles and bundles) POSTed at a fixed concurrency
 * to active TimelinesAI Trigger workflows (node version 2, what a new node is, and version 1, what older saved
 * workflows hold) and to an n8n Webhook-node workflow, alternated round by round. Each round uses fresh message ids,
 * so our trigger's deduplication never drops a delivery. Also counts the expression isolates n8n took per delivery
 * in the processes that answer webhooks: n8n 2.4x builds one for every webhook request to a node that is not its
 * own Webhook node, and with `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE` only when an expression needs one.
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
	ours: boolean;
	workflow: Workflow;
	url: string;
	/** Executions n8n must have finished once the side's bursts are all processed. */
	expectedExecutions: number;
	/** Deliveries (warm-up included) answered 2xx that never became an execution. */
	lost: number;
	bursts: BurstResult[];
	/** Isolates taken in the webhook processes during the measured bursts (and, in one process, their executions). */
	isolates: number | undefined;
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
	if (failed === 0 && side.ours) checkOurAnswers(burst, deliveries.reduce((sum, d) => sum + messageCount(d), 0));
	// The next burst must not compete with this one's executions, still running after their answers.
	const expected = side.expectedExecutions + count - failed;
	side.expectedExecutions = await settledExecutions(world.n8n.client, side.workflow.id, expected);
	side.lost += expected - side.expectedExecutions;
	return burst;
}

/** A measured burst, with the isolates taken from its first request until its last execution finished. */
async function measuredBurstOn(world: BenchWorld, side: Side, tag: string, options: TriggerBurstOptions): Promise<BurstResult> {
	const before = await isolatesAcquired(world.n8n.webhookProcessUrls);
	const burst = await burstOn(world, side, tag, options.deliveries, options.concurrency);
	const after = await isolatesAcquired(world.n8n.webhookProcessUrls);
	side.isolates = before === undefined || after === undefined || side.isolates === undefined ? undefined : side.isolates + after - before;
	return burst;
}

const non2xx = (bursts: BurstResult[]) => bursts.flatMap((burst) => burst.statuses).filter((status) => status < 200 || status >= 300).length;
const latencies = (bursts: BurstResult[]) => bursts.flatMap((burst) => burst.latenciesMs);
const throughput = (burst: BurstResult) => burst.statuses.length / (burst.wallMs / 1000);
const perDelivery = (side: Side) => (side.isolates === undefined ? undefined : side.isolates / latencies(side.bursts).length);

async function ourSide(world: BenchWorld, typeVersion: 1 | 2): Promise<Side> {
	const secret = randomBytes(18).toString('base64url');
	const workflow = await world.n8n.activeWorkflow(ourTrigger(secret, typeVersion));
	const url = `${world.n8n.n8n.baseUrl}/webhook/${workflow.nodes[0].webhookId}/webhook?secret=${secret}`;
	return { label: `TimelinesAI Trigger v${typeVersion}`, ours: true, workflow, url, expectedExecutions: 0, lost: 0, bursts: [], isolates: 0 };
}

function comparisonRows(benchmark: string, side: Side, peer: Side): Row[] {
	const peerName = peer.label;
	const p = (s: Side, q: number) => percentile(latencies(s.bursts), q);
	const perRoundP99 = side.bursts.map((burst, i) => (percentile(burst.latenciesMs, 99) / percentile(peer.bursts[i].latenciesMs, 99)).toFixed(2)).join(', ');
	const isolates = { ours: perDelivery(side), peer: perDelivery(peer) };
	const failures = { ours: non2xx(side.bursts), peer: non2xx(peer.bursts) };
	const rows = [
		comparisonRow({ benchmark, measure: `${side.label}: answer latency p50`, ours: p(side, 50), peer: p(peer, 50), format: ms, peerName }),
		comparisonRow({
			benchmark,
			measure: `${side.label}: answer latency p99 (per-round ratios: ${perRoundP99})`,
			ours: p(side, 99),
			peer: p(peer, 99),
			format: ms,
			peerName,
			goal: { text: '< 1 s, ≤ 1.00×', met: p(side, 99) < 1000 && p(side, 99) / p(peer, 99) <= 1 },
		}),
		comparisonRow({
			benchmark,
			measure: `${side.label}: throughput (deliveries/s), median round`,
			ours: median(side.bursts.map(throughput)),
			peer: median(peer.bursts.map(throughput)),
			format: (value) => value.toFixed(0),
			peerName,
		}),
		{
			benchmark,
			measure: `${side.label}: answered 2xx, no execution (lost; warm-up included)`,
			ours: String(side.lost),
			peer: `${peer.lost} (${peerName})`,
			ratio: '-',
			goal: '0',
			verdict: verdict(side.lost === 0),
		},
		{
			benchmark,
			measure: `${side.label}: non-2xx answers`,
			ours: String(failures.ours),
			peer: `${failures.peer} (${peerName})`,
			ratio: '-',
			goal: '0',
			verdict: verdict(failures.ours === 0),
		},
	];
	if (isolates.ours !== undefined && isolates.peer !== undefined) {
		rows.push({
			benchmark,
			measure: `${side.label}: expression isolates per delivery, processes answering webhooks`,
			ours: isolates.ours.toFixed(2),
			peer: `${isolates.peer.toFixed(2)} (${peerName})`,
			ratio: '-',
			goal: '-',
			verdict: '-',
		});
	}
	return rows;
}

export async function benchTriggerBurst(world: BenchWorld, options: TriggerBurstOptions, log: (line: string) => void): Promise<Row[]> {
	const current = await ourSide(world, 2);
	const saved = await ourSide(world, 1);
	const peerWorkflow = await world.n8n.activeWorkflow(webhookTrigger('bench-burst-peer'));
	const peer: Side = {
		label: 'Webhook node',
		ours: false,
		workflow: peerWorkflow,
		url: `${world.n8n.n8n.baseUrl}/webhook/bench-burst-peer`,
		expectedExecutions: 0,
		lost: 0,
		bursts: [],
		isolates: 0,
	};
	const sides = [current, saved, peer];

	const runTag = `${Date.now().toString(36)}`;
	for (const side of sides) await burstOn(world, side, `${runTag}-warmup`, options.warmup, options.concurrency);
	for (let round = 1; round <= options.rounds; round++) {
		for (const side of sides) side.bursts.push(await measuredBurstOn(world, side, `${runTag}-r${round}`, options));
		log(
			`burst round ${round}: ` +
				sides.map((s) => `${s.label} p99 ${ms(percentile(s.bursts[round - 1].latenciesMs, 99))}, ${throughput(s.bursts[round - 1]).toFixed(0)}/s`).join('; '),
		);
	}
	log(`answered 2xx without an execution: ${sides.map((s) => `${s.label} ${s.lost}`).join('; ')}`);
	const isolateLine = sides.map((s) => `${s.label} ${perDelivery(s)?.toFixed(2) ?? 'n/a'}`).join('; ');
	log(`expression isolates per delivery: ${isolateLine}`);

	const benchmark = `2. Trigger, ${options.deliveries.toLocaleString('en-US')} deliveries ×${options.rounds} at ${options.concurrency} concurrent`;
	return [...comparisonRows(benchmark, current, peer), ...comparisonRows(benchmark, saved, peer)];
}
