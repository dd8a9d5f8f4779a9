import { currentEventType, V2_MESSAGE_EVENT_TYPES, V2_TIMESTAMP_PATTERN, type Direction, type WebhookEventType } from '../protocol';
import type { Delivery, DeliveryBody } from './deliveries';

/**
 * The one item shape every delivery becomes (README "TimelinesAI Trigger" documents it field by field).
 * Missing values are `null`, never absent, so expressions downstream behave the same for every shape.
 */

type ItemSource = 'outbound_integration' | 'api_webhook';

type ItemPerson = {
	name: string | null;
	phone: string | null;
};

type ItemResponsible = {
	name: string | null;
	email: string | null;
};

type ItemChat = {
	/** Always a string, whichever generation delivered it. */
	id: string | null;
	name: string | null;
	url: string | null;
	phone: string | null;
	jid: string | null;
	is_group: boolean | null;
	is_new: boolean | null;
	responsible: ItemResponsible | null;
};

type ItemAccount = {
	id: string | null;
	phone: string | null;
	name: string | null;
	owner_name: string | null;
	owner_email: string | null;
	status: string | null;
};

export type ItemAttachment = {
	filename: string | null;
	mimetype: string | null;
	size: number | null;
	/** Valid for 15 minutes after the message. */
	url: string | null;
	/** The binary property holding the file, when "Download Attachments" is on and it worked. */
	binary_property: string | null;
	/** Why the file is not in a binary property, when "Download Attachments" is on and it failed. */
	download_error: string | null;
};

/** What one message says; `null`/empty for chat, account and call events. */
export type ItemMessage = {
	direction: 'received' | 'sent' | null;
	text: string | null;
	/** ISO 8601, UTC. */
	timestamp: string | null;
	message_uid: string | null;
	reply_to_uid: string | null;
	origin: string | null;
	sender: ItemPerson | null;
	recipient: ItemPerson | null;
	attachments: ItemAttachment[];
};

/** Where a message sat in the bundle it was split from. */
type ItemBundlePosition = {
	index: number;
	count: number;
	first_message_timestamp: string | null;
	last_message_timestamp: string | null;
};

export type TriggerItem = ItemMessage & {
	event: string;
	source: ItemSource;
	chat: ItemChat | null;
	account: ItemAccount | null;
	bundle: ItemBundlePosition | null;
	/** When the node received the delivery, ISO 8601 UTC. */
	received_at: string;
	raw?: unknown;
};

/** "Bundles: Keep as One Item": the whole bundle with its ready-made HTML, for CRM notes. */
export type BundleItem = {
	event: typeof BUNDLE_EVENT;
	source: ItemSource;
	chat: ItemChat | null;
	account: ItemAccount | null;
	messages: ItemMessage[];
	first_message_timestamp: string | null;
	last_message_timestamp: string | null;
	aggregation_html: string | null;
	received_at: string;
	raw?: unknown;
};

export const BUNDLE_EVENT = 'message:bundle';

export type OutputItem = TriggerItem | BundleItem;

export const ANY_MESSAGE_EVENT: WebhookEventType = 'message:new';
export const REACTION_EVENT: WebhookEventType = 'message:reaction';

/** Legacy deliveries carry no event type; their messages get the v2 name of the same event. */
export const MESSAGE_EVENT_BY_DIRECTION: Record<Direction, WebhookEventType> = {
	received: 'message:received:new',
	sent: 'message:sent:new',
};

/** Message events, including the "any message" name legacy messages get when their direction is missing. */
export function isMessageEvent(event: string): boolean {
	return (V2_MESSAGE_EVENT_TYPES as readonly string[]).includes(event);
}

type Maybe<T> = T | null | undefined;
type LegacyBundleDelivery = DeliveryBody<'legacy-bundle'>;
type LegacySingleDelivery = DeliveryBody<'legacy-single'>;
type V2MessageDelivery = DeliveryBody<'v2-message'>;
type V2ChatDelivery = DeliveryBody<'v2-chat'>;
type V2AccountDelivery = DeliveryBody<'v2-account'>;
type LegacyMessage = NonNullable<LegacySingleDelivery['message']>;
type LegacyChat = NonNullable<LegacySingleDelivery['chat']>;
type V2Message = NonNullable<V2MessageDelivery['message']>;
type MessageChat = LegacyChat | NonNullable<V2MessageDelivery['chat']>;
type MessageAccount = NonNullable<LegacySingleDelivery['whatsapp_account']>;
type EventAccount = NonNullable<V2AccountDelivery['whatsapp_account']>;
type Person = NonNullable<LegacyMessage['sender']>;
type Attachment = NonNullable<LegacyMessage['attachment']>;

