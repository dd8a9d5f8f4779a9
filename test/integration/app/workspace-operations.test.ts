import { SEEDED_ACCOUNTS, SEEDED_TEAMMATES } from '../../sandbox/workspace';
import { useSendEnvironment } from '../send/setup';

/** WhatsApp Account → Get Many, Teammate → Get Many and Workspace → Get, run through n8n-core against the sandbox. */

const env = useSendEnvironment();

async function run(resource: string, operation: string, items = [{ json: {} }], options: { continueOnFail?: boolean; apiToken?: string } = {}) {
	const credentials = options.apiToken === undefined ? undefined : env.credentials({ apiToken: options.apiToken });
	return await env.run('timelinesAi', { resource, operation }, items, { typeVersion: 1.1, continueOnFail: options.continueOnFail, credentials });
}

describe('WhatsApp Account → Get Many', () => {
	it('one item per connected account, with the ID the chat filter takes', async () => {
		const { items, error } = await run('whatsappAccount', 'getMany');
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual(SEEDED_ACCOUNTS.map((account) => expect.objectContaining(account)));
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it("shows an account's status as TimelinesAI has it now", async () => {
		await env.control.setAccountStatus(SEEDED_ACCOUNTS[0].phone, 'disconnected');
		const { items } = await run('whatsappAccount', 'getMany');
		expect(items[0].json).toMatchObject({ phone: SEEDED_ACCOUNTS[0].phone, status: 'disconnected' });
	});
});

describe('Teammate → Get Many', () => {
	it('one item per teammate: email, name and role', async () => {
		const { items } = await run('teammate', 'getMany');
		expect(items.map((item) => item.json)).toEqual(SEEDED_TEAMMATES.map((teammate) => expect.objectContaining({ ...teammate })));
	});

	it('runs once per input item, each result paired with its item', async () => {
		const { items } = await run('teammate', 'getMany', [{ json: {} }, { json: {} }]);
		expect(items.map((item) => item.pairedItem)).toEqual([...SEEDED_TEAMMATES.map(() => ({ item: 0 })), ...SEEDED_TEAMMATES.map(() => ({ item: 1 }))]);
	});
});

describe('Workspace → Get', () => {
	it('the plan and its quotas, each with what is left of it', async () => {
		await env.control.setCredits({ quota: 1000, remaining: 640 });
		const { items, error } = await run('workspace', 'get');
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const workspace = items[0].json as Record<string, Record<string, number>>;
		expect(workspace).toMatchObject({
			display_name: 'Northwind Traders',
			plan: 'Pro',
			seats: { total: 5, used: SEEDED_TEAMMATES.length, left: 5 - SEEDED_TEAMMATES.length },
			messaging_quota: { total: 1000, used: 360, left: 640, period_start: expect.any(String), period_end: expect.any(String) },
			non_recurring_quota: expect.not.objectContaining({ left: expect.anything() }),
		});
		// What the sandbox counted, this call included.
		const calls = await env.control.apiCallCount();
		expect(workspace.api_calls_quota).toMatchObject({ used: calls, left: workspace.api_calls_quota.total - calls });
	});

	it('with Continue, a refused token gives one error item per input item and never shows the token', async () => {
		const { items } = await run('workspace', 'get', [{ json: {} }, { json: {} }], { continueOnFail: true, apiToken: 'refused-token-24680' });
		expect(items.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[expect.stringMatching(/HTTP 401 while reading the workspace/), { item: 0 }],
			[expect.stringMatching(/HTTP 401 while reading the workspace/), { item: 1 }],
		]);
		expect(JSON.stringify(items)).not.toContain('refused-token-24680');
	});

	it.each([
		['whatsappAccount', 'getMany', 'listing the WhatsApp accounts'],
		['teammate', 'getMany', 'listing the teammates'],
		['workspace', 'get', 'reading the workspace'],
	])('%s → %s without an API token names the credential field', async (resource, operation, action) => {
		const { error } = await run(resource, operation, undefined, { apiToken: '' });
		expect(error?.message).toBe(
			`Field "API Token (in the TimelinesAI credential)" in item 0: it is empty, but ${action} needs it. Create a token in TimelinesAI → Integrations → Public API and paste it into the credential.`,
		);
	});
});
