import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { chatLocator, readChatId } from './locator';
import { getChat } from './requests';

/** Chat → Get: one chat with its labels, responsible teammate, read and closed state, AI Agent switch and last message time. */

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a chat',
	description:
		"Reads one chat by its ID: name, phone, labels, responsible teammate, whether it is read, closed or unattended, its AI Agent switch and when its last message came",
};

export const fields: INodeProperties[] = [chatLocator()];

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return [await getChat(ctx, readChatId(ctx, itemIndex))];
}
