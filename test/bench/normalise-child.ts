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
/** `parts`: only the first call, split into its steps; `after-small`: the first big bundle after one 1-message delivery. */
const MODE = process.argv[4] ?? 'all';
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

function parts(): void {
	const t0 = performance.now();
	const body: unknown = JSON.parse(text);
	const t1 = performance.now();
	const classified = classifyDelivery(body);
	const t2 = performance.now();
	if (!classified.ok) throw new Error(classified.reason);
	const items = toItems(classified.delivery, new Date().toISOString());
	const t3 = performance.now();
	if (items.length !== MESSAGES) throw new Error('unexpected item count');
	process.stdout.write(`${JSON.stringify({ parse: t1 - t0, classify: t2 - t1, toItems: t3 - t2 })}\n`);
}

/** What a 1,000-message bundle costs when one small delivery came first since the process started. */
function afterSmall(): void {
	const small = JSON.stringify(bundleDelivery(0, 1, 'normalise-small'));
	const started = performance.now();
	const classified = classifyDelivery(JSON.parse(small));
	if (!classified.ok) throw new Error(classified.reason);
	toItems(classified.delivery, new Date().toISOString());
	const smallMs = performance.now() - started;
	process.stdout.write(`${JSON.stringify({ small: smallMs, big: timed(ours) })}\n`);
}

function all(): void {
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
}

if (MODE === 'parts') parts();
else if (MODE === 'after-small') afterSmall();
else all();
