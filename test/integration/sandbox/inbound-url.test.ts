import { postInbound, request, useSandbox } from './helpers';

/** spec/inbound-webhook.md: unknown, disabled and regenerated URLs answer 404 "Webhook not found". */

const body = { action: 'send', phone: '+14155550100', text: 'Hi' };
const notFound = { status: 404, data: {}, message: 'Webhook not found' };

describe('inbound webhook URL: unknown, disabled, regenerated', () => {
	const h = useSandbox();

	const unknownUrls: Array<[string, (inboundUrl: string) => string]> = [
		['a made-up token', (url) => url.replace(/[^/]+$/, 'not-a-real-token')],
		['the token with one character changed', (url) => url.slice(0, -1) + (url.endsWith('A') ? 'B' : 'A')],
		['no token at all', (url) => url.replace(/[^/]+$/, '')],
	];

	it.each(unknownUrls)('answers 404 to %s', async (_case, change) => {
		const answer = await request('POST', change(h.sandbox.inboundUrl), body);
		expect(answer).toMatchObject({ status: 404, body: notFound });
	});

	it('answers 404 while disabled and works again once enabled', async () => {
		await h.control.configureInbound({ enabled: false });
		expect(await postInbound(h.sandbox, body)).toMatchObject({ status: 404, body: notFound });
		await h.control.configureInbound({ enabled: true });
		expect((await postInbound(h.sandbox, body)).status).toBe(200);
	});

	it('stops the old URL at once when a new one is generated', async () => {
		const oldUrl = h.sandbox.inboundUrl;
		const newUrl = await h.control.regenerateInboundUrl();
		expect(newUrl).not.toBe(oldUrl);
		expect(await request('POST', oldUrl, body)).toMatchObject({ status: 404, body: notFound });
		expect((await request('POST', newUrl, body)).status).toBe(200);
		expect(h.sandbox.inboundUrl).toBe(newUrl);
		expect((await h.control.state()).inbound.url).toBe(newUrl);
	});

	it('restores the URL of startSandbox on reset', async () => {
		const first = h.sandbox.inboundUrl;
		await h.control.regenerateInboundUrl();
		const { inboundUrl } = await h.control.reset();
		expect(inboundUrl).toBe(first);
		expect(h.sandbox.inboundUrl).toBe(first);
		expect((await postInbound(h.sandbox, body)).status).toBe(200);
	});

	it('keeps no trace of calls to unknown URLs', async () => {
		await request('POST', h.sandbox.inboundUrl.replace(/[^/]+$/, 'nope'), body);
		const { inbound } = await h.control.state();
		expect(inbound.attempts).toHaveLength(0);
	});
});
