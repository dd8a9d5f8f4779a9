import { createHash } from 'crypto';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
	type NodeApiError,
} from 'n8n-workflow';

import { TimelinesAiRequestError } from '../../shared/errors';
import { cancelSignalOf, continuedErrorItem, getTimelinesAiCredentials, inLanes, secretsOf, StoppedBeforeSending, toNodeError } from '../../shared/http';
import { capitalised, describeItems, itemsThat } from '../../shared/item-list';
import { FIELD } from '../../shared/display-names';
import { countryOptions } from '../../shared/phone';
import { chatLocator } from '../chat/locator';
import { fileIdentity, prepareFile, type SendableFile } from '../../sending/file';
import { addChatIds, chatKeyOf, checkItem, lookUpEarlierSend, sendItem, type CheckedItem, type EarlierFate, type SentOutput } from '../../sending/item';

/** Message → Send. The older TimelinesAI Send node shows these same fields (see `TimelinesAiSend.node.ts`) and runs `execute`. */

export const option: INodePropertyOptions = {
	name: 'Send',
	value: 'send',
	action: 'Send a message',
	description: 'Sends a WhatsApp message (text, and optionally one file) to a phone number (also one never messaged before), chat or group. To answer in an existing chat, Reply is simpler.',
};

/** In the order the user fills them in. Names are read by `sending/item.ts`. */
export const fields: INodeProperties[] = [
	{
		displayName: FIELD.sendTo,
		name: 'sendTo',
		type: 'options',
		noDataExpression: false,
		options: [
			{
				name: 'Chat ID',
				value: 'chatId',
				description: "A chat's number in TimelinesAI (from the chat's address, or the chat's ID in the TimelinesAI Trigger's output); works for groups",
			},
			{
				name: 'Chat Name',
				value: 'chatName',
				description: 'The exact name of a chat or group as shown in TimelinesAI',
			},
			{
				name: 'JID',
				value: 'jid',
				description: "A WhatsApp ID, e.g. 14155550100@s.whatsapp.net for a contact or 120363012345678901@g.us for a group",
			},
			{
				name: 'Phone',
				value: 'phone',
				description: 'A phone number; a new chat is started if there is none yet',
			},
		],
		default: 'phone',
		description: 'How to identify the one contact or group this message goes to',
	},
	{
		displayName: FIELD.phone,
		name: 'phone',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550100',
		description:
			'Phone number of the contact, best in international format with + and country code. Spaces, dashes and brackets are fine; numbers without + need a Default Country (under Options).',
		displayOptions: { show: { sendTo: ['phone'] } },
	},
	chatLocator({ displayOptions: { show: { sendTo: ['chatId'] } } }),
	{
		displayName: FIELD.jid,
		name: 'jid',
		type: 'string',
		default: '',
		required: true,
		placeholder: '14155550100@s.whatsapp.net',
		description: 'WhatsApp ID of a contact (…@s.whatsapp.net) or a group (…@g.us)',
		displayOptions: { show: { sendTo: ['jid'] } },
	},
	{
		displayName: FIELD.chatName,
		name: 'chatName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Acme Support Group',
		description: 'Exact name of the chat or group as shown in TimelinesAI',
		displayOptions: { show: { sendTo: ['chatName'] } },
	},
	{
		displayName: FIELD.text,
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'Hi {{ $json.name }}, your order has shipped.',
		description:
			'The message. Plain text: line breaks are kept, there is no other formatting. May be empty only when a file is attached.',
	},
	{
		displayName: FIELD.attachment,
		name: 'attachment',
		type: 'options',
		options: [
			{ name: 'None', value: 'none', description: 'Text only (1 credit)' },
			{
				name: 'From URL',
				value: 'url',
				description: 'A direct download link that TimelinesAI fetches (2 credits with text, 1 without)',
			},
			{
				name: 'From Binary Property',
				value: 'binary',
				description: 'A file from an earlier node; uploaded with the API token (2 credits with text, 1 without)',
			},
		],
		default: 'none',
		description: 'Whether to send one file with the message (at most 2 MB)',
	},
	{
		displayName: FIELD.fileUrl,
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/files/invoice-1042.pdf',
		description:
			'Direct download link to the file (opening it must download the file itself, not show a page). At most 2 MB.',
		displayOptions: { show: { attachment: ['url'] } },
	},
	{
		displayName: FIELD.binaryProperty,
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to be sent',
		description: 'Name of the binary field holding the file, usually "data". At most 2 MB.',
		displayOptions: { show: { attachment: ['binary'] } },
	},
	{
		displayName: FIELD.fileName,
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'invoice-1042.pdf',
		description:
			"Name the contact sees for the file. Leave empty to use the binary file's own name, or the name at the end of the link.",
		displayOptions: { show: { attachment: ['url', 'binary'] } },
	},
	{
		displayName: FIELD.options,
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: FIELD.checkFileLink,
				name: 'checkFileLink',
				type: 'boolean',
				default: true,
				displayOptions: { show: { '/attachment': ['url'] } },
				description:
					'Whether to look at the file link before sending, and stop if it is a web page (a share page) or larger than 2 MB, before any credit is spent',
			},
			{
				displayName: FIELD.defaultCountry,
				name: 'defaultCountry',
				type: 'options',
				options: [{ name: 'None (Numbers Must Start With +)', value: '' }, ...countryOptions()],
				default: '',
				description: 'Country of phone numbers written without + and country code, e.g. (415) 555-0100',
			},
			{
				// The label stays "Sender WhatsApp Phone": the value is the account's phone, and error messages name the field so.
				displayName: FIELD.senderPhone,
				name: 'senderPhone',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getWhatsappAccounts' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				hint: "Which connected WhatsApp account sends, instead of the credential's default sender. The list needs the API Token; an expression gives a phone such as +15105566777. TimelinesAI ignores it when sending to a Chat ID.",
			},
			{
				displayName: FIELD.sendRepeatsOnce,
				name: 'sendRepeatsOnce',
				type: 'boolean',
				default: true,
				description:
					'Whether items with the same recipient, text and file in one run send one message. The repeats are not sent: their output shows the first message\'s ID and a note. Turn off to send every item, repeats too.',
			},
			{
				displayName: FIELD.timeout,
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description: 'How long to wait for TimelinesAI (and the file link) to answer',
			},
		],
	},
];

