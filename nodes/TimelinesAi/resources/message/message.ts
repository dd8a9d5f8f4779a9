import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { asText, InvalidInputError } from '../../shared/errors';
import { getMessage, getStatusHistory } from '../../shared/http';
import { FIELD } from '../../shared/display-names';
import { notFoundIn, retellRefusal } from '../../shared/refusals';

/**
 * What the message operations share (Get, Get Status, React): the Message ID field, reading it, and reading the
 * message, with TimelinesAI's 404 told as the id it does not know and where to map a right one from.
 */

/** Where a message's id comes from, completing "Map …". */
const MESSAGE_ID_SOURCES =
	'the message_uid from the TimelinesAI Trigger or a Reply ({{ $json.message_uid }}), or the message_id from a Send ({{ $json.message_id }})';

/** The Message ID field (named `messageId`); `overrides` adapts its description and hint to the operation. */
export function messageIdField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: FIELD.messageId,
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '6f1c2a9e-2b1d-4c47-9f0e-1b2d3c4e5f60',
		description:
			"The message's uid in TimelinesAI: message_uid in the output of the TimelinesAI Trigger or of Message → Reply, or message_id in the output of Message → Send",
		hint: 'From the TimelinesAI Trigger: {{ $json.message_uid }}. From a Send: {{ $json.message_id }}.',
		...overrides,
	};
}

/** The item's Message ID; `sources` completes the sentence "Map …" when it is empty or unknown. */
export function readMessageId(ctx: IExecuteFunctions, itemIndex: number, sources = MESSAGE_ID_SOURCES): string {
	const messageId = asText(ctx.getNodeParameter('messageId', itemIndex, ''), FIELD.messageId).trim();
	if (messageId === '') throw new InvalidInputError(FIELD.messageId, `it is empty. Map ${sources}.`);
	return messageId;
}

/** Runs a request about one message; a 404 names the uid TimelinesAI does not know. */
export async function aboutMessage<T>(messageId: string, request: Promise<T>, sources = MESSAGE_ID_SOURCES): Promise<T> {
	return await retellRefusal(request, [404], (refusal) =>
		notFoundIn(refusal, FIELD.messageId, `message with uid ${JSON.stringify(messageId)}`, `Map ${sources}.`),
	);
}

/** `GET /messages/{uid}`, and with `withHistory` its status history: one output item, with `message_uid` whatever the API calls it. */
export async function readMessage(ctx: IExecuteFunctions, messageId: string, withHistory: boolean, sources = MESSAGE_ID_SOURCES): Promise<IDataObject> {
	const message = await aboutMessage(messageId, getMessage(ctx, messageId), sources);
	const output: IDataObject = { message_uid: message.message_uid ?? message.uid ?? messageId, ...message };
	if (withHistory) output.status_history = await aboutMessage(messageId, getStatusHistory(ctx, messageId), sources);
	return output;
}
