import type { INodeParameters } from 'n8n-workflow';

import { SEEDED_ACCOUNTS, SEEDED_CHATS } from '../../sandbox/workspace';
import { useSendEnvironment } from '../send/setup';

/** Message → Reply, Get and React through n8n-core against the sandbox: what TimelinesAI recorded, and the errors. */

const env = useSendEnvironment();

const [RAVI, , PRIYA] = SEEDED_CHATS.map((chat) => chat.id);
const SALES_PHONE = SEEDED_ACCOUNTS[0].phone;

const byId = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });
const reply = (fields: INodeParameters): INodeParameters => ({ resource: 'message', operation: 'reply', chatId: byId(RAVI), ...fields });
const get = (fields: INodeParameters): INodeParameters => ({ resource: 'message', operation: 'get', ...fields });
const react = (fields: INodeParameters): INodeParameters => ({ resource: 'message', operation: 'react', ...fields });

/** A message the contact wrote in Ravi's chat, as a TimelinesAI Trigger would have it. */
async function incoming(text = 'Is it in stock?'): Promise<string> {
	return (await env.control.simulateIncoming({ chatId: RAVI, text })).message_uid;
}

async function apiMessages() {
	return (await env.control.state()).messages.filter((message) => message.via === 'api');
}

describe('Message → Reply', () => {
	it('quotes the trigger\'s message and labels the chat: TimelinesAI queued exactly that', async () => {
		const question = await incoming();
		const { items, error } = await env.run(
			'timelinesAi',
			reply({ chatId: byId('={{ $json.chat.id }}'), text: 'Yes, 3 left', options: { replyTo: '={{ $json.message_uid }}', label: 'replied' } }),
			[{ json: { chat: { id: RAVI }, message_uid: question } }],
		);
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: { message_uid: expect.any(String), chat_id: RAVI, text: 'Yes, 3 left', reply_to: question, file_uid: null, label: 'replied' },
				pairedItem: { item: 0 },
			},
		]);
		const [sent] = await apiMessages();
		expect(sent).toMatchObject({ uid: items[0].json.message_uid, chatId: RAVI, text: 'Yes, 3 left', replyToUid: question, origin: 'API' });
		expect(await env.control.chatLabels(RAVI)).toContain('replied');
	});

	it('sends a file uploaded by File → Upload, without text', async () => {
		const uploaded = await env.run('timelinesAi', { resource: 'file', operation: 'upload', source: 'url', fileUrl: env.control.testFileUrl('price-list.pdf', { contentType: 'application/pdf' }) });
		const fileUid = uploaded.items[0].json.uid as string;
		const { items, error } = await env.run('timelinesAi', reply({ text: '', options: { fileUid: '={{ $json.uid }}' } }), uploaded.items);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ chat_id: RAVI, text: '', file_uid: fileUid });
		const [sent] = await apiMessages();
		expect(sent).toMatchObject({ chatId: RAVI, text: '', fileUid });
	});

	it('2000 characters go; 2001 are refused before anything is sent, naming the item and the field', async () => {
		const ok = await env.run('timelinesAi', reply({ text: 'a'.repeat(2000) }));
		expect(ok.error).toBeUndefined();
		const { error } = await env.run('timelinesAi', reply({ text: 'a'.repeat(2001) }));
		expect(error?.message).toBe(
			'Field "Text" in item 0: is 2001 characters long, but TimelinesAI sends at most 2000 in one message. Shorten it, or split it into several items and send one message each.',
		);
		expect(await apiMessages()).toHaveLength(1);
	});

	it('empty text without a file is refused and says how to send a file alone', async () => {
		const { error } = await env.run('timelinesAi', reply({ text: '  ' }));
		expect(error?.message).toBe(
			'Field "Text" in item 0: is empty. Write the message, or add File UID under Options (from File → Upload) to send a file alone.',
		);
		expect(await apiMessages()).toHaveLength(0);
	});

	it('an unknown chat and an unknown file uid are each told in words, with where to map a right one from', async () => {
		const chat = await env.run('timelinesAi', reply({ chatId: byId(999999), text: 'Hi' }));
		expect(chat.error?.message).toBe(
			'Field "Chat ID" in item 0: TimelinesAI has no chat 999999 in this workspace (HTTP 404). Pick the chat from the list, or map the chat id from the TimelinesAI Trigger ({{ $json.chat.id }}) or from Chat → Get Many ({{ $json.id }}).',
		);
		const file = await env.run('timelinesAi', reply({ text: 'Hi', options: { fileUid: 'no-such-file' } }));
		expect(file.error?.message).toBe(
			'Field "File UID" in item 0: TimelinesAI has no file with uid "no-such-file" in this workspace (HTTP 404). Map the uid from a File → Upload before this node, e.g. {{ $json.uid }}.',
		);
		expect(await apiMessages()).toHaveLength(0);
	});

	it("quoting a message of another WhatsApp account is TimelinesAI's refusal of Quote Message ID", async () => {
		const elsewhere = await env.control.simulateIncoming({ chatId: PRIYA, text: 'on the Support number' });
		const { error } = await env.run('timelinesAi', reply({ text: 'Hi', options: { replyTo: elsewhere.message_uid } }));
		expect(error?.message).toBe(
			`Field "Quote Message ID" in item 0: TimelinesAI answered HTTP 400 while sending the reply: reply_to ${elsewhere.message_uid} is not a message of this chat's WhatsApp account.`,
		);
		expect(error?.description).toMatch(/^Quote a message of this chat/);
		expect(await apiMessages()).toHaveLength(0);
	});

	it('with Continue, each input item gives one output item: the good ones sent, the others their error', async () => {
		const inputs = [{ json: { chat: RAVI, text: 'one' } }, { json: { chat: 999999, text: 'two' } }, { json: { chat: RAVI, text: '' } }, { json: { chat: RAVI, text: 'four' } }];
		const { items } = await env.run('timelinesAi', reply({ chatId: byId('={{ $json.chat }}'), text: '={{ $json.text }}' }), inputs, { continueOnFail: true });
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items.map((item) => item.json.text ?? item.json.error)).toEqual([
			'one',
			expect.stringMatching(/^Field "Chat ID" in item 1: TimelinesAI has no chat 999999/),
			expect.stringMatching(/^Field "Text" in item 2: is empty/),
			'four',
		]);
		expect((await apiMessages()).map((message) => message.text)).toEqual(['one', 'four']);
	});

	it('without an API token it names the credential field; a wrong token never shows', async () => {
		const { error } = await env.run('timelinesAi', reply({ text: 'Hi' }), undefined, { credentials: env.credentials({ apiToken: '' }) });
		expect(error?.message).toMatch(/^Field "API Token \(in the TimelinesAI credential\)" in item 0: it is empty, but sending the reply needs it/);
		const wrong = await env.run('timelinesAi', reply({ text: 'Hi' }), undefined, { credentials: env.credentials({ apiToken: 'wrong-token-7654321' }) });
		expect(wrong.error?.message).toMatch(/HTTP 401/);
		expect(JSON.stringify(wrong.error)).not.toContain('wrong-token-7654321');
		expect(await apiMessages()).toHaveLength(0);
	});
});

