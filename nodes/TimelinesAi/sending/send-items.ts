import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeExecutionData, type NodeApiError } from 'n8n-workflow';

import { creditsFor, inboundSuccessResponseSchema, SENDER_ACCOUNT_KEY, type InboundSendRequest } from '../protocol';
import { continuedErrorItem, TimelinesAiRequestError, toNodeError } from '../shared/errors';
import { FIELD } from '../shared/labels';
import { getMessage } from '../shared/read-api';
import { redact, secretsOf, type TimelinesAiSecrets } from '../shared/redact';
import {
	answerMessage,
	callTimelinesAi,
	describeFieldRefusal,
	describeHttpError,
	cancelSignalOf,
	getTimelinesAiCredentials,
	isSuccess,
	RATE_LIMIT_HINT,
	SERVER_ERROR_HINT,
	type StatusHints,
	type TimelinesAiCredentials,
} from '../shared/http';
import { fileIdentity, prepareAttachment, type Attachment } from './file';
import { explainInboundRefusal, type RefusalContext } from './refusals';
import { buildInboundRequest, checkItem, RECIPIENT_KINDS, type CheckedItem } from './item';
import { fingerprint, SentLog } from './sent-log';

/**
 * The Send operation, in three passes so that nothing is sent twice and a failure leaves a full record:
 * 1. every item's input is checked (no network);
 * 2. every item is made ready (file links looked at, binaries uploaded) and compared with the messages
 *    sent earlier in this run and by earlier tries of it (`sent-log.ts`); without "Continue" one item
 *    that cannot be sent stops the node before anything is sent;
 * 3. the items are sent strictly one after another, each accepted before the next is posted; when one
 *    fails, the error lists every item already sent, with its message id.
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

/** An item that passed every check and whose file is ready: it is posted in the third pass. */
interface ReadyItem {
	kind: 'send';
	item: CheckedItem;
	print: string;
	attachment?: Attachment;
}

/** An item not posted because an earlier try of this run sent it, or an earlier item of this run is the same message. */
interface SkippedItem {
	kind: 'sent-earlier' | 'repeat';
	item: CheckedItem;
	/** The earlier try's message id, or the index of the first item with the same message. */
	messageId?: string;
	firstItem?: number;
}

type PlannedItem = ReadyItem | SkippedItem | (FailedItem & { kind: 'failed' });

// The inbound POST

