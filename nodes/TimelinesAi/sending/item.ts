import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inboundSendRequestSchema, SENDER_ACCOUNT_KEY, type InboundSendRequest, type RecipientField } from '../protocol';
import { InvalidInputError } from '../shared/errors';
import { CREDENTIAL_FIELD, FIELD } from '../shared/labels';
import { asText, CHAT_URL_REGEX, locatorValue } from '../shared/parameters';
import { isCountryCode, toE164, type CountryCode } from '../shared/phone';
import { isWebUrl, parseUrl, type TimelinesAiCredentials } from '../shared/http';
import { planAttachment, type Attachment, type AttachmentPlan } from './file';

/**
 * One item's request, checked without the network: the node's parameters, the recipient, the sender,
 * the text and the file's plan, then the inbound body built from them.
 */

/** How the user picks the recipient in the node ("Send To"), and which inbound field each one fills. */
export const RECIPIENT_KINDS = {
	phone: { field: 'phone', label: FIELD.phone },
	chatId: { field: 'chat_id', label: FIELD.chatId },
	jid: { field: 'jid', label: FIELD.jid },
	chatName: { field: 'chat_name', label: FIELD.chatName },
} as const satisfies Record<string, { field: RecipientField; label: string }>;

type RecipientKind = keyof typeof RECIPIENT_KINDS;

const ATTACHMENT_SOURCES = ['none', 'url', 'binary'] as const;
type AttachmentSource = (typeof ATTACHMENT_SOURCES)[number];

/** What the user filled in for one item, read from the node's fields (see `description.ts`). */
export interface SendParameters {
	recipientKind: RecipientKind;
	recipientValue: string;
	text: string;
	attachment: AttachmentSource;
	fileUrl: string;
	binaryPropertyName: string;
	fileName: string;
	senderPhone: string;
	defaultCountry?: CountryCode;
	checkFileLink: boolean;
	sendRepeatsOnce: boolean;
	timeoutMs: number;
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
	attachment?: AttachmentPlan;
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

function readSendParameters(this: IExecuteFunctions, itemIndex: number): SendParameters {
	const parameter = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
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

function multipleValues(value: string): number {
	return value.split(/[,;\n]/).filter((part) => part.trim() !== '').length;
}

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

const CHAT_URL = new RegExp(CHAT_URL_REGEX, 'i');

/** A chat id is a number; people often paste the chat's address, which ends with it. */
function toChatId(value: string): string {
	if (/^\d{1,18}$/.test(value)) return value;
	const fromUrl = CHAT_URL.exec(value);
	if (fromUrl) return fromUrl[1];
	const quoted = JSON.stringify(value);
	if (multipleValues(value) > 1) {
		throw new InvalidInputError(
			FIELD.chatId,
			`${quoted} holds more than one chat id, but one item sends to one recipient. Split them into one item each first.`,
		);
	}
	throw new InvalidInputError(
		FIELD.chatId,
		`${quoted} is not a chat id. A chat id is a number such as 77234: open the chat in TimelinesAI and copy the number from its address.`,
	);
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
	const url = parseUrl(inboundUrl);
	if (!url || !isWebUrl(url)) {
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
export async function checkItem(this: IExecuteFunctions, itemIndex: number, credentials: TimelinesAiCredentials): Promise<CheckedItem> {
	const inboundUrl = checkInboundUrl(credentials.inboundUrl);
	const parameters = readSendParameters.call(this, itemIndex);
	const recipient = resolveRecipient(parameters.recipientKind, parameters.recipientValue, parameters.defaultCountry);
	const sender = resolveSender(parameters.senderPhone, credentials.defaultSenderPhone, parameters.defaultCountry);
	checkText(parameters.text, parameters.attachment !== 'none');
	const attachment = await planAttachment.call(this, itemIndex, parameters, credentials);
	return { itemIndex, inboundUrl, parameters, recipient, sender, attachment };
}

// Body

/** Checked against the protocol's own rules before it is sent. */
export function buildInboundRequest(item: CheckedItem, attachment?: Attachment): InboundSendRequest {
	const { text } = item.parameters;
	const body: InboundSendRequest = {
		action: 'send',
		[item.recipient.field]: item.recipient.value,
		text: text.trim() === '' ? '' : text,
		...(attachment ?? {}),
		...(item.sender.phone ? { [SENDER_ACCOUNT_KEY]: item.sender.phone } : {}),
	};
	return inboundSendRequestSchema.parse(body);
}