describe('Message → Get', () => {
	it('reads a message the contact wrote, with its status history only when asked', async () => {
		const uid = await incoming('Where is my order?');
		const plain = await env.run('timelinesAi', get({ messageId: '={{ $json.message_uid }}' }), [{ json: { message_uid: uid } }]);
		expect(plain.error).toBeUndefined();
		expect(plain.items).toHaveLength(1);
		expect(plain.items[0].json).toMatchObject({ message_uid: uid, chat_id: RAVI, text: 'Where is my order?', from_me: false, direction: 'received' });
		expect(plain.items[0].json).not.toHaveProperty('status_history');

		const withHistory = await env.run('timelinesAi', get({ messageId: uid, includeStatusHistory: true }));
		expect(withHistory.items[0].json).toMatchObject({ message_uid: uid, status_history: expect.any(Array) });
	});

	it('reads back a reply: the quoted message, its status and status history', async () => {
		const question = await incoming();
		const sent = await env.run('timelinesAi', reply({ text: 'On its way', options: { replyTo: question } }));
		await env.control.waitForIdle();
		const { items } = await env.run('timelinesAi', get({ messageId: '={{ $json.message_uid }}', includeStatusHistory: true }), sent.items);
		expect(items[0].json).toMatchObject({ chat_id: RAVI, text: 'On its way', from_me: true, reply_to_uid: question, status: 'Delivered' });
		expect((items[0].json.status_history as Array<{ status: string }>).map((entry) => entry.status)).toEqual(['Pending', 'Sent', 'Delivered']);
	});

	it('an unknown uid is told in words; with Continue, one item per input', async () => {
		const uid = await incoming();
		const inputs = [{ json: { id: 'no-such-message' } }, { json: { id: '' } }, { json: { id: uid } }];
		const { items } = await env.run('timelinesAi', get({ messageId: '={{ $json.id }}' }), inputs, { continueOnFail: true });
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.error).toBe(
			'Field "Message ID" in item 0: TimelinesAI has no message with uid "no-such-message" in this workspace (HTTP 404). Map the message_uid from the TimelinesAI Trigger or a Reply ({{ $json.message_uid }}), or the message_id from a Send ({{ $json.message_id }}).',
		);
		expect(items[0].json.hint).toMatch(/API Base URL/);
		expect(items[1].json.error).toMatch(/^Field "Message ID" in item 1: it is empty\. Map the message_uid from the TimelinesAI Trigger/);
		expect(items[2].json).toMatchObject({ message_uid: uid });
	});
});