const INBOUND_HINTS: StatusHints = {
	429: `${RATE_LIMIT_HINT} An inbound webhook URL takes about 10 messages a minute.`,
	// Only with TimelinesAI's own JSON error envelope: its app answered, with an error instead of a message id.
	500: `${SERVER_ERROR_HINT} TimelinesAI did not confirm the message, so it was probably not sent; check the chat before running this item again.`,
	ambiguous: `The message may have been sent: a server in front of TimelinesAI answered, not TimelinesAI itself. Check the chat in TimelinesAI before running this item again, or the contact may get it twice.`,
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

/** Posts one item whose file is ready, then reads its chat back; `record` runs as soon as TimelinesAI answered. */
async function sendItem(
	this: IExecuteFunctions,
	{ item, attachment }: ReadyItem,
	credentials: TimelinesAiCredentials,
	secrets: TimelinesAiSecrets,
	record: (messageId: string) => void,
): Promise<IDataObject> {
	const { parameters, recipient } = item;
	const body = buildInboundRequest(item, attachment);
	const messageId = await postToInbound.call(this, item, body);
	record(messageId);

	const notes: string[] = recipient.warning ? [recipient.warning] : [];
	// Only a sender chosen in this node is worth a note; the credential's default applies to every send.
	if (recipient.field === 'chat_id' && body[SENDER_ACCOUNT_KEY] && item.sender.field === FIELD.senderPhone) {
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

/** For the first item that cannot be sent, found before anything was sent. */
function nothingSentNote(otherBadItems: number[]): string {
	const note = 'Nothing was sent: every item is checked before the first message goes out.';
	if (otherBadItems.length === 0) return note;
	const verb = otherBadItems.length === 1 ? 'has a problem too' : 'have problems too';
	return `${note} ${capitalised(describeItems(otherBadItems))} ${verb}.`;
}

/** For an item that failed while being sent, after the items before it went out: every one is listed. */
function alreadySentNote(sent: SentItem[], isLastItem: boolean): string {
	const notLater = isLastItem ? '' : ' The items after this one were not sent.';
	if (sent.length === 0) return notLater.trim();
	const ids = sent.map((item) => item.messageId);
	const [one, them] = sent.length === 1 ? ['it', 'its recipient gets'] : ['them', 'their recipients get'];
	return (
		`${capitalised(describeItems(sent.map((item) => item.itemIndex)))} ${sent.length === 1 ? 'was' : 'were'} already sent ` +
		`(message ${sent.length === 1 ? 'id' : 'ids'} ${ids.join(', ')}): Retry and Retry On Fail do not send ${one} again, ` +
		`but if you run the workflow anew, leave ${one} out, or ${them} the message twice.${notLater}`
	);
}

/**
 * The note, plus the same record for the next node or an error workflow: `error.context.sent_items`
 * lists every accepted item with its message id, `error.context.unsent_items` the items not sent.
 */
function withRecord(error: NodeError, note: string, sent: SentItem[], unsent: number[]): NodeError {
	error.description = [note, error.description].filter(Boolean).join(' ');
	error.context.sent_items = sent.map(({ itemIndex, messageId }) => ({ item: itemIndex, message_id: messageId }));
	error.context.unsent_items = unsent;
	return error;
}

// The three passes

/** With "Continue", a failed item's output: the error, its hint, and whether it may have gone out anyway. */
function errorItem(node: INode, { itemIndex, error, mayHaveBeenSent }: FailedItem): INodeExecutionData {
	return continuedErrorItem(node, error, itemIndex, { may_have_been_sent: mayHaveBeenSent });
}

const UNKNOWN_EARLIER_HINT =
	'Check the chat in TimelinesAI. If the message is not there, run the workflow anew (not Retry) to send it; otherwise leave this item out.';

function stoppedError(node: INode, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, `The execution was stopped before item ${itemIndex} was sent.`, { itemIndex });
}

/** Pass 2: files made ready and earlier sends looked up, for every item before the first message goes out. */
async function planItem(this: IExecuteFunctions, item: CheckedItem, log: SentLog, seen: Map<string, number>): Promise<PlannedItem> {
	const { itemIndex, parameters, recipient, sender, attachment } = item;
	const file = await fileIdentity.call(this, itemIndex, attachment);
	const message = fingerprint([recipient.field, recipient.value, sender.phone, parameters.text, file]);
	const firstItem = seen.get(message);
	if (firstItem !== undefined && parameters.sendRepeatsOnce) return { kind: 'repeat', item, firstItem };
	if (firstItem === undefined) seen.set(message, itemIndex);
	// Repeats the user wants sent are told apart by their position, so a retry resends none and skips none.
	const print = firstItem === undefined ? message : fingerprint([message, String(itemIndex)]);

	const earlier = log.earlierSend(print);
	if (earlier?.messageId) return { kind: 'sent-earlier', item, messageId: earlier.messageId };
	if (earlier) {
		const error = new TimelinesAiRequestError({
			kind: 'ambiguous',
			message: `Item ${itemIndex} was not sent again: an earlier try of this run posted it, but TimelinesAI's answer never came, so it may have been sent.`,
			hint: UNKNOWN_EARLIER_HINT,
		});
		return { kind: 'failed', itemIndex, error: toNodeError(this.getNode(), error, {}, itemIndex), mayHaveBeenSent: true };
	}
	return { kind: 'send', item, print, attachment: attachment && (await prepareAttachment.call(this, itemIndex, attachment, parameters)) };
}

/** The output of an item that was not posted because its message went out already. */
function skippedJson(node: INode, planned: SkippedItem, outputs: Map<number, INodeExecutionData>): IDataObject | FailedItem {
	const { item } = planned;
	const recipient = { [item.recipient.field]: item.recipient.value };
	if (planned.kind === 'sent-earlier') {
		return {
			message_id: planned.messageId,
			recipient,
			credits: 0,
			skipped: 'sent-earlier',
			notes: ['Not sent again: an earlier try of this run (Retry On Fail or Retry) sent this message; message_id is that message.'],
		};
	}
	const first = outputs.get(planned.firstItem!)?.json ?? {};
	const because = `item ${planned.firstItem} has the same recipient, text and file`;
	if (first.message_id === undefined) {
		const error = new NodeOperationError(node, `Item ${item.itemIndex} was not sent: ${because}, and it failed.`, { itemIndex: item.itemIndex });
		return { itemIndex: item.itemIndex, error, mayHaveBeenSent: first.may_have_been_sent === true };
	}
	return {
		message_id: first.message_id,
		...(first.chat_id !== undefined ? { chat_id: first.chat_id } : {}),
		recipient,
		credits: 0,
		skipped: 'repeat',
		notes: [`Not sent: ${because} in this run, so the contact gets it once; message_id is that message. To send repeats too, turn off "${FIELD.sendRepeatsOnce}" under Options.`],
	};
}

export async function sendMessages(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const continueOnFail = this.continueOnFail();
	const stopSignal = cancelSignalOf(this);

	let credentials;
	try {
		credentials = await getTimelinesAiCredentials.call(this);
	} catch (cause) {
		// With "Continue", a credential n8n cannot load still gives one error item per input.
		if (!continueOnFail) throw toNodeError(node, cause, {}, 0);
		return [items.map((_, itemIndex) => errorItem(node, { itemIndex, error: toNodeError(node, cause, {}, itemIndex), mayHaveBeenSent: false }))];
	}
	const secrets = secretsOf(credentials);
	const failure = (itemIndex: number, cause: unknown): FailedItem & { kind: 'failed' } => ({
		kind: 'failed',
		itemIndex,
		error: toNodeError(node, cause, secrets, itemIndex),
		mayHaveBeenSent: cause instanceof TimelinesAiRequestError && cause.kind === 'ambiguous',
	});
	const stopIfFailed = (planned: PlannedItem[]) => {
		const failed = planned.filter((item): item is FailedItem & { kind: 'failed' } => item.kind === 'failed');
		if (continueOnFail || failed.length === 0) return;
		const error = withRecord(failed[0].error, nothingSentNote(failed.slice(1).map((item) => item.itemIndex)), [], items.map((_, index) => index));
		throw error;
	};

	const checked: Array<CheckedItem | (FailedItem & { kind: 'failed' })> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			checked.push(await checkItem.call(this, itemIndex, credentials));
		} catch (cause) {
			checked.push(failure(itemIndex, cause));
		}
	}
	stopIfFailed(checked.filter((entry) => 'error' in entry));

	const log = new SentLog(this);
	const seen = new Map<string, number>();
	const planned: PlannedItem[] = [];
	for (const entry of checked) {
		if (stopSignal?.aborted) throw stoppedError(node, entry.itemIndex);
		if ('error' in entry) {
			planned.push(entry);
			continue;
		}
		try {
			planned.push(await planItem.call(this, entry, log, seen));
		} catch (cause) {
			planned.push(failure(entry.itemIndex, cause));
		}
	}
	stopIfFailed(planned);

	const outputs = new Map<number, INodeExecutionData>();
	const sent: SentItem[] = [];
	const unsentFrom = (itemIndex: number) => items.map((_, index) => index).filter((index) => index >= itemIndex);
	for (const entry of planned) {
		const itemIndex = entry.kind === 'failed' ? entry.itemIndex : entry.item.itemIndex;
		if (entry.kind === 'failed') {
			outputs.set(itemIndex, errorItem(node, entry));
			continue;
		}
		if (entry.kind !== 'send') {
			const json = skippedJson(node, entry, outputs);
			if ('error' in json) {
				outputs.set(itemIndex, errorItem(node, json as FailedItem));
				continue;
			}
			outputs.set(itemIndex, { json, pairedItem: { item: itemIndex } });
			sent.push({ itemIndex, messageId: String(json.message_id) });
			continue;
		}
		if (stopSignal?.aborted) {
			log.persist();
			throw withRecord(stoppedError(node, itemIndex), alreadySentNote(sent, false), sent, unsentFrom(itemIndex));
		}
		try {
			const json = await sendItem.call(this, entry, credentials, secrets, (messageId) => log.record(entry.print, messageId));
			outputs.set(itemIndex, { json, pairedItem: { item: itemIndex } });
			sent.push({ itemIndex, messageId: String(json.message_id) });
		} catch (cause) {
			const failed = failure(itemIndex, cause);
			// Its fate is unknown: a retry must find out rather than post it again.
			if (failed.mayHaveBeenSent) log.record(entry.print, null);
			if (!continueOnFail) {
				log.persist();
				const unsent = unsentFrom(itemIndex + (failed.mayHaveBeenSent ? 1 : 0));
				throw withRecord(failed.error, alreadySentNote(sent, itemIndex === items.length - 1), sent, unsent);
			}
			outputs.set(itemIndex, errorItem(node, failed));
		}
	}
	return [items.map((_, itemIndex) => outputs.get(itemIndex)!)];
}
