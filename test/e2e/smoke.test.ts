import { randomUUID } from 'node:crypto';

import { CREDENTIAL_TYPE, NODE_TYPES } from '../tools/n8n/instance';
import { waitForExecution } from './support/executions';
import { runWorkflow } from './support/run-workflow';
import { connectSharedN8n } from './support/shared-n8n';
import { sendWorkflow, triggerWorkflow, uniquePath } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

/**
 * What every tested n8n release must do with the package (jest.config.js runs this file on each of them): load both
 * nodes and the credential, send one message, and turn one delivery into an execution.
 */
const RAVI_CHAT = 20451188;

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('smoke');
});
afterAll(async () => {
	await world?.close();
});

describe(`the packed package in n8n ${connectSharedN8n().state.version}, installed the way n8n installs community packages`, () => {
	it('loads the TimelinesAI, Send and Trigger node types', async () => {
		const { client } = connectSharedN8n();
		expect(await client.isNodeTypeKnown(NODE_TYPES.app)).toBe(true);
		expect(await client.isNodeTypeKnown(NODE_TYPES.send)).toBe(true);
		expect(await client.isNodeTypeKnown(NODE_TYPES.trigger)).toBe(true);
		expect(await client.isNodeTypeKnown('n8n-nodes-timelinesai.noSuchNode')).toBe(false);
	});

	it('accepts a credential of our type through the public API', async () => {
		const { client } = connectSharedN8n();
		const listed = await client.listCredentials();
		expect(listed).toContainEqual(expect.objectContaining({ id: world.credential.id, type: CREDENTIAL_TYPE }));
	});

	it('sends one message that TimelinesAI accepts', async () => {
		const path = uniquePath('smoke-send');
		const send = { sendTo: 'chatId', chatId: '={{ $json.chat }}', text: '={{ $json.text }}' };
		const workflow = await world.createWorkflow(sendWorkflow(path, { credential: world.credential, send }));
		const text = `Smoke ${randomUUID()}`;

		const [item] = await runWorkflow(world.client, { id: workflow.id, path }, [{ chat: String(RAVI_CHAT), text }]);

		expect(item).toMatchObject({ message_id: expect.stringMatching(/^wa_backend:/), recipient: { chat_id: String(RAVI_CHAT) } });
		await world.control.waitForIdle();
		const { messages } = await world.control.state();
		expect(messages).toContainEqual(expect.objectContaining({ messageId: item.message_id, chatId: RAVI_CHAT, text }));
	});

	it('registers the trigger and turns one delivery into an execution', async () => {
		const workflow = await world.createWorkflow(triggerWorkflow('smoke trigger', world.credential, { setup: 'automatic' }));
		const text = `Smoke delivery ${randomUUID()}`;

		await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
		const { items } = await waitForExecution(world.client, workflow.id, 'TimelinesAI Trigger', `the text "${text}"`, (found) =>
			found.some((item) => item.text === text),
		);

		expect(items).toEqual([expect.objectContaining({ text, direction: 'received', chat: expect.objectContaining({ id: String(RAVI_CHAT) }) })]);
	});
});
