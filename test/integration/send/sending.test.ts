import { inboundSendRequestSchema } from '../../../nodes/TimelinesAi/protocol';
import { binaryItem, useSendEnvironment } from './setup';

const env = useSendEnvironment();

/** What the sandbox's inbound endpoint received, oldest first. */
async function receivedBodies(): Promise<unknown[]> {
	const { log } = await env.control.inboundLog();
	return log.map((entry) => JSON.parse(entry.request)).reverse();
}

describe('sending to each kind of recipient', () => {
	it('normalises a national phone number with the default country and reports what was sent', async () => {
		const { items, error } = await env.send({
			sendTo: 'phone',
			phone: '(415) 555-0100',
			text: 'Your order has shipped',
			options: { defaultCountry: 'US' },
		});
		expect(error).toBeUndefined();
		const state = await env.control.state();
		expect(state.messages).toHaveLength(1);
		const [message] = state.messages;
		expect(message).toMatchObject({ targetPhone: '+14155550100', text: 'Your order has shipped', credits: 1, via: 'inbound' });
		expect(items).toEqual([
			{
				json: {
					message_id: message.messageId,
					chat_id: message.chatId,
					recipient: { phone: '+14155550100' },
					credits: 1,
					request_body: { action: 'send', phone: '+14155550100', text: 'Your order has shipped' },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(await receivedBodies()).toEqual([items[0].json.request_body]);
		expect(inboundSendRequestSchema.safeParse(items[0].json.request_body).success).toBe(true);
	});

	it('turns a 00 international prefix into +', async () => {
		const { items } = await env.send({ sendTo: 'phone', phone: '0044 7911 123456', text: 'Hi' });
		expect(items[0].json.recipient).toEqual({ phone: '+447911123456' });
		expect((await env.control.state()).messages[0].targetPhone).toBe('+447911123456');
	});

	it('keeps line breaks in the text', async () => {
		await env.send({ sendTo: 'phone', phone: '+14155550100', text: 'Line one\nLine two\n\nLine four' });
		expect((await env.control.state()).messages[0].text).toBe('Line one\nLine two\n\nLine four');
	});

	it('sends to a chat id (also pasted as the chat address) and notes that the sender phone is ignored', async () => {
		const { items } = await env.send({
			sendTo: 'chatId',
			chatId: '20451188',
			text: 'Hello Ravi',
			options: { senderPhone: '+14155550123' },
		});
		expect(items[0].json).toMatchObject({
			recipient: { chat_id: '20451188' },
			notes: [
				"TimelinesAI ignores the sender phone +14155550123 when sending to a Chat ID: the chat's own WhatsApp account sends.",
			],
		});
		await env.send({ sendTo: 'chatId', chatId: 'https://app.timelines.ai/chat/20451188/messages/', text: 'Again' });
		const messages = (await env.control.state()).messages;
		expect(messages.map((message) => message.chatId)).toEqual([20451188, 20451188]);
	});

	it("adds no sender note for a Chat ID when the sender is only the credential's default", async () => {
		const { items } = await env.send(
			{ sendTo: 'chatId', chatId: '20451188', text: 'Hello Ravi' },
			undefined,
			{ credentials: env.credentials({ defaultSenderPhone: '+15105566777' }) },
		);
		expect(items[0].json).not.toHaveProperty('notes');
		expect((await env.control.state()).messages.map((message) => message.chatId)).toEqual([20451188]);
	});

	it("sends to a premium-rate number once and says in the item's notes that it is unlikely to be on WhatsApp", async () => {
		const { items } = await env.send({ sendTo: 'phone', phone: '0901 234 5678', text: 'Hi', options: { defaultCountry: 'GB' } });
		expect(items[0].json.notes).toEqual([expect.stringContaining('+449012345678 is a premium-rate number')]);
		const messages = (await env.control.state()).messages;
		expect(messages.map((message) => message.text)).toEqual(['Hi']);
	});

	it('still reads a credential saved under the Inbound Webhook URL field\'s former name (inboundUrl)', async () => {
		const { secretInboundUrl, ...rest } = env.credentials();
		await env.send({ sendTo: 'phone', phone: '+14155550100', text: 'Old credential' }, undefined, {
			credentials: { ...rest, inboundUrl: secretInboundUrl },
		});
		expect((await env.control.state()).messages.map((message) => message.text)).toEqual(['Old credential']);
	});

	it('sends to a group by JID and to a chat by its exact name', async () => {
		// The group belongs to the Sales account, so that account sends.
		const options = { senderPhone: '+15105566777' };
		await env.send({ sendTo: 'jid', jid: '120363012345678901@g.us', text: 'Team update', options });
		await env.send({ sendTo: 'chatName', chatName: 'Store pickup team', text: 'Pickup at 5', options });
		expect((await env.control.state()).messages.map((message) => [message.chatId, message.text])).toEqual([
			[20451377, 'Team update'],
			[20451377, 'Pickup at 5'],
		]);
	});

	it("sends from the credential's default sender, or the node's override", async () => {
		const credentials = env.credentials({ defaultSenderPhone: '+1 415 555 0123' });
		const first = await env.send({ sendTo: 'phone', phone: '+14155550100', text: 'A' }, undefined, { credentials });
		const second = await env.send(
			{ sendTo: 'phone', phone: '+14155550100', text: 'B', options: { senderPhone: '+15105566777' } },
			undefined,
			{ credentials },
		);
		expect(first.items[0].json.request_body).toMatchObject({ 'whatsapp account phone': '+14155550123' });
		expect(second.items[0].json.request_body).toMatchObject({ 'whatsapp account phone': '+15105566777' });
		const { accounts, messages } = await env.control.state();
		const phoneOf = (accountId: string) => accounts.find((account) => account.id === accountId)?.phone;
		expect(messages.map((message) => phoneOf(message.accountId))).toEqual(['+14155550123', '+15105566777']);
	});
});

describe('attachments', () => {
	it('sends a checked file link, naming the file after the link, for 2 credits', async () => {
		const fileUrl = env.control.testFileUrl('invoice-1042.pdf', { size: 5000, contentType: 'application/pdf' });
		const { items } = await env.send({ sendTo: 'phone', phone: '+14155550100', text: 'Invoice attached', attachment: 'url', fileUrl });
		expect(items[0].json).toMatchObject({ credits: 2, request_body: { file_url: fileUrl, file_name: 'invoice-1042.pdf' } });
		const [message] = (await env.control.state()).messages;
		expect(message).toMatchObject({ fileUrl, fileName: 'invoice-1042.pdf', credits: 2 });
	});

	it('checks a link whose server sends no Content-Length by reading its first bytes', async () => {
		const fileUrl = env.control.testFileUrl('photo.jpg', { size: 4000, contentType: 'image/jpeg', chunked: true });
		const { items } = await env.send({ sendTo: 'phone', phone: '+14155550100', text: '', attachment: 'url', fileUrl, fileName: 'Holiday.jpg' });
		expect(items[0].json).toMatchObject({ credits: 1, request_body: { text: '', file_name: 'Holiday.jpg' } });
	});

	it('uploads a binary file through /files_upload and sends its link, named from the binary', async () => {
		const bytes = Buffer.from('%PDF-1.4 test file bytes');
		const { items, error } = await env.send(
			{ sendTo: 'phone', phone: '+14155550100', text: 'Your receipt', attachment: 'binary', binaryPropertyName: 'data' },
			[binaryItem(bytes, { fileName: 'receipt.pdf', mimeType: 'application/pdf' })],
		);
		expect(error).toBeUndefined();
		await env.control.waitForIdle();
		const state = await env.control.state();
		// The upload, then the copy TimelinesAI fetches from the upload's link when the message leaves.
		const uploads = state.files.filter((file) => file.filename === 'receipt.pdf');
		expect(uploads).toEqual([0, 1].map(() => expect.objectContaining({ mimetype: 'application/pdf', size: bytes.length })));
		expect(items[0].json).toMatchObject({ credits: 2, request_body: { file_name: 'receipt.pdf' } });
		expect(state.messages[0].fileUrl).toBe((items[0].json.request_body as { file_url: string }).file_url);
	});

	it('names a binary without a file name after its type', async () => {
		const { items } = await env.send(
			{ sendTo: 'phone', phone: '+14155550100', text: '', attachment: 'binary', binaryPropertyName: 'data' },
			[binaryItem(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), { mimeType: 'image/jpeg' })],
		);
		expect(items[0].json).toMatchObject({ credits: 1, request_body: { file_name: 'file.jpg', text: '' } });
	});
});

describe('many items', () => {
	it('sends every item in input order, one after another, each paired with its input', async () => {
		const items = ['first', 'second', 'third', 'fourth', 'fifth'].map((text) => ({ json: { text } }));
		const run = await env.send({ sendTo: 'phone', phone: '+14155550100', text: '={{ $json.text }}' }, items);
		expect(run.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		const { messages } = await env.control.state();
		expect(messages.map((message) => message.text)).toEqual(['first', 'second', 'third', 'fourth', 'fifth']);
		expect(run.items.map((item) => item.json.message_id)).toEqual(messages.map((message) => message.messageId));
	});

	it('with continue on fail, gives one output per input and still sends the good ones', async () => {
		const items = [{ json: { phone: '+14155550100' } }, { json: { phone: 'nope' } }, { json: { phone: '+447911123456' } }];
		const run = await env.send({ sendTo: 'phone', phone: '={{ $json.phone }}', text: 'Hi' }, items, { continueOnFail: true });
		expect(run.items).toHaveLength(3);
		expect(run.items.map((item) => [item.pairedItem, 'message_id' in item.json, 'error' in item.json])).toEqual([
			[{ item: 0 }, true, false],
			[{ item: 1 }, false, true],
			[{ item: 2 }, true, false],
		]);
		expect((await env.control.state()).messages.map((message) => message.targetPhone)).toEqual(['+14155550100', '+447911123456']);
	});
});

describe('rate limits', () => {
	it('waits out a 429 with Retry-After and sends the message once', async () => {
		await env.control.injectFault('inbound', '429', 1);
		const { items, error } = await env.send({ sendTo: 'phone', phone: '+14155550100', text: 'Hi' });
		expect(error).toBeUndefined();
		const state = await env.control.state();
		expect(state.messages).toHaveLength(1);
		expect(items[0].json.message_id).toBe(state.messages[0].messageId);
	});
});
