import { NODE_TYPES } from '../tools/n8n/instance';
import { runWorkflow } from './support/run-workflow';
import { sendWorkflow, uniquePath } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

/** The TimelinesAI node in a real n8n: how the editor sees it, its lists through n8n's REST API, and its operations. */

const RAVI_CHAT = 20451188;

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('app');
});
afterAll(async () => {
	await world?.close();
});

/** Runs the TimelinesAI node with these parameters in a fresh active workflow, once per posted item. */
async function runApp(parameters: Record<string, unknown>, items: unknown[] = [{}]) {
	const path = uniquePath('app');
	const workflow = await world.createWorkflow(sendWorkflow(path, { credential: world.credential, send: parameters, nodeType: NODE_TYPES.app }));
	return await runWorkflow(world.client, { id: workflow.id, path }, items);
}

describe('what the editor gets from n8n', () => {
	it('one app: the action node is named like the trigger without "Trigger", the older Send node is hidden', async () => {
		// This route answers with the names inside the package; the editor sees both with the same package prefix.
		const [app, legacy, trigger] = await world.client.nodeTypeDescriptions([NODE_TYPES.app, NODE_TYPES.send, NODE_TYPES.trigger]);
		expect(app).toMatchObject({ name: 'timelinesAi', displayName: 'TimelinesAI' });
		expect(app.hidden).toBeUndefined();
		expect(legacy).toMatchObject({ name: 'timelinesAiSend', hidden: true });
		expect(String(trigger.name).replace('Trigger', '')).toBe(app.name);
		// n8n adds a "Custom API Call" operation to each resource, which the node creator leaves out.
		const actions = (app.properties as Array<{ name: string; options?: Array<{ value: string; action?: string }> }>)
			.filter((property) => property.name === 'operation')
			.flatMap((property) => property.options?.filter((option) => option.value !== '__CUSTOM_API_CALL__').map((option) => option.action));
		// Chat has one list per node version, newest first (Get Many for new nodes, Find kept for version 1 nodes).
		expect(actions).toEqual([
			'Add labels to a chat',
			'Add a note to a chat',
			'Get a chat',
			'Get the labels of a chat',
			'Get many chats',
			'Get messages of a chat',
			'Set the labels of a chat',
			'Update a chat',
			'Add labels to a chat',
			'Add a note to a chat',
			'Find a chat',
			'Get a chat',
			'Get the labels of a chat',
			'Get many chats',
			'Get messages of a chat',
			'Set the labels of a chat',
			'Update a chat',
			'Upload a file',
			'Get a message',
			'Get message status',
			'React to a message',
			'Reply in a chat',
			'Send a message',
			'Get many teammates',
			'Get many WhatsApp accounts',
			'Get the workspace',
		]);
	});

	const listRequest = (path: string, methodName: string, parameters: Record<string, unknown>) => ({
		path,
		methodName,
		nodeTypeAndVersion: { name: NODE_TYPES.app, version: 1 },
		currentNodeParameters: { resource: 'message', operation: 'send', sendTo: 'chatId', ...parameters },
		credentials: { timelinesAiApi: world.credential },
	});

	it('the Chat ID list answers through /rest/dynamic-node-parameters/resource-locator-results, with search', async () => {
		const result = await world.client.dynamicNodeParameters<{ results: Array<{ name: string; value: string; url: string }> }>(
			'resource-locator-results',
			{ ...listRequest('parameters.chatId', 'searchChats', { chatId: { __rl: true, mode: 'list', value: '' } }), filter: 'ravi' },
		);
		expect(result.results).toEqual([{ name: 'Ravi Kumar (+919812345678)', value: String(RAVI_CHAT), url: expect.stringContaining(`/chat/${RAVI_CHAT}`) }]);
	});

	it('the Sender WhatsApp Phone dropdown answers through /rest/dynamic-node-parameters/options', async () => {
		const options = await world.client.dynamicNodeParameters<Array<{ name: string; value: string }>>('options', {
			...listRequest('parameters.options.senderPhone', 'getWhatsappAccounts', { options: { senderPhone: '' } }),
		});
		expect(options.map((option) => option.value)).toEqual(['', '+15105566777', '+14155550123']);
	});
});

describe('the TimelinesAI node runs its operations', () => {
	it('Message → Send to a chat picked from the list, then Message → Get Status of it', async () => {
		const [sent] = await runApp({
			resource: 'message',
			operation: 'send',
			sendTo: 'chatId',
			chatId: { __rl: true, mode: 'list', value: String(RAVI_CHAT), cachedResultName: 'Ravi Kumar (+919812345678)' },
			text: 'Hello from the TimelinesAI node',
			options: {},
		});
		expect(sent).toMatchObject({ message_id: expect.stringMatching(/^wa_backend:/), chat_id: RAVI_CHAT });
		await world.control.waitForIdle();

		const [status] = await runApp({ resource: 'message', operation: 'getStatus', messageId: '={{ $json.id }}' }, [{ id: sent.message_id }]);
		expect(status).toMatchObject({ status: 'Delivered', chat_id: RAVI_CHAT, text: 'Hello from the TimelinesAI node' });
		expect(status.status_history).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'Delivered' })]));
	});

	it('Chat → Find gives one item per chat', async () => {
		const chats = await runApp({ resource: 'chat', operation: 'find', nameContains: '={{ $json.name }}', returnAll: true }, [{ name: 'crew' }]);
		expect(chats).toEqual([expect.objectContaining({ id: 20451401, name: 'Weekend crew', is_group: true })]);
	});
});
