import type { INodeExecutionData } from 'n8n-workflow';

import { binaryItem, useSendEnvironment } from './setup';

const env = useSendEnvironment();

const toPhones = (...phones: string[]): INodeExecutionData[] => phones.map((phone) => ({ json: { phone } }));
const byPhone = { sendTo: 'phone', phone: '={{ $json.phone }}', text: 'Your order has shipped' };
const toChats = (...chatIds: string[]): INodeExecutionData[] => chatIds.map((chatId) => ({ json: { chatId } }));
const byChatId = { sendTo: 'chatId', chatId: '={{ $json.chatId }}', text: 'Your order has shipped' };

async function inboundPosts(): Promise<number> {
	return (await env.control.inboundLog()).log.length;
}

describe('a re-run after fixing a bad item sends nothing twice: every item is checked before any is sent', () => {
	it('stops on a bad item 1 before item 0 is sent; after the fix, each message goes out once', async () => {
		const first = await env.send(byPhone, toPhones('+14155550100', '12345'));
		expect(first.items).toEqual([]);
		expect(first.error).toMatchObject({
			name: 'NodeOperationError',
			message:
				'Field "Phone" in item 1: "12345" has no country code. Write it in international format starting with + and the country code (e.g. +14155550100), or pick a Default Country in the node\'s options.',
			description: 'Nothing was sent: every item is checked before the first message goes out.',
			context: { itemIndex: 1 },
		});
		expect(await inboundPosts()).toBe(0);
		expect((await env.control.state()).messages).toHaveLength(0);

		const rerun = await env.send(byPhone, toPhones('+14155550100', '+447911123456'));
		expect(rerun.error).toBeUndefined();
		expect((await env.control.state()).messages.map((message) => message.targetPhone)).toEqual(['+14155550100', '+447911123456']);
	});

	it('names the other bad items too, so they can be fixed in one go', async () => {
		const { error } = await env.send(byPhone, toPhones('+14155550100', 'nope', '+447911123456', '', 'call me'));
		expect(error).toMatchObject({
			message: expect.stringMatching(/^Field "Phone" in item 1: "nope" /),
			description: 'Nothing was sent: every item is checked before the first message goes out. Items 3 and 4 have problems too.',
		});
		expect(await inboundPosts()).toBe(0);
	});

	it('checks the syntax of every file link and binary before any network call: no upload, no post', async () => {
		const link = env.control.testFileUrl('menu.pdf', { size: 2048, contentType: 'application/pdf' });
		const items: INodeExecutionData[] = [
			{ json: { attachment: 'url', fileUrl: link } },
			{ ...binaryItem(Buffer.from('%PDF-1.4 menu'), { fileName: 'menu.pdf', mimeType: 'application/pdf' }), json: { attachment: 'binary' } },
			{ json: { attachment: 'url', fileUrl: 'menu.pdf' } },
		];
		const { error } = await env.send(
			{ ...byPhone, phone: '+14155550100', attachment: '={{ $json.attachment }}', fileUrl: '={{ $json.fileUrl }}', binaryPropertyName: 'data' },
			items,
		);
		expect(error).toMatchObject({ message: expect.stringMatching(/^Field "File URL" in item 2: "menu.pdf" is not a web address/) });
		const state = await env.control.state();
		expect(state.inbound.log).toHaveLength(0);
		expect(state.files).toHaveLength(0);
	});

	it('checks file links and binaries of every item before sending: a dead link on item 2 sends nothing', async () => {
		const link = env.control.testFileUrl('menu.pdf', { size: 2048, contentType: 'application/pdf' });
		const dead = `${env.sandbox.baseUrl}/files/tmp/missing/menu.pdf`;
		const items: INodeExecutionData[] = [
			{ json: { attachment: 'url', fileUrl: link } },
			{ ...binaryItem(Buffer.from('%PDF-1.4 menu'), { fileName: 'menu.pdf', mimeType: 'application/pdf' }), json: { attachment: 'binary' } },
			{ json: { attachment: 'url', fileUrl: dead } },
		];
		const { error } = await env.send(
			{ ...byPhone, phone: '={{ "+1415555010" + $itemIndex }}', attachment: '={{ $json.attachment }}', fileUrl: '={{ $json.fileUrl }}', binaryPropertyName: 'data' },
			items,
		);
		expect(error).toMatchObject({
			message: `Field "File URL" in item 2: "${dead}" answered HTTP 404 instead of the file. Check the link opens the file in a private browser window, without logging in.`,
			description: 'Nothing was sent: every item is checked before the first message goes out.',
			context: { itemIndex: 2, sent_items: [], unsent_items: [0, 1, 2] },
		});
		expect(await inboundPosts()).toBe(0);
		expect((await env.control.state()).messages).toHaveLength(0);
	});

	it('uploads every binary before sending: a refused upload of item 1 sends nothing', async () => {
		const pdf = binaryItem(Buffer.from('%PDF-1.4 menu'), { fileName: 'menu.pdf', mimeType: 'application/pdf' });
		await env.control.configureApi({ accessDenied: true });
		const { error: uploadError } = await env.send(
			{ ...byPhone, phone: '={{ $json.phone }}', attachment: '={{ $json.attachment }}', fileUrl: 'https://example.com/unused.pdf', binaryPropertyName: 'data' },
			[{ json: { phone: '+14155550100', attachment: 'none' } }, { ...pdf, json: { phone: '+447911123456', attachment: 'binary' } }],
		);
		expect(uploadError?.message).toMatch(/uploading the file of item 1/);
		expect(uploadError?.description).toMatch(/^Nothing was sent/);
		expect(await inboundPosts()).toBe(0);
		expect((await env.control.state()).messages).toHaveLength(0);
	});
});

