import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { changeChatLabels, labelsField } from './labels';
import { chatLocator, readChatId } from './locator';

/** Chat → Set Labels: the chat's labels become exactly these (none removes them all). */

export const option: INodePropertyOptions = {
	name: 'Set Labels',
	value: 'setLabels',
	action: 'Set the labels of a chat',
	description:
		'Replaces all labels of a chat with the given ones; labels not given are removed, and no labels removes them all. Needs the chat ID; outputs the labels of the chat afterwards.',
};

/** It changes TimelinesAI: a failed run says which items were done (`per-item.ts`). */
export const writes = true;

export const fields: INodeProperties[] = [
	chatLocator(),
	labelsField({ hint: 'Replaces all labels of the chat: labels not listed here are removed. Leave empty to remove every label.' }),
];

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await changeChatLabels(ctx, itemIndex, readChatId(ctx, itemIndex), 'replace');
}
