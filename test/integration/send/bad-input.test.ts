import { sleep } from 'n8n-workflow';

import { NETWORK_CASES } from './network-cases';
import { useSendEnvironment } from './setup';
import { expectDocumentedRow, withShortLinks } from './troubleshooting-docs';

const env = useSendEnvironment();

describe('problems found by asking the file link or TimelinesAI, with the exact sentence the user sees', () => {
	it.each(NETWORK_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
		const arranged = await testCase.arrange(env);
		const { items, error } = await env.send(arranged.parameters, [arranged.item ?? { json: {} }], {
			continueOnFail: true,
			credentials: arranged.credentials,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: {
					error: typeof testCase.error === 'function' ? testCase.error(env) : testCase.error,
					...(testCase.hint ? { hint: testCase.hint } : {}),
					may_have_been_sent: testCase.mayHaveBeenSent,
				},
				pairedItem: { item: 0 },
			},
		]);
		expectDocumentedRow(testCase.name, withShortLinks(String(items[0].json.error), env.sandbox.baseUrl), String(items[0].json.hint ?? ''));
		if (testCase.settleMs) await sleep(testCase.settleMs);
		await env.control.waitForIdle();
		expect((await env.control.state()).messages).toHaveLength(testCase.messagesAfter);
	});
});
