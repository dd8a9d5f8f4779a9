import { legacyBundleSchema, legacySingleSchema } from '../../sandbox/spec-schemas';
import { postInbound, useReceiver, useSandbox } from './helpers';

/** spec/outbound-webhook.md §1: the workspace "Outbound" integration. */

const HOUR = 3_600_000;

describe('legacy Outbound, "Don\'t aggregate": one POST per sent or received message, at once', () => {
	const h = useSandbox();
	const receiver = useReceiver();

	it('delivers received, sent-from-phone and sent-through-the-webhook messages in the single shape', async () => {
		await h.control.configureOutbound({ url: receiver.url, enabled: true, aggregationHours: 0 });
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi there' });
		await h.control.simulateIncoming({ chatId: 20451188, direction: 'sent', text: 'From my phone' });
		await postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'From n8n' });
		await h.control.waitForIdle();
		const bodies = receiver.bodies();
		expect(bodies.map((body) => [body.message.direction, body.message.text])).toEqual([
			['received', 'Hi there'],
			['sent', 'From my phone'],
			['sent', 'From n8n'],
		]);
		for (const body of bodies) {
			expect(legacySingleSchema.strict().safeParse(body).success).toBe(true);
			expect(body).not.toHaveProperty('aggregation');
			expect(body.message.message_id).toMatch(/^[0-9a-f-]{36}$/);
		}
		const { messages } = await h.control.state();
		expect(bodies.map((body) => body.message.message_id)).toEqual(messages.map((message) => message.uid));
	});

	it('does not deliver a message that failed to send', async () => {
		await h.control.configureOutbound({ url: receiver.url, enabled: true, aggregationHours: 0 });
		await postInbound(h.sandbox, { action: 'send', phone: '+1415', text: 'Never sent' });
		await h.control.waitForIdle();
		expect(receiver.received).toHaveLength(0);
	});

	it('delivers nothing while disabled or without a URL', async () => {
		await h.control.configureOutbound({ url: receiver.url, enabled: false });
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' });
		await h.control.configureOutbound({ url: '', enabled: true });
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' });
		await h.control.waitForIdle();
		expect(receiver.received).toHaveLength(0);
	});

	it('reports is_new_chat only with the first message of a new chat', async () => {
		await h.control.configureOutbound({ url: receiver.url, enabled: true });
		await h.control.simulateIncoming({ phone: '+351912345678', name: 'Tomás Silva', text: 'Olá' });
		await h.control.simulateIncoming({ phone: '+351912345678', text: 'Again' });
		await h.control.waitForIdle();
		expect(receiver.bodies().map((body) => body.chat.is_new_chat)).toEqual([true, false]);
		expect(receiver.bodies()[0].chat).toMatchObject({ full_name: 'Tomás Silva', phone: '+351912345678', chat_id: '20451502' });
	});

	it('serves the attachment at its temporary_download_url for 15 minutes', async () => {
		await h.control.configureOutbound({ url: receiver.url, enabled: true });
		await h.control.simulateIncoming({ chatId: 20451188, attachment: { filename: 'photo.jpg', mimetype: 'image/jpeg', size: 5000 } });
		await h.control.waitForIdle();
		const { attachment } = receiver.bodies()[0].message;
		expect(attachment).toMatchObject({ filename: 'photo.jpg', mimetype: 'image/jpeg', size: 5000 });
		const file = await fetch(attachment.temporary_download_url);
		expect(file.status).toBe(200);
		expect((await file.arrayBuffer()).byteLength).toBe(5000);
		await h.control.advanceClock(15 * 60_000 + 1000);
		expect((await fetch(attachment.temporary_download_url)).status).toBe(410);
	});
});

