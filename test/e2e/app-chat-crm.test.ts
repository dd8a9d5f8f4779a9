
import { NODE_TYPES } from '../tools/n8n/instance';
import { SEEDED_CHATS } from '../sandbox/workspace';
import { runWorkflow } from './support/run-workflow';
import { sendWorkflow, uniquePath } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';
import { fixtures } from '../fixtures/spec';

/** Chat → Add Labels, Set Labels, Get Labels, Add Note and Get Messages, each run once in a real n8n against the sandbox. */

const [RAVI, , PRIYA] = SEEDED_CHATS.map((chat) => chat.id);

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('app-chat-crm');
});
afterAll(async () => {
	await world?.close();
});

/** Runs the TimelinesAI node with these parameters in a fresh active workflow, once per posted item. */
async function runApp(parameters: Record<string, unknown>, items: unknown[] = [{}]) {
	const path = uniquePath('app-crm');
	const workflow = await world.createWorkflow(sendWorkflow(path, { credential: world.credential, send: parameters, nodeType: NODE_TYPES.app }));
	return await runWorkflow(world.client, { id: workflow.id, path }, items);
}

const chatId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('the Chat operations for CRM flows', () => {
	it('Add Labels keeps the chat\'s labels, Set Labels replaces them, Get Labels reads them', async () => {
		const [added] = await runApp({ resource: 'chat', operation: 'addLabels', chatId: chatId('={{ $json.chat }}'), labels: 'lead, hot' }, [{ chat: PRIYA }]);
		expect(added).toEqual({ chat_id: PRIYA, labels: ['customer', 'vip', 'lead', 'hot'] });
		expect(await world.control.chatLabels(PRIYA)).toEqual(['customer', 'vip', 'lead', 'hot']);

		const [set] = await runApp({ resource: 'chat', operation: 'setLabels', chatId: chatId(String(PRIYA)), labels: '={{ $json.tags }}' }, [{ tags: ['won'] }]);
		expect(set).toEqual({ chat_id: PRIYA, labels: ['won'] });
		expect(await world.control.chatLabels(PRIYA)).toEqual(['won']);

		const [read] = await runApp({ resource: 'chat', operation: 'getLabels', chatId: chatId(String(PRIYA)) });
		expect(read).toEqual({ chat_id: PRIYA, labels: ['won'] });
	});

	it("Add Note turns the Trigger's bundle HTML into a readable private note", async () => {
		const bundle = fixtures.bundle();
		const [note] = await runApp(
			{ resource: 'chat', operation: 'addNote', chatId: chatId(String(RAVI)), text: '={{ $json.aggregation_html }}', options: { htmlToText: true } },
			[{ aggregation_html: bundle.aggregation }],
		);
		expect(note).toMatchObject({ chat_id: RAVI, is_private: true, text: expect.stringMatching(/^from Ravi Kumar on 2026-03-02 09:14: Hi, is the 3-seat sofa still available\?\nfrom Maya/) });
		const [recorded] = await world.control.notes(RAVI);
		expect(recorded).toMatchObject({ text: note.text, isPrivate: true });
		expect(recorded.text).not.toMatch(/<br|<a /);
	});

	it('Get Messages gives one item per message, with Return All over more than one page', async () => {
		for (let n = 0; n < 55; n++) await world.control.simulateIncoming({ chatId: PRIYA, text: `e2e ${n}` });
		const messages = await runApp({ resource: 'chat', operation: 'getMessages', chatId: chatId(String(PRIYA)), returnAll: true, filters: { fromMe: 'no' }, options: { order: 'asc' } });
		expect(messages.map((message) => message.text)).toEqual(Array.from({ length: 55 }, (_, n) => `e2e ${n}`));
		expect(messages[0]).toMatchObject({ chat_id: PRIYA, from_me: false });
	});
});
