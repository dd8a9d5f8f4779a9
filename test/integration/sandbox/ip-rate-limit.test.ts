import { API_BURST } from '../../sandbox/api-rate-limit';
import { api, postInbound, useSandbox } from './helpers';

/**
 * TimelinesAI's per-IP limit (public-api.md: 30 requests a second plus a burst of 10 queued, 429 beyond) in front of
 * the inbound webhook too, when `setIpRateLimit(true)` asks for it: the sandbox's reading for benchmarks, where one
 * client sends through both surfaces from one IP.
 */

const h = useSandbox({ gapMs: 0 });

const send = (i: number) => postInbound(h.sandbox, { action: 'send', phone: `+1415555${String(3000 + i)}`, text: `Burst ${i}` });

describe('the per-IP limit in front of the inbound webhook', () => {
	it('is off with the API limit alone: a burst of 40 sends is accepted in full', async () => {
		await h.control.setRateLimit(true);
		const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => send(i)));
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
	});

	it('switched on, a burst of 40 sends gets 1 + 10 queued through and 429 with Retry-After in the inbound shape for the rest', async () => {
		await h.control.setIpRateLimit(true);
		const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => send(i)));
		const served = answers.filter((answer) => answer.status === 200);
		const refused = answers.filter((answer) => answer.status === 429);
		expect(served.length).toBeGreaterThanOrEqual(1 + API_BURST);
		expect(served.length).toBeLessThanOrEqual(1 + API_BURST + 10);
		expect(served.length + refused.length).toBe(40);
		for (const answer of refused) {
			expect(answer.body).toEqual({ status: 429, data: {}, message: 'Too many requests' });
			expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		}
		expect(await h.control.rateLimitedCount()).toBe(refused.length);
		expect((await h.control.state()).messages).toHaveLength(served.length);
	});

	it('shares its turns with the public API: 20 sends and 20 API calls at once exceed them together', async () => {
		await h.control.setIpRateLimit(true);
		const answers = await Promise.all([
			...Array.from({ length: 20 }, (_, i) => send(i)),
			...Array.from({ length: 20 }, () => api(h.sandbox, 'GET', '/workspace/teammates/me')),
		]);
		expect(answers.filter((answer) => answer.status === 429).length).toBeGreaterThan(0);
	});
});
