import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { asText, InvalidInputError } from '../../shared/errors';
import { FIELD } from '../../shared/labels';
import { getMessage, getStatusHistory } from '../../shared/http';

/** Message → Get Status: where a sent message is now (Pending, Sent, Delivered, Read or Failed, and why), with its history. */

export const option: INodePropertyOptions = {
	name: 'Get Status',
	value: 'getStatus',
	action: 'Get message status',
	description: 'Read whether a sent message was delivered or read, or why it failed (needs the API Token)',
};

export const fields: INodeProperties[] = [
	{
		displayName: FIELD.messageId,
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'wa_backend:3EB09FCC85FE99662E46',
		description: "The message_id from the output of a Send, or a message's uid from the TimelinesAI API",
		hint: 'From a Send node before this one: {{ $json.message_id }}',
	},
];

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const messageId = asText(ctx.getNodeParameter('messageId', itemIndex, ''), FIELD.messageId).trim();
	if (messageId === '') {
		throw new InvalidInputError(FIELD.messageId, 'it is empty. Map the message_id from the Send output, e.g. {{ $json.message_id }}.');
	}
	const message = await getMessage(ctx, messageId);
	const history = await getStatusHistory(ctx, messageId);
	return [{ ...message, status_history: history }];
}
