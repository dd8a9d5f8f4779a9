import { useSendEnvironment } from './setup';

/**
 * The chat a message went to, in the Send output: known from a Chat ID, otherwise looked up once the batch is sent
 * (numbers with `GET /chats?whatsapp_phone=…`, names and groups with `GET /messages/{uid}`) when the credential has
 * an API token. The lookup never fails the item.
 */

const env = useSendEnvironment();

const GROUP_CHAT = 20451377;
const SALES_PHONE = '+15105566777';
const LATER = 'Get Status with this message_id shows the chat later.';

describe('chat_id in the Send output', () => {
	it('is read back for a phone once TimelinesAI has opened the chat', async () => {
		const { items, error } = await env.send({ sendTo: 'phone', phone: '+14155550100', text: 'Hi' });
		expect(error).toBeUndefined();
		const [message] = (await env.control.state()).messages;
		expect(message.chatId).toEqual(expect.any(Number));
		expect(items[0].json.chat_id).toBe(message.chatId);
		expect(items[0].json).not.toHaveProperty('notes');
	});

	it.each([
		['a group JID', { sendTo: 'jid', jid: '120363012345678901@g.us' }],
		['a chat name', { sendTo: 'chatName', chatName: 'Store pickup team' }],
	])('is read back for %s', async (_case, recipient) => {
		const { items } = await env.send({ ...recipient, text: 'Team update', options: { senderPhone: SALES_PHONE } });
		expect(items[0].json).toMatchObject({ chat_id: GROUP_CHAT });
	});

	it('is missing, with a note, while the message still waits in TimelinesAI\'s queue', async () => {
		// Messages leave a minute apart, so the second one (at least) is still queued when it is looked up.
		await env.control.setPacing(60_000);
		const { items, error } = await env.send({ sendTo: 'phone', phone: '={{ $json.phone }}', text: 'Hi' }, [
			{ json: { phone: '+14155550100' } },
			{ json: { phone: '+14155550198' } },
		]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[1].json).toMatchObject({ message_id: expect.any(String), credits: 1 });
		expect(items[1].json).not.toHaveProperty('chat_id');
		expect(items[1].json.notes).toEqual([
			`TimelinesAI has no chat with this number yet: it opens one when it sends the message, which may still be queued behind others. chat_id is missing. ${LATER}`,
		]);
	});

	it('is found for every message of a 30-number broadcast to existing chats, still queued, with 1 request', async () => {
		// Messages leave a minute apart: only the first is sent by the time the batch ends, but every chat exists.
		await env.control.setPacing(60_000);
		const phones = Array.from({ length: 30 }, (_, i) => `+1415555${String(2000 + i)}`);
		const chats = await Promise.all(phones.map((phone, i) => env.control.upsertChat({ name: `Customer ${i}`, phone, isNew: false })));
		const callsBefore = await env.control.apiCallCount();
		const { items, error } = await env.send({ sendTo: 'phone', phone: '={{ $json.phone }}', text: 'Spring sale' }, phones.map((phone) => ({ json: { phone } })));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.chat_id)).toEqual(chats.map((chat) => chat.id));
		expect(items.filter((item) => item.json.notes)).toEqual([]);
		expect((await env.control.apiCallCount()) - callsBefore).toBe(1);
	});

	it.each([
		['500', 'TimelinesAI answered HTTP 500'],
		['reset', 'TimelinesAI did not answer'],
	] as const)('a failed lookup (%s) keeps the item sent and says so in a note, never an error', async (fault, why) => {
		await env.control.injectFault('api', fault, 1);
		const { items, error } = await env.send({ sendTo: 'phone', phone: '+14155550100', text: 'Hi' });
		expect(error).toBeUndefined();
		const { messages } = await env.control.state();
		expect(messages).toHaveLength(1);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ message_id: messages[0].messageId, credits: 1 });
		expect(items[0].json).not.toHaveProperty('chat_id');
		expect(items[0].json).not.toHaveProperty('error');
		expect(items[0].json.notes).toEqual([`The message was sent, but looking up its chat failed (${why}), so chat_id is missing. ${LATER}`]);
		const output = JSON.stringify(items);
		expect(output).not.toContain(env.sandbox.apiToken);
		expect(output).not.toContain(env.sandbox.inboundUrl);
	});

	it('is not looked up without an API token', async () => {
		// A pending API fault would be used up by a lookup; it stays, so no request was made.
		await env.control.injectFault('api', '500', 1);
		const { items, error } = await env.send({ sendTo: 'phone', phone: '+14155550100', text: 'Hi' }, undefined, {
			credentials: env.credentials({ apiToken: '' }),
		});
		expect(error).toBeUndefined();
		expect(items[0].json).not.toHaveProperty('chat_id');
		expect(items[0].json).not.toHaveProperty('notes');
		expect((await env.control.state()).faults).toEqual({ api: ['500'] });
	});

	it('comes from the recipient itself for a Chat ID, without a lookup', async () => {
		await env.control.injectFault('api', '500', 1);
		const { items } = await env.send({ sendTo: 'chatId', chatId: String(GROUP_CHAT), text: 'Hi' });
		expect(items[0].json).toMatchObject({ chat_id: GROUP_CHAT });
		expect(items[0].json).not.toHaveProperty('notes');
		expect((await env.control.state()).faults).toEqual({ api: ['500'] });
	});
});
