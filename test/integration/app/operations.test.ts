import type { INodeParameters } from 'n8n-workflow';

import { useSendEnvironment } from '../send/setup';

/** The TimelinesAI node's operations, run through n8n-core against the sandbox. */

const env = useSendEnvironment();

const RAVI_CHAT = 20451188;
const PRIYA_CHAT = 20451240;
const SALES_PHONE = '+15105566777';

const send = (fields: INodeParameters): INodeParameters => ({ resource: 'message', operation: 'send', ...fields });
const findChat = (fields: INodeParameters): INodeParameters => ({ resource: 'chat', operation: 'find', ...fields });
const chatLocator = (mode: string, value: string) => ({ __rl: true, mode, value });

async function addCustomerChats(count: number): Promise<void> {
	for (let n = 1; n <= count; n++) {
		await env.control.upsertChat({ name: `Customer ${String(n).padStart(2, '0')}`, phone: `+1415555${String(1000 + n)}`, isNew: false });
	}
}

describe('TimelinesAI node, Message → Send', () => {
	it.each([
		['picked from the list', chatLocator('list', String(RAVI_CHAT)), RAVI_CHAT],
		['typed as an ID', chatLocator('id', String(PRIYA_CHAT)), PRIYA_CHAT],
		['pasted as the chat address', chatLocator('url', `https://app.timelines.ai/chat/${PRIYA_CHAT}/messages/`), PRIYA_CHAT],
	])('sends to a chat %s; the output carries the chat id', async (_case, chatId, expectedChat) => {
		const { items, error } = await env.run('timelinesAi', send({ sendTo: 'chatId', chatId, text: 'Hello from the app node' }));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ chat_id: expectedChat, recipient: { chat_id: String(expectedChat) }, credits: 1 });
		expect(items[0].pairedItem).toEqual({ item: 0 });
		await env.control.waitForIdle();
		const [message] = (await env.control.state()).messages;
		expect(message).toMatchObject({ chatId: expectedChat, text: 'Hello from the app node', via: 'inbound' });
	});

	it('sends from the account picked in the Sender WhatsApp Phone dropdown', async () => {
		const { items } = await env.run('timelinesAi', send({ sendTo: 'phone', phone: '+14155550100', text: 'Hi', options: { senderPhone: SALES_PHONE } }));
		expect(items[0].json).toMatchObject({ request_body: { 'whatsapp account phone': SALES_PHONE } });
		await env.control.waitForIdle();
		const [message] = (await env.control.state()).messages;
		expect(message).toMatchObject({ accountId: '15105566777@s.whatsapp.net' });
		expect(items[0].json.chat_id).toBe(message.chatId);
	});

	it('a mapped address that is not a chat\'s names the item and the field, and sends nothing', async () => {
		// A typed one is already marked in the editor (the By URL mode's pattern); a mapped one is checked when it runs.
		const chatId = chatLocator('url', '={{ $json.link }}');
		const { error } = await env.run('timelinesAi', send({ sendTo: 'chatId', chatId, text: 'Hi' }), [{ json: { link: 'https://example.com/contacts/ravi' } }]);
		expect(error?.message).toMatch(/^Field "Chat ID" in item 0: "https:\/\/example.com\/contacts\/ravi" is not a chat id/);
		expect((await env.control.state()).messages).toHaveLength(0);
	});
});

describe('On Error: Continue (using error output)', () => {
	it('failed items go to the error output, the others to the success output', async () => {
		const inputs = [{ json: { phone: '+14155550100' } }, { json: { phone: '12345' } }, { json: { phone: '+14155550101' } }];
		const { items, errorItems } = await env.run('timelinesAi', send({ sendTo: 'phone', phone: '={{ $json.phone }}', text: 'Hi' }), inputs, { errorOutput: true });
		expect(items.map((item) => [item.json.recipient, item.pairedItem])).toEqual([
			[{ phone: '+14155550100' }, { item: 0 }],
			[{ phone: '+14155550101' }, { item: 2 }],
		]);
		expect(errorItems).toHaveLength(1);
		// An input problem has no separate hint: its sentence says the fix. (Here the node is first, so n8n adds no input fields.)
		expect(errorItems[0].json).toEqual({ error: expect.stringMatching(/^Field "Phone" in item 1: "12345"/) });
		expect(errorItems[0].pairedItem).toEqual({ item: 1 });
	});

	it("TimelinesAI's refusal keeps its hint, as message: the one other field n8n lets through to the error output", async () => {
		const { errorItems } = await env.run('timelinesAi', { resource: 'message', operation: 'getStatus', messageId: 'nope' }, undefined, { errorOutput: true });
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].json).toEqual({ error: expect.stringMatching(/HTTP 404/), message: expect.stringMatching(/\w/) });
	});

	it('a read operation does the same', async () => {
		const inputs = [{ json: { name: 'ravi' } }, { json: { name: 'zzz' } }];
		const { items, errorItems } = await env.run('timelinesAi', findChat({ nameContains: '={{ $json.name }}', ifNothingFound: 'error' }), inputs, { errorOutput: true });
		expect(items.map((item) => item.json.name)).toEqual(['Ravi Kumar']);
		expect(errorItems.map((item) => [item.json.error, item.pairedItem])).toEqual([[expect.stringMatching(/^Field "Name Contains" in item 1/), { item: 1 }]]);
	});
});

