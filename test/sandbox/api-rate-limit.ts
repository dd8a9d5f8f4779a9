import type { SandboxContext } from './context';
import type { Reply } from './http';

/**
 * The public API's limit (spec: "30 requests per second per IP address, plus a burst of 10 queued; beyond that
 * 429"), played as a leaky bucket: a request over the rate waits for its turn while at most 10 wait, the next one
 * is refused. Real time, not the sandbox clock: the waiting is real.
 */

export const API_REQUESTS_PER_SECOND = 30;
export const API_BURST = 10;
const INTERVAL_MS = 1000 / API_REQUESTS_PER_SECOND;

/** How long this request waits for its turn, or `{ retryAfterS }` when the queue is full. */
export function takeApiTurn(ctx: SandboxContext, ip: string): { waitMs: number } | { retryAfterS: number } {
	const buckets = ctx.state.api.nextFreeMsByIp;
	const now = Date.now();
	const turn = Math.max(now, buckets.get(ip) ?? now);
	const waitMs = turn - now;
	const overflowMs = waitMs - API_BURST * INTERVAL_MS;
	// A hair of tolerance: the 11th of a simultaneous burst waits exactly 10 intervals, which float sums may overshoot.
	if (overflowMs > 1e-6) return { retryAfterS: Math.max(1, Math.ceil(overflowMs / 1000)) };
	buckets.set(ip, turn + INTERVAL_MS);
	return { waitMs };
}

/**
 * The limit as a proxy in front of a surface plays it: waits for the request's turn and returns undefined, or the
 * surface's 429 (counted in `api.rateLimited`), or a dropped connection when the sandbox closes meanwhile.
 */
export async function waitForIpTurn(ctx: SandboxContext, ip: string, refusal: (retryAfterS: number) => Reply): Promise<Reply | undefined> {
	const turn = takeApiTurn(ctx, ip);
	if ('retryAfterS' in turn) {
		ctx.state.api.rateLimited++;
		return { ...refusal(turn.retryAfterS), headers: { 'retry-after': String(turn.retryAfterS) } };
	}
	if (turn.waitMs > 0 && !(await ctx.timers.sleep(turn.waitMs))) return { status: 503, dropConnection: true };
	return undefined;
}
