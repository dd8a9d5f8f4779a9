import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { messageIdField, readMessage, readMessageId } from './message';

/** Message → Get Status: Message → Get with its status history, for a message a Send sent. */

export const option: INodePropertyOptions = {
	name: 'Get Status',
	value: 'getStatus',
	action: 'Get message status',
	description: 'Reads whether a sent message was delivered or read, or why it failed. Needs the message ID (message_id from Send, or a message_uid).',
};

const FROM_SEND = 'the message_id from the Send output, e.g. {{ $json.message_id }}';

export const fields: INodeProperties[] = [
	messageIdField({
		placeholder: 'wa_backend:3EB09FCC85FE99662E46',
		description: "The message_id from the output of a Send, or a message's uid from the TimelinesAI API",
		hint: 'From a Send node before this one: {{ $json.message_id }}',
	}),
];

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return [await readMessage(ctx, readMessageId(ctx, itemIndex, FROM_SEND), true, FROM_SEND)];
}
