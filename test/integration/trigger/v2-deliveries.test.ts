import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { useTriggerEnvironment } from './setup';

/** v2 ("Public API") webhooks: registered as activation leaves them, the sandbox's outbound engine delivers. */

const env = useTriggerEnvironment();

const RAVI = 20451188;
const STORE_GROUP = 20451377;

async function activeTrigger(parameters: INodeParameters = {}, typeVersion?: number) {
	return await env.registeredTrigger({ events: ['message:received:new', 'message:sent:new'], ...parameters }, { typeVersion });
}

const jsonOf = (runs: INodeExecutionData[][]) => runs.map((items) => items.map((item) => item.json));

describe('v2 message events from the sandbox', () => {
	it('a received message becomes one item of the documented schema', async () => {
		await activeTrigger();
		const message = await env.control.simulateIncoming({ chatId: RAVI, text: 'Is the sofa still available? 🛋️' });
		await env.idle();

		const state = await env.control.state();
		expect(state.deliveries.map((delivery) => delivery.status)).toEqual([200]);
		expect(jsonOf(env.server.runs)).toEqual([
			[
				{
					event: 'message:received:new',
					source: 'api_webhook',
					direction: 'received',
					text: 'Is the sofa still available? 🛋️',
					timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
					message_uid: message.message_uid,
					reply_to_uid: null,
					origin: 'WhatsApp',
					sender: { name: 'Ravi Kumar', phone: '+919812345678' },
					recipient: { name: 'Maya Ortiz', phone: '+15105566777' },
					attachments: [],
					chat: {
						id: String(RAVI),
						name: 'Ravi Kumar',
						url: expect.stringContaining(`/chat/${RAVI}/`),
						phone: '+919812345678',
						jid: null,
						is_group: false,
						is_new: null,
						responsible: { name: 'Maya Ortiz', email: 'maya@northwind.example' },
					},
					account: {
						id: null,
						phone: '+15105566777',
						name: null,
						owner_name: 'Maya Ortiz',
						owner_email: 'maya@northwind.example',
						status: null,
					},
					bundle: null,
					received_at: expect.stringMatching(/Z$/),
				},
			],
		]);
	});

	it('the timestamp is UTC whatever the workspace time zone', async () => {
		await env.control.configure({ timezoneOffsetMinutes: 330 });
		await activeTrigger();
		await env.control.simulateIncoming({ chatId: RAVI, text: 'hi' });
		await env.idle();
		const state = await env.control.state();
		const [[item]] = env.server.runs;
		const sent = state.messages.find((message) => message.uid === item.json.message_uid);
		expect(item.json.timestamp).toBe(new Date(sent!.sentAt ?? sent!.createdAt).toISOString().replace(/\.\d{3}Z$/, '.000Z'));
	});

	it('version 2: the events say the direction ("Message Received" lets no sent message through, still answered 200)', async () => {
		await activeTrigger({ events: ['message:received:new'] });
		await env.control.simulateIncoming({ chatId: RAVI, direction: 'sent', text: 'from the phone app' });
		await env.control.simulateIncoming({ chatId: RAVI, text: 'a reply' });
		await env.idle();
		expect((await env.control.state()).deliveries.map((delivery) => delivery.status)).toEqual([200]);
		expect(jsonOf(env.server.runs).flat().map((item) => [item.direction, item.text])).toEqual([['received', 'a reply']]);
	});

	it('version 2: a Direction saved with an automatic setup no longer filters (the panel does not ask it there)', async () => {
		await activeTrigger({ events: ['message:new'], direction: 'received' });
		await env.control.simulateIncoming({ chatId: RAVI, direction: 'sent', text: 'from the phone app' });
		await env.idle();
		expect(jsonOf(env.server.runs).flat().map((item) => item.direction)).toEqual(['sent']);
	});

	it('version 1 (saved workflows): sent messages are filtered out with "Received Only", still answered 200', async () => {
		await activeTrigger({ direction: 'received' }, 1);
		await env.control.simulateIncoming({ chatId: RAVI, direction: 'sent', text: 'from the phone app' });
		await env.control.simulateIncoming({ chatId: RAVI, text: 'a reply' });
		await env.idle();
		expect((await env.control.state()).deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
		expect(jsonOf(env.server.runs).flat().map((item) => [item.direction, item.text])).toEqual([['received', 'a reply']]);
	});

	it('group messages: is_group true, phones null; "Direct Chats Only" filters them out', async () => {
		await activeTrigger();
		await env.control.simulateIncoming({ chatId: STORE_GROUP, text: 'Pickup at 5?', author: 'Lena Fischer' });
		await env.idle();
		const [[item]] = env.server.runs;
		expect(item.json).toMatchObject({
			chat: { is_group: true, phone: null, name: 'Store pickup team' },
			sender: { name: 'Lena Fischer', phone: null },
		});

		env.server.clear();
		await activeTrigger({ chatKind: 'direct' });
		await env.control.simulateIncoming({ chatId: STORE_GROUP, text: 'again' });
		await env.idle();
		expect(env.server.runs).toEqual([]);
	});

	it('"Any Message" and "Message Received" both registered: the message starts one run, not two', async () => {
		await activeTrigger({ events: ['message:new', 'message:received:new'] });
		await env.control.simulateIncoming({ chatId: RAVI, text: 'once' });
		await env.idle();
		const state = await env.control.state();
		expect(state.deliveries).toHaveLength(2);
		expect(env.server.records.map((record) => record.status)).toEqual([200, 200]);
		expect(jsonOf(env.server.runs).flat().map((item) => item.text)).toEqual(['once']);
	});

	it('a redelivery after an n8n restart is still recognised (static data)', async () => {
		const trigger = await activeTrigger();
		await env.control.simulateIncoming({ chatId: RAVI, text: 'remember me' });
		await env.idle();
		const [delivery] = (await env.control.state()).deliveries;
		env.server.serve(await trigger.restarted());
		const again = await fetch(delivery.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(delivery.payload),
		});
		expect(again.status).toBe(200);
		expect(await again.json()).toMatchObject({ items: 0, repeated: 1 });
		await env.server.settled();
		expect(env.server.runs).toHaveLength(1);
	});
});

