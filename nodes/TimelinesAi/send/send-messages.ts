import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { creditsFor, inboundSuccessResponseSchema, SENDER_ACCOUNT_KEY, type InboundSendRequest } from '../protocol';
import { continuedErrorItem, TimelinesAiRequestError, toNodeError } from '../shared/errors';
import { FIELD } from '../shared/field-labels';
import { getMessage } from '../shared/read-api';
import { redact, secretsOf, type TimelinesAiSecrets } from '../shared/redact';
import {
	answerMessage,
	callTimelinesAi,
	describeFieldRefusal,
	describeHttpError,
	getTimelinesAiCredentials,
	isSuccess,
	RATE_LIMIT_HINT,
	SERVER_ERROR_HINT,
	type StatusHints,
	type TimelinesAiCredentials,
} from '../shared/transport';
import { prepareAttachment } from './attachment';
import { explainInboundRefusal, type RefusalContext } from './inbound-refusals';
import { buildInboundRequest, checkItem, RECIPIENT_KINDS, type CheckedItem } from './request';

/**
 * The Send operation, in two passes so that a re-run after a fix never sends a message twice:
 * 1. every item's input is checked (no network); without "Continue" one bad item stops the node
 *    before anything is sent;
 * 2. the items are sent strictly one after another, each accepted before the next is posted; when
 *    TimelinesAI refuses one, the error names the items already sent, with their message ids.
 */

type NodeError = NodeApiError | NodeOperationError;

interface FailedItem {
	itemIndex: number;
	error: NodeError;
	mayHaveBeenSent: boolean;
}

interface SentItem {
	itemIndex: number;
	messageId: string;
}

// The inbound POST

const INBOUND_HINTS: StatusHints = {
	429: `${RATE_LIMIT_HINT} An inbound webhook URL takes about 10 messages a minute.`,
	500: `${SERVER_ERROR_HINT} TimelinesAI did not confirm the message, so it was probably not sent; check the chat before running this item again.`,
	default: "TimelinesAI did not accept the message; its message above says what is wrong. Check this item's fields.",
};

const MAYBE_SENT_HINT = 'Check the chat in TimelinesAI before running this item again, or the contact may get it twice.';

function describeRefusal(status: number, body: unknown, refusal: RefusalContext, action: string): TimelinesAiRequestError {
	const explained = explainInboundRefusal(status, answerMessage(body) ?? '', refusal);
	if (explained?.field) return describeFieldRefusal(status, body, explained.field, explained.hint);
	const hints = explained ? { ...INBOUND_HINTS, [status]: explained.hint } : INBOUND_HINTS;
	return describeHttpError(status, body, action, hints);
}

/**
 * POSTs one send request to the inbound webhook URL and returns TimelinesAI's `message_id`.
 * No Authorization header: the URL is its own secret, and the API token has no business there.
 */
async function postToInbound(this: IExecuteFunctions, item: CheckedItem, body: InboundSendRequest): Promise<string> {
	const action = `sending item ${item.itemIndex}`;
	const response = await callTimelinesAi.call(this, {
		request: { method: 'POST', url: item.inboundUrl, body, timeout: item.parameters.timeoutMs },
		authenticated: false,
		action,
		ambiguousHint: `The message may have been sent. ${MAYBE_SENT_HINT}`,
	});
	if (!isSuccess(response.statusCode)) {
		const refusal: RefusalContext = {
			recipientLabel: RECIPIENT_KINDS[item.parameters.recipientKind].label,
			senderField: item.sender.field,
			fileField: item.attachment && (item.attachment.source === 'url' ? FIELD.fileUrl : FIELD.binaryProperty),
		};
		throw describeRefusal(response.statusCode, response.body, refusal, action);
	}
	const accepted = inboundSuccessResponseSchema.safeParse(response.body);
	if (!accepted.success) {
		throw new TimelinesAiRequestError({
			kind: 'ambiguous',
			httpStatus: response.statusCode,
			message: `TimelinesAI answered HTTP ${response.statusCode} while ${action}, but without a message id, so it is unclear whether the message was accepted.`,
			hint: MAYBE_SENT_HINT,
		});
	}
	return accepted.data.data.message_id;
}