/** Empty strings mean "none" in deliveries (a group's phone, an unassigned chat's responsible). */
function text(value: Maybe<string>): string | null {
	return value === undefined || value === null || value === '' ? null : value;
}

function person(value: Maybe<Person>): ItemPerson | null {
	if (!value) return null;
	return { name: text(value.full_name), phone: text(value.phone) };
}

function responsible(name: Maybe<string>, email: Maybe<string>): ItemResponsible | null {
	const result = { name: text(name), email: text(email) };
	return result.name === null && result.email === null ? null : result;
}

function attachment(value: Attachment): ItemAttachment {
	return {
		filename: text(value.filename),
		mimetype: text(value.mimetype),
		size: value.size ?? null,
		url: text(value.temporary_download_url),
		binary_property: null,
		download_error: null,
	};
}

function messageChat(chat: MessageChat): ItemChat {
	return {
		id: chat.chat_id === undefined || chat.chat_id === null ? null : String(chat.chat_id),
		name: text(chat.full_name),
		url: text(chat.chat_url),
		phone: text(chat.phone),
		jid: null,
		is_group: chat.is_group ?? null,
		is_new: 'is_new_chat' in chat ? (chat.is_new_chat ?? null) : null,
		responsible: responsible(chat.responsible_name, chat.responsible_email),
	};
}

function eventChat(chat: NonNullable<V2ChatDelivery['chat']>): ItemChat {
	return {
		id: chat.id === undefined || chat.id === null ? null : String(chat.id),
		name: text(chat.name),
		url: text(chat.chat_url),
		phone: text(chat.phone),
		jid: text(chat.jid),
		is_group: chat.is_group ?? null,
		is_new: null,
		responsible: responsible(chat.responsible_name, chat.responsible_email),
	};
}

/** Message deliveries name the account's owner; chat and account events describe the account itself. */
function messageAccount(account: Maybe<MessageAccount>): ItemAccount | null {
	if (!account) return null;
	const { phone, full_name: ownerName, email } = account;
	return { id: null, phone: text(phone), name: null, owner_name: text(ownerName), owner_email: text(email), status: null };
}

function eventAccount(account: Maybe<Partial<EventAccount>>): ItemAccount | null {
	if (!account) return null;
	return {
		id: text(account.id),
		phone: text(account.phone),
		name: text(account.account_name),
		owner_name: text(account.owner_name),
		owner_email: text(account.owner_email),
		status: text(account.status),
	};
}

const NO_MESSAGE: ItemMessage = {
	direction: null,
	text: null,
	timestamp: null,
	message_uid: null,
	reply_to_uid: null,
	origin: null,
	sender: null,
	recipient: null,
	attachments: [],
};

/**
 * `uid` is passed in because which field is trustworthy depends on the shape: in bundles
 * `message_id` is unused and may repeat, in single deliveries it is the unique id.
 */
function legacyMessage(message: LegacyMessage, uid: Maybe<string>): ItemMessage {
	return {
		direction: message.direction ?? null,
		text: message.text ?? '',
		timestamp: toIsoUtc(message.timestamp),
		message_uid: text(uid),
		reply_to_uid: null,
		origin: null,
		sender: person(message.sender),
		recipient: person(message.recipient),
		attachments: message.attachment ? [attachment(message.attachment)] : [],
	};
}

function v2Message(message: V2Message): ItemMessage {
	return {
		direction: message.direction ?? null,
		text: message.text ?? '',
		timestamp: toIsoUtc(message.timestamp),
		message_uid: text(message.message_uid),
		reply_to_uid: text(message.reply_to_uid),
		origin: text(message.origin),
		sender: person(message.sender),
		recipient: person(message.recipient),
		attachments: (message.attachments ?? []).map(attachment),
	};
}

function legacyEvent(message: ItemMessage): string {
	return message.direction ? MESSAGE_EVENT_BY_DIRECTION[message.direction] : ANY_MESSAGE_EVENT;
}

