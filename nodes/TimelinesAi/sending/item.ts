import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	chatMessagesPageSchema,
	creditsFor,
	inboundSendRequestSchema,
	inboundSuccessResponseSchema,
	SENDER_ACCOUNT_KEY,
	type ApiChat,
	type InboundSendRequest,
	type RecipientField,
} from '../protocol';
import { asText, InvalidInputError, TimelinesAiRequestError } from '../shared/errors';
import {
	apiRequest,
	callTimelinesAi,
	chatsPage,
	errorTextOf,
	getMessage,
	inParallel,
	listChats,
	describeFieldRefusal,
	describeHttpError,
	isSuccess,
	webUrl,
	RATE_LIMIT_HINT,
	redact,
	SERVER_ERROR_HINT,
	type StatusHints,
	type TimelinesAiCredentials,
	type TimelinesAiSecrets,
} from '../shared/http';
import { CREDENTIAL_FIELD, FIELD } from '../shared/display-names';
import { isCountryCode, toE164, type CountryCode } from '../shared/phone';
import { locatorValue, multipleValues, toChatId } from '../resources/chat/locator';
import { ATTACHMENT_SOURCES, planFile, type AttachmentSource, type FileParameters, type FilePlan, type SendableFile } from './file';

/**
 * One item of Send: its fields read and checked without the network (recipient, sender, text, the file's plan),
 * the body built from them, the POST to the inbound webhook URL, TimelinesAI's refusals pinned on the field
 * they concern, the item's output, and the chat it went to (looked up after the batch, or before a Retry).
 */

/** How the user picks the recipient in the node ("Send To"), and which inbound field each one fills. */
const RECIPIENT_KINDS = {
	phone: { field: 'phone', label: FIELD.phone },
	chatId: { field: 'chat_id', label: FIELD.chatId },
	jid: { field: 'jid', label: FIELD.jid },
	chatName: { field: 'chat_name', label: FIELD.chatName },
} as const satisfies Record<string, { field: RecipientField; label: string }>;

type RecipientKind = keyof typeof RECIPIENT_KINDS;

/** What the user filled in for one item, read from the fields in `resources/message/send.ts`. */
export interface SendParameters extends FileParameters {
	recipientKind: RecipientKind;
	recipientValue: string;
	text: string;
	senderPhone: string;
	defaultCountry?: CountryCode;
	sendRepeatsOnce: boolean;
}

interface Recipient {
	field: RecipientField;
	value: string;
	/** Sent anyway, but worth a note on the item's output: e.g. a premium-rate number is rarely on WhatsApp. */
	warning?: string;
}

/** Which account sends, and the field that said so (TimelinesAI's refusals of it name that field). */
export interface Sender {
	/** Undefined: TimelinesAI picks the account connected most recently. */
	phone?: string;
	field: string;
}

/** One item whose input passed every check that needs no network: ready to be sent. */
export interface CheckedItem {
	itemIndex: number;
	inboundUrl: string;
	parameters: SendParameters;
	recipient: Recipient;
	sender: Sender;
	file?: FilePlan;
}

// Parameters

function readSendTo(value: unknown): RecipientKind {
	if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(RECIPIENT_KINDS, value)) return value as RecipientKind;
	const kinds = Object.keys(RECIPIENT_KINDS).join(', ');
	throw new InvalidInputError(FIELD.sendTo, `${JSON.stringify(value)} is not a way to pick a recipient. Use one of: ${kinds}.`);
}

function readAttachment(value: unknown): AttachmentSource {
	if ((ATTACHMENT_SOURCES as readonly unknown[]).includes(value)) return value as AttachmentSource;
	throw new InvalidInputError(FIELD.attachment, `${JSON.stringify(value)} is not an attachment source. Use one of: ${ATTACHMENT_SOURCES.join(', ')}.`);
}

function readCountry(value: unknown): CountryCode | undefined {
	const code = asText(value, FIELD.defaultCountry).trim().toUpperCase();
	if (code === '') return undefined;
	if (isCountryCode(code)) return code;
	throw new InvalidInputError(FIELD.defaultCountry, `${JSON.stringify(value)} is not a country code. Use a two-letter code such as US, GB or DE.`);
}