// The output

interface ChatOfMessage {
	chatId?: number;
	note?: string;
}

const CHAT_LATER = 'Get Status with this message_id shows the chat later.';

/**
 * For a phone, JID or chat name only TimelinesAI knows which chat the message went to, so it is read back
 * (`GET /messages/{uid}`). The message is sent by then: a failed lookup becomes a note, never an error.
 */
async function readChatOfMessage(this: IExecuteFunctions, messageId: string, timeoutMs: number): Promise<ChatOfMessage> {
	try {
		const { chat_id: chatId } = await getMessage.call(this, messageId, timeoutMs);
		if (chatId !== null) return { chatId };
		return { note: `TimelinesAI has not opened the chat for this message yet (it is still queued), so chat_id is missing. ${CHAT_LATER}` };
	} catch (error) {
		// Only the status is said: TimelinesAI's own words could quote a URL, and no secret may reach the output.
		const why =
			error instanceof TimelinesAiRequestError && error.httpStatus !== undefined
				? `TimelinesAI answered HTTP ${error.httpStatus}`
				: error instanceof TimelinesAiRequestError && error.kind === 'invalid-response'
					? "TimelinesAI's answer was not in the expected format"
					: 'TimelinesAI did not answer';
		return { note: `The message was sent, but reading its chat back failed (${why}), so chat_id is missing. ${CHAT_LATER}` };
	}
}

/** Makes the item's file ready, then posts it: nothing costs a credit until the post. */
async function sendItem(this: IExecuteFunctions, item: CheckedItem, credentials: TimelinesAiCredentials, secrets: TimelinesAiSecrets): Promise<IDataObject> {
	const { itemIndex, parameters, recipient } = item;
	const attachment = item.attachment && (await prepareAttachment.call(this, itemIndex, item.attachment, parameters));
	const body = buildInboundRequest(item, attachment);
	const messageId = await postToInbound.call(this, item, body);

	const notes: string[] = [];
	if (recipient.field === 'chat_id' && body[SENDER_ACCOUNT_KEY]) {
		notes.push(
			`TimelinesAI ignores the sender phone ${body[SENDER_ACCOUNT_KEY]} when sending to a Chat ID: the chat's own WhatsApp account sends.`,
		);
	}
	// Without an API token the chat of a phone, JID or name is not read back (the README says so).
	const chat: ChatOfMessage =
		recipient.field === 'chat_id'
			? { chatId: Number(recipient.value) }
			: credentials.apiToken
				? await readChatOfMessage.call(this, messageId, parameters.timeoutMs)
				: {};
	if (chat.note) notes.push(chat.note);
	return {
		message_id: messageId,
		...(chat.chatId !== undefined ? { chat_id: chat.chatId } : {}),
		recipient: { [recipient.field]: recipient.value },
		credits: creditsFor(body),
		request_body: redact({ ...body }, secrets),
		...(notes.length > 0 ? { notes } : {}),
	};
}

// What a stopped run says about the other items, so that running it again after a fix sends nothing twice

/** Message ids listed in full; a long run names the first ones and counts the rest. */
const LISTED_IDS = 10;

/** "item 3", "items 3 and 5", "items 0 to 4", "items 1, 4 and 6" (counted from 0, as n8n does). */
function describeItems(indexes: number[]): string {
	if (indexes.length === 1) return `item ${indexes[0]}`;
	const contiguous = indexes.every((index, position) => index === indexes[0] + position);
	if (contiguous && indexes.length > 2) return `items ${indexes[0]} to ${indexes[indexes.length - 1]}`;
	return `items ${indexes.slice(0, -1).join(', ')} and ${indexes[indexes.length - 1]}`;
}

