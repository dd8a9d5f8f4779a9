import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { editorListContext } from '../../harness/load-options';
import { CHATS_PAGE_SIZE } from '../../sandbox/api-routes';
import { SEEDED_ACCOUNTS, SEEDED_CHATS } from '../../sandbox/workspace';
import { useSendEnvironment, type RunOptions } from '../send/setup';

/** Chat → Get, Get Many (and Find, its version 1 name), Update, run through n8n-core against the sandbox. */

const env = useSendEnvironment();

const [RAVI, STORE, PRIYA, WEEKEND] = SEEDED_CHATS;
const [SALES, SUPPORT] = SEEDED_ACCOUNTS;
const UNKNOWN_CHAT = 99999;
const LATEST = 1.1;

const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const names = (items: INodeExecutionData[]) => items.map((item) => item.json.name);

async function chat(operation: string, parameters: INodeParameters, items?: INodeExecutionData[], options: RunOptions = {}) {
	return await env.run('timelinesAi', { resource: 'chat', operation, ...parameters }, items, { typeVersion: LATEST, ...options });
}

async function addCustomerChats(count: number): Promise<void> {
	for (let n = 1; n <= count; n++) {
		await env.control.upsertChat({ name: `Customer ${String(n).padStart(3, '0')}`, phone: `+1415555${String(1000 + n)}`, isNew: false });
	}
}

