import { NodeApiError, NodeOperationError, type INodeParameters } from 'n8n-workflow';

import { editorListContext } from '../../harness/load-options';
import { useSendEnvironment } from '../send/setup';

/** The editor's lists of the TimelinesAI node, called the way n8n's editor calls them (LoadOptionsContext). */

const env = useSendEnvironment();

const SEND_TO_CHAT: INodeParameters = { resource: 'message', operation: 'send', sendTo: 'chatId', chatId: { __rl: true, mode: 'list', value: '' } };

async function searchChats(filter?: string, paginationToken?: string, credentials = env.credentials()) {
	const { context, nodeType } = await editorListContext({ node: 'timelinesAi', parameters: SEND_TO_CHAT, path: 'parameters.chatId', credentials: { timelinesAiApi: credentials } });
	return await nodeType.methods!.listSearch!.searchChats.call(context, filter, paginationToken);
}

async function whatsappAccounts(credentials = env.credentials()) {
	const { context, nodeType } = await editorListContext({
		node: 'timelinesAi',
		parameters: { ...SEND_TO_CHAT, options: { senderPhone: '' } },
		path: 'parameters.options.senderPhone',
		credentials: { timelinesAiApi: credentials },
	});
	return await nodeType.methods!.loadOptions!.getWhatsappAccounts.call(context);
}

describe('Chat ID "From list"', () => {
	it('lists the chats with name, phone or "group", and a link to each', async () => {
		const { results, paginationToken } = await searchChats();
		expect(results.map((result) => result.name)).toEqual(['Ravi Kumar (+919812345678)', 'Store pickup team (group)', 'Priya Nair (+447911123456)', 'Weekend crew (group)']);
		expect(results[0]).toEqual({ name: 'Ravi Kumar (+919812345678)', value: '20451188', url: 'https://app.timelines.ai/chat/20451188/messages/' });
		expect(paginationToken).toBeUndefined();
	});

	it('searches by part of the name', async () => {
		const { results } = await searchChats('  priya ');
		expect(results.map((result) => result.value)).toEqual(['20451240']);
	});

	it('pages through long lists: the token asks TimelinesAI for the next page', async () => {
		for (let n = 1; n <= 55; n++) await env.control.upsertChat({ name: `Lead ${n}`, phone: `+1415556${String(1000 + n)}`, isNew: false });
		const first = await searchChats('lead');
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		const second = await searchChats('lead', first.paginationToken as string);
		expect(second.results.map((result) => result.name.split(' (')[0])).toEqual(['Lead 51', 'Lead 52', 'Lead 53', 'Lead 54', 'Lead 55']);
		expect(second.paginationToken).toBeUndefined();
	});

	it('without an API token says the list needs one and how to do without', async () => {
		const failure = searchChats(undefined, undefined, env.credentials({ apiToken: '' }));
		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toMatchObject({
			message: 'The chat list needs an API Token in the TimelinesAI credential',
			description: expect.stringContaining('or choose "By ID" and type or map the chat\'s number'),
		});
	});

	it('a refused token is an API error that does not show the token', async () => {
		const failure = searchChats(undefined, undefined, env.credentials({ apiToken: 'refused-token-98765' }));
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		const error = (await failure.catch((caught: unknown) => caught)) as NodeApiError;
		expect(error.message).toMatch(/401/);
		expect(JSON.stringify(error)).not.toContain('refused-token-98765');
	});
});

describe('Sender WhatsApp Phone dropdown', () => {
	it("offers the credential's default, then each connected account by name and phone", async () => {
		const options = await whatsappAccounts();
		expect(options.map((option) => [option.name, option.value])).toEqual([
			["Default (the Credential's Sender)", ''],
			['Northwind Sales (+15105566777)', '+15105566777'],
			['Northwind Support (+14155550123)', '+14155550123'],
		]);
	});

	it('without an API token says the list needs one and how to type the phone instead', async () => {
		await expect(whatsappAccounts(env.credentials({ apiToken: '' }))).rejects.toMatchObject({
			message: 'The list of WhatsApp accounts needs an API Token in the TimelinesAI credential',
			description: expect.stringContaining('switch this field to Expression'),
		});
	});
});