// What this node sent

/**
 * What this node sent, so that n8n's retries never send an accepted message a second time.
 *
 * An entry is keyed by a fingerprint of the message (recipient, sender, text, file) and says which
 * execution sent it and TimelinesAI's message id (or that its fate is unknown: the connection broke,
 * or a gateway answered 5xx, after the request went out). It is kept in two places:
 * - process memory, which outlives an execution: it covers Retry On Fail (the same execution runs the
 *   node again) and the Retry of a failed execution in the same n8n process, also with the original
 *   workflow, whose static data is the snapshot taken before the failed run wrote anything;
 * - the node's static data, which n8n saves after every execution that is not a manual test run,
 *   failed ones too: it covers a restarted n8n and another process (queue mode) when the retry loads
 *   the current workflow.
 *
 * An entry counts only for a re-run: the same execution, or a Retry (mode `retry`) within the window.
 * A new execution is a new intent and sends again: the same text to the same person next week is no
 * mistake.
 */

interface SentEntry {
	/** TimelinesAI's message id, or null when it may or may not have been sent. */
	messageId: string | null;
	executionId: string;
	/** When it was sent (ms since 1970). */
	at: number;
}

/** A Retry later than this is treated as a new run. */
const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Entries of earlier executions kept, so a node sending thousands of messages a day does not grow the workflow's
 * stored data. The current execution's entries are all kept, however many: a Retry must skip every one of them.
 */
const MAX_EARLIER_ENTRIES = 500;

const STATIC_KEY = 'sentLog';

type Entries = Record<string, SentEntry>;

/** Shared by every execution in this n8n process, per workflow and node. */
const memory = new Map<string, Entries>();

/** The message's identity: the same recipient, sender, text and file give the same fingerprint. */
export function fingerprint(parts: Array<string | undefined>): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function isEntry(value: unknown): value is SentEntry {
	const entry = value as SentEntry;
	return (
		typeof entry === 'object' &&
		entry !== null &&
		(typeof entry.messageId === 'string' || entry.messageId === null) &&
		typeof entry.executionId === 'string' &&
		typeof entry.at === 'number'
	);
}

/** None older than the window; every entry of `executionId`, and the newest MAX_EARLIER_ENTRIES of the others. */
function pruned(entries: Entries, executionId: string, now: number): Entries {
	const fresh = Object.entries(entries).filter(([, entry]) => isEntry(entry) && now - entry.at < RETRY_WINDOW_MS);
	const current = fresh.filter(([, entry]) => entry.executionId === executionId);
	const earlier = fresh
		.filter(([, entry]) => entry.executionId !== executionId)
		.sort(([, a], [, b]) => b.at - a.at)
		.slice(0, MAX_EARLIER_ENTRIES);
	return Object.fromEntries([...earlier, ...current]);
}

