import { NODE_TYPES } from '../tools/n8n/instance';
import { SEEDED_ACCOUNTS } from '../sandbox/workspace';
import { runFailing, runWorkflow } from './support/run-workflow';
import { sendWorkflow, uniquePath } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

/** Message → Reply, Get, React and File → Upload, each run once in a real n8n against the sandbox. */

const RAVI_CHAT = 20451188;
const SALES_PHONE = SEEDED_ACCOUNTS[0].phone;

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('app-messages');
});
afterAll(async () => {
	await world?.close();
});

function appWorkflow(parameters: Record<string, unknown>, binary = false) {
	const path = uniquePath('app-messages');
	return { path, definition: sendWorkflow(path, { credential: world.credential, send: parameters, nodeType: NODE_TYPES.app, binary }) };
}

/** Runs the TimelinesAI node with these parameters in a fresh active workflow, once per posted item (with `binary`, each item's fileBase64 becomes its binary `data`). */
async function runApp(parameters: Record<string, unknown>, items: unknown[] = [{}], binary = false) {
	const { path, definition } = appWorkflow(parameters, binary);
	const workflow = await world.createWorkflow(definition);
	return await runWorkflow(world.client, { id: workflow.id, path }, items);
}

describe('the TimelinesAI node runs its message and file operations in n8n', () => {
	it('File → Upload a binary, then Message → Reply with it, quoting the contact and labelling the chat, then Get and React', async () => {
		const question = await world.control.simulateIncoming({ chatId: RAVI_CHAT, text: 'Can you send the price list?' });

		const [file] = await runApp(
			{ resource: 'file', operation: 'upload', source: 'binary', binaryPropertyName: 'data', options: {} },
			[{ fileBase64: Buffer.from('Price list 2026').toString('base64'), fileName: 'price-list.txt', mimeType: 'text/plain' }],
			true,
		);
		expect(file).toMatchObject({ uid: expect.any(String), filename: 'price-list.txt', size: 15, mimetype: 'text/plain' });
		expect((await world.control.state()).files).toEqual([expect.objectContaining({ uid: file.uid, filename: 'price-list.txt', size: 15 })]);

		const [reply] = await runApp(
			{
				resource: 'message',
				operation: 'reply',
				chatId: { __rl: true, mode: 'id', value: '={{ $json.chat }}' },
				text: 'Here it is',
				options: { replyTo: '={{ $json.quote }}', fileUid: '={{ $json.file }}', label: 'price-list-sent' },
			},
			[{ chat: RAVI_CHAT, quote: question.message_uid, file: file.uid }],
		);
		expect(reply).toMatchObject({ message_uid: expect.any(String), chat_id: RAVI_CHAT, reply_to: question.message_uid, file_uid: file.uid });
		const sent = (await world.control.state()).messages.find((message) => message.uid === reply.message_uid);
		expect(sent).toMatchObject({ chatId: RAVI_CHAT, text: 'Here it is', replyToUid: question.message_uid, fileUid: file.uid, via: 'api' });
		expect(await world.control.chatLabels(RAVI_CHAT)).toContain('price-list-sent');
		await world.control.waitForIdle();

		const [message] = await runApp({ resource: 'message', operation: 'get', messageId: '={{ $json.id }}', includeStatusHistory: true }, [{ id: reply.message_uid }]);
		expect(message).toMatchObject({ message_uid: reply.message_uid, chat_id: RAVI_CHAT, text: 'Here it is', reply_to_uid: question.message_uid, status: 'Delivered' });
		expect(message.status_history).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'Delivered' })]));

		const [reaction] = await runApp({ resource: 'message', operation: 'react', messageId: '={{ $json.id }}', reaction: '🙏' }, [{ id: question.message_uid }]);
		expect(reaction).toMatchObject({ message_uid: question.message_uid, reaction: '🙏' });
		expect(await world.control.reactions(question.message_uid)).toEqual({ [SALES_PHONE]: '🙏' });
	});

	it('File → Upload from a link gives the uid Reply sends', async () => {
		const [file] = await runApp({ resource: 'file', operation: 'upload', source: 'url', fileUrl: '={{ $json.link }}', options: {} }, [
			{ link: world.control.testFileUrl('brochure.pdf', { size: 2048, contentType: 'application/pdf' }) },
		]);
		expect(file).toMatchObject({ uid: expect.any(String), filename: 'brochure.pdf', size: 2048, mimetype: 'application/pdf' });
	});

	it('an unknown message id fails the execution with the item, the field and where to map the id from', async () => {
		const { path, definition } = appWorkflow({ resource: 'message', operation: 'get', messageId: '={{ $json.id }}' });
		const workflow = await world.createWorkflow(definition);
		const error = await runFailing(world.client, { id: workflow.id, path }, [{ id: 'no-such-message' }]);
		expect(error.message).toBe(
			'Field "Message ID" in item 0: TimelinesAI has no message with uid "no-such-message" in this workspace (HTTP 404). Map the message_uid from the TimelinesAI Trigger or a Reply ({{ $json.message_uid }}), or the message_id from a Send ({{ $json.message_id }}).',
		);
	});
});