function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** For the first bad item, found while every item was checked and before anything was sent. */
function nothingSentNote(otherBadItems: number[]): string {
	const note = 'Nothing was sent: every item is checked before the first message goes out.';
	if (otherBadItems.length === 0) return note;
	const verb = otherBadItems.length === 1 ? 'has a problem too' : 'have problems too';
	return `${note} ${capitalised(describeItems(otherBadItems))} ${verb}.`;
}

/** For an item that failed while being sent, after the items before it went out. */
function alreadySentNote(sent: SentItem[], isLastItem: boolean): string {
	const notLater = isLastItem ? '' : ' The items after this one were not sent.';
	if (sent.length === 0) return notLater.trim();
	const ids = sent.slice(0, LISTED_IDS).map((item) => item.messageId);
	const more = sent.length > LISTED_IDS ? ` and ${sent.length - LISTED_IDS} more` : '';
	const [one, them] = sent.length === 1 ? ['it', 'its recipient gets'] : ['them', 'their recipients get'];
	return (
		`${capitalised(describeItems(sent.map((item) => item.itemIndex)))} ${sent.length === 1 ? 'was' : 'were'} already sent ` +
		`(message ${sent.length === 1 ? 'id' : 'ids'} ${ids.join(', ')}${more}): leave ${one} out before you run the workflow again, ` +
		`or ${them} the message twice.${notLater}`
	);
}

function withNote(error: NodeError, note: string): NodeError {
	error.description = [note, error.description].filter(Boolean).join(' ');
	return error;
}

// The two passes

/** With "Continue", a failed item's output: the error, its hint, and whether it may have gone out anyway. */
function errorItem(node: INode, { itemIndex, error, mayHaveBeenSent }: FailedItem): INodeExecutionData {
	return continuedErrorItem(node, error, itemIndex, { may_have_been_sent: mayHaveBeenSent });
}

export async function sendMessages(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const continueOnFail = this.continueOnFail();

	let credentials;
	try {
		credentials = await getTimelinesAiCredentials.call(this);
	} catch (cause) {
		// With "Continue", a credential n8n cannot load still gives one error item per input.
		if (!continueOnFail) throw toNodeError(node, cause, {}, 0);
		return [items.map((_, itemIndex) => errorItem(node, { itemIndex, error: toNodeError(node, cause, {}, itemIndex), mayHaveBeenSent: false }))];
	}
	const secrets = secretsOf(credentials);

	const checked: Array<CheckedItem | FailedItem> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			checked.push(await checkItem.call(this, itemIndex, credentials));
		} catch (cause) {
			checked.push({ itemIndex, error: toNodeError(node, cause, secrets, itemIndex), mayHaveBeenSent: false });
		}
	}
	const failed = checked.filter((item): item is FailedItem => 'error' in item);
	if (!continueOnFail && failed.length > 0) {
		throw withNote(failed[0].error, nothingSentNote(failed.slice(1).map((item) => item.itemIndex)));
	}

	const results: INodeExecutionData[] = [];
	const sent: SentItem[] = [];
	for (const item of checked) {
		if ('error' in item) {
			results.push(errorItem(node, item));
			continue;
		}
		try {
			const json = await sendItem.call(this, item, credentials, secrets);
			results.push({ json, pairedItem: { item: item.itemIndex } });
			sent.push({ itemIndex: item.itemIndex, messageId: String(json.message_id) });
		} catch (cause) {
			const error = toNodeError(node, cause, secrets, item.itemIndex);
			if (!continueOnFail) throw withNote(error, alreadySentNote(sent, item.itemIndex === items.length - 1));
			const mayHaveBeenSent = cause instanceof TimelinesAiRequestError && cause.kind === 'ambiguous';
			results.push(errorItem(node, { itemIndex: item.itemIndex, error, mayHaveBeenSent }));
		}
	}
	return [results];
}
