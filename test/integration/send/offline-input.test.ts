import { runNode } from '../../harness/run-node';
import { OFFLINE_CASES, OFFLINE_CREDENTIALS } from './offline-cases';
import { PHONE_CASES } from './phone-cases';
import { expectDocumentedRow } from './troubleshooting-docs';

describe('bad input is refused before anything is sent, with one sentence naming item, field and fix', () => {
	it.each([...OFFLINE_CASES, ...PHONE_CASES].map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
		const { items, error } = await runNode({
			node: 'timelinesAiSend',
			parameters: testCase.parameters,
			items: [testCase.item ?? { json: {} }],
			credentials: { timelinesAiApi: testCase.credentials ?? OFFLINE_CREDENTIALS },
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: { error: testCase.message, may_have_been_sent: false }, pairedItem: { item: 0 } },
		]);
		expectDocumentedRow(testCase.name, String(items[0].json.error));
	});

	it('stops the workflow with a NodeOperationError for that item when not continuing on fail', async () => {
		const { items, error } = await runNode({
			node: 'timelinesAiSend',
			parameters: { sendTo: 'phone', phone: '={{ $json.phone }}', text: 'Hello' },
			items: [{ json: { phone: 'not a phone' } }],
			credentials: { timelinesAiApi: OFFLINE_CREDENTIALS },
		});
		expect(items).toEqual([]);
		// n8n loads node classes in isolation (own module instances), so compare by name, not instanceof.
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message:
				'Field "Phone" in item 0: "not a phone" is not a phone number. Write the number with digits in international format, e.g. +14155550100.',
			context: { itemIndex: 0 },
		});
	});

	it('numbers the item the problem is in', async () => {
		const { items } = await runNode({
			node: 'timelinesAiSend',
			parameters: { sendTo: 'chatId', chatId: '={{ $json.chat }}', text: 'Hello' },
			items: [{ json: { chat: 'x' } }, { json: { chat: 'y' } }],
			credentials: { timelinesAiApi: OFFLINE_CREDENTIALS },
			continueOnFail: true,
		});
		expect(items.map((item) => [item.pairedItem, (item.json.error as string).slice(0, 30)])).toEqual([
			[{ item: 0 }, 'Field "Chat ID" in item 0: "x"'],
			[{ item: 1 }, 'Field "Chat ID" in item 1: "y"'],
		]);
	});

	it('gives one error item per input item when no credential can be loaded', async () => {
		const { items, error } = await runNode({
			node: 'timelinesAiSend',
			parameters: { sendTo: 'phone', phone: '+14155550100', text: 'Hello' },
			items: [{ json: {} }, { json: {} }, { json: {} }],
			credentials: {},
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of items) expect(item.json.error).toEqual(expect.stringMatching(/credential/i));
	});
});
