import { api, postInbound, request, useReceiver, useSandbox } from './helpers';

/** The sandbox contract others build on: start, send, deliver, control, close. */
describe('sandbox smoke: send through the inbound webhook and receive the sent message outbound', () => {
	const h = useSandbox();
	const receiver = useReceiver();

	it('accepts a message, sends it and delivers it to the legacy Outbound URL and a v2 webhook', async () => {
		await h.control.configureOutbound({ url: `${receiver.url}/legacy`, enabled: true, aggregationHours: 0 });
		const created = await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:sent:new', url: `${receiver.url}/v2` });
		expect(created.status).toBe(200);

		const answer = await postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Hello Ravi' });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ status: 'success', data: { message_id: expect.stringMatching(/^wa_backend:[0-9A-F]{20}$/) } });

		await h.control.waitForIdle();
		const state = await h.control.state();
		expect(state.messages[0]).toMatchObject({ text: 'Hello Ravi', status: 'Delivered', chatId: 20451188 });
		expect(receiver.received.map((entry) => entry.path).sort()).toEqual(['/legacy', '/v2']);
	});

	it('serves loopback test files and answers unknown paths with 404', async () => {
		const file = await request('GET', h.control.testFileUrl('a.pdf', { size: 10, contentType: 'application/pdf' }));
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('application/pdf');
		expect((await request('GET', `${h.sandbox.baseUrl}/nothing`)).status).toBe(404);
	});
});
