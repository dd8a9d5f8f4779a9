import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MAX_LABEL_LENGTH, MAX_MESSAGE_TEXT_LENGTH, queuedMessageSchema, uploadedFileSchema } from '../../protocol';
import { asText, InvalidInputError, type TimelinesAiRequestError } from '../../shared/errors';
import { apiRequest } from '../../shared/http';
import { FIELD } from '../../shared/display-names';
import { isRefusal, notFoundIn, refusalOfField, retellRefusal } from '../../shared/refusals';
import { chatLocator, readChatId } from '../chat/locator';
import { CHAT_ID_FIX } from '../chat/requests';

/** Message → Reply: a message into a chat TimelinesAI already has, through the public API (quote, file, label). */

export const option: INodePropertyOptions = {
	name: 'Reply',
	value: 'reply',
	action: 'Reply in a chat',
	description: `Sends a WhatsApp message into an existing chat (at most ${MAX_MESSAGE_TEXT_LENGTH} characters), optionally quoting one of its messages, with a file from File → Upload, and adding a label to the chat. Needs the chat ID.`,
};

/** It changes TimelinesAI: a failed run says which items were done (`per-item.ts`). */
export const writes = true;

export const fields: INodeProperties[] = [
	chatLocator(),
	{
		displayName: FIELD.text,
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'Thanks, we will get back to you within the hour.',
		description: `The message, at most ${MAX_MESSAGE_TEXT_LENGTH} characters. May be empty when a file is sent (File UID under Options).`,
	},
	{
		displayName: FIELD.options,
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: FIELD.chatLabel,
				name: 'label',
				type: 'string',
				default: '',
				placeholder: 'replied',
				description: `A label to add to the chat (its other labels stay); a new name creates the label. At most ${MAX_LABEL_LENGTH} characters.`,
			},
			{
				displayName: FIELD.fileUid,
				name: 'fileUid',
				type: 'string',
				default: '',
				description: 'A file to send with the message: the uid in the output of File → Upload',
				hint: 'From a File → Upload before this one: {{ $json.uid }}',
			},
			{
				displayName: FIELD.replyTo,
				name: 'replyTo',
				type: 'string',
				default: '',
				description: 'The uid of a message of this chat to quote (WhatsApp shows the reply under it)',
				hint: 'The message that started a TimelinesAI Trigger: {{ $json.message_uid }}',
			},
		],
	},
];

interface ReplyRequest {
	text: string;
	replyTo: string;
	fileUid: string;
	label: string;
}

function readReply(ctx: IExecuteFunctions, itemIndex: number): ReplyRequest {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const option = (name: string, label: string) => asText(options[name], label).trim();
	const reply = {
		text: asText(ctx.getNodeParameter('text', itemIndex, ''), FIELD.text),
		replyTo: option('replyTo', FIELD.replyTo),
		fileUid: option('fileUid', FIELD.fileUid),
		label: option('label', FIELD.chatLabel),
	};
	if (reply.text.trim() === '' && reply.fileUid === '') {
		throw new InvalidInputError(FIELD.text, 'is empty. Write the message, or add File UID under Options (from File → Upload) to send a file alone.');
	}
	if (reply.text.length > MAX_MESSAGE_TEXT_LENGTH) {
		throw new InvalidInputError(
			FIELD.text,
			`is ${reply.text.length} characters long, but TimelinesAI sends at most ${MAX_MESSAGE_TEXT_LENGTH} in one message. Shorten it, or split it into several items and send one message each.`,
		);
	}
	if (reply.label.length > MAX_LABEL_LENGTH) {
		throw new InvalidInputError(FIELD.chatLabel, `is ${reply.label.length} characters long, but a TimelinesAI label has at most ${MAX_LABEL_LENGTH}. Use a shorter name.`);
	}
	return reply;
}

/** A 404 is the chat or, when one was given, the file: asking for the file tells which. */
async function unknownChatOrFile(ctx: IExecuteFunctions, refusal: TimelinesAiRequestError, chatId: number, fileUid: string): Promise<Error> {
	const unknownChat = notFoundIn(refusal, FIELD.chatId, `chat ${chatId}`, CHAT_ID_FIX);
	if (fileUid === '') return unknownChat;
	const file = apiRequest(ctx, { method: 'GET', path: `/files/${encodeURIComponent(fileUid)}`, data: uploadedFileSchema, action: 'checking the file' });
	return await file.then(
		() => unknownChat,
		(error: unknown) =>
			isRefusal(error, 404)
				? notFoundIn(refusal, FIELD.fileUid, `file with uid ${JSON.stringify(fileUid)}`, 'Map the uid from a File → Upload before this node, e.g. {{ $json.uid }}.')
				: refusal,
	);
}

/** TimelinesAI quotes only a message its WhatsApp account has: a refusal that names `reply_to` is about Quote Message ID. */
function refusedQuote(refusal: TimelinesAiRequestError, replyTo: string): TimelinesAiRequestError {
	if (replyTo === '' || !refusal.message.includes('reply_to')) return refusal;
	return refusalOfField(
		refusal,
		FIELD.replyTo,
		"Quote a message of this chat, e.g. {{ $json.message_uid }} from the TimelinesAI Trigger that started the workflow, or remove the option to send without a quote.",
	);
}

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const chatId = readChatId(ctx, itemIndex);
	const { text, replyTo, fileUid, label } = readReply(ctx, itemIndex);
	const body: IDataObject = {
		...(text.trim() !== '' ? { text } : {}),
		...(fileUid ? { file_uid: fileUid } : {}),
		...(label ? { label } : {}),
		...(replyTo ? { reply_to: replyTo } : {}),
	};
	const sent = apiRequest(ctx, { method: 'POST', path: `/chats/${chatId}/messages`, body, data: queuedMessageSchema, action: 'sending the reply' });
	const queued = await retellRefusal(sent, [400, 404, 422], async (refusal) =>
		refusal.httpStatus === 404 ? await unknownChatOrFile(ctx, refusal, chatId, fileUid) : refusedQuote(refusal, replyTo),
	);
	return [{ ...queued, chat_id: chatId, text, reply_to: replyTo || null, file_uid: fileUid || null, label: label || null }];
}