describe('Chat → Get', () => {
	it.each([
		['typed as an ID', byId(PRIYA.id)],
		['picked from the list', { __rl: true, mode: 'list', value: String(PRIYA.id) }],
		['pasted as its address', { __rl: true, mode: 'url', value: `https://app.timelines.ai/chat/${PRIYA.id}/messages/` }],
	])('reads the whole chat object, %s', async (_case, chatId) => {
		const { items, error } = await chat('get', { chatId });
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: expect.objectContaining({
					id: PRIYA.id,
					name: 'Priya Nair',
					phone: '+447911123456',
					is_group: false,
					labels: ['customer', 'vip'],
					closed: false,
					read: false,
					chatgpt_autoresponse_enabled: true,
					responsible_email: 'jon@northwind.example',
					responsible_name: 'Jon Park',
					whatsapp_account_id: SUPPORT.id,
					created_timestamp: expect.any(String),
					last_message_timestamp: '2025-11-02T09:40:00.000Z',
					unattended: false,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('an id TimelinesAI does not know: the item, the field, and where a right id comes from', async () => {
		const { error } = await chat('get', { chatId: byId(UNKNOWN_CHAT) });
		expect(error?.message).toBe(
			`Field "Chat ID" in item 0: TimelinesAI has no chat ${UNKNOWN_CHAT} in this workspace (HTTP 404). Pick the chat from the list, ` +
				'or map the chat id from the TimelinesAI Trigger ({{ $json.chat.id }}) or from Chat → Get Many ({{ $json.id }}).',
		);
	});

	it('with Continue, one output item per input item: the chat, or the error', async () => {
		const inputs = [{ json: { id: RAVI.id } }, { json: { id: UNKNOWN_CHAT } }, { json: { id: 'ravi' } }, { json: { id: WEEKEND.id } }];
		const { items } = await chat('get', { chatId: byId('={{ $json.id }}') }, inputs, { continueOnFail: true });
		expect(items.map((item) => [item.json.name ?? item.json.error, item.pairedItem])).toEqual([
			['Ravi Kumar', { item: 0 }],
			[expect.stringMatching(/^Field "Chat ID" in item 1: TimelinesAI has no chat 99999 in this workspace/), { item: 1 }],
			[expect.stringMatching(/^Field "Chat ID" in item 2: "ravi" is not a chat id/), { item: 2 }],
			['Weekend crew', { item: 3 }],
		]);
	});

	it('without an API token it names the credential field; a wrong token never shows', async () => {
		const missing = await chat('get', { chatId: byId(RAVI.id) }, undefined, { credentials: env.credentials({ apiToken: '' }) });
		expect(missing.error?.message).toMatch(/^Field "API Token \(in the TimelinesAI credential\)" in item 0: it is empty, but reading the chat needs it/);
		const wrong = await chat('get', { chatId: byId(RAVI.id) }, undefined, { credentials: env.credentials({ apiToken: 'wrong-token-7654321' }) });
		expect(wrong.error?.message).toMatch(/HTTP 401/);
		expect(JSON.stringify(wrong.error)).not.toContain('wrong-token-7654321');
	});
});

describe('Chat → Get Many', () => {
	it('without filters: every chat, newest message first, one item per chat', async () => {
		const { items } = await chat('getMany', { returnAll: true });
		expect(names(items)).toEqual(['Ravi Kumar', 'Store pickup team', 'Priya Nair', 'Weekend crew']);
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it.each<[string, INodeParameters, string[]]>([
		['name parts (any of them)', { name: 'ravi, WEEKEND' }, ['Ravi Kumar', 'Weekend crew']],
		['an exact phone', { phone: '+447911123456' }, ['Priya Nair']],
		['part of a phone', { phone: '9812345' }, ['Ravi Kumar']],
		['labels (any of them)', { label: 'vip, store' }, ['Store pickup team', 'Priya Nair']],
		['the WhatsApp account picked from the list (its ID)', { whatsappAccountId: SUPPORT.id }, ['Priya Nair', 'Weekend crew']],
		['the WhatsApp account mapped as its phone', { whatsappAccountId: SALES.phone }, ['Ravi Kumar', 'Store pickup team']],
		['a member phone (the direct chat and its groups)', { whatsappPhone: '+447911123456' }, ['Priya Nair', 'Weekend crew']],
		['the responsible teammate', { responsible: 'maya@northwind.example' }, ['Ravi Kumar']],
		['groups only', { group: 'yes' }, ['Store pickup team', 'Weekend crew']],
		['direct chats only', { group: 'no' }, ['Ravi Kumar', 'Priya Nair']],
		['unread', { read: 'no' }, ['Ravi Kumar', 'Priya Nair']],
		['closed', { closed: 'yes' }, ['Weekend crew']],
		['AI Agent on', { aiAgentEnabled: 'yes' }, ['Priya Nair']],
		['"Any" changes nothing', { group: 'any', read: 'any', closed: 'any', aiAgentEnabled: 'any' }, ['Ravi Kumar', 'Store pickup team', 'Priya Nair', 'Weekend crew']],
		['several filters together (all must match)', { group: 'no', read: 'no', label: 'lead' }, ['Ravi Kumar']],
	])('filters by %s', async (_case, filters, expected) => {
		const { items, error } = await chat('getMany', { returnAll: true, filters });
		expect(error).toBeUndefined();
		expect(names(items)).toEqual(expected);
	});

	it('filters by creation time, from the date picker or an expression', async () => {
		await env.control.upsertChat({ name: 'Autumn lead', phone: '+14155551001', createdAt: '2025-10-20T10:00:00Z', isNew: false });
		await env.control.upsertChat({ name: 'Winter lead', phone: '+14155551002', createdAt: '2025-12-20T10:00:00Z', isNew: false });
		const between = await chat('getMany', { returnAll: true, filters: { createdAfter: '2025-10-10T00:00:00Z', createdBefore: '={{ "2025-11-30T00:00:00+01:00" }}' } });
		expect(names(between.items)).toEqual(['Autumn lead']);
		const after = await chat('getMany', { returnAll: true, filters: { createdAfter: '={{ DateTime.fromISO("2025-12-01T00:00:00Z") }}' } });
		expect(names(after.items)).toEqual(['Winter lead']);
	});

	it("adds each chat's last message when asked", async () => {
		const sent = await env.control.simulateIncoming({ chatId: RAVI.id, text: 'Is the order ready?' });
		const { items } = await chat('getMany', { returnAll: true, filters: { name: 'ravi' }, options: { includeLastMessage: true } });
		expect(items[0].json).toMatchObject({ name: 'Ravi Kumar', last_message_uid: sent.message_uid, last_message: expect.objectContaining({ text: 'Is the order ready?' }) });
		const plain = await chat('getMany', { returnAll: true, filters: { name: 'ravi' } });
		expect(plain.items[0].json).not.toHaveProperty('last_message');
	});

	it(`Return All reads every page of ${CHATS_PAGE_SIZE}; Limit reads only the pages it needs`, async () => {
		await addCustomerChats(2 * CHATS_PAGE_SIZE + 5);
		const before = await env.control.apiCallCount();
		const all = await chat('getMany', { returnAll: true, filters: { name: 'customer' } });
		expect(all.items).toHaveLength(2 * CHATS_PAGE_SIZE + 5);
		expect(new Set(names(all.items)).size).toBe(2 * CHATS_PAGE_SIZE + 5);
		expect((await env.control.apiCallCount()) - before).toBe(3);

		const limited = await chat('getMany', { returnAll: false, limit: CHATS_PAGE_SIZE + 5, filters: { name: 'customer' } });
		expect(names(limited.items)).toEqual(names(all.items).slice(0, CHATS_PAGE_SIZE + 5));
		expect((await env.control.apiCallCount()) - before).toBe(5);

		const firstPage = await chat('getMany', { filters: { name: 'customer' } });
		expect(firstPage.items).toHaveLength(50);
		expect((await env.control.apiCallCount()) - before).toBe(6);
	});

	it('each input item filters on its own; a bad filter value fails only its item, with Continue', async () => {
		const inputs = [{ json: { label: 'vip', after: '' } }, { json: { label: 'lead', after: 'last tuesday' } }, { json: { label: 'store', after: '2020-01-01' } }];
		const { items } = await chat('getMany', { returnAll: true, filters: { label: '={{ $json.label }}', createdAfter: '={{ $json.after }}' } }, inputs, { continueOnFail: true });
		expect(items.map((item) => [item.json.name ?? item.json.error, item.pairedItem])).toEqual([
			['Priya Nair', { item: 0 }],
			[expect.stringMatching(/^Field "Created After" in item 1: "last tuesday" is not a date/), { item: 1 }],
			['Store pickup team', { item: 2 }],
		]);
	});

	it('nothing matches: no output items and no error', async () => {
		const { items, error } = await chat('getMany', { returnAll: true, filters: { name: 'nobody here' } });
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});
});

describe('Chat → Find: workflows saved with version 1 keep running', () => {
	it('version 1 parameters (Name Contains, If Nothing Is Found) run as they did', async () => {
		await addCustomerChats(55);
		const v1 = (parameters: INodeParameters) => env.run('timelinesAi', { resource: 'chat', operation: 'find', ...parameters }, undefined, { typeVersion: 1 });
		const all = await v1({ nameContains: 'CUSTOMER', returnAll: true });
		expect(all.items).toHaveLength(55);
		const limited = await v1({ nameContains: 'customer', limit: 5 });
		expect(names(limited.items)).toEqual(names(all.items).slice(0, 5));
		const missing = await v1({ nameContains: 'zzz', ifNothingFound: 'error' });
		expect(missing.error?.message).toMatch(/^Field "Name Contains" in item 0: no chat's name contains "zzz"/);
	});

	it('a version 1 node saved with the default operation (no `operation` in its parameters) is still Find', async () => {
		const { items, error } = await env.run('timelinesAi', { resource: 'chat', nameContains: 'weekend' }, undefined, { typeVersion: 1 });
		expect(error).toBeUndefined();
		expect(names(items)).toEqual(['Weekend crew']);
	});

	it('Find and Get Many with a name filter give the same chats', async () => {
		const find = await env.run('timelinesAi', { resource: 'chat', operation: 'find', nameContains: 'r', returnAll: true }, undefined, { typeVersion: 1 });
		const getMany = await chat('getMany', { returnAll: true, filters: { name: 'r' } });
		expect(find.items.map((item) => item.json)).toEqual(getMany.items.map((item) => item.json));
	});
});

describe('Chat → Update', () => {
	it('renames, assigns, closes, marks unread and switches the AI Agent on, in one call; outputs the updated chat', async () => {
		const updateFields = { name: 'Ravi Kumar (Acme)', responsible: 'ana@northwind.example', closed: true, read: false, aiAgentEnabled: true };
		const { items, error } = await chat('update', { chatId: byId(RAVI.id), updateFields });
		expect(error).toBeUndefined();
		const stored = await env.control.chat(RAVI.id);
		expect(stored).toMatchObject({ name: 'Ravi Kumar (Acme)', responsible: { email: 'ana@northwind.example', name: 'Ana Costa' }, closed: true, read: false, aiAgent: true });
		expect(items).toEqual([
			{
				json: expect.objectContaining({ id: RAVI.id, name: 'Ravi Kumar (Acme)', responsible_email: 'ana@northwind.example', closed: true, read: false, chatgpt_autoresponse_enabled: true }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('Unassign takes the chat from its teammate; reopen, mark read and AI Agent off', async () => {
		await chat('update', { chatId: byId(PRIYA.id), updateFields: { responsible: '__unassign__', closed: false, read: true, aiAgentEnabled: false } });
		expect(await env.control.chat(PRIYA.id)).toMatchObject({ responsible: null, closed: false, read: true, aiAgent: false, name: 'Priya Nair' });
	});

	it('changes only what is under Update Fields', async () => {
		await chat('update', { chatId: byId(WEEKEND.id), updateFields: { closed: false } });
		const stored = await env.control.chat(WEEKEND.id);
		expect(stored).toMatchObject({ closed: false, name: WEEKEND.name, read: WEEKEND.read, aiAgent: WEEKEND.aiAgent, labels: WEEKEND.labels });
	});

	it('empty Update Fields: an error naming the field, and nothing is sent', async () => {
		const before = await env.control.apiCallCount();
		const { error } = await chat('update', { chatId: byId(RAVI.id), updateFields: {} });
		expect(error?.message).toBe(
			'Field "Update Fields" in item 0: is empty, so there is nothing to change. Click Add field and choose what to change: Name, Responsible, Closed, Read, AI Agent.',
		);
		expect(await env.control.apiCallCount()).toBe(before);
	});

	it('a name over 256 characters is refused before anything is sent', async () => {
		const before = await env.control.apiCallCount();
		const { error } = await chat('update', { chatId: byId(RAVI.id), updateFields: { name: 'x'.repeat(257) } });
		expect(error?.message).toMatch(/^Field "Name" in item 0: has 257 characters; TimelinesAI takes at most 256\. Shorten it/);
		expect(await env.control.apiCallCount()).toBe(before);
		expect((await env.control.chat(RAVI.id)).name).toBe('Ravi Kumar');
	});

	it.each<[string, INodeParameters, RegExp]>([
		['a name another chat has', { name: 'priya nair' }, /^Field "Update Fields" in item 0: TimelinesAI answered HTTP 422 while updating the chat: name "priya nair" is taken/],
		['an email that is no teammate\'s', { responsible: 'stranger@example.com' }, /^Field "Update Fields" in item 0: TimelinesAI answered HTTP 422 while updating the chat: responsible "stranger@example.com" is not a teammate/],
		['a Responsible that is not an email', { responsible: 'Maya' }, /^Field "Responsible" in item 0: "Maya" is not an email\. Pick a teammate or Unassign/],
	])('TimelinesAI or the node refuses %s, and the chat stays as it was', async (_case, updateFields, message) => {
		const { error } = await chat('update', { chatId: byId(RAVI.id), updateFields });
		expect(error?.message).toMatch(message);
		expect(await env.control.chat(RAVI.id)).toMatchObject({ name: 'Ravi Kumar', responsible: { email: 'maya@northwind.example' } });
	});

	it('an unknown chat is explained; with Continue each input item gives one output item', async () => {
		const inputs = [{ json: { id: UNKNOWN_CHAT } }, { json: { id: STORE.id } }];
		const { items } = await chat('update', { chatId: byId('={{ $json.id }}'), updateFields: { read: false } }, inputs, { continueOnFail: true });
		expect(items.map((item) => [item.json.error ?? item.json.name, item.pairedItem])).toEqual([
			[expect.stringMatching(/^Field "Chat ID" in item 0: TimelinesAI has no chat 99999 in this workspace/), { item: 0 }],
			['Store pickup team', { item: 1 }],
		]);
		expect((await env.control.chat(STORE.id)).read).toBe(false);
	});
});

describe("the chat operations' pickers", () => {
	async function loadOptions(method: string, parameters: INodeParameters, path: string, credentials = env.credentials()) {
		const { context, nodeType } = await editorListContext({ node: 'timelinesAi', parameters, path, credentials: { timelinesAiApi: credentials } });
		return await nodeType.methods!.loadOptions![method].call(context);
	}

	it('Responsible under Update Fields: Unassign, then each teammate as "Name (email)" → email', async () => {
		const options = await loadOptions('getTeammates', { resource: 'chat', operation: 'update', updateFields: { responsible: '' } }, 'parameters.updateFields.responsible');
		expect(options.map((option) => [option.name, option.value])).toEqual([
			['Unassign', '__unassign__'],
			['Maya Ortiz (maya@northwind.example)', 'maya@northwind.example'],
			['Jon Park (jon@northwind.example)', 'jon@northwind.example'],
			['Ana Costa (ana@northwind.example)', 'ana@northwind.example'],
		]);
	});

	it('Responsible under Filters: the teammates only', async () => {
		const options = await loadOptions('getTeammates', { resource: 'chat', operation: 'getMany', filters: { responsible: '' } }, 'parameters.filters.responsible');
		expect(options.map((option) => option.value)).toEqual(['maya@northwind.example', 'jon@northwind.example', 'ana@northwind.example']);
	});

	it("WhatsApp Account under Filters: each account by name and phone → its ID, which GET /chats filters by", async () => {
		const options = await loadOptions('getWhatsappAccountIds', { resource: 'chat', operation: 'getMany', filters: { whatsappAccountId: '' } }, 'parameters.filters.whatsappAccountId');
		expect(options.map((option) => [option.name, option.value])).toEqual([
			['Northwind Sales (+15105566777)', SALES.id],
			['Northwind Support (+14155550123)', SUPPORT.id],
		]);
	});

	it('without an API token the teammate list says so and how to do without', async () => {
		await expect(
			loadOptions('getTeammates', { resource: 'chat', operation: 'update' }, 'parameters.updateFields.responsible', env.credentials({ apiToken: '' })),
		).rejects.toMatchObject({ message: 'The list of teammates needs an API Token in the TimelinesAI credential', description: expect.stringContaining("type the teammate's email") });
	});
});