function readTimeout(value: unknown): number {
	const seconds = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new InvalidInputError(FIELD.timeout, `${JSON.stringify(value)} is not a positive number of seconds. Use e.g. 30.`);
	}
	return Math.round(seconds * 1000);
}

function readSendParameters(ctx: IExecuteFunctions, itemIndex: number): SendParameters {
	const parameter = (name: string, fallback: unknown = '') => ctx.getNodeParameter(name, itemIndex, fallback);
	const recipientKind = readSendTo(parameter('sendTo', 'phone'));
	const attachment = readAttachment(parameter('attachment', 'none'));
	const options = parameter('options', {}) as IDataObject;
	return {
		recipientKind,
		recipientValue: asText(locatorValue(parameter(recipientKind)), RECIPIENT_KINDS[recipientKind].label),
		text: asText(parameter('text'), FIELD.text),
		attachment,
		fileUrl: attachment === 'url' ? asText(parameter('fileUrl'), FIELD.fileUrl) : '',
		binaryPropertyName: attachment === 'binary' ? asText(parameter('binaryPropertyName', 'data'), FIELD.binaryProperty) : '',
		fileName: attachment === 'none' ? '' : asText(parameter('fileName'), FIELD.fileName).trim(),
		senderPhone: asText(options.senderPhone, FIELD.senderPhone),
		defaultCountry: readCountry(options.defaultCountry),
		checkFileLink: options.checkFileLink !== false,
		sendRepeatsOnce: options.sendRepeatsOnce !== false,
		timeoutMs: readTimeout(options.timeout ?? 30),
	};
}

// Recipient

const CONTACT_JID = /^\d{5,20}@s\.whatsapp\.net$/;
const GROUP_JID = /^\d{5,25}(-\d{5,15})?@g\.us$/;
const JID_EXAMPLES = '14155550100@s.whatsapp.net (a contact) or 120363012345678901@g.us (a group)';

function toJid(value: string): string {
	const jid = value.toLowerCase();
	if (CONTACT_JID.test(jid) || GROUP_JID.test(jid)) return jid;
	const quoted = JSON.stringify(value);
	if (multipleValues(value) > 1) {
		throw new InvalidInputError(FIELD.jid, `${quoted} holds more than one JID, but one item sends to one recipient. Split them into one item each first.`);
	}
	if (/^\+?[\d\s()-]{6,}$/.test(value)) {
		throw new InvalidInputError(
			FIELD.jid,
			`${quoted} is a phone number, not a JID. Choose "Phone" under Send To, or write it as a JID such as 14155550100@s.whatsapp.net.`,
		);
	}
	throw new InvalidInputError(FIELD.jid, `${quoted} is not a WhatsApp JID. A JID looks like ${JID_EXAMPLES}.`);
}

function resolveRecipient(kind: RecipientKind, rawValue: string, defaultCountry?: CountryCode): Recipient {
	const { field, label } = RECIPIENT_KINDS[kind];
	const value = rawValue.trim();
	if (value === '') {
		throw new InvalidInputError(label, `is empty, so this item has no recipient. Fill it in, or map it from the previous node, e.g. {{ $json.${kind} }}.`);
	}
	switch (kind) {
		case 'phone': {
			const phone = toE164(value, defaultCountry);
			if (!phone.ok) throw new InvalidInputError(label, phone.problem);
			return { field, value: phone.e164, ...(phone.warning ? { warning: phone.warning } : {}) };
		}
		case 'chatId':
			return { field, value: toChatId(value) };
		case 'jid':
			return { field, value: toJid(value) };
		case 'chatName':
			return { field, value };
	}
}

// Sender, text, inbound URL

/** The node's option wins over the credential's default; both are optional. */
function resolveSender(fromNode: string, fromCredential: string, defaultCountry?: CountryCode): Sender {
	const [raw, field] = fromNode.trim() ? [fromNode, FIELD.senderPhone] : [fromCredential, CREDENTIAL_FIELD.defaultSender];
	if (!raw.trim()) return { field };
	const phone = toE164(raw, defaultCountry);
	if (!phone.ok) throw new InvalidInputError(field, phone.problem);
	return { phone: phone.e164, field };
}

/** Text may be empty only when a file goes with it; `\n` is TimelinesAI's only formatting and is kept. */
function checkText(text: string, hasAttachment: boolean): void {
	if (text.trim() === '' && !hasAttachment) {
		throw new InvalidInputError(FIELD.text, 'is empty and no file is attached, so there is nothing to send. Write a message, or attach a file.');
	}
}

