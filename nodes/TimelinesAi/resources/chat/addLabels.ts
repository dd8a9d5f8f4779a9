import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { changeChatLabels, labelsField } from './labels';
import { chatLocator, readChatId } from './locator';

/** Chat → Add Labels: gives a chat more labels and keeps the ones it has. */

export const option: INodePropertyOptions = {
	name: 'Add Labels',
	value: 'addLabels',
	action: 'Add labels to a chat',
	description: 'Adds labels to a chat and keeps the labels it already has. Needs the chat ID and the label names; outputs all labels of the chat afterwards.',
};

/** It changes TimelinesAI: a failed run says which items were done (`per-item.ts`). */
export const writes = true;

export const fields: INodeProperties[] = [
	chatLocator(),
	labelsField({ required: true, hint: "Added to the chat's labels: the labels it already has stay" }),
];

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await changeChatLabels(ctx, itemIndex, readChatId(ctx, itemIndex), 'add');
}
