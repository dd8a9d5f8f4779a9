import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fingerprint, SentLog } from '../../../nodes/TimelinesAi/resources/message/send';

/** The sent log keeps every message of the current execution, however many: a Retry On Fail of a 1,200-item run skips them all. */

function context(executionId: string, staticData: IDataObject, mode = 'webhook'): IExecuteFunctions {
	return {
		getWorkflow: () => ({ id: 'sent-log-workflow' }),
		getNode: () => ({ id: `sent-log-node-${executionId.split('-')[0]}` }),
		getExecutionId: () => executionId,
		getMode: () => mode,
		getWorkflowStaticData: () => staticData,
	} as unknown as IExecuteFunctions;
}

describe('SentLog', () => {
	it('keeps all 1,200 messages of one execution for its Retry On Fail, in memory and in static data', () => {
		const staticData: IDataObject = {};
		const log = new SentLog(context('big-1', staticData));
		const prints = Array.from({ length: 1200 }, (_, i) => fingerprint([`+1415555${1000 + i}`, 'Hi']));
		prints.forEach((print, i) => log.record(print, `id-${i}`));
		log.persist();

		const again = new SentLog(context('big-1', {}));
		expect(prints.map((print) => again.earlierSend(print)?.messageId)).toEqual(prints.map((_, i) => `id-${i}`));
		expect(Object.keys(staticData.sentLog as IDataObject)).toHaveLength(1200);
	});

	it('keeps only the newest 500 of earlier executions', () => {
		const staticData: IDataObject = {};
		const first = new SentLog(context('old-1', staticData), 1000);
		for (let i = 0; i < 800; i++) first.record(fingerprint(['old', String(i)]), `old-${i}`, 1000 + i);
		first.persist();
		const retry = new SentLog(context('old-2', staticData, 'retry'), 5000);
		expect(retry.earlierSend(fingerprint(['old', '799']), 5000)?.messageId).toBe('old-799');
		expect(retry.earlierSend(fingerprint(['old', '0']), 5000)).toBeUndefined();
	});
});