describe('Message → React', () => {
	it('puts the reaction on the message as its chat\'s WhatsApp account, and an empty one takes it back', async () => {
		const uid = await incoming();
		const { items, error } = await env.run('timelinesAi', react({ messageId: uid, reaction: '👍' }));
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ message_uid: uid, reaction: '👍', reactions: { [SALES_PHONE]: '👍' } });
		expect(await env.control.reactions(uid)).toEqual({ [SALES_PHONE]: '👍' });

		await env.run('timelinesAi', react({ messageId: uid, reaction: '❤️' }));
		expect(await env.control.reactions(uid)).toEqual({ [SALES_PHONE]: '❤️' });
		const cleared = await env.run('timelinesAi', react({ messageId: uid, reaction: '' }));
		expect(cleared.items[0].json).toEqual({ message_uid: uid, reaction: '', reactions: {} });
		expect(await env.control.reactions(uid)).toEqual({});
	});

	it.each(['like', ':thumbsup:', 'ok 👍'])('refuses %p, which is not an emoji, before anything is sent', async (reaction) => {
		const uid = await incoming();
		const callsBefore = await env.control.apiCallCount();
		const { error } = await env.run('timelinesAi', react({ messageId: uid, reaction }));
		expect(error?.message).toBe(
			`Field "Reaction" in item 0: ${JSON.stringify(reaction)} is not an emoji. Use one emoji such as 👍 or ❤️ (copy it from an emoji picker), or leave it empty to remove the reaction.`,
		);
		expect(await env.control.apiCallCount()).toBe(callsBefore);
		expect(await env.control.reactions(uid)).toEqual({});
	});

	it('an unknown message is told in words; with Continue, one item per input', async () => {
		const uid = await incoming();
		const inputs = [{ json: { id: uid } }, { json: { id: 'no-such-message' } }];
		const { items } = await env.run('timelinesAi', react({ messageId: '={{ $json.id }}', reaction: '🎉' }), inputs, { continueOnFail: true });
		expect(items.map((item) => [item.json.reaction ?? item.json.error, item.pairedItem])).toEqual([
			['🎉', { item: 0 }],
			[expect.stringMatching(/^Field "Message ID" in item 1: TimelinesAI has no message with uid "no-such-message" in this workspace \(HTTP 404\)/), { item: 1 }],
		]);
		expect(await env.control.reactions(uid)).toEqual({ [SALES_PHONE]: '🎉' });
	});

	it('without an API token it names the credential field', async () => {
		const { error } = await env.run('timelinesAi', react({ messageId: 'x', reaction: '👍' }), undefined, { credentials: env.credentials({ apiToken: '' }) });
		expect(error?.message).toMatch(/^Field "API Token \(in the TimelinesAI credential\)" in item 0: it is empty, but reacting to the message needs it/);
	});
});
