import { runNode } from '../harness/run-node';
import { SandboxControl, startSandbox } from '../sandbox';
import { LATENCY_MS, physicalLimitSeconds } from './bulk-send';
import { ms } from './support/stats';
import { type Row, verdict } from './support/table';

/**
 * 7. Per-item operations (here Message → Reply) over a real network's latency: the node runs several items at
 * once (one after another within a chat), against the same items one at a time as the node ran them before.
 * Run through n8n-core (the test harness) against a sandbox with 150 ms latency and TimelinesAI's per-IP limit,
 * both ways in the same run. Also counted: per-chat order violations (must be 0) and 429s provoked.
 */


interface Sizes {
	items: number;
	chats: number;
}

interface Measured {
	seconds: number;
	orderViolations: number;
	rateLimited: number;
	peakInFlight: number;
	failed: boolean;
}

export async function benchPerItem({ items: count, chats }: Sizes, log: (line: string) => void): Promise<Row[]> {
	const sandbox = await startSandbox({ seed: 19, latencyMs: LATENCY_MS, apiRateLimit: true });
	const control = new SandboxControl(sandbox.controlUrl);
	try {
		const credentials = { timelinesAiApi: { secretInboundUrl: sandbox.inboundUrl, apiToken: sandbox.apiToken, apiBaseUrl: sandbox.apiBaseUrl } };
		const parameters = {
			resource: 'message',
			operation: 'reply',
			chatId: { __rl: true, mode: 'id', value: '={{ $json.chatId }}' },
			text: '={{ $json.text }}',
		};
		const chatIds: number[] = [];
		const prepare = async () => {
			await control.reset();
			chatIds.length = 0;
			for (let i = 0; i < chats; i++) chatIds.push((await control.upsertChat({ name: `Bench chat ${i}`, phone: `+1415556${String(1000 + i)}` })).id);
		};
		const items = (tag: string) => Array.from({ length: count }, (_, i) => ({ json: { chatId: chatIds[i % chats], text: `${tag} #${i}` } }));
		const measure = async (run: () => Promise<boolean>): Promise<Measured> => {
			const started = performance.now();
			const failed = !(await run());
			const seconds = (performance.now() - started) / 1000;
			const state = await control.state();
			const perChat = new Map<number, number[]>();
			for (const message of state.messages.filter((m) => m.via === 'api')) {
				perChat.set(message.chatId!, [...(perChat.get(message.chatId!) ?? []), Number(/#(\d+)$/.exec(message.text)![1])]);
			}
			const orderViolations = [...perChat.values()].reduce((sum, order) => sum + order.filter((item, i) => i > 0 && item < order[i - 1]).length, 0);
			return { seconds, orderViolations, rateLimited: state.api.rateLimited, peakInFlight: state.api.peakInFlight, failed };
		};

		// Warm-up (package load, first compilation), not measured.
		await prepare();
		await runNode({ node: 'timelinesAi', parameters, items: items('warm-up').slice(0, 1), credentials });

		log(`per-item: ${count} Replies to ${chats} chats, all in one run of the node`);
		await prepare();
		const concurrent = await measure(async () => !(await runNode({ node: 'timelinesAi', parameters, items: items('together'), credentials })).error);
		log(`per-item: together ${concurrent.seconds.toFixed(1)} s, peak ${concurrent.peakInFlight} in flight, ${concurrent.rateLimited} × 429`);

		log(`per-item: the same, one item at a time (a run of the node per item, as it ran them before)`);
		await prepare();
		const sequential = await measure(async () => {
			for (const item of items('alone')) {
				const { error } = await runNode({ node: 'timelinesAi', parameters, items: [item], credentials });
				if (error) {
					log(`per-item: one at a time failed: ${error.message}`);
					return false;
				}
			}
			return true;
		});
		log(`per-item: one at a time ${sequential.seconds.toFixed(1)} s`);

		const floorSeconds = physicalLimitSeconds(count, chats);
		const speedup = sequential.seconds / concurrent.seconds;
		const ok = !concurrent.failed && !sequential.failed && concurrent.orderViolations === 0;
		return [
			{
				benchmark: `7. Per-item Reply, ${count} items to ${chats} chats, ${LATENCY_MS} ms latency, per-IP limit enforced`,
				measure:
					`node run, all items vs one item at a time (peer column); physical limit ${floorSeconds.toFixed(1)} s; ` +
					`peak ${concurrent.peakInFlight} in flight, ${concurrent.orderViolations} per-chat order violations, ${concurrent.rateLimited} × 429`,
				ours: ms(concurrent.seconds * 1000),
				peer: `${ms(sequential.seconds * 1000)} (one at a time)`,
				ratio: `${speedup.toFixed(1)}× faster; ${(concurrent.seconds / floorSeconds).toFixed(2)}× the limit`,
				goal: '0 order violations, 0 × 429, ≤ 1.5× the limit',
				verdict: verdict(ok && concurrent.rateLimited === 0 && concurrent.seconds <= floorSeconds * 1.5),
			},
		];
	} finally {
		await sandbox.close();
	}
}
