import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../shared/errors';
import { FIELD } from '../../shared/labels';
import { asText } from '../../shared/parameters';
import { getMessage, getStatusHistory } from '../../shared/read-api';

/** Message → Get Status: where a sent message is now (Pending, Sent, Delivered, Read or Failed, and why), with its history. */

export const getStatusProperties: INodeProperties[] = updateDisplayOptions({ show: { resource: ['message'], operation: ['getStatus'] } }, [
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
]);

export async function getMessageStatus(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const messageId = asText(this.getNodeParameter('messageId', itemIndex, ''), FIELD.messageId).trim();
	if (messageId === '') {
		throw new InvalidInputError(FIELD.messageId, 'it is empty. Map the message_id from the Send output, e.g. {{ $json.message_id }}.');
	}
	const message = await getMessage.call(this, messageId);
	const history = await getStatusHistory.call(this, messageId);
	return [{ ...message, status_history: history }];
}