export class SentLog {
	private readonly executionId: string;

	private readonly isRetry: boolean;

	private readonly memoryKey: string;

	private readonly stored: IDataObject;

	private entries: Entries;

	constructor(context: IExecuteFunctions, now = Date.now()) {
		const workflowId = context.getWorkflow().id ?? '';
		this.memoryKey = `${workflowId}\u0000${context.getNode().id}`;
		this.executionId = context.getExecutionId() ?? '';
		this.isRetry = context.getMode() === 'retry';
		this.stored = context.getWorkflowStaticData('node');
		const fromStatic = (this.stored[STATIC_KEY] ?? {}) as Entries;
		const fromMemory = memory.get(this.memoryKey) ?? {};
		this.entries = pruned({ ...fromStatic, ...fromMemory }, this.executionId, now);
		memory.set(this.memoryKey, this.entries);
	}

	/** The earlier send this item repeats, when this run is a re-run of the one that sent it. */
	earlierSend(print: string, now = Date.now()): SentEntry | undefined {
		const entry = this.entries[print];
		if (!entry) return undefined;
		if (entry.executionId === this.executionId) return entry;
		return this.isRetry && now - entry.at < RETRY_WINDOW_MS ? entry : undefined;
	}

	/** Into process memory at once (the map `memory` holds), so a failing later item cannot lose it. */
	record(print: string, messageId: string | null, now = Date.now()): void {
		const entry = { messageId, executionId: this.executionId, at: now };
		this.entries[print] = entry;
		// Another execution of this node may have put its own map there since (the same workflow, running at once).
		const shared = memory.get(this.memoryKey);
		if (shared) shared[print] = entry;
		else memory.set(this.memoryKey, this.entries);
	}

	/**
	 * Into static data only when the run fails, the one case a Retry follows: n8n saves the whole workflow's
	 * static data after an execution, last write wins, so every needless write could undo what the trigger
	 * stored meanwhile. Never during a Retry, whose original-workflow copy is the snapshot from before.
	 */
	persist(): void {
		if (!this.isRetry) this.stored[STATIC_KEY] = this.entries as unknown as IDataObject;
	}
}

/**
 * The Send operation, in three passes so that nothing is sent twice and a failure leaves a full record:
 * 1. every item's input is checked (no network);
 * 2. every item is made ready (file links looked at, binaries uploaded) and compared with the messages
 *    sent earlier in this run and by earlier tries of it (`SentLog` above); without "Continue" one item
 *    that cannot be sent stops the node before anything is sent;
 * 3. the items are sent, up to 10 at once to different chats and strictly one after another, in item order,
 *    within one chat (`inLanes`), each in its turn under TimelinesAI's rate limit (`shared/http.ts`);
 *    when one fails, nothing more starts, the items in flight finish, and the error lists every item sent, with
 *    its message id, and every item not sent. The chats of the items sent are looked up at the end (`addChatIds`).
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
	file?: SendableFile;
}

/** An item not posted because an earlier try of this run sent it, or an earlier item of this run is the same message. */
interface SkippedItem {
	kind: 'sent-earlier' | 'repeat';
	item: CheckedItem;
	/** The earlier try's message id, or the index of the first item with the same message. */
	messageId?: string;
	/** The earlier try's fate was unknown, and its message was found in the chat. */
	foundInChat?: boolean;
	firstItem?: number;
}

type PlannedItem = ReadyItem | SkippedItem | (FailedItem & { kind: 'failed' });

// What a stopped run says about the other items, so that running it again after a fix sends nothing twice

/** For the first item that cannot be sent, found before anything was sent. */
function nothingSentNote(otherBadItems: number[], sentEarlier: SentItem[]): string {
	const notes = ['Nothing was sent: every item is checked before the first message goes out.'];
	if (otherBadItems.length > 0) {
		notes.push(`${itemsThat(otherBadItems, 'has a problem too', 'have problems too')}.`);
	}
	if (sentEarlier.length > 0) {
		const one = sentEarlier.length === 1;
		notes.push(
			`${itemsThat(sentEarlier.map((item) => item.itemIndex), 'was', 'were')} sent by an earlier try of this run ` +
				`(message ${one ? 'id' : 'ids'} ${sentEarlier.map((item) => item.messageId).join(', ')}); Retry does not send ${one ? 'it' : 'them'} again.`,
		);
	}
	return notes.join(' ');
}

