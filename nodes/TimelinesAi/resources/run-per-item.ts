import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { continuedErrorItem, toNodeError } from '../shared/errors';
import { secretsOf } from '../shared/redact';
import { getTimelinesAiCredentials, type TimelinesAiCredentials } from '../shared/http';

/** A read operation for one input item: any number of results, each paired with that item. */
type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;

/**
 * Runs a read operation item by item. An error names its item; with "Continue" the failed item gives
 * exactly one output item (`error`, `hint`; on the error output if the node has one) and the others go on.
 */
export async function runPerItem(this: IExecuteFunctions, operation: ItemOperation): Promise<INodeExecutionData[][]> {
	const results: INodeExecutionData[] = [];
	let credentials: TimelinesAiCredentials | undefined;
	const items = this.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			// Only to hide its secrets in errors; read inside the loop so that a missing credential is one error per item.
			credentials ??= await getTimelinesAiCredentials.call(this);
			for (const json of await operation.call(this, itemIndex)) results.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, secretsOf(credentials ?? {}), itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			results.push(continuedErrorItem(this.getNode(), nodeError, itemIndex));
		}
	}
	return [results];
}
