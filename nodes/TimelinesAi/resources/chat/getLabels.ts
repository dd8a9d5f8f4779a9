import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { getChatLabels } from './labels';
import { chatLocator, readChatId } from './locator';

/** Chat → Get Labels: the chat's labels, as one item. */

export const option: INodePropertyOptions = {
	name: 'Get Labels',
	value: 'getLabels',
	action: 'Get the labels of a chat',
	description: 'Reads the labels of a chat. Needs the chat ID; outputs one item with chat_id and the list of labels.',
};

export const fields: INodeProperties[] = [chatLocator()];

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const chatId = readChatId(ctx, itemIndex);
	return [{ chat_id: chatId, labels: await getChatLabels(ctx, chatId) }];
}
