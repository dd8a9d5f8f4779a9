import { FORMER_CHAT_EVENT_NAMES } from '../../../nodes/TimelinesAi/protocol';
import { classifyDelivery } from '../../../nodes/TimelinesAi/trigger/item';
import { toItems } from '../../../nodes/TimelinesAi/trigger/item';
import { fixtures } from '../../fixtures/spec';

const RECEIVED_AT = '2026-03-02T12:00:00.000Z';

function itemsOf(body: unknown) {
	const result = classifyDelivery(body);
	if (!result.ok) throw new Error(result.reason);
	return toItems(result.delivery, RECEIVED_AT);
}

describe('normalising a legacy bundle', () => {
	const items = itemsOf(fixtures.bundle());

	it('gives one item per message, each with its chat and account', () => {
		expect(items).toHaveLength(3);
		for (const item of items) {
			expect(item.chat).toEqual({
				id: '20451188',
				name: 'Ravi Kumar',
				url: 'https://app.timelines.ai/chat/20451188/messages/',
				phone: '+919812345678',
				jid: null,
				is_group: false,
				is_new: false,
				responsible: { name: 'Maya Ortiz', email: 'maya@northwind.example' },
			});
			expect(item.account).toEqual({
				id: null,
				phone: '+15105566777',
				name: null,
				owner_name: 'Maya Ortiz',
				owner_email: 'maya@northwind.example',
				status: null,
			});
			expect(item.source).toBe('outbound_integration');
			expect(item.received_at).toBe(RECEIVED_AT);
		}
	});

	it('names the event by direction and converts timestamps to ISO 8601 UTC', () => {
		expect(items.map((item) => [item.event, item.direction, item.timestamp])).toEqual([
			['message:received:new', 'received', '2026-03-02T09:14:03.000Z'],
			['message:sent:new', 'sent', '2026-03-02T09:20:41.000Z'],
			['message:received:new', 'received', '2026-03-02T09:31:10.000Z'],
		]);
	});

	it('uses message_uid, never the unused bundle message_id', () => {
		expect(items.map((item) => item.message_uid)).toEqual([
			'7b1e6c0a-3f52-4d0e-9a61-2f7c55c1d0a1',
			'c2d9a4f8-1b7e-4c3a-8d55-0e6f9b2a7c13',
			'e4a0f3b2-6c1d-4f8e-a2b7-9d3c1e5f6a70',
		]);
	});

	it('turns the single attachment into a list and records the bundle position', () => {
		expect(items[1].attachments).toEqual([
			{
				filename: 'sofa-spec.pdf',
				mimetype: 'application/pdf',
				size: 482113,
				url: 'https://files.timelines.ai/tmp/9f2c1e/sofa-spec.pdf',
				binary_property: null,
				download_error: null,
			},
		]);
		expect(items[0].attachments).toEqual([]);
		expect(items[2].bundle).toEqual({
			index: 2,
			count: 3,
			first_message_timestamp: '2026-03-02T09:14:03.000Z',
			last_message_timestamp: '2026-03-02T09:31:10.000Z',
		});
		expect(items[2].text).toBe("Great, I'll take it 👍");
	});
});

describe('normalising a legacy single message', () => {
	const [item] = itemsOf(fixtures.single());

	it('takes message_id as the uid and turns empty phones into null (group chat)', () => {
		expect(item.message_uid).toBe('0d5b8e7c-2a4f-4e91-b3c6-71f0a9d2e845');
		expect(item.chat?.is_group).toBe(true);
		expect(item.chat?.phone).toBeNull();
		expect(item.chat?.responsible).toBeNull();
		expect(item.sender).toEqual({ name: 'Lena Fischer', phone: null });
		expect(item.text).toBe('');
		expect(item.bundle).toBeNull();
		expect(item.attachments).toHaveLength(1);
	});
});

describe('normalising v2 events', () => {
	it('message event: integer chat_id becomes a string, the +0530 timestamp becomes UTC', () => {
		const [item] = itemsOf(fixtures.messageReceived());
		expect(item).toMatchObject({
			event: 'message:received:new',
			source: 'api_webhook',
			direction: 'received',
			timestamp: '2026-03-02T09:05:18.000Z',
			message_uid: 'a91f7d3e-5b2c-4e0a-8f6d-1c4b7e9a2d36',
			reply_to_uid: null,
			origin: 'WhatsApp',
			chat: { id: '20451188', is_group: false },
			attachments: [],
		});
	});

	it('chat event: chat and account described, no message', () => {
		const [item] = itemsOf(fixtures.chatNew());
		expect(item).toMatchObject({
			event: 'chat:incoming:new',
			direction: null,
			text: null,
			message_uid: null,
			chat: { id: '20451502', name: 'Tomás Silva', jid: '351912345678@s.whatsapp.net', responsible: null },
			account: { id: '15105566777@s.whatsapp.net', name: 'Northwind Sales', status: 'active' },
		});
	});

	it.each(Object.entries(FORMER_CHAT_EVENT_NAMES))(
		'chat event under its former name: "%s" and "%s" give the same item, named the current way',
		(current, former) => {
			const currentItems = itemsOf({ ...fixtures.chatNew(), event_type: current });
			expect(itemsOf({ ...fixtures.chatNew(), event_type: former })).toEqual(currentItems);
			expect(currentItems[0].event).toBe(current);
		},
	);

	it('account event: only the account', () => {
		const { whatsapp_account } = fixtures.chatNew();
		const [item] = itemsOf({ event_type: 'whatsapp:account:disconnected', whatsapp_account });
		expect(item).toMatchObject({ event: 'whatsapp:account:disconnected', chat: null, account: { phone: '+15105566777' } });
	});

	it('call event: the account, whatever else the body holds', () => {
		const [item] = itemsOf({ event_type: 'call:incoming:missed', whatsapp_account: { phone: '+15105566777' }, caller: 'x' });
		expect(item).toMatchObject({ event: 'call:incoming:missed', account: { phone: '+15105566777', id: null } });
	});

	it('call event with the contact\'s chat: the chat as in message events, so a follow-up can use chat.id', () => {
		const chat = { full_name: 'Ravi Kumar', chat_url: 'https://app.timelines.ai/chat/20451188/messages/', chat_id: 20451188, is_group: false, phone: '+919812345678' };
		const [item] = itemsOf({ event_type: 'call:incoming:missed', whatsapp_account: { phone: '+15105566777' }, chat, call_details: { status: 'Missed' } });
		expect(item).toMatchObject({ event: 'call:incoming:missed', chat: { id: '20451188', name: 'Ravi Kumar', phone: '+919812345678', is_group: false } });
	});
});

describe('tolerance of real deliveries', () => {
	it('accepts missing optional fields as null', () => {
		const body = fixtures.messageReceived() as Record<string, unknown> & { message: Record<string, unknown> };
		delete body.message.sender;
		delete body.message.attachments;
		delete body.message.reply_to_uid;
		body.message.timestamp = 'yesterday';
		const [item] = itemsOf(body);
		expect(item).toMatchObject({ sender: null, attachments: [], reply_to_uid: null, timestamp: null });
	});

	it('accepts a string chat_id in v2 and an integer one in legacy', () => {
		const v2 = fixtures.messageReceived() as { chat: { chat_id: unknown } };
		v2.chat.chat_id = '20451188';
		expect(itemsOf(v2)[0].chat?.id).toBe('20451188');
		const legacy = fixtures.single() as { chat: { chat_id: unknown } };
		legacy.chat.chat_id = 20451377;
		expect(itemsOf(legacy)[0].chat?.id).toBe('20451377');
	});
});
