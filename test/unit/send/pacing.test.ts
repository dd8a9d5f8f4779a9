import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { inLanes, inParallel } from '../../../nodes/TimelinesAi/shared/http';
import { Pacer, pacerFor, rateLimitWaitSeconds, REQUESTS_PER_SECOND, withRateLimitRetries } from '../../../nodes/TimelinesAi/shared/http';

/** The pacer (TimelinesAI's 30 requests a second per IP) and the runners that put requests in flight together. */

const answer = (statusCode: number, headers: IN8nHttpFullResponse['headers'] = {}): IN8nHttpFullResponse => ({ statusCode, headers, body: {} });
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Pacer', () => {
	it('gives 60 concurrent callers their turns 1/30 s apart after a first 3: the 60th starts after about 1.9 s', async () => {
		const pacer = new Pacer();
		const started = Date.now();
		const times = await Promise.all(Array.from({ length: 60 }, async () => (await pacer.turn(), Date.now() - started)));
		times.sort((a, b) => a - b);
		expect(times[0]).toBeLessThan(20);
		expect(times[2]).toBeLessThan(20);
		expect(times[59]).toBeGreaterThanOrEqual((57 * 1000) / REQUESTS_PER_SECOND - 5);
		expect(times[59]).toBeLessThan((57 * 1000) / REQUESTS_PER_SECOND + 300);
		// Then 30 turns after any start is a second later (less what a late timer costs on a busy machine: the limit queues 10 more).
		for (let i = 2; i + 30 < times.length; i++) expect(times[i + 30] - times[i]).toBeGreaterThanOrEqual(950);
	});

	it('after the process stalled, makes up at most 2 missed turns at once', async () => {
		const pacer = new Pacer(20);
		await Promise.all(Array.from({ length: 5 }, () => pacer.turn()));
		// Block the event loop for 300 ms (15 turns) while 20 callers wait.
		const started = Date.now();
		const times = Array.from({ length: 20 }, () => pacer.turn().then(() => Date.now() - started));
		const blockUntil = Date.now() + 300;
		while (Date.now() < blockUntil);
		const released = (await Promise.all(times)).sort((a, b) => a - b);
		expect(released.filter((time) => time - released[0] < 5).length).toBeLessThanOrEqual(3);
	});

	it('is one per host: the API and the inbound webhook on one host share it, another host has its own', () => {
		expect(pacerFor('https://app.timelines.ai/integrations/api/chats')).toBe(pacerFor('https://app.timelines.ai/integrations/webhook/abc'));
		expect(pacerFor('https://app.timelines.ai/x')).not.toBe(pacerFor('https://other.example/x'));
	});

	it('a stop ends the wait for a turn at once', async () => {
		const pacer = new Pacer(10_000);
		await pacer.turn();
		const stop = new AbortController();
		const started = Date.now();
		setTimeout(() => stop.abort(), 50);
		await pacer.turn(stop.signal);
		expect(Date.now() - started).toBeLessThan(1000);
	});
});

describe('429', () => {
	it('waits Retry-After when given, else 1, 2, 4 s', () => {
		expect(rateLimitWaitSeconds(answer(429, { 'retry-after': '3' }), 0)).toBe(3);
		expect([0, 1, 2].map((retries) => rateLimitWaitSeconds(answer(429), retries))).toEqual([1, 2, 4]);
	});

	it('is sent again after the wait, and holds the other callers of the host back meanwhile', async () => {
		const pacer = new Pacer(1);
		const answers = [answer(429, { 'retry-after': '0.3' }), answer(200)];
		const started = Date.now();
		const first = withRateLimitRetries(async () => answers.shift()!, pacer);
		await delay(20);
		const otherStarted = withRateLimitRetries(async () => answer(200), pacer).then(() => Date.now() - started);
		expect((await first).statusCode).toBe(200);
		expect(await otherStarted).toBeGreaterThanOrEqual(280);
	});

	it('gives up after three retries, and at once when stopped', async () => {
		let calls = 0;
		const refused = async () => (calls++, answer(429, { 'retry-after': '0' }));
		expect((await withRateLimitRetries(refused, new Pacer(1))).statusCode).toBe(429);
		expect(calls).toBe(4);
		const stop = new AbortController();
		setTimeout(() => stop.abort(), 50);
		const started = Date.now();
		expect((await withRateLimitRetries(async () => answer(429), new Pacer(1), stop.signal)).statusCode).toBe(429);
		expect(Date.now() - started).toBeLessThan(900);
	});
});

describe('inLanes', () => {
	it('keeps each lane in input order, runs lanes side by side, at most `limit` at once', async () => {
		const entries = Array.from({ length: 40 }, (_, i) => ({ i, lane: `lane ${i % 4}` }));
		const order: number[] = [];
		let inFlight = 0;
		let most = 0;
		const notStarted = await inLanes(
			entries,
			(entry) => entry.lane,
			async (entry) => {
				most = Math.max(most, ++inFlight);
				await delay(5 + (entry.i % 3) * 5);
				order.push(entry.i);
				inFlight--;
			},
			() => true,
			3,
		);
		expect(notStarted).toEqual([]);
		expect(most).toBe(3);
		for (let lane = 0; lane < 4; lane++) {
			const laneOrder = order.filter((i) => i % 4 === lane);
			expect(laneOrder).toEqual([...laneOrder].sort((a, b) => a - b));
		}
	});

	it('starts nothing more once told so; returns what never started, in input order', async () => {
		let stop = false;
		const started: number[] = [];
		const notStarted = await inLanes(
			Array.from({ length: 20 }, (_, i) => i),
			(i) => String(i),
			async (i) => {
				started.push(i);
				// Item 4 fails first, while 0 to 3 are still in flight.
				await delay(i === 4 ? 1 : 20);
				if (i === 4) stop = true;
			},
			() => !stop,
			5,
		);
		expect(started).toEqual([0, 1, 2, 3, 4]);
		expect(notStarted).toEqual(Array.from({ length: 15 }, (_, i) => i + 5));
	});

	it('inParallel runs everything, at most `limit` at once', async () => {
		let inFlight = 0;
		let most = 0;
		const done: number[] = [];
		await inParallel(Array.from({ length: 25 }, (_, i) => i), async (i) => {
			most = Math.max(most, ++inFlight);
			await delay(2);
			done.push(i);
			inFlight--;
		}, 4);
		expect(most).toBe(4);
		expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
	});
});
