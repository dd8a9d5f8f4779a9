import { nextFinishedExecution, nodeRun, poll } from './support/executions';
import { mean, ms } from './support/stats';
import { type Row, verdict } from './support/table';
import { MEASURED_NODE, sendWithOurNode } from './support/workflows';
import type { BenchWorld } from './support/world';

/**
 * 5. Pacing honesty: 20 messages through TimelinesAI Send while the sandbox paces its sends like TimelinesAI
 * (a random gap of 0.5–1.5 × 2 s). The node only hands messages over; the wall time until the last one is sent must
 * be the pacing itself. The sandbox sends the first accepted message at once, so 20 messages take 19 gaps.
 */

const TIMELINESAI_GAP_MS = 2000;
const RECIPIENT = '+919812345678';

export async function benchPacing(world: BenchWorld, messages: number, log: (line: string) => void): Promise<Row[]> {
	const workflow = await world.n8n.activeWorkflow(sendWithOurNode('bench-pacing', world.credential));
	await world.resetSandbox();
	await world.control.setPacing(TIMELINESAI_GAP_MS);
	const tag = `pacing-${Date.now()}`;
	const items = Array.from({ length: messages }, (_, i) => ({ to: RECIPIENT, text: `${tag} ${i + 1}` }));
	const response = await world.n8n.client.callWebhook('bench-pacing', { items });
	if (response.status !== 200) throw new Error(`pacing workflow answered HTTP ${response.status}`);
	const run = nodeRun(await nextFinishedExecution(world.n8n.client, workflow.id), MEASURED_NODE);

	const sentTimes = await poll(
		`${messages} paced messages to be sent`,
		async () => {
			const sent = (await world.control.state()).messages.filter((m) => m.text.startsWith(tag) && m.sentAt);
			return sent.length === messages ? sent.map((m) => new Date(m.sentAt as string).getTime()).sort((a, b) => a - b) : undefined;
		},
		messages * TIMELINESAI_GAP_MS * 2 + 30_000,
		250,
	);
	await world.control.setPacing(0);

	const nodeStart = run.startTime ?? NaN;
	const wall = sentTimes[sentTimes.length - 1] - nodeStart;
	const gaps = sentTimes.slice(1).map((time, i) => time - sentTimes[i]);
	const pacing = gaps.length * mean(gaps);
	const added = wall - pacing;
	log(`pacing: node done after ${ms(run.executionTime ?? NaN)}, last message sent after ${ms(wall)}, mean gap ${ms(mean(gaps))}`);
	return [
		{
			benchmark: `5. Pacing, ${messages} messages at ~2 s`,
			measure: `node start → last sent, vs ${gaps.length} × mean gap (${ms(mean(gaps))}); node itself done after ${ms(run.executionTime ?? NaN)}`,
			ours: ms(wall),
			peer: `${ms(pacing)} (pacing alone)`,
			ratio: `${(wall / pacing).toFixed(3)}× (+${ms(added)})`,
			goal: 'no time beyond pacing',
			verdict: verdict(added < mean(gaps) * 0.05),
		},
	];
}
