import { performance } from 'node:perf_hooks';

/** What a burst of POSTs saw: each answer's latency, status and body, and the wall time of the whole burst. */
export interface BurstResult {
	latenciesMs: number[];
	statuses: number[];
	answers: string[];
	wallMs: number;
}

/**
 * POSTs every body (already serialised, so JSON.stringify is not timed) to `url`, `concurrency` at a time,
 * like a sender with a fixed pool of connections. Latency = request start until the answer's body is read (or the
 * connection failed).
 */
export async function postBurst(url: string, bodies: string[], concurrency: number): Promise<BurstResult> {
	const result: BurstResult = { latenciesMs: [], statuses: [], answers: [], wallMs: 0 };
	let next = 0;
	const worker = async () => {
		while (next < bodies.length) {
			const index = next++;
			const started = performance.now();
			// A connection n8n drops or resets under load counts as status 0 (a non-2xx answer), not as the end of the burst.
			const { status, answer } = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[index] }).then(
				async (response) => ({ status: response.status, answer: await response.text() }),
				(error: Error & { cause?: Error }) => ({ status: 0, answer: error.cause?.message ?? error.message }),
			);
			result.latenciesMs[index] = performance.now() - started;
			result.statuses[index] = status;
			result.answers[index] = answer;
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: concurrency }, worker));
	result.wallMs = performance.now() - started;
	return result;
}