/** Empty or not a web address is the user's to fix, not a network error. */
function checkInboundUrl(inboundUrl: string): string {
	if (inboundUrl === '') {
		throw new InvalidInputError(
			CREDENTIAL_FIELD.inboundUrl,
			'it is empty. In TimelinesAI open Integrations → Webhooks → Inbound, copy the URL and paste it into the credential.',
		);
	}
	if (!webUrl(inboundUrl)) {
		throw new InvalidInputError(
			CREDENTIAL_FIELD.inboundUrl,
			'it is not a web address starting with https://. Copy the whole URL from TimelinesAI → Integrations → Webhooks → Inbound.',
		);
	}
	return inboundUrl;
}

/**
 * Everything about one item that can be checked without the network, in the order the README
 * describes: credential URL, fields, recipient, sender, text, file. Throws InvalidInputError.
 */
export async function checkItem(ctx: IExecuteFunctions, itemIndex: number, credentials: TimelinesAiCredentials): Promise<CheckedItem> {
	const inboundUrl = checkInboundUrl(credentials.inboundUrl);
	const parameters = readSendParameters(ctx, itemIndex);
	const recipient = resolveRecipient(parameters.recipientKind, parameters.recipientValue, parameters.defaultCountry);
	const sender = resolveSender(parameters.senderPhone, credentials.defaultSenderPhone, parameters.defaultCountry);
	checkText(parameters.text, parameters.attachment !== 'none');
	const file = await planFile(ctx, itemIndex, parameters, credentials);
	return { itemIndex, inboundUrl, parameters, recipient, sender, file };
}

// Body

/** Checked against the protocol's own rules before it is sent. */
function buildSendRequest(item: CheckedItem, file?: SendableFile): InboundSendRequest {
	const { text } = item.parameters;
	const body: InboundSendRequest = {
		action: 'send',
		[item.recipient.field]: item.recipient.value,
		text: text.trim() === '' ? '' : text,
		...(file ?? {}),
		...(item.sender.phone ? { [SENDER_ACCOUNT_KEY]: item.sender.phone } : {}),
	};
	return inboundSendRequestSchema.parse(body);
}

// Refusals of the inbound webhook

/** What one item sent, so that a refusal can be pinned on the field the user filled in. */
export interface RefusalContext {
	/** The recipient field the item used: "Phone", "Chat ID", "JID" or "Chat Name". */
	recipientLabel: string;
	/** Where the sender phone came from: the node's option or the credential's default. */
	senderField: string;
	fileField?: string;
}

/** The field a refusal concerns (none for workspace-wide problems such as credits) and the fix. */
interface ExplainedRefusal {
	field?: string;
	hint: string;
}

interface KnownRefusal {
	/** Matched against TimelinesAI's message; groups feed the hint. */
	answer: RegExp;
	/** Only for these HTTP statuses (any when absent). */
	statuses?: number[];
	field(context: RefusalContext): string | undefined;
	hint(match: RegExpExecArray): string;
}

const URL_GONE_HINT =
	'The Inbound Webhook URL no longer works: it was regenerated or switched off in TimelinesAI. Open Integrations → Webhooks → Inbound, switch "Webhook enabled" on, and copy the current URL into the TimelinesAI credential.';

const CHAT_ID_HINT =
	"A chat id is the number in the chat's address in TimelinesAI (or chat.id from the TimelinesAI Trigger), e.g. 77234. Copy it from the chat, or send to a Phone instead.";

const FILE_HINT =
	'TimelinesAI could not download or read the file. A file link must start the download itself (not open a share page) without logging in, and the file must be at most 2 MB. Keep "Check File Link" on to catch this before sending.';

/** Labels of the inbound body's fields, for refusals that name one ("text may be empty only…"). */
const BODY_FIELD_LABELS: Record<string, (context: RefusalContext) => string> = {
	...Object.fromEntries(Object.values(RECIPIENT_KINDS).map(({ field, label }) => [field, () => label] as [RecipientField, () => string])),
	text: () => FIELD.text,
	file_url: (context) => context.fileField ?? FIELD.fileUrl,
	file_name: () => FIELD.fileName,
	[SENDER_ACCOUNT_KEY]: (context) => context.senderField,
};