/** What became of the other items when one failed while sending: every item sent is listed, and those not sent. */
function alreadySentNote(sent: SentItem[], failedItem: number, unsent: number[], uncertain: number[], itemCount: number): string {
	const others = unsent.filter((index) => index !== failedItem);
	const afterOnly = others.length === itemCount - failedItem - 1 && others.every((index) => index > failedItem);
	const notSent = others.length === 0 ? '' : afterOnly ? 'The items after this one were not sent.' : `${itemsThat(others, 'was', 'were')} not sent.`;
	const otherUncertain = uncertain.filter((index) => index !== failedItem);
	const maybe =
		otherUncertain.length === 0
			? ''
			: `${capitalised(describeItems(otherUncertain))} may have been sent too: TimelinesAI's answer never came (Retry does not post ${otherUncertain.length === 1 ? 'it' : 'them'} again).`;
	const [one, them] = sent.length === 1 ? ['it', 'its recipient gets'] : ['them', 'their recipients get'];
	const already =
		sent.length === 0
			? ''
			: `${itemsThat(sent.map((item) => item.itemIndex), 'was', 'were')} already sent ` +
				`(message ${sent.length === 1 ? 'id' : 'ids'} ${sent.map((item) => item.messageId).join(', ')}): Retry and Retry On Fail do not send ${one} again, ` +
				`but if you run the workflow anew, leave ${one} out, or ${them} the message twice.`;
	return [already, notSent, maybe].filter(Boolean).join(' ');
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
async function planItem(ctx: IExecuteFunctions, item: CheckedItem, log: SentLog, seen: Map<string, number>, canLookUp: boolean): Promise<PlannedItem> {
	const { itemIndex, parameters, recipient, sender, file } = item;
	const sameFile = await fileIdentity(ctx, itemIndex, file);
	const message = fingerprint([recipient.field, recipient.value, sender.phone, parameters.text, sameFile]);
	const firstItem = seen.get(message);
	if (firstItem !== undefined && parameters.sendRepeatsOnce) return { kind: 'repeat', item, firstItem };
	if (firstItem === undefined) seen.set(message, itemIndex);
	// Repeats the user wants sent are told apart by their position, so a retry resends none and skips none.
	const print = firstItem === undefined ? message : fingerprint([message, String(itemIndex)]);

	const earlier = log.earlierSend(print);
	if (earlier?.messageId) return { kind: 'sent-earlier', item, messageId: earlier.messageId };
	if (earlier) {
		const fate: EarlierFate = canLookUp
			? await lookUpEarlierSend(ctx, item, earlier.at).catch(() => ({ unknown: 'looking it up in TimelinesAI failed' }))
			: { unknown: 'without an API Token in the credential it cannot be looked up' };
		if ('sent' in fate && fate.sent) {
			log.record(print, fate.messageId);
			return { kind: 'sent-earlier', item, messageId: fate.messageId, foundInChat: true };
		}
		if ('unknown' in fate) {
			const error = new TimelinesAiRequestError({
				kind: 'ambiguous',
				message: `Item ${itemIndex} was not sent again: an earlier try of this run posted it, but TimelinesAI's answer never came, so it may have been sent (${fate.unknown}).`,
				hint: UNKNOWN_EARLIER_HINT,
			});
			return { kind: 'failed', itemIndex, error: toNodeError(ctx.getNode(), error, {}, itemIndex), mayHaveBeenSent: true };
		}
		// Provably not in its chat: it goes out now.
	}
	return { kind: 'send', item, print, file: file && (await prepareFile(ctx, itemIndex, file, parameters)) };
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
			notes: [
				planned.foundInChat
					? "Not sent again: an earlier try of this run (Retry On Fail or Retry) posted it without getting TimelinesAI's answer, and it is in the chat; message_id is that message."
					: 'Not sent again: an earlier try of this run (Retry On Fail or Retry) sent this message; message_id is that message.',
			],
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

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const node = ctx.getNode();
	const continueOnFail = ctx.continueOnFail();
	const stopSignal = cancelSignalOf(ctx);

	let credentials;
	try {
		credentials = await getTimelinesAiCredentials(ctx);
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
		const sentEarlier = planned.flatMap((entry) =>
			entry.kind === 'sent-earlier' ? [{ itemIndex: entry.item.itemIndex, messageId: entry.messageId! }] : [],
		);
		const settled = new Set([...sentEarlier.map((item) => item.itemIndex), ...failed.filter((item) => item.mayHaveBeenSent).map((item) => item.itemIndex)]);
		const unsent = items.map((_, index) => index).filter((index) => !settled.has(index));
		throw withRecord(failed[0].error, nothingSentNote(failed.slice(1).map((item) => item.itemIndex), sentEarlier), sentEarlier, unsent);
	};

	const checked: Array<CheckedItem | (FailedItem & { kind: 'failed' })> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			checked.push(await checkItem(ctx, itemIndex, credentials));
		} catch (cause) {
			checked.push(failure(itemIndex, cause));
		}
	}
	stopIfFailed(checked.filter((entry) => 'error' in entry));

	const log = new SentLog(ctx);
	const seen = new Map<string, number>();
	const planned: PlannedItem[] = [];
	for (const entry of checked) {
		if (stopSignal?.aborted) throw stoppedError(node, entry.itemIndex);
		if ('error' in entry) {
			planned.push(entry);
			continue;
		}
		try {
			planned.push(await planItem(ctx, entry, log, seen, credentials.apiToken !== ''));
		} catch (cause) {
			planned.push(failure(entry.itemIndex, cause));
		}
	}
	stopIfFailed(planned);

	const outputs = new Map<number, INodeExecutionData>();
	const failures: FailedItem[] = [];
	const sentOutputs: SentOutput[] = [];
	const ready = planned.filter((entry): entry is ReadyItem => entry.kind === 'send');
	// Items whose turn was still to come when the execution was stopped: nothing of them reached TimelinesAI.
	const stoppedInTurn: ReadyItem[] = [];
	const send = async (entry: ReadyItem) => {
		const { itemIndex } = entry.item;
		try {
			const json = await sendItem(ctx, entry.item, entry.file, secrets, (messageId) => log.record(entry.print, messageId));
			outputs.set(itemIndex, { json, pairedItem: { item: itemIndex } });
			sentOutputs.push({ item: entry.item, json });
		} catch (cause) {
			if (cause instanceof StoppedBeforeSending) return void stoppedInTurn.push(entry);
			const failed = failure(itemIndex, cause);
			// Its fate is unknown: a retry must find out rather than post it again.
			if (failed.mayHaveBeenSent) log.record(entry.print, null);
			failures.push(failed);
			outputs.set(itemIndex, errorItem(node, failed));
		}
	};
	// Without "Continue", the first failure (or a stop) starts nothing more; what is in flight finishes.
	const mayStart = () => !stopSignal?.aborted && (continueOnFail || failures.length === 0);
	const notStarted = [...(await inLanes(ready, (entry) => chatKeyOf(entry.item), send, mayStart)), ...stoppedInTurn].sort(
		(a, b) => a.item.itemIndex - b.item.itemIndex,
	);

	// Repeats and items sent by an earlier try take their first item's output, so they come after it.
	const settleTheRest = () => {
		for (const entry of planned) {
			if (entry.kind === 'failed') outputs.set(entry.itemIndex, errorItem(node, entry));
			if (entry.kind !== 'sent-earlier' && entry.kind !== 'repeat') continue;
			const json = skippedJson(node, entry, outputs);
			const itemIndex = entry.item.itemIndex;
			outputs.set(itemIndex, 'error' in json ? errorItem(node, json as FailedItem) : { json, pairedItem: { item: itemIndex } });
		}
	};

	// With "Continue" a failure is an item of the output; a stop still ends the node with the record.
	const firstFailure = continueOnFail ? undefined : failures.sort((a, b) => a.itemIndex - b.itemIndex)[0];
	if (firstFailure || notStarted.length > 0) {
		log.persist();
		settleTheRest();
		const sent: SentItem[] = [];
		for (const [itemIndex, output] of [...outputs].sort(([a], [b]) => a - b)) {
			if (output.json.message_id !== undefined) sent.push({ itemIndex, messageId: String(output.json.message_id) });
		}
		const uncertain = failures.filter((failed) => failed.mayHaveBeenSent).map((failed) => failed.itemIndex);
		const settled = new Set([...sent.map((item) => item.itemIndex), ...uncertain]);
		const unsent = items.map((_, index) => index).filter((index) => !settled.has(index));
		const error = firstFailure?.error ?? stoppedError(node, notStarted[0].item.itemIndex);
		const itemIndex = firstFailure?.itemIndex ?? notStarted[0].item.itemIndex;
		throw withRecord(error, alreadySentNote(sent, itemIndex, unsent, uncertain, items.length), sent, unsent);
	}
	// A stop after the last item started: what was sent is kept for a Retry of the stopped execution.
	if (stopSignal?.aborted) log.persist();
	// Without an API token the chat of a phone, JID or name is not looked up (the README says so); nor after a stop.
	else if (credentials.apiToken) await addChatIds(ctx, sentOutputs);
	settleTheRest();
	return [items.map((_, itemIndex) => outputs.get(itemIndex)!)];
}
