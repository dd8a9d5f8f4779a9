import { API_BURST } from '../../sandbox/api-rate-limit';
import { apiErrorSchema, apiOkSchema, teammateSchema, teammatesDataSchema, uploadedFileSchema, workspaceSchema } from '../../sandbox/spec-schemas';
import { api, request, useSandbox, type HttpAnswer } from './helpers';

/** spec/public-api.md: teammates, the workspace's plan and quotas (every API call counted), files, and the rate limit. */

type Harness = ReturnType<typeof useSandbox>;

async function workspace(h: Harness) {
	const answer = await api(h.sandbox, 'GET', '/workspace');
	expect(answer.status).toBe(200);
	return apiOkSchema(workspaceSchema).parse(answer.body).data;
}

describe('GET /workspace/teammates and /workspace/teammates/me', () => {
	const h = useSandbox();

	it('lists the teammates with their roles; "me" is the token\'s owner', async () => {
		const teammates = apiOkSchema(teammatesDataSchema).parse((await api(h.sandbox, 'GET', '/workspace/teammates')).body).data.teammates;
		expect(teammates).toEqual([
			{ name: 'Maya Ortiz', email: 'maya@northwind.example', role: 'owner' },
			{ name: 'Jon Park', email: 'jon@northwind.example', role: 'admin' },
			{ name: 'Ana Costa', email: 'ana@northwind.example', role: 'member' },
		]);
		const me = apiOkSchema(teammateSchema).parse((await api(h.sandbox, 'GET', '/workspace/teammates/me')).body).data;
		expect(me).toEqual({ name: 'Jon Park', email: 'jon@northwind.example', role: 'admin' });
	});
});

describe('GET /workspace: plan and quotas', () => {
	const h = useSandbox();

	it('reports the plan, seats, messages and API calls used in the month, and the non-recurring balance', async () => {
		await h.control.setClock({ set: '2026-03-17T12:00:00Z', frozen: true });
		const month = { period_start: '2026-03-01T00:00:00.000Z', period_end: '2026-04-01T00:00:00.000Z' };
		expect(await workspace(h)).toEqual({
			workspace_id: 48211,
			display_name: 'Northwind Traders',
			plan: 'Pro',
			seats: { total: 5, used: 3, ...month },
			messaging_quota: { total: 1000, used: 0, ...month },
			api_calls_quota: { total: 100_000, used: 1, ...month },
			non_recurring_quota: { remaining_balance: 0, last_updated_at: month.period_start },
		});
	});

	it('messages take from messaging_quota (2 for text with a file); a failed one gives its credit back', async () => {
		const upload = apiOkSchema(uploadedFileSchema).parse((await api(h.sandbox, 'POST', '/files', { download_url: h.control.testFileUrl('a.pdf', { contentType: 'application/pdf' }) })).body).data;
		await api(h.sandbox, 'POST', '/chats/20451240/messages', { text: 'invoice', file_uid: upload.uid });
		await h.control.waitForIdle();
		expect((await workspace(h)).messaging_quota.used).toBe(2);
		await api(h.sandbox, 'POST', '/messages', { phone: '+12025550100', text: 'not on WhatsApp' });
		await h.control.waitForIdle();
		expect((await workspace(h)).messaging_quota.used).toBe(2);
		expect((await h.control.state()).credits.refunded).toBe(1);
	});

	it('every API call counts, whatever its answer; refused tokens do not, and reset starts again', async () => {
		await api(h.sandbox, 'GET', '/chats');
		await api(h.sandbox, 'GET', '/chats/42');
		await api(h.sandbox, 'PATCH', '/chats/20451188', { closed: 'no' });
		await api(h.sandbox, 'GET', '/no-such-route');
		await request('GET', `${h.sandbox.apiBaseUrl}/chats`, undefined, { authorization: 'Bearer wrong' });
		expect(await h.control.apiCallCount()).toBe(4);
		expect((await workspace(h)).api_calls_quota.used).toBe(5);
		expect(await h.control.apiCallCount()).toBe(5);
		await h.control.reset();
		expect(await h.control.apiCallCount()).toBe(0);
	});
});