/** Every refusal the inbound webhook is known to give, most specific first. */
const KNOWN_REFUSALS: KnownRefusal[] = [
	{
		// The spec's answer for an unknown, regenerated or disabled URL.
		answer: /^(webhook not found)?$/i,
		statuses: [404],
		field: () => CREDENTIAL_FIELD.inboundUrl,
		hint: () => URL_GONE_HINT,
	},
	{
		answer: /^/,
		statuses: [401, 403],
		field: () => CREDENTIAL_FIELD.inboundUrl,
		hint: () => URL_GONE_HINT,
	},
	{
		answer: /^No chat found with chat_id /i,
		field: () => FIELD.chatId,
		hint: () => `No chat in this TimelinesAI workspace has this id. ${CHAT_ID_HINT}`,
	},
	{
		answer: /^chat_id must be a number/i,
		field: () => FIELD.chatId,
		hint: () => CHAT_ID_HINT,
	},
	{
		answer: /^No chat found with the name .* on account (\S+?)\.?$/i,
		field: () => FIELD.chatName,
		hint: (match) =>
			`Chat names must match exactly (capitals, spaces, emoji), and only the chats of the sending account ${match[1]} are searched. Copy the name from TimelinesAI, set "${FIELD.senderPhone}" to the account that has this chat, or send by Chat ID.`,
	},
	{
		answer: /^Several chats match /i,
		field: (context) => context.recipientLabel,
		hint: () => "More than one chat has this name. Send by Chat ID instead: the number in the chat's address in TimelinesAI.",
	},
	{
		answer: /^jid must look like/i,
		field: () => FIELD.jid,
		hint: () => 'A JID looks like 14155550100@s.whatsapp.net (a contact) or 120363012345678901@g.us (a group).',
	},
	{
		answer: /^No group chat found with jid \S+ on account (\S+?)\.?$/i,
		field: () => FIELD.jid,
		hint: (match) =>
			`Groups are looked up only among the chats of the sending account ${match[1]}. Check the group's JID, set "${FIELD.senderPhone}" to an account that is in the group, or send by Chat ID.`,
	},
	{
		answer: /is not a WhatsApp account of this workspace/i,
		field: (context) => context.senderField,
		hint: () =>
			'Use the international phone number of a WhatsApp account connected in TimelinesAI (e.g. +15105566777), or leave it empty to send from the account connected most recently.',
	},
	{
		answer: /^The WhatsApp account (\S+) is (\w+)/i,
		field: (context) => context.senderField,
		hint: (match) =>
			`The WhatsApp account ${match[1]} is ${match[2]} in TimelinesAI and cannot send. Reconnect it in TimelinesAI (scan the QR code with the phone again), or choose another connected account.`,
	},
	{
		answer: /^No WhatsApp account is connected/i,
		field: () => undefined,
		hint: () => 'Connect a WhatsApp account in TimelinesAI (scan the QR code with the phone), then run the workflow again.',
	},
	{
		answer: /credits/i,
		statuses: [402],
		field: () => undefined,
		hint: () =>
			"The workspace's sending quota is used up (messages still waiting to be sent hold their credits). Add credits in TimelinesAI or wait until the quota renews, then send the items that were not sent.",
	},
	{
		answer: /file is corrupted|incompatible file|failed to load document|file .*(too large|larger than)/i,
		field: (context) => context.fileField,
		hint: () => FILE_HINT,
	},
	{
		answer: /recipient field/i,
		field: (context) => context.recipientLabel,
		hint: () => 'Each item needs exactly one recipient. Choose how to pick it under "Send To" and fill in that one field.',
	},
	{
		// Any other 404: the URL works (it would say "Webhook not found"), so the recipient is unknown.
		answer: /^/,
		statuses: [404],
		field: (context) => context.recipientLabel,
		hint: () =>
			'TimelinesAI could not find this recipient. Check the Chat ID, JID or Chat Name (chat names must match exactly), or send to a Phone instead.',
	},
];

