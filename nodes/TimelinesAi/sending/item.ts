import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	creditsFor,
	inboundSendRequestSchema,
	inboundSuccessResponseSchema,
	SENDER_ACCOUNT_KEY,
	type InboundSendRequest,
	type RecipientField,
} from '../protocol';
import { asText, InvalidInputError, TimelinesAiRequestError } from '../shared/errors';
import {
	errorTextOf,
	callTimelinesAi,
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
import { CREDENTIAL_FIELD, FIELD } from '../shared/labels';
import { isCountryCode, toE164, type CountryCode } from '../shared/phone';
import { locatorValue, multipleValues, toChatId } from '../resources/chat/locator';
import { ATTACHMENT_SOURCES, planFile, type AttachmentSource, type FileParameters, type FilePlan, type SendableFile } from './file';

/**
 * One item of Send: its fields read and checked without the network (recipient, sender, text, the file's plan),
 * the body built from them, the POST to the inbound webhook URL, TimelinesAI's refusals pinned on the field
 * they concern, and the item's output.
 */

/** How the user picks the recipient in the node ("Send To"), and which inbound field each one fills. */
export const RECIPIENT_KINDS = {
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
 * name is looked up once the whole batch is sent (`chat-look-ups.ts`).
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

