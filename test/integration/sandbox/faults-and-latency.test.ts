import type { FaultKind, FaultTarget, RunningSandbox } from '../../sandbox';
import { DEFAULT_CREDITS } from '../../sandbox/state';
import { api, postInbound, request, useSandbox, type HttpAnswer } from './helpers';

/**
 * Faults after the work (the message is accepted, then the answer is lost or replaced by a proxy's error page),
 * and the latency setting. These are what the Send node's retry tests and the benchmarks stand on.
 */

interface SendCall {
	target: FaultTarget;
	send: (sandbox: RunningSandbox, text: string) => Promise<HttpAnswer>;
}

const sendCalls: Array<[string, SendCall]> = [
	['inbound webhook', { target: 'inbound', send: (sandbox, text) => postInbound(sandbox, { action: 'send', chat_id: '20451188', text }) }],
	['API POST /chats/{id}/messages', { target: 'api', send: (sandbox, text) => api(sandbox, 'POST', '/chats/20451188/messages', { text }) }],
	['API POST /messages', { target: 'api', send: (sandbox, text) => api(sandbox, 'POST', '/messages', { phone: '+14155550100', text }) }],
];

const PROXY_PAGES: Array<[FaultKind, number, string]> = [
	['accept-then-502', 502, '502 Bad Gateway'],
	['accept-then-503', 503, '503 Service Temporarily Unavailable'],
	['accept-then-504', 504, '504 Gateway Time-out'],
];

const cases = sendCalls.flatMap(([name, call]) => PROXY_PAGES.map(([kind, status, title]) => [name, kind, status, title, call] as const));

describe('accept-then-5xx: the message is accepted once, then a proxy answers with its error page', () => {
	const h = useSandbox();

	it.each(cases)('%s, %s', async (_name, kind, status, title, call) => {
		await h.control.injectFault(call.target, kind);
		const answer = await call.send(h.sandbox, `order ${kind}`);

		expect(answer.status).toBe(status);
		expect(answer.headers.get('content-type')).toBe('text/html');
		// The proxy's page, not TimelinesAI's JSON envelope: no message id reaches the client.
		expect(typeof answer.body).toBe('string');
		expect(answer.body).toContain(`<title>${title}</title>`);

		await h.control.waitForIdle();
		const state = await h.control.state();
		expect(state.messages.filter((message) => message.text === `order ${kind}`)).toEqual([
			expect.objectContaining({ via: call.target, status: 'Delivered', credits: 1 }),
		]);
		expect(state.messages).toHaveLength(1);
		expect(state.credits.remaining).toBe(DEFAULT_CREDITS - 1);
		expect(state.faults).toEqual({ [call.target]: [] });
	});

	it('answers normally again once the armed faults are used up', async () => {
		await h.control.injectFault('api', 'accept-then-503', 2);
		const answers = [];
		for (let i = 0; i < 3; i++) answers.push(await api(h.sandbox, 'POST', '/chats/20451188/messages', { text: `try ${i}` }));
		expect(answers.map((answer) => answer.status)).toEqual([503, 503, 200]);
		expect(answers[2].body).toEqual({ status: 'ok', data: { message_uid: expect.any(String) } });
		expect((await h.control.state()).messages.map((message) => message.text)).toEqual(['try 0', 'try 1', 'try 2']);
	});
});

describe('accept-then-reset: the message is accepted once, then the connection drops unanswered', () => {
	const h = useSandbox();

	it.each(sendCalls)('%s', async (_name, call) => {
		await h.control.injectFault(call.target, 'accept-then-reset');
		await expect(call.send(h.sandbox, 'order reset')).rejects.toThrow();

		await h.control.waitForIdle();
		const state = await h.control.state();
		expect(state.messages).toEqual([expect.objectContaining({ text: 'order reset', via: call.target, status: 'Delivered' })]);
		expect(state.credits.remaining).toBe(DEFAULT_CREDITS - 1);
	});
});

/** Times one call; only lower bounds are asserted, as a busy machine may always be slower. */
async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; result: T }> {
	const started = performance.now();
	const result = await call();
	return { ms: performance.now() - started, result };
}

describe('latency: every answer of the inbound webhook and the public API comes N ms later', () => {
	const h = useSandbox({ latencyMs: 150 });

	it('applies the latency given at start to the inbound webhook and the public API', async () => {
		expect((await h.control.state()).settings.latencyMs).toBe(150);
		const inbound = await timed(() => postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Hi' }));
		expect(inbound.result.status).toBe(200);
		expect(inbound.ms).toBeGreaterThanOrEqual(150);
		const accounts = await timed(() => api(h.sandbox, 'GET', '/whatsapp_accounts'));
		expect(accounts.result.status).toBe(200);
		expect(accounts.ms).toBeGreaterThanOrEqual(150);
		const refused = await timed(() => request('GET', `${h.sandbox.apiBaseUrl}/whatsapp_accounts`));
		expect(refused.result.status).toBe(401);
		expect(refused.ms).toBeGreaterThanOrEqual(150);
	});

	it('is changed at run time with setLatency, and reset brings back the start value', async () => {
		await h.control.setLatency(400);
		expect((await h.control.state()).settings.latencyMs).toBe(400);
		expect((await timed(() => api(h.sandbox, 'GET', '/webhooks'))).ms).toBeGreaterThanOrEqual(400);
		await h.control.reset();
		expect((await h.control.state()).settings.latencyMs).toBe(150);
	});

	it('does not hold the control surface: the state answers while a delayed send is still on its way', async () => {
		await h.control.setLatency(2000);
		let sendAnswered = false;
		const send = postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Hi' }).then((answer) => {
			sendAnswered = true;
			return answer;
		});
		const state = await h.control.state();
		expect(sendAnswered).toBe(false);
		// The delay comes before the work, as a distant server's: the message is not accepted yet.
		expect(state.messages).toHaveLength(0);
		expect((await send).status).toBe(200);
		expect((await h.control.state()).messages).toHaveLength(1);
	});

	it('counts the public API requests held at once (peakApiInFlight), the control surface and the inbound webhook not', async () => {
		expect(await h.control.peakApiInFlight()).toBe(0);
		await api(h.sandbox, 'GET', '/whatsapp_accounts');
		await postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Hi' });
		expect(await h.control.peakApiInFlight()).toBe(1);
		await Promise.all([1, 2, 3, 4].map(() => api(h.sandbox, 'GET', '/whatsapp_accounts')));
		expect(await h.control.peakApiInFlight()).toBe(4);
		await h.control.reset();
		expect(await h.control.peakApiInFlight()).toBe(0);
	});

	it('refuses a latency that is not a whole number of ms', async () => {
		await expect(h.control.setLatency(-1)).rejects.toThrow(/HTTP 400.*latencyMs/);
		await expect(h.control.setLatency(1.5)).rejects.toThrow(/HTTP 400.*latencyMs/);
	});
});