/** A refusal that starts by naming a body field ("file_name is required with file_url"). */
function bodyFieldRefusal(answer: string, context: RefusalContext): ExplainedRefusal | undefined {
	const named = Object.keys(BODY_FIELD_LABELS).find((key) => answer.startsWith(`${key} `) || answer.startsWith(`"${key}" `));
	if (named === undefined) return undefined;
	return {
		field: BODY_FIELD_LABELS[named](context),
		hint: "TimelinesAI did not accept this field; its answer above says why. Correct it in this item's input.",
	};
}

/**
 * The field a 4xx refusal of the inbound webhook concerns and how to fix it; undefined for answers
 * that are not about this item's input (rate limits, server errors, unknown refusals), which keep
 * their status hint.
 */
export function explainInboundRefusal(status: number, answer: string, context: RefusalContext): ExplainedRefusal | undefined {
	if (status < 400 || status >= 500 || status === 429) return undefined;
	for (const refusal of KNOWN_REFUSALS) {
		if (refusal.statuses && !refusal.statuses.includes(status)) continue;
		const match = refusal.answer.exec(answer);
		if (match) return { field: refusal.field(context), hint: refusal.hint(match) };
	}
	return bodyFieldRefusal(answer, context);
}

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
	const explained = explainInboundRefusal(status, errorTextOf(body) ?? '', refusal);
	if (explained?.field) return describeFieldRefusal(status, body, explained.field, explained.hint);
	const hints = explained ? { ...INBOUND_HINTS, [status]: explained.hint } : INBOUND_HINTS;
	return describeHttpError(status, body, action, hints);
}

/**
 * POSTs one send request to the inbound webhook URL and returns TimelinesAI's `message_id`.
 * No Authorization header: the URL is its own secret, and the API token has no business there.
 */