describe.each(['current', 'former'] as const)('v2 chat events named the %s way', (names) => {
	beforeEach(async () => {
		await env.control.useChatEventNames(names);
	});

	it('a new chat', async () => {
		await activeTrigger({ events: ['chat:new'] });
		await env.control.simulateIncoming({ phone: '+351912345678', name: 'Tomás Silva', text: 'Olá' });
		await env.idle();
		expect(jsonOf(env.server.runs).flat()).toEqual([
			expect.objectContaining({
				event: 'chat:new',
				direction: null,
				text: null,
				message_uid: null,
				attachments: [],
				chat: expect.objectContaining({ name: 'Tomás Silva', phone: '+351912345678', is_group: false }),
				account: expect.objectContaining({ phone: '+14155550123', name: 'Northwind Support', status: 'active' }),
			}),
		]);
		expect(typeof (env.server.runs[0][0].json.chat as { id: unknown }).id).toBe('string');
	});

	it('a chat assignment', async () => {
		await activeTrigger({ events: ['chat:responsible:assigned'] });
		await env.control.setResponsible(STORE_GROUP, { name: 'Jon Park', email: 'jon@northwind.example' });
		await env.idle();
		expect(jsonOf(env.server.runs).flat()).toEqual([
			expect.objectContaining({
				event: 'chat:responsible:assigned',
				chat: expect.objectContaining({ id: String(STORE_GROUP), responsible: { name: 'Jon Park', email: 'jon@northwind.example' } }),
			}),
		]);
	});

	it('a chat unassignment', async () => {
		await activeTrigger({ events: ['chat:responsible:unassigned'] });
		await env.control.setResponsible(STORE_GROUP, null);
		await env.idle();
		expect(jsonOf(env.server.runs).flat()).toEqual([
			expect.objectContaining({ event: 'chat:responsible:unassigned', chat: expect.objectContaining({ responsible: null }) }),
		]);
	});
});

describe('v2 account events from the sandbox', () => {
	it('an account disconnecting and coming back are two runs (events are never treated as repeats)', async () => {
		await activeTrigger({ events: ['whatsapp:account:disconnected', 'whatsapp:account:connected'] });
		await env.control.setAccountStatus('+14155550123', 'disconnected');
		await env.idle();
		await env.control.setAccountStatus('+14155550123', 'active');
		await env.idle();
		await env.control.setAccountStatus('+14155550123', 'disconnected');
		await env.idle();
		expect(jsonOf(env.server.runs).flat().map((item) => [item.event, (item.account as { phone: string }).phone, item.chat])).toEqual([
			['whatsapp:account:disconnected', '+14155550123', null],
			['whatsapp:account:connected', '+14155550123', null],
			['whatsapp:account:disconnected', '+14155550123', null],
		]);
	});
});

describe('security', () => {
	it('a delivery to the registered URL without the secret gets 401 and starts nothing', async () => {
		const trigger = await activeTrigger();
		await env.control.simulateIncoming({ chatId: RAVI, text: 'x' });
		await env.idle();
		const { webhooks: [registered], deliveries: [delivery] } = await env.control.state();
		const body = delivery.payload;
		env.server.clear();
		for (const url of [trigger.url(false), `${trigger.url(false)}?secret=guess`, registered.url.replace(/secret=([^&]*)/, (_, secret: string) => `secret=${secret}x`)]) {
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			expect(response.status).toBe(401);
		}
		await env.server.settled();
		expect(env.server.runs).toEqual([]);
	});
});
