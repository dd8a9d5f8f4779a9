import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { continuedErrorItem } from '../shared/error-item';
import { TimelinesAiRequestError, toNodeError } from '../shared/errors';
import { secretsOf } from '../shared/redact';
import { getTimelinesAiCredentials, type TimelinesAiCredentials } from '../shared/transport';
import { sendItem } from './send-item';

/** The Send operation: strictly one item after another, each message accepted before the next is posted. */
export async function sendMessages(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// Read inside the loop, so that with "Continue" a credential n8n cannot load still gives one error item per input.
	let credentials: TimelinesAiCredentials | undefined;
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			credentials ??= await getTimelinesAiCredentials.call(this);
			const json = await sendItem.call(this, itemIndex, credentials);
			results.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, secretsOf(credentials ?? {}), itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			const mayHaveBeenSent = error instanceof TimelinesAiRequestError && error.kind === 'ambiguous';
			results.push(continuedErrorItem(this.getNode(), nodeError, itemIndex, { may_have_been_sent: mayHaveBeenSent }));
		}
	}
	return [results];
}