async function postToInbound(ctx: IExecuteFunctions, item: CheckedItem, body: InboundSendRequest): Promise<string> {
	const action = `sending item ${item.itemIndex}`;
	const response = await callTimelinesAi(ctx, {
		request: { method: 'POST', url: item.inboundUrl, body, timeout: item.parameters.timeoutMs },
		authenticated: false,
		action,
		ambiguousHint: `The message may have been sent. ${MAYBE_SENT_HINT}`,
	});
	if (!isSuccess(response.statusCode)) {
		const refusal: RefusalContext = {
			recipientLabel: RECIPIENT_KINDS[item.parameters.recipientKind].label,
			senderField: item.sender.field,
			fileField: item.file && (item.file.source === 'url' ? FIELD.fileUrl : FIELD.binaryProperty),
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

/**
 * The chat an item goes to, as far as its input tells: items with the same key are sent one after another, in item
 * order. A contact's JID and its phone number are the same chat; names are compared without case, which can only
 * put more items in one line, never fewer.
 */
export function chatKeyOf(item: CheckedItem): string {
	const { field, value } = item.recipient;
	if (field === 'jid' && CONTACT_JID.test(value)) return `phone:+${value.split('@')[0]}`;
	return `${field}:${value.toLowerCase()}`;
}

/**
 * Posts one item whose file is ready; `record` runs as soon as TimelinesAI answered. The chat of a phone, JID or
 * name is looked up once the whole batch is sent (`addChatIds` below).
 */
export async function sendItem(
	ctx: IExecuteFunctions,
	item: CheckedItem,
	file: SendableFile | undefined,
	secrets: TimelinesAiSecrets,
	record: (messageId: string) => void,
): Promise<IDataObject> {
	const { recipient } = item;
	const body = buildSendRequest(item, file);
	const messageId = await postToInbound(ctx, item, body);
	record(messageId);

	const notes: string[] = recipient.warning ? [recipient.warning] : [];
	// Only a sender chosen in this node is worth a note; the credential's default applies to every send.
	if (recipient.field === 'chat_id' && body[SENDER_ACCOUNT_KEY] && item.sender.field === FIELD.senderPhone) {
		notes.push(
			`TimelinesAI ignores the sender phone ${body[SENDER_ACCOUNT_KEY]} when sending to a Chat ID: the chat's own WhatsApp account sends.`,
		);
	}
	return {
		message_id: messageId,
		...(recipient.field === 'chat_id' ? { chat_id: Number(recipient.value) } : {}),
		recipient: { [recipient.field]: recipient.value },
		credits: creditsFor(body),
		request_body: redact({ ...body }, secrets),
		...(notes.length > 0 ? { notes } : {}),
	};
}

// The chats of the messages sent

/**
 * `chat_id` for the items sent to a phone, JID or chat name: only TimelinesAI knows which chat those went to. Looked
 * up once the whole batch is sent, once per recipient rather than per message: phone numbers (and contacts' JIDs)
 * by the dozen with `GET /chats?whatsapp_phone=…`, names and groups with `GET /messages/{uid}` of their first
 * message. The messages are sent by then: a failed lookup becomes a note, never an error.
 */

export interface SentOutput {
	item: CheckedItem;
	/** The item's output, with its `message_id`; `chat_id` and notes are added here. */
	json: IDataObject;
}

/**
 * Numbers per `GET /chats` request: a page holds 50 chats, and a number mostly has one chat (one per account that
 * wrote to it: further pages are read then). 1,000 numbers take 20 requests, under a second of TimelinesAI's limit.
 */
const PHONES_PER_REQUEST = 50;

const CHAT_LATER = 'Get Status with this message_id shows the chat later.';

const NOT_OPENED = `TimelinesAI has no chat with this number yet: it opens one when it sends the message, which may still be queued behind others. chat_id is missing. ${CHAT_LATER}`;

const digits = (text: string | null | undefined) => (text ?? '').replace(/\D/g, '');

/** The phone of a phone or contact-JID recipient ("+14155550100"), else undefined. */
function phoneOf(item: CheckedItem): string | undefined {
	const key = chatKeyOf(item);
	return key.startsWith('phone:') ? key.slice('phone:'.length) : undefined;
}

/** Only the status is said: TimelinesAI's own words could quote a URL, and no secret may reach the output. */
function failedLookupNote(error: unknown): string {
	const why =
		error instanceof TimelinesAiRequestError && error.httpStatus !== undefined
			? `TimelinesAI answered HTTP ${error.httpStatus}`
			: error instanceof TimelinesAiRequestError && error.kind === 'invalid-response'
				? "TimelinesAI's answer was not in the expected format"
				: 'TimelinesAI did not answer';
	return `The message was sent, but looking up its chat failed (${why}), so chat_id is missing. ${CHAT_LATER}`;
}

type Found = { chatId: number } | { note: string };

/** The chat of one number: the sending account's, or the only one; undefined when it cannot be told apart. */
function pickChat(chats: ApiChat[], phone: string, senderPhone: string | undefined): Found | undefined {
	const own = chats.filter((chat) => !chat.is_group && digits(chat.phone) === digits(phone));
	if (senderPhone) {
		const fromSender = own.find((chat) => digits(chat.whatsapp_account_id.split('@')[0]) === digits(senderPhone));
		return fromSender ? { chatId: fromSender.id } : own.length === 0 ? { note: NOT_OPENED } : undefined;
	}
	if (own.length === 1) return { chatId: own[0].id };
	return own.length === 0 ? { note: NOT_OPENED } : undefined;
}

async function chatOfMessage(ctx: IExecuteFunctions, output: SentOutput): Promise<Found> {
	try {
		const { chat_id: chatId } = await getMessage(ctx, String(output.json.message_id), output.item.parameters.timeoutMs);
		if (chatId !== null) return { chatId };
		return { note: `TimelinesAI has not opened the chat for this message yet (it is still queued), so chat_id is missing. ${CHAT_LATER}` };
	} catch (error) {
		return { note: failedLookupNote(error) };
	}
}

/** `chat_id` right after `message_id`, where the output shows it for a Chat ID. */
function withChatId(json: IDataObject, chatId: number): void {
	const { message_id: messageId, ...rest } = json;
	for (const key of Object.keys(json)) delete json[key];
	Object.assign(json, { message_id: messageId, chat_id: chatId, ...rest });
}

/** Adds `chat_id` (or a note saying why there is none) to every output sent to a phone, JID or chat name. */
export async function addChatIds(ctx: IExecuteFunctions, outputs: SentOutput[]): Promise<void> {
	const byRecipient = new Map<string, SentOutput[]>();
	for (const output of outputs) {
		if (output.json.chat_id !== undefined) continue;
		const key = `${chatKeyOf(output.item)}\u0000${output.item.sender.phone ?? ''}`;
		byRecipient.set(key, [...(byRecipient.get(key) ?? []), output]);
	}
	const recipients = [...byRecipient.values()];
	const found = new Map<SentOutput[], Found>();

	const withPhone = recipients.filter((group) => phoneOf(group[0].item) !== undefined);
	const chunks = Array.from({ length: Math.ceil(withPhone.length / PHONES_PER_REQUEST) }, (_, i) =>
		withPhone.slice(i * PHONES_PER_REQUEST, (i + 1) * PHONES_PER_REQUEST),
	);
	await inParallel(chunks, async (chunk) => {
		try {
			const phones = chunk.map((group) => phoneOf(group[0].item)!);
			const chats = await listChats(ctx, { whatsapp_phone: phones.join(','), group: false }, Number.POSITIVE_INFINITY);
			for (const group of chunk) {
				const picked = pickChat(chats, phoneOf(group[0].item)!, group[0].item.sender.phone);
				if (picked) found.set(group, picked);
			}
		} catch (error) {
			for (const group of chunk) found.set(group, { note: failedLookupNote(error) });
		}
	});
	// Names, groups, and numbers with chats on several accounts: the first message says which chat it went to.
	await inParallel(
		recipients.filter((group) => !found.has(group)),
		async (group) => void found.set(group, await chatOfMessage(ctx, group[0])),
	);

	for (const [group, result] of found) {
		for (const { json } of group) {
			if ('chatId' in result) withChatId(json, result.chatId);
			else json.notes = [...((json.notes as string[] | undefined) ?? []), result.note];
		}
	}
}

// An earlier try's message

/**
 * An item an earlier try of this run posted without learning its fate (the connection broke, or a gateway answered
 * 5xx, after the request left) is looked up in the chat before a Retry decides: found among the account's own
 * messages since that try, it counts as sent, with its uid; absent from a chat picked by Chat ID, whose queued
 * messages the chat already lists, it is provably not sent and goes out. A phone's or JID's message gets its chat
 * only when TimelinesAI sends it, so its absence proves nothing while it may wait in the queue: it stays "may have
 * been sent". Needs the API token.
 */

/** The earlier try's clock and TimelinesAI's may differ a little: its messages are looked for from a minute before. */
const CLOCK_MARGIN_MS = 60_000;
/** Pages of the chat's newest messages looked through (50 each). */
const MAX_PAGES = 3;

export type EarlierFate = { sent: true; messageId: string } | { sent: false } | { unknown: string };

/** The chat the item went to, when it can be told without sending: its Chat ID, or the one direct chat of its number. */
async function chatOf(ctx: IExecuteFunctions, item: CheckedItem): Promise<number | undefined> {
	if (item.recipient.field === 'chat_id') return Number(item.recipient.value);
	const phone = phoneOf(item);
	if (phone === undefined) return undefined;
	// The first page is enough: a number has one direct chat per account.
	const { chats } = await chatsPage(ctx, { phone }, 1);
	const picked = pickChat(chats, phone, item.sender.phone);
	return picked && 'chatId' in picked ? picked.chatId : undefined;
}

export async function lookUpEarlierSend(ctx: IExecuteFunctions, item: CheckedItem, sentAt: number): Promise<EarlierFate> {
	const text = item.parameters.text.trim() === '' ? '' : item.parameters.text;
	if (text === '') return { unknown: 'a message without text cannot be told apart in the chat' };
	const chatId = await chatOf(ctx, item);
	if (chatId === undefined) return { unknown: 'TimelinesAI has no chat for this recipient yet, and the message may still wait in its queue' };
	const after = new Date(sentAt - CLOCK_MARGIN_MS).toISOString();
	for (let page = 1; page <= MAX_PAGES; page++) {
		const data = await apiRequest(ctx, {
			method: 'GET',
			path: `/chats/${chatId}/messages`,
			qs: { from_me: true, after, page },
			data: chatMessagesPageSchema,
			action: "reading the chat's messages",
		});
		const found = data.messages.find((message) => message.from_me !== false && message.text === text);
		const uid = found?.uid ?? found?.message_uid;
		if (uid) return { sent: true, messageId: uid };
		if (!data.has_more_pages) {
			return item.recipient.field === 'chat_id'
				? { sent: false }
				: { unknown: 'it is not in the chat, but a message to a phone or JID joins its chat only when TimelinesAI sends it, so it may still wait in the queue' };
		}
	}
	return { unknown: 'the chat has too many messages since then to look through' };
}
