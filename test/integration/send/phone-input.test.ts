import { runNode } from '../../harness/run-node';
import { OFFLINE_CREDENTIALS } from './offline-cases';
import { PHONE_CASES } from './phone-cases';

describe('phone numbers that would reach the wrong person are refused before anything is sent', () => {
	it.each(PHONE_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
		const { items, error } = await runNode({
			node: 'timelinesAiSend',
			parameters: testCase.parameters,
			items: [testCase.item ?? { json: {} }],
			credentials: { timelinesAiApi: testCase.credentials ?? OFFLINE_CREDENTIALS },
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { error: testCase.message, may_have_been_sent: false }, pairedItem: { item: 0 } }]);
	});
});
