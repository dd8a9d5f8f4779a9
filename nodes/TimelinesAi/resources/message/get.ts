import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { FIELD } from '../../shared/display-names';
import { messageIdField, readMessage, readMessageId } from './message';

/** Message → Get: one message by its uid (text, sender, recipient, status, …), optionally with its status history. */

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a message',
	description: 'Reads one WhatsApp message by its ID: its text, sender, recipient, chat_id, status (Sent, Delivered, Read, Failed) and attachments, optionally with the history of its status. Needs the message ID.',
};

export const fields: INodeProperties[] = [
	messageIdField(),
	{
		displayName: FIELD.includeStatusHistory,
		name: 'includeStatusHistory',
		type: 'boolean',
		default: false,
		description: 'Whether to add status_history: when the message became Sent, Delivered, Read or Failed, oldest first (one more API call)',
	},
];

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const messageId = readMessageId(ctx, itemIndex);
	const withHistory = ctx.getNodeParameter('includeStatusHistory', itemIndex, false) === true;
	return [await readMessage(ctx, messageId, withHistory)];
}