describe('files: POST /files from a URL, GET and DELETE /files/{uid}', () => {
	const h = useSandbox();

	it('fetches the URL, describes the file, deletes it; a missing file is 404 for GET and DELETE', async () => {
		const created = await api(h.sandbox, 'POST', '/files', { download_url: h.control.testFileUrl('price list.pdf', { size: 300, contentType: 'application/pdf' }) });
		const file = apiOkSchema(uploadedFileSchema).parse(created.body).data;
		expect(file).toMatchObject({ filename: 'price list.pdf', size: 300, mimetype: 'application/pdf', uploaded_by_email: 'jon@northwind.example' });
		expect((await api(h.sandbox, 'GET', `/files/${file.uid}`)).body.data).toMatchObject({ uid: file.uid, size: 300 });
		expect((await api(h.sandbox, 'DELETE', `/files/${file.uid}`)).status).toBe(200);
		for (const method of ['GET', 'DELETE']) {
			expect(await api(h.sandbox, method, `/files/${file.uid}`)).toMatchObject({ status: 404, body: { message: `File ${file.uid} not found`, error_code: 'not_found' } });
		}
		expect((await h.control.state()).files).toEqual([]);
	});
});

/** Fires `count` API calls at once. */
function burst(h: Harness, count: number): Promise<Array<HttpAnswer & { ms: number }>> {
	const started = Date.now();
	return Promise.all(
		Array.from({ length: count }, async () => ({ ...(await api(h.sandbox, 'GET', '/workspace/teammates/me')), ms: Date.now() - started })),
	);
}

describe('the rate limit: 30 requests a second per IP plus 10 queued, 429 beyond', () => {
	const h = useSandbox();

	it('is off by default: a burst of 60 is answered in full', async () => {
		const answers = await burst(h, 60);
		expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(200));
		expect(await h.control.rateLimitedCount()).toBe(0);
	});

	it('switched on, a burst of 40 gets 1 + 10 queued answers (paced at 30 a second) and 429 with Retry-After for the rest', async () => {
		await h.control.setRateLimit(true);
		expect((await h.control.state()).api.rateLimit).toBe(true);
		const answers = await burst(h, 40);
		const served = answers.filter((answer) => answer.status === 200);
		const refused = answers.filter((answer) => answer.status === 429);
		// The burst reaches the sandbox over some ms, a turn frees every 33 ms: on a busy machine a few more get one.
		expect(served.length).toBeGreaterThanOrEqual(1 + API_BURST);
		expect(served.length).toBeLessThanOrEqual(1 + API_BURST + 10);
		expect(served.length + refused.length).toBe(40);
		for (const answer of refused) {
			expect(apiErrorSchema.parse(answer.body)).toEqual({ status: 'error', message: 'Too many requests', error_code: 'rate_limited' });
			expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		}
		// The queued ones waited their turn: the 11th is answered about 10 × 33 ms after the first.
		expect(Math.max(...served.map((answer) => answer.ms))).toBeGreaterThanOrEqual(300);
		expect(await h.control.rateLimitedCount()).toBe(refused.length);
		expect(await h.control.apiCallCount()).toBe(served.length);
	});

	it('a client that keeps to 25 requests a second is never refused; after Retry-After a refused client gets through', async () => {
		await h.control.setRateLimit(true);
		for (let n = 0; n < 25; n++) {
			expect((await api(h.sandbox, 'GET', '/workspace/teammates/me')).status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 40));
		}
		const refused = (await burst(h, 20)).find((answer) => answer.status === 429);
		expect(refused).toBeDefined();
		await new Promise((resolve) => setTimeout(resolve, Number(refused!.headers.get('retry-after')) * 1000));
		expect((await api(h.sandbox, 'GET', '/workspace/teammates/me')).status).toBe(200);
	});

	it('switched off again, bursts pass; reset goes back to the start setting (off)', async () => {
		await h.control.setRateLimit(true);
		await h.control.setRateLimit(false);
		expect((await burst(h, 30)).every((answer) => answer.status === 200)).toBe(true);
		await h.control.setRateLimit(true);
		await h.control.reset();
		expect((await h.control.state()).api.rateLimit).toBe(false);
	});
});

describe('the rate limit switched on at start', () => {
	const h = useSandbox({ apiRateLimit: true });

	it('limits from the first request and stays on after reset', async () => {
		const statuses = (await burst(h, 40)).map((answer) => answer.status);
		expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(40 - (1 + API_BURST + 10));
		await h.control.reset();
		expect((await h.control.state()).api.rateLimit).toBe(true);
	});
});
