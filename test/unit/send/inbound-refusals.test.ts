import { explainInboundRefusal } from '../../../nodes/TimelinesAi/sending/item';
import { expectDocumentedRow } from '../../integration/send/troubleshooting-docs';
import { REFUSAL_CASES } from './refusal-cases';

const context = { recipientLabel: 'Phone', senderField: 'Sender WhatsApp Phone', fileField: 'File URL' };

describe("TimelinesAI's refusals name the field they concern and the fix", () => {
	it.each(REFUSAL_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
		const explained = explainInboundRefusal(testCase.status, testCase.answer, testCase.context);
		expect(explained).toEqual({ field: testCase.field, hint: testCase.hint });
		expectDocumentedRow(testCase.name, `${testCase.status} ${testCase.answer ? `"${testCase.answer}"` : '(no message)'}`, explained?.field ?? '', explained?.hint ?? '');
	});

	it('leaves rate limits, server errors and unknown answers to the status hint', () => {
		expect(explainInboundRefusal(429, 'Too many requests', context)).toBeUndefined();
		expect(explainInboundRefusal(500, 'text is broken', context)).toBeUndefined();
		expect(explainInboundRefusal(400, 'Something new went wrong', context)).toBeUndefined();
	});
});