describe('when TimelinesAI refuses a later item, the error lists the items already sent with their message ids', () => {
	it('item 2 of 3 refused: items 0 and 1 are named with the ids TimelinesAI gave them', async () => {
		const { items, error } = await env.send(byChatId, toChats('20451188', '20451240', '99999'));
		expect(items).toEqual([]);
		const sent = (await env.control.state()).messages.map((message) => message.messageId);
		expect(sent).toHaveLength(2);
		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: 'Field "Chat ID" in item 2: TimelinesAI refused it (HTTP 400): No chat found with chat_id 99999.',
			description:
				`Items 0 and 1 were already sent (message ids ${sent[0]}, ${sent[1]}): Retry and Retry On Fail do not send them again, but if you run the workflow anew, leave them out, or their recipients get the message twice. ` +
				"No chat in this TimelinesAI workspace has this id. A chat id is the number in the chat's address in TimelinesAI (or chat.id from the TimelinesAI Trigger), e.g. 77234. Copy it from the chat, or send to a Phone instead.",
			context: {
				itemIndex: 2,
				sent_items: [
					{ item: 0, message_id: sent[0] },
					{ item: 1, message_id: sent[1] },
				],
				unsent_items: [2],
			},
		});
	});

	it('a refused first item says that the later items were not sent', async () => {
		await env.control.configureInbound({ enabled: false });
		const { error } = await env.send(byPhone, toPhones('+14155550100', '+447911123456'));
		expect(error?.description).toMatch(/^The items after this one were not sent\. The Inbound Webhook URL no longer works/);
	});

	it('lists every message id, however many, in words and in error.context.sent_items', async () => {
		// One chat, so one message after another: the 13th finds the credits used up.
		await env.control.setCredits({ remaining: 12 });
		const chats = Array.from({ length: 13 }, () => '20451188');
		const { error } = await env.send({ ...byChatId, text: '={{ "Order " + $itemIndex + " has shipped" }}' }, toChats(...chats));
		const ids = (await env.control.state()).messages.map((message) => message.messageId);
		expect(ids).toHaveLength(12);
		expect(error?.description).toContain(`Items 0 to 11 were already sent (message ids ${ids.join(', ')}): Retry and Retry On Fail`);
		expect(error?.context.sent_items).toEqual(ids.map((message_id, item) => ({ item, message_id })));
	});
});

describe('with "Continue", bad and refused items give error items and the good ones are sent', () => {
	it('one output per input, in order, paired, and only the good items reach TimelinesAI', async () => {
		const { items, error } = await env.send(byChatId, toChats('20451188', 'support', '20451240', '99999', '20451377'), {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(items.map((item) => item.json.error ?? item.json.recipient)).toEqual([
			{ chat_id: '20451188' },
			'Field "Chat ID" in item 1: "support" is not a chat id. A chat id is a number such as 77234: open the chat in TimelinesAI and copy the number from its address.',
			{ chat_id: '20451240' },
			'Field "Chat ID" in item 3: TimelinesAI refused it (HTTP 400): No chat found with chat_id 99999.',
			{ chat_id: '20451377' },
		]);
		expect(items[3].json).toMatchObject({ hint: expect.stringMatching(/^No chat in this TimelinesAI workspace has this id/), may_have_been_sent: false });
		const { messages } = await env.control.state();
		expect(messages.map((message) => message.chatId)).toEqual([20451188, 20451240, 20451377]);
		expect(items.filter((item) => item.json.message_id).map((item) => item.json.message_id)).toEqual(messages.map((message) => message.messageId));
	});
});
