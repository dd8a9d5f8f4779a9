import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { sendMessages } from '../sending/send-items';
import { findChats } from './chat/find';
import { getMessageStatus } from './message/getStatus';
import { runPerItem } from './run-per-item';

/** What runs for each resource and operation of the TimelinesAI node (fields in `properties.ts`). */
const OPERATIONS: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = {
	'message:send': async function (this: IExecuteFunctions) {
		return await sendMessages.call(this);
	},
	'message:getStatus': async function (this: IExecuteFunctions) {
		return await runPerItem.call(this, getMessageStatus);
	},
	'chat:find': async function (this: IExecuteFunctions) {
		return await runPerItem.call(this, findChats);
	},
};

export async function runOperation(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = String(this.getNodeParameter('resource', 0));
	const operation = String(this.getNodeParameter('operation', 0));
	const run = OPERATIONS[`${resource}:${operation}`];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The TimelinesAI node has no operation "${operation}" for "${resource}"`, {
			description: 'Open the node and choose the Resource and Operation again.',
		});
	}
	return await run.call(this);
}
