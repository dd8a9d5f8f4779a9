import { runFailing, runWorkflow } from './support/run-workflow';
import { sendWorkflow, uniquePath } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('send');
});
afterAll(async () => {
	await world?.close();
});

/** Sends through a fresh active workflow and returns Send's output items. */
async function sendWith(parameters: Record<string, unknown>, options: { binary?: boolean; continueOnFail?: boolean } = {}) {
	const path = uniquePath('send');
	const workflow = await world.createWorkflow(sendWorkflow(path, { credential: world.credential, send: parameters, ...options }));
	const target = { id: workflow.id, path };
	return { target, run: (items: unknown[]) => runWorkflow(world.client, target, items) };
}

/** The sandbox's record of a sent message, with the chat it went to. */
async function sandboxMessage(messageId: unknown) {
	await world.control.waitForIdle();
	const { messages, chats } = await world.control.state();
	const message = messages.find((candidate) => candidate.messageId === messageId);
	if (!message) throw new Error(`No message ${String(messageId)} in the sandbox`);
	return { ...message, chat: chats.find((chat) => chat.id === message.chatId) };
}

describe('Send puts the expected message into TimelinesAI, for each recipient kind', () => {
	// Ravi Kumar's seeded chat belongs to the Sales account, which is not the default sender.
	const options = { senderPhone: '+15105566777' };
	// chat_id: from the Chat ID itself, or read back with the API token for a JID or chat name (TimelinesAI resolves those
	// when it accepts the message). A phone's chat is opened only when the message leaves the queue (integration tests).
	const cases = [
		{ kind: 'phone', field: 'phone', value: '+919812345678', body: 'phone', output: {} },
		{ kind: 'chatId', field: 'chatId', value: '20451188', body: 'chat_id', output: { chat_id: 20451188 } },
		{ kind: 'jid', field: 'jid', value: '919812345678@s.whatsapp.net', body: 'jid', output: { chat_id: 20451188 } },
		{ kind: 'chatName', field: 'chatName', value: 'Ravi Kumar', body: 'chat_name', output: { chat_id: 20451188 } },
	];

	it.each(cases)('to a $kind', async ({ kind, field, value, body, output }) => {
		const text = `Hello by ${kind}`;
		const { run } = await sendWith({ sendTo: kind, [field]: '={{ $json.to }}', text: '={{ $json.text }}', options });
		const [item] = await run([{ to: value, text }]);

		expect(item).toMatchObject({ message_id: expect.stringMatching(/^wa_backend:/), recipient: { [body]: value }, credits: 1, ...output });
		const message = await sandboxMessage(item.message_id);
		expect(message).toMatchObject({ via: 'inbound', direction: 'sent', text });
		expect(message.chat).toMatchObject({ id: 20451188, name: 'Ravi Kumar', phone: '+919812345678' });
	});
});

describe('Send attaches files', () => {
	it('from a URL: TimelinesAI receives the link and file name', async () => {
		const fileUrl = world.control.testFileUrl('price-list.pdf', { size: 2048, contentType: 'application/pdf' });
		const { run } = await sendWith({
			sendTo: 'phone',
			phone: '+919812345678',
			text: 'Price list attached',
			attachment: 'url',
			fileUrl: '={{ $json.url }}',
		});
		const [item] = await run([{ url: fileUrl }]);

		expect(item).toMatchObject({ credits: 2, request_body: { file_url: fileUrl, file_name: 'price-list.pdf' } });
		const message = await sandboxMessage(item.message_id);
		expect(message).toMatchObject({ fileUrl, fileName: 'price-list.pdf', credits: 2 });
	});

	it('from a binary property: the file is uploaded and sent with the message', async () => {
		const content = Buffer.from('%PDF-1.4 invoice 1042\n');
		const { run } = await sendWith(
			{ sendTo: 'phone', phone: '+919812345678', text: 'Invoice', attachment: 'binary', binaryPropertyName: 'data' },
			{ binary: true },
		);
		const [item] = await run([{ fileBase64: content.toString('base64'), fileName: 'invoice-1042.pdf', mimeType: 'application/pdf' }]);

		const message = await sandboxMessage(item.message_id);
		expect(message.fileName).toBe('invoice-1042.pdf');
		const { files } = await world.control.state();
		expect(files).toContainEqual(expect.objectContaining({ filename: 'invoice-1042.pdf', size: content.length }));
	});
});

