import { NODE_TYPES } from '../tools/n8n/instance';
import { runWorkflow } from './support/run-workflow';
import { sendWorkflow, uniquePath } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

/** The TimelinesAI node's chat, account, teammate and workspace operations in a real n8n, at the version new nodes get. */

const RAVI_CHAT = 20451188;
const PRIYA_CHAT = 20451240;
const LATEST = 1.1;

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('app-chats');
});
afterAll(async () => {
	await world?.close();
});
beforeEach(async () => {
	await world.control.reset();
});

/** Runs the TimelinesAI node (at `typeVersion`) with these parameters in a fresh active workflow, once per posted item. */
async function runApp(parameters: Record<string, unknown>, items: unknown[] = [{}], typeVersion = LATEST) {
	const path = uniquePath('app-chats');
	const definition = sendWorkflow(path, { credential: world.credential, send: parameters, nodeType: NODE_TYPES.app });
	definition.nodes[definition.nodes.length - 1].typeVersion = typeVersion;
	const workflow = await world.createWorkflow(definition);
	return await runWorkflow(world.client, { id: workflow.id, path }, items);
}

const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });

describe('what the editor gets from n8n', () => {
	it('new nodes are 1.1, whose Chat operations offer Get Many instead of Find; version 1 keeps Find', async () => {
		const [app] = await world.client.nodeTypeDescriptions([NODE_TYPES.app]);
		// New nodes get the last version (n8n's editor: defaultVersion, else the last of `version`).
		expect(app).toMatchObject({ version: [1, LATEST] });
		expect(app.defaultVersion).toBeUndefined();
		type Property = { name: string; displayOptions?: { show?: Record<string, unknown[]> }; options?: Array<{ value: string }> };
		const chatOperations = (app.properties as Property[])
			.filter((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'chat')
			.map((property) => [property.displayOptions?.show?.['@version'], property.options?.map((option) => option.value)]);
		expect(chatOperations).toEqual([
			[[1.1], ['addLabels', 'addNote', 'get', 'getLabels', 'getMany', 'getMessages', 'setLabels', 'update', '__CUSTOM_API_CALL__']],
			[[1], ['addLabels', 'addNote', 'find', 'get', 'getLabels', 'getMany', 'getMessages', 'setLabels', 'update', '__CUSTOM_API_CALL__']],
		]);
	});

	it('the Responsible picker answers through /rest/dynamic-node-parameters/options: Unassign, then "Name (email)"', async () => {
		const options = await world.client.dynamicNodeParameters<Array<{ name: string; value: string }>>('options', {
			path: 'parameters.updateFields.responsible',
			methodName: 'getTeammates',
			nodeTypeAndVersion: { name: NODE_TYPES.app, version: LATEST },
			currentNodeParameters: { resource: 'chat', operation: 'update', chatId: byId(RAVI_CHAT), updateFields: { responsible: '' } },
			credentials: { timelinesAiApi: world.credential },
		});
		expect(options.map((option) => [option.name, option.value])).toEqual([
			['Unassign', '__unassign__'],
			['Maya Ortiz (maya@northwind.example)', 'maya@northwind.example'],
			['Jon Park (jon@northwind.example)', 'jon@northwind.example'],
			['Ana Costa (ana@northwind.example)', 'ana@northwind.example'],
		]);
	});
});

describe('the chat operations run', () => {
	it('Chat → Get reads the chat mapped from each item', async () => {
		const chats = await runApp({ resource: 'chat', operation: 'get', chatId: byId('={{ $json.id }}') }, [{ id: PRIYA_CHAT }]);
		expect(chats).toEqual([expect.objectContaining({ id: PRIYA_CHAT, name: 'Priya Nair', labels: ['customer', 'vip'], responsible_email: 'jon@northwind.example' })]);
	});

	it('Chat → Get Many with filters gives one item per matching chat', async () => {
		const chats = await runApp({ resource: 'chat', operation: 'getMany', returnAll: true, filters: { read: 'no', group: 'no' }, options: {} });
		expect(chats.map((chat) => chat.name)).toEqual(['Ravi Kumar', 'Priya Nair']);
	});

	it('Chat → Update assigns and closes the chat in TimelinesAI', async () => {
		const [updated] = await runApp({
			resource: 'chat',
			operation: 'update',
			chatId: byId(RAVI_CHAT),
			updateFields: { responsible: 'ana@northwind.example', closed: true },
		});
		expect(updated).toMatchObject({ id: RAVI_CHAT, responsible_email: 'ana@northwind.example', closed: true });
		expect(await world.control.chat(RAVI_CHAT)).toMatchObject({ responsible: { email: 'ana@northwind.example' }, closed: true });
	});

	it('a version 1 node saved with Chat → Find still runs', async () => {
		const chats = await runApp({ resource: 'chat', operation: 'find', nameContains: '={{ $json.name }}', returnAll: true }, [{ name: 'crew' }], 1);
		expect(chats).toEqual([expect.objectContaining({ id: 20451401, name: 'Weekend crew' })]);
	});
});

describe('the workspace operations run', () => {
	it('WhatsApp Account → Get Many and Teammate → Get Many give one item each', async () => {
		const accounts = await runApp({ resource: 'whatsappAccount', operation: 'getMany' });
		expect(accounts.map((account) => account.id)).toEqual(['15105566777@s.whatsapp.net', '14155550123@s.whatsapp.net']);
		const teammates = await runApp({ resource: 'teammate', operation: 'getMany' });
		expect(teammates.map((teammate) => teammate.email)).toEqual(['maya@northwind.example', 'jon@northwind.example', 'ana@northwind.example']);
	});

	it('Workspace → Get says how many messages are left', async () => {
		await world.control.setCredits({ quota: 500, remaining: 120 });
		const [workspace] = await runApp({ resource: 'workspace', operation: 'get' });
		expect(workspace).toMatchObject({ plan: 'Pro', messaging_quota: { total: 500, used: 380, left: 120 } });
	});
});