describe('TimelinesAI node, Message → Get Status', () => {
	it('reads the status and its history of a message the node sent', async () => {
		const sent = await env.run('timelinesAi', send({ sendTo: 'chatId', chatId: chatLocator('list', String(RAVI_CHAT)), text: 'Track me' }));
		await env.control.waitForIdle();
		const messageId = sent.items[0].json.message_id as string;

		const { items, error } = await env.run('timelinesAi', { resource: 'message', operation: 'getStatus', messageId: '={{ $json.message_id }}' }, sent.items);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ status: 'Delivered', chat_id: RAVI_CHAT, text: 'Track me', error: null, direction: 'sent' });
		expect((items[0].json.status_history as Array<{ status: string }>).map((entry) => entry.status)).toEqual(['Pending', 'Sent', 'Delivered']);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(messageId).toMatch(/^wa_backend:/);
	});

	it('a failed message says why', async () => {
		const sent = await env.run('timelinesAi', send({ sendTo: 'phone', phone: '+12025550100', text: 'Hi' }));
		await env.control.waitForIdle();
		const { items } = await env.run('timelinesAi', { resource: 'message', operation: 'getStatus', messageId: sent.items[0].json.message_id as string });
		expect(items[0].json).toMatchObject({ status: 'Failed', error: 'The phone number +12025550100 is not on WhatsApp' });
	});

	it('with Continue, an unknown id and an empty one give one error item each, the known one its status', async () => {
		const sent = await env.run('timelinesAi', send({ sendTo: 'chatId', chatId: chatLocator('id', String(RAVI_CHAT)), text: 'Hi' }));
		const inputs = [{ json: { id: 'nope' } }, { json: { id: '' } }, { json: { id: sent.items[0].json.message_id } }];
		const { items } = await env.run('timelinesAi', { resource: 'message', operation: 'getStatus', messageId: '={{ $json.id }}' }, inputs, { continueOnFail: true });
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.error).toMatch(/HTTP 404/);
		expect(items[1].json.error).toBe('Field "Message ID" in item 1: it is empty. Map the message_id from the Send output, e.g. {{ $json.message_id }}.');
		expect(items[2].json).toMatchObject({ status: expect.any(String), chat_id: RAVI_CHAT });
	});

	it('without an API token it says which credential field to fill in, and the token never shows', async () => {
		const { error } = await env.run('timelinesAi', { resource: 'message', operation: 'getStatus', messageId: 'abc' }, undefined, {
			credentials: env.credentials({ apiToken: '' }),
		});
		expect(error?.message).toMatch(/^Field "API Token \(in the TimelinesAI credential\)" in item 0: it is empty, but reading the message needs it/);
		const wrong = await env.run('timelinesAi', { resource: 'message', operation: 'getStatus', messageId: 'abc' }, undefined, {
			credentials: env.credentials({ apiToken: 'wrong-token-1234567' }),
		});
		expect(wrong.error?.message).toMatch(/401/);
		expect(JSON.stringify(wrong.error)).not.toContain('wrong-token-1234567');
	});
});

describe('TimelinesAI node, Chat → Find', () => {
	it('finds chats by part of the name, in any case: one item per chat', async () => {
		const { items } = await env.run('timelinesAi', findChat({ nameContains: 'WEEKEND' }));
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ json: { id: 20451401, name: 'Weekend crew', is_group: true }, pairedItem: { item: 0 } });
	});

	it('each input item searches on its own, and its chats are paired with it', async () => {
		const inputs = [{ json: { name: 'ravi' } }, { json: { name: 'priya' } }];
		const { items } = await env.run('timelinesAi', findChat({ nameContains: '={{ $json.name }}' }), inputs);
		expect(items.map((item) => [item.json.name, item.pairedItem])).toEqual([
			['Ravi Kumar', { item: 0 }],
			['Priya Nair', { item: 1 }],
		]);
	});

	it('reads every page with Return All, and stops at the limit otherwise', async () => {
		await addCustomerChats(60);
		const all = await env.run('timelinesAi', findChat({ nameContains: 'customer', returnAll: true }));
		expect(all.items).toHaveLength(60);
		expect(all.items[59].json.name).toBe('Customer 60');
		const limited = await env.run('timelinesAi', findChat({ nameContains: 'customer', returnAll: false, limit: 55 }));
		expect(limited.items.map((item) => item.json.name)).toEqual(all.items.slice(0, 55).map((item) => item.json.name));
	});

	it('nothing found: no item by default; an error naming the item when asked for', async () => {
		const quiet = await env.run('timelinesAi', findChat({ nameContains: 'zzz' }));
		expect(quiet).toMatchObject({ items: [], error: undefined });
		const loud = await env.run('timelinesAi', findChat({ nameContains: 'zzz', ifNothingFound: 'error' }));
		expect(loud.error?.message).toBe(
			'Field "Name Contains" in item 0: no chat\'s name contains "zzz". Check the spelling (any part of the name works, in any case), or set If Nothing Is Found to Output Nothing.',
		);
		const continued = await env.run('timelinesAi', findChat({ nameContains: 'zzz', ifNothingFound: 'error' }), [{ json: {} }, { json: {} }], { continueOnFail: true });
		expect(continued.items.map((item) => [Boolean(item.json.error), item.pairedItem])).toEqual([
			[true, { item: 0 }],
			[true, { item: 1 }],
		]);
	});
});
