import { performance } from 'node:perf_hooks';

import { classifyDelivery } from '../../nodes/TimelinesAi/trigger/item';
import { toItems } from '../../nodes/TimelinesAi/trigger/item';
import { median } from './support/stats';
import { bundleDelivery } from './support/deliveries';

/**
 * Runs in its own process (`--expose-gc`), prints one JSON line. Times the normaliser on a 1,000-message bundle as
 * the trigger receives it (JSON text → recognised, checked delivery → items), next to the least any workflow does
 * with the same text: JSON.parse and a plain map. It runs from source (the build bundles the Trigger whole, so the
 * normaliser has no file of its own in dist/), compiled by tsx with the same esbuild.
 */

const MESSAGES = Number(process.argv[2] ?? 1000);
const ITERATIONS = Number(process.argv[3] ?? 40);
const WARMUP = 10;
const text = JSON.stringify(bundleDelivery(0, MESSAGES, 'normalise'));

function ours(): unknown[] {
	const classified = classifyDelivery(JSON.parse(text));
	if (!classified.ok) throw new Error(`the benchmark bundle was refused: ${classified.reason}`);
	return toItems(classified.delivery, new Date().toISOString());
}

function peer(): unknown[] {
	const body = JSON.parse(text) as { chat: unknown; whatsapp_account: unknown; messages: Array<Record<string, unknown>> };
	return body.messages.map((message) => ({ ...message, chat: body.chat, account: body.whatsapp_account }));
}

function timed(run: () => unknown[]): number {
	const started = performance.now();
	const items = run();
	const elapsed = performance.now() - started;
	if (items.length !== MESSAGES) throw new Error(`${items.length} items for ${MESSAGES} messages`);
	return elapsed;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** Heap still held by the items once garbage is collected (the parsed body is garbage unless items point into it). */
function retainedBytes(run: () => unknown[]): number {
	gc!();
	gc!();
	const before = process.memoryUsage().heapUsed;
	const items = run();
	gc!();
	gc!();
	const after = process.memoryUsage().heapUsed;
	if (items.length !== MESSAGES) throw new Error('unexpected item count');
	return after - before;
}

/** One GC measurement is noisy (what else the heap held, when V8 shrinks it): the median of a few. */
function medianRetained(run: () => unknown[]): number {
	return median(Array.from({ length: 7 }, () => retainedBytes(run)));
}

// The first call of each is what the first big bundle after n8n starts costs (nothing compiled yet).
const cold = { ours: timed(ours), peer: timed(peer) };
// Steady state: what every further bundle costs once V8 has compiled the hot paths.
for (let i = 0; i < WARMUP; i++) {
	timed(ours);
	timed(peer);
}
const samples = { ours: [] as number[], peer: [] as number[] };
for (let i = 0; i < ITERATIONS; i++) {
	samples.ours.push(timed(ours));
	samples.peer.push(timed(peer));
}
process.stdout.write(
	`${JSON.stringify({
		messages: MESSAGES,
		bodyBytes: Buffer.byteLength(text),
		cold,
		median: { ours: median(samples.ours), peer: median(samples.peer) },
		retainedBytes: { ours: medianRetained(ours), peer: medianRetained(peer) },
	})}\n`,
);