describe('bad input', () => {
	const badPhone = { to: 'call me maybe', text: 'Hi' };

	it('fails the execution with a clear error naming the item and field', async () => {
		const { target } = await sendWith({ sendTo: 'phone', phone: '={{ $json.to }}', text: '={{ $json.text }}' });
		const error = await runFailing(world.client, target, [badPhone]);

		expect(error.node).toBe('TimelinesAI Send');
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/phone/i);
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/item 0/i);
		const { messages } = await world.control.state();
		expect(messages.filter((message) => message.text === 'Hi')).toHaveLength(0);
	});

	it('with "continue on fail" yields one error item per bad item and sends the good ones', async () => {
		const { run } = await sendWith({ sendTo: 'phone', phone: '={{ $json.to }}', text: '={{ $json.text }}' }, { continueOnFail: true });
		const before = (await world.control.state()).messages.length;
		const items = await run([
			{ to: '+919812345678', text: 'good one' },
			badPhone,
			{ to: '+919812345678', text: '' },
			{ to: '+919812345678', text: 'good two' },
		]);

		expect(items).toHaveLength(4);
		expect(items[0]).toMatchObject({ message_id: expect.stringMatching(/^wa_backend:/) });
		expect(items[1]).toMatchObject({ error: expect.stringMatching(/phone/i) });
		expect(items[2]).toMatchObject({ error: expect.stringMatching(/text/i) });
		expect(items[3]).toMatchObject({ message_id: expect.stringMatching(/^wa_backend:/) });
		await world.control.waitForIdle();
		expect((await world.control.state()).messages.length - before).toBe(2);
	});
});


describe('a re-run after fixing a bad item sends nothing twice', () => {
	it('stops on a bad item 1 before item 0 is sent; the re-run sends each message once', async () => {
		const marker = uniquePath('rerun');
		const texts = [`${marker} first`, `${marker} second`];
		const { target, run } = await sendWith({ sendTo: 'phone', phone: '={{ $json.to }}', text: '={{ $json.text }}' });
		const postsWith = async (text: string) =>
			(await world.control.inboundLog()).log.filter((entry) => entry.request.includes(text)).length;

		const error = await runFailing(world.client, target, [
			{ to: '+919812345678', text: texts[0] },
			{ to: '12345', text: texts[1] },
		]);
		expect(error).toMatchObject({
			node: 'TimelinesAI Send',
			message:
				'Field "Phone" in item 1: "12345" has no country code. Write it in international format starting with + and the country code (e.g. +14155550100), or pick a Default Country in the node\'s options.',
			description: 'Nothing was sent: every item is checked before the first message goes out.',
		});
		expect(await postsWith(marker)).toBe(0);

		const items = await run([
			{ to: '+919812345678', text: texts[0] },
			{ to: '+447911123456', text: texts[1] },
		]);
		expect(items).toHaveLength(2);
		await world.control.waitForIdle();
		const { messages } = await world.control.state();
		expect(messages.filter((message) => message.text.startsWith(marker)).map((message) => message.text)).toEqual(texts);
		expect(await postsWith(marker)).toBe(2);
	});

	it('when TimelinesAI refuses item 1, the error names item 0 as sent with its message id', async () => {
		const marker = uniquePath('refused');
		const { target } = await sendWith({ sendTo: 'chatName', chatName: '={{ $json.chat }}', text: marker });
		const error = await runFailing(world.client, target, [{ chat: 'Priya Nair' }, { chat: 'Nobody here' }]);

		const [sent] = (await world.control.state()).messages.filter((message) => message.text === marker);
		expect(error.message).toBe(
			'Field "Chat Name" in item 1: TimelinesAI refused it (HTTP 400): No chat found with the name "Nobody here" on account +14155550123.',
		);
		expect(error.description).toMatch(
			new RegExp(`^Item 0 was already sent \\(message id ${sent.messageId}\\): Retry and Retry On Fail do not send it again, but if you run the workflow anew, leave it out`),
		);
	});
});