interface Envelope {
	source: ItemSource;
	chat: ItemChat | null;
	account: ItemAccount | null;
	receivedAt: string;
}

function item(event: string, envelope: Envelope, message: ItemMessage): TriggerItem {
	const { source, chat, account, receivedAt } = envelope;
	return { event, source, ...message, chat, account, bundle: null, received_at: receivedAt };
}

function bundleItems(body: LegacyBundleDelivery, receivedAt: string): TriggerItem[] {
	const envelope: Envelope = {
		source: 'outbound_integration',
		chat: body.chat ? messageChat(body.chat) : null,
		account: messageAccount(body.whatsapp_account),
		receivedAt,
	};
	const messages = body.messages ?? [];
	const first = toIsoUtc(body.first_message_timestamp);
	const last = toIsoUtc(body.last_message_timestamp);
	return messages.map((raw, index) => {
		const message = legacyMessage(raw, raw.message_uid);
		const bundle = { index, count: messages.length, first_message_timestamp: first, last_message_timestamp: last };
		return { ...item(legacyEvent(message), envelope, message), bundle };
	});
}

function singleItem(body: LegacySingleDelivery, receivedAt: string): TriggerItem {
	const raw = body.message as LegacyMessage;
	const message = legacyMessage(raw, text(raw.message_uid) ?? raw.message_id);
	const envelope: Envelope = {
		source: 'outbound_integration',
		chat: body.chat ? messageChat(body.chat) : null,
		account: messageAccount(body.whatsapp_account),
		receivedAt,
	};
	return item(legacyEvent(message), envelope, message);
}

/** One item per message (bundles split, each with its chat and account), one per other event. */
export function toItems(delivery: Delivery, receivedAt: string): TriggerItem[] {
	const api = (chat: ItemChat | null, account: ItemAccount | null): Envelope => ({
		source: 'api_webhook',
		chat,
		account,
		receivedAt,
	});
	switch (delivery.kind) {
		case 'legacy-bundle':
			return bundleItems(delivery.body, receivedAt);
		case 'legacy-single':
			return [singleItem(delivery.body, receivedAt)];
		case 'v2-message': {
			const { event_type: event, chat, whatsapp_account: account, message } = delivery.body;
			const envelope = api(chat ? messageChat(chat) : null, messageAccount(account));
			return [item(event as string, envelope, v2Message(message as V2Message))];
		}
		case 'v2-chat': {
			const { event_type: event, chat, whatsapp_account: account } = delivery.body;
			const envelope = api(chat ? eventChat(chat) : null, eventAccount(account));
			return [item(currentEventType(event as NonNullable<typeof event>), envelope, NO_MESSAGE)];
		}
		case 'v2-account':
		case 'v2-call': {
			const { event_type: event, whatsapp_account: account } = delivery.body;
			return [item(event as string, api(null, eventAccount(account)), NO_MESSAGE)];
		}
	}
}

/**
 * The timestamp spellings deliveries use: legacy `2021-02-24T16:25:29+0000`, v2 `2024-01-08 10:35:18 +0200`,
 * and plain ISO 8601 (`...Z`, `...+02:00`). A missing zone means UTC, as both generations document UTC.
 */
const LOOSE_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) ?(Z|[+-]\d{2}:?\d{2})?$/i;

function isoZone(zone: string | undefined): string {
	if (zone === undefined || zone.toUpperCase() === 'Z') return 'Z';
	return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/** ISO 8601 in UTC (`2026-03-02T09:14:03.000Z`), or null when the value is absent or not a timestamp. */
export function toIsoUtc(value: string | number | null | undefined): string | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'number') return fromEpoch(value);
	const text = value.trim();
	const match = V2_TIMESTAMP_PATTERN.exec(text) ?? LOOSE_TIMESTAMP.exec(text);
	if (match === null) return /^\d+(\.\d+)?$/.test(text) ? fromEpoch(Number(text)) : null;
	const [, date, time] = match;
	const zone = match.length === 5 ? `${match[3]}${match[4]}` : match[3];
	const parsed = new Date(`${date}T${time}${isoZone(zone)}`);
	return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/** Epoch seconds (or milliseconds, when too large to be seconds). */
function fromEpoch(value: number): string | null {
	const millis = value > 1e11 ? value : value * 1000;
	const parsed = new Date(millis);
	return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}