describe('legacy Outbound bundles: one POST per chat per 1, 6, 12 or 24 hours', () => {
	const h = useSandbox();
	const receiver = useReceiver();

	it.each([1, 6, 12, 24] as const)('every %i h: nothing before the period ends, then one bundle per chat', async (hours) => {
		await h.control.setClock({ set: '2026-03-02T00:00:00Z', frozen: true });
		await h.control.configureOutbound({ url: receiver.url, enabled: true, aggregationHours: hours });
		await h.control.simulateIncoming({ chatId: 20451188, text: 'one' });
		await h.control.advanceClock(60_000);
		await h.control.simulateIncoming({ chatId: 20451240, text: 'other chat' });
		await h.control.simulateIncoming({ chatId: 20451188, direction: 'sent', text: 'two' });
		await h.control.advanceClock(hours * HOUR - 2 * 60_000);
		await h.control.waitForIdle();
		expect(receiver.received).toHaveLength(0);

		await h.control.advanceClock(60_000);
		await h.control.waitForIdle();
		const bodies = receiver.bodies();
		expect(bodies.map((body) => [body.chat.chat_id, body.messages.map((message: { text: string }) => message.text)])).toEqual([
			['20451188', ['one', 'two']],
			['20451240', ['other chat']],
		]);
		for (const body of bodies) expect(legacyBundleSchema.strict().safeParse(body).success).toBe(true);
		expect(bodies[0]).toMatchObject({ first_message_timestamp: '2026-03-02T00:00:00+0000', last_message_timestamp: '2026-03-02T00:01:00+0000' });
		expect((await h.control.state()).outbound.pendingBundles).toHaveLength(0);
	});

	it('bundles carry message_uid, an empty message_id, and the aggregation HTML with a permalink', async () => {
		await h.control.setClock({ set: '2026-03-02T09:14:03Z', frozen: true });
		await h.control.configureOutbound({ url: receiver.url, enabled: true, aggregationHours: 1 });
		await h.control.simulateIncoming({ chatId: 20451188, text: 'First line\nsecond line' });
		await h.control.flushBundles();
		await h.control.waitForIdle();
		const [bundle] = receiver.bodies();
		expect(bundle.messages[0].message_id).toBe('');
		expect(bundle.messages[0].message_uid).toMatch(/^[0-9a-f-]{36}$/);
		expect(bundle.aggregation).toBe(
			"from Ravi Kumar on 2026-03-02 09:14: First line<br/>Click <a href='https://app.timelines.ai/permalink/5d0c7a21-8e4b-4f63-b1a2-7c9e0d3f4a58/'>here</a> to open the conversation in TimelinesAI",
		);
	});
});

describe('legacy Outbound auto-disable after more than 10 consecutive errors, and its logs', () => {
	const h = useSandbox();
	const receiver = useReceiver();

	const simulate = async (count: number) => {
		for (let i = 0; i < count; i++) await h.control.simulateIncoming({ chatId: 20451188, text: `m${i}` });
		await h.control.waitForIdle();
	};

	it('counts any answer but 200 as an error (201, 204, 301, 404, 500)', async () => {
		await h.control.configureOutbound({ url: receiver.url, enabled: true });
		receiver.answers = [201, 204, 301, 404, 500];
		await simulate(5);
		expect((await h.control.state()).outbound.consecutiveErrors).toBe(5);
		await simulate(1);
		expect((await h.control.state()).outbound.consecutiveErrors).toBe(0);
	});

	it('stays on after 10 errors in a row, turns itself off after the 11th and tells the owner', async () => {
		await h.control.configureOutbound({ url: receiver.url, enabled: true });
		receiver.answers = Array(12).fill(500);
		await simulate(10);
		expect((await h.control.state()).outbound).toMatchObject({ enabled: true, consecutiveErrors: 10, ownerNotifications: [] });
		await simulate(1);
		const { outbound } = await h.control.state();
		expect(outbound).toMatchObject({ enabled: false, consecutiveErrors: 11 });
		expect(outbound.ownerNotifications).toEqual([
			{ at: expect.any(String), message: 'The Outbound webhook was disabled after 11 consecutive errors (last: HTTP 500).' },
		]);
		await simulate(1);
		expect(receiver.received).toHaveLength(11);
	});

	it('counts an unreachable URL as an error', async () => {
		await h.control.configureOutbound({ url: 'http://127.0.0.1:1/unreachable', enabled: true });
		await simulate(1);
		const { outbound } = await h.control.state();
		expect(outbound.consecutiveErrors).toBe(1);
		expect(outbound.activity[0]).toMatchObject({ status: null, error: expect.stringMatching(/ECONNREFUSED/) });
	});

	it('starts a fresh count when switched back on', async () => {
		await h.control.configureOutbound({ url: receiver.url, enabled: true });
		receiver.answers = Array(11).fill(500);
		await simulate(11);
		await h.control.configureOutbound({ enabled: true });
		expect((await h.control.state()).outbound).toMatchObject({ enabled: true, consecutiveErrors: 0 });
	});

	it('keeps 10 deliveries in the activity log and 100 with request and response in the detailed log', async () => {
		await h.control.configureOutbound({ url: receiver.url, enabled: true });
		await simulate(105);
		const { outbound } = await h.control.state();
		expect(outbound.activity).toHaveLength(10);
		expect(outbound.log).toHaveLength(100);
		expect(outbound.log[0]).toMatchObject({ kind: 'single', status: 200, responseBody: 'ok', request: { message: { text: 'm104' } } });
		expect((outbound.log[99].request as { message: { text: string } }).message.text).toBe('m5');
	});
});
