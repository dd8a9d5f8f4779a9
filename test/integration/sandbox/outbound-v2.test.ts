import {
	v2AccountEventSchema,
	v2ChatEventSchema,
	v2MessageEventSchema,
	V2_TIMESTAMP_PATTERN,
	type EventType,
} from '../../sandbox/spec-schemas';
import { api, postInbound, useReceiver, useSandbox, type Harness } from './helpers';

/** spec/outbound-webhook.md §2: public-API webhooks get the events of their one type. */

async function register(h: Harness, url: string, ...types: EventType[]): Promise<void> {
	for (const type of types) {
		const answer = await api(h.sandbox, 'POST', '/webhooks', { event_type: type, url: `${url}/${type}`, enabled: true });
		expect(answer.status).toBe(200);
	}
}

describe('v2 webhooks: which events each enabled webhook receives', () => {
	const h = useSandbox();
	const receiver = useReceiver();
	const messageTypes: EventType[] = ['message:new', 'message:received:new', 'message:sent:new', 'chat:new', 'chat:incoming:new', 'chat:outgoing:new'];

	const cases: Array<[string, (h: Harness) => Promise<unknown>, string[]]> = [
		['a received message in a known chat', (h) => h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' }), ['message:new', 'message:received:new']],
		['a message sent from the phone', (h) => h.control.simulateIncoming({ chatId: 20451188, direction: 'sent', text: 'Hi' }), ['message:new', 'message:sent:new']],
		['a message sent through the inbound webhook', (h) => postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Hi' }), ['message:new', 'message:sent:new']],
		['the first received message of a new chat', (h) => h.control.simulateIncoming({ phone: '+351912345678', text: 'Olá' }), ['chat:new', 'chat:incoming:new', 'message:new', 'message:received:new']],
		['the first sent message to a new number', (h) => postInbound(h.sandbox, { action: 'send', phone: '+14155550100', text: 'Hi' }), ['chat:new', 'chat:outgoing:new', 'message:new', 'message:sent:new']],
		['a message that failed to send', (h) => postInbound(h.sandbox, { action: 'send', phone: '+12025550100', text: 'Hi' }), []],
	];

	it.each(cases)('%s', async (_case, act, expected) => {
		await register(h, receiver.url, ...messageTypes);
		await act(h);
		await h.control.waitForIdle();
		const received = receiver.received.map((entry) => entry.path.slice(1)).sort();
		expect(received).toEqual([...expected].sort());
		for (const { path, body } of receiver.received) {
			expect(body.event_type).toBe(path.slice(1));
			const schema = body.event_type.startsWith('chat:') ? v2ChatEventSchema : v2MessageEventSchema;
			expect(schema.strict().safeParse(body).success).toBe(true);
		}
	});

	it('skips disabled webhooks', async () => {
		const created = await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:new', url: receiver.url, enabled: false });
		expect(created.body.data.enabled).toBe(false);
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' });
		await h.control.waitForIdle();
		expect(receiver.received).toHaveLength(0);
	});

	it('delivers to every webhook of the matching type', async () => {
		await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:received:new', url: `${receiver.url}/a` });
		await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:received:new', url: `${receiver.url}/b` });
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' });
		await h.control.waitForIdle();
		expect(receiver.received.map((entry) => entry.path).sort()).toEqual(['/a', '/b']);
	});

	it('message events: integer chat_id, non-ISO timestamp, attachments list, empty phones in groups', async () => {
		await register(h, receiver.url, 'message:received:new');
		await h.control.simulateIncoming({ groupJid: '120363012345678901@g.us', accountPhone: '+15105566777', author: 'Lena Fischer', attachment: { filename: 'receipt.jpg', mimetype: 'image/jpeg', size: 100 } });
		await h.control.waitForIdle();
		const [body] = receiver.bodies();
		expect(body.chat).toMatchObject({ chat_id: 20451377, is_group: true, phone: '', responsible_name: null, responsible_email: null });
		expect(body.message.timestamp).toMatch(V2_TIMESTAMP_PATTERN);
		expect(body.message.sender).toEqual({ full_name: 'Lena Fischer', phone: '' });
		expect(body.message.recipient).toEqual({ full_name: 'Store pickup team', phone: '' });
		expect(body.message.attachments).toEqual([expect.objectContaining({ filename: 'receipt.jpg', size: 100, mimetype: 'image/jpeg' })]);
		expect(body.message.origin).toBe('WhatsApp');
	});

	it('writes message timestamps in the workspace time zone', async () => {
		await register(h, receiver.url, 'message:new');
		await h.control.setClock({ set: '2026-03-02T09:05:18Z', frozen: true });
		await h.control.configure({ timezoneOffsetMinutes: -150 });
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' });
		await h.control.waitForIdle();
		expect(receiver.bodies()[0].message.timestamp).toBe('2026-03-02 06:35:18 -0230');
	});
});

describe('v2 chat and account events driven from the control surface', () => {
	const h = useSandbox();
	const receiver = useReceiver();

	it('chat:responsible:assigned and :unassigned', async () => {
		await register(h, receiver.url, 'chat:responsible:assigned', 'chat:responsible:unassigned');
		await h.control.setResponsible(20451240, { name: 'Maya Ortiz', email: 'maya@northwind.example' });
		await h.control.setResponsible(20451240, null);
		await h.control.waitForIdle();
		const bodies = receiver.bodies().sort((a, b) => a.event_type.localeCompare(b.event_type));
		expect(bodies.map((body) => [body.event_type, body.chat.responsible_name])).toEqual([
			['chat:responsible:assigned', 'Maya Ortiz'],
			['chat:responsible:unassigned', null],
		]);
		for (const body of bodies) expect(v2ChatEventSchema.strict().safeParse(body).success).toBe(true);
	});

	it('an older workspace (chatEventNames "former") delivers and lists chat events under their former names', async () => {
		await h.control.useChatEventNames('former');
		await register(h, receiver.url, 'chat:new', 'chat:incoming:new', 'chat:responsible:assigned');
		await api(h.sandbox, 'POST', '/webhooks', { event_type: 'chat:unassigned', url: `${receiver.url}/former` });
		await h.control.simulateIncoming({ phone: '+351912345678', text: 'Olá' });
		await h.control.setResponsible(20451240, { name: 'Maya Ortiz', email: 'maya@northwind.example' });
		await h.control.setResponsible(20451240, null);
		await h.control.waitForIdle();
		const delivered = receiver.received.map(({ path, body }) => [path, body.event_type]).sort();
		expect(delivered).toEqual([
			['/chat:incoming:new', 'chat:received:created'],
			['/chat:new', 'chat:created'],
			['/chat:responsible:assigned', 'chat:assigned'],
			['/former', 'chat:unassigned'],
		]);
		for (const body of receiver.bodies()) expect(v2ChatEventSchema.strict().safeParse(body).success).toBe(true);
		const listed = await api(h.sandbox, 'GET', '/webhooks');
		expect(listed.body.data.map((webhook: { event_type: string }) => webhook.event_type).sort()).toEqual([
			'chat:assigned',
			'chat:created',
			'chat:received:created',
			'chat:unassigned',
		]);
	});

	const accountCases: Array<[string, Array<'active' | 'disconnected' | 'suspended'>, string]> = [
		['disconnected', ['disconnected'], 'whatsapp:account:disconnected'],
		['connected', ['disconnected', 'active'], 'whatsapp:account:connected'],
		['suspended', ['suspended'], 'whatsapp:account:suspended'],
		['resumed', ['suspended', 'active'], 'whatsapp:account:resumed'],
	];

	it.each(accountCases)('whatsapp:account:%s', async (_case, steps, eventType) => {
		await register(h, receiver.url, eventType as EventType);
		for (const status of steps) await h.control.setAccountStatus('+15105566777', status);
		await h.control.waitForIdle();
		const [body] = receiver.bodies();
		expect(receiver.received).toHaveLength(1);
		expect(v2AccountEventSchema.strict().safeParse(body).success).toBe(true);
		expect(body).toEqual({
			event_type: eventType,
			whatsapp_account: {
				id: '15105566777@s.whatsapp.net',
				phone: '+15105566777',
				status: steps[steps.length - 1],
				account_name: 'Northwind Sales',
				owner_name: 'Maya Ortiz',
				owner_email: 'maya@northwind.example',
			},
		});
	});
});

describe('v2 delivery: 2xx within the deadline, errors_counter otherwise', () => {
	const h = useSandbox({ v2DeadlineMs: 300 });
	const receiver = useReceiver();

	const webhookOf = async () => (await api(h.sandbox, 'GET', '/webhooks')).body.data[0];

	const answers: Array<[string, number, number]> = [
		['200 counts as success', 200, 0],
		['204 counts as success', 204, 0],
		['404 counts as an error', 404, 1],
		['500 counts as an error', 500, 1],
	];

	it.each(answers)('%s', async (_case, status, errors) => {
		await register(h, receiver.url, 'message:new');
		receiver.answers = [status];
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' });
		await h.control.waitForIdle();
		expect((await webhookOf()).errors_counter).toBe(errors);
		expect((await h.control.state()).deliveries[0]).toMatchObject({ status, eventType: 'message:new' });
	});

	it('an answer after the deadline is an error', async () => {
		await register(h, receiver.url, 'message:new');
		receiver.delayMs = 600;
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' });
		await h.control.waitForIdle();
		expect((await webhookOf()).errors_counter).toBe(1);
		expect((await h.control.state()).deliveries[0]).toMatchObject({ status: null, error: 'No answer within 300 ms' });
	});

	it('counts errors in a row, tells the owner after 10, and resets on success', async () => {
		await register(h, receiver.url, 'message:new');
		receiver.answers = Array(10).fill(500);
		for (let i = 0; i < 10; i++) await h.control.simulateIncoming({ chatId: 20451188, text: `m${i}` });
		await h.control.waitForIdle();
		const state = await h.control.state();
		expect(state.webhooks[0].errors_counter).toBe(10);
		expect(state.webhookOwnerNotifications).toHaveLength(1);
		await h.control.simulateIncoming({ chatId: 20451188, text: 'ok' });
		await h.control.waitForIdle();
		expect((await webhookOf()).errors_counter).toBe(0);
	});

	it('refuses to deliver beyond loopback and counts it as an error', async () => {
		await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:new', url: 'https://example.com/hook' });
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' });
		await h.control.waitForIdle();
		expect((await h.control.state()).deliveries[0].error).toMatch(/only to loopback/);
		expect((await webhookOf()).errors_counter).toBe(1);
	});
});
