import { z } from 'zod';

import {
	currentEventType,
	FORMER_CHAT_EVENT_TYPES,
	integrationBundleSchema,
	integrationSingleSchema,
	V2_ACCOUNT_EVENT_TYPES,
	V2_CALL_EVENT_TYPES,
	V2_CHAT_EVENT_TYPES,
	V2_MESSAGE_EVENT_TYPES,
	V2_TIMESTAMP_PATTERN,
	v2AccountEventSchema,
	v2CallEventSchema,
	v2ChatEventSchema,
	v2MessageEventSchema,
	type Direction,
	type IntegrationBundle,
	type IntegrationSingle,
	type V2MessageEvent,
	type WebhookEventType,
} from '../protocol';

/**
 * A delivery's body, recognised (which shape of which generation: outbound integration or API webhooks), then
 * normalised into the one item shape every delivery becomes.
 */

// Recognising the shape

/** The keys that tell the shapes apart, typed against the protocol so a rename there breaks here. */
const EVENT_TYPE: keyof V2MessageEvent = 'event_type';
const BUNDLE_MESSAGES: keyof IntegrationBundle = 'messages';
const SINGLE_MESSAGE: keyof IntegrationSingle = 'message';
const CHAT: keyof IntegrationSingle = 'chat';
const ACCOUNT: keyof IntegrationSingle = 'whatsapp_account';

type Classification = { ok: true; delivery: Delivery } | { ok: false; reason: string };

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function includes(list: readonly string[], value: string): boolean {
	return list.includes(value);
}

/** Which shape a delivery has, and which object it must carry to be usable. */
function kindOf(body: Body): { kind: DeliveryKind; needs: string[] } | string {
	const eventType = body[EVENT_TYPE];
	if (eventType !== undefined) {
		if (typeof eventType !== 'string') return `"${EVENT_TYPE}" must be a text`;
		if (includes(V2_MESSAGE_EVENT_TYPES, eventType)) return { kind: 'v2-message', needs: [CHAT, SINGLE_MESSAGE] };
		if (includes(V2_CHAT_EVENT_TYPES, eventType) || includes(FORMER_CHAT_EVENT_TYPES, eventType)) {
			return { kind: 'v2-chat', needs: [CHAT] };
		}
		if (includes(V2_ACCOUNT_EVENT_TYPES, eventType)) return { kind: 'v2-account', needs: [ACCOUNT] };
		if (includes(V2_CALL_EVENT_TYPES, eventType)) return { kind: 'v2-call', needs: [] };
		return `unknown event type "${eventType.slice(0, 80)}"`;
	}
	if (Array.isArray(body[BUNDLE_MESSAGES])) return { kind: 'integration-bundle', needs: [CHAT] };
	if (isObject(body[SINGLE_MESSAGE])) return { kind: 'integration-single', needs: [CHAT] };
	return `it has none of "${BUNDLE_MESSAGES}", "${SINGLE_MESSAGE}" or "${EVENT_TYPE}"`;
}

function describeIssues(issues: { path: (string | number)[]; message: string }[]): string {
	return issues
		.slice(0, 3)
		.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
		.join('; ');
}

/** Recognises one of the delivery shapes of either generation, or says why the body is not one. */
export function classifyDelivery(body: unknown): Classification {
	if (!isObject(body)) return { ok: false, reason: 'the body is not a JSON object' };
	const kind = kindOf(body);
	if (typeof kind === 'string') return { ok: false, reason: kind };
	const missing = kind.needs.filter((key) => !isObject(body[key]));
	if (missing.length > 0) return { ok: false, reason: `"${missing.join('", "')}" is missing or not an object` };
	const parsed = deliverySchemas[kind.kind].safeParse(body);
	if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error.issues) };
	return { ok: true, delivery: { kind: kind.kind, body: parsed.data } as Delivery };
}

/** Every delivery shape, parsed leniently (see `lenient`): the protocol module stays the only place naming fields. */
const deliverySchemas = {
	'integration-bundle': lenient(integrationBundleSchema),
	'integration-single': lenient(integrationSingleSchema),
	'v2-message': lenient(v2MessageEventSchema),
	'v2-chat': lenient(v2ChatEventSchema),
	'v2-account': lenient(v2AccountEventSchema),
	'v2-call': lenient(v2CallEventSchema),
};

type DeliveryKind = keyof typeof deliverySchemas;

export type DeliveryBody<K extends DeliveryKind> = z.output<(typeof deliverySchemas)[K]>;

export type Delivery = { [K in DeliveryKind]: { kind: K; body: DeliveryBody<K> } }[DeliveryKind];

/**
 * A protocol shape as real deliveries send it: every field may be missing or null, strings may come as
 * numbers and numbers as numeric strings (`chat_id` is a string in one generation, an integer in the
 * other). Enums and booleans stay strict: a wrong value there is a delivery we cannot interpret.
 */
type Lenient<T> = T extends Array<infer E>
	? Array<Lenient<E>>
	: T extends object
		? { [K in keyof T]?: Lenient<T[K]> | null }
		: T;

function lenient<S extends z.ZodTypeAny>(schema: S): z.ZodType<Lenient<z.infer<S>>, z.ZodTypeDef, unknown> {
	return loosen(schema) as z.ZodType<Lenient<z.infer<S>>, z.ZodTypeDef, unknown>;
}

function loosen(schema: z.ZodTypeAny): z.ZodTypeAny {
	if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return loosen(schema.unwrap());
	if (schema instanceof z.ZodObject) {
		const shape = schema.shape as Record<string, z.ZodTypeAny>;
		const loose = z.object(
			Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, loosen(field).nullish()])),
		);
		// Shapes the spec leaves open (call events) keep their unknown fields.
		return schema._def.unknownKeys === 'passthrough' ? loose.passthrough() : loose;
	}
	if (schema instanceof z.ZodArray) return z.array(loosen(schema.element));
	if (schema instanceof z.ZodString) return z.union([z.string(), z.number().transform(String)]);
	if (schema instanceof z.ZodNumber) {
		return z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
	}
	return schema;
}

// The item

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

/** Outbound-integration deliveries carry no event type; their messages get the API webhooks' name of the same event. */
export const MESSAGE_EVENT_BY_DIRECTION: Record<Direction, WebhookEventType> = {
	received: 'message:received:new',
	sent: 'message:sent:new',
};

/** Message events, including the "any message" name outbound-integration messages get when their direction is missing. */
export function isMessageEvent(event: string): boolean {
	return (V2_MESSAGE_EVENT_TYPES as readonly string[]).includes(event);
}

type Maybe<T> = T | null | undefined;
type IntegrationBundleDelivery = DeliveryBody<'integration-bundle'>;
type IntegrationSingleDelivery = DeliveryBody<'integration-single'>;
type V2MessageDelivery = DeliveryBody<'v2-message'>;
type V2ChatDelivery = DeliveryBody<'v2-chat'>;
type V2AccountDelivery = DeliveryBody<'v2-account'>;
type IntegrationMessage = NonNullable<IntegrationSingleDelivery['message']>;
type IntegrationChat = NonNullable<IntegrationSingleDelivery['chat']>;
type V2Message = NonNullable<V2MessageDelivery['message']>;
type MessageChat = IntegrationChat | NonNullable<V2MessageDelivery['chat']>;
type MessageAccount = NonNullable<IntegrationSingleDelivery['whatsapp_account']>;
type EventAccount = NonNullable<V2AccountDelivery['whatsapp_account']>;
type Person = NonNullable<IntegrationMessage['sender']>;
type ReceivedAttachment = NonNullable<IntegrationMessage['attachment']>;

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

function attachment(value: ReceivedAttachment): ItemAttachment {
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
function integrationMessage(message: IntegrationMessage, uid: Maybe<string>): ItemMessage {
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

function integrationEvent(message: ItemMessage): string {
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

/** The chat and account an outbound-integration delivery shares among its messages. */
function integrationEnvelope(body: IntegrationBundleDelivery | IntegrationSingleDelivery, receivedAt: string): Envelope {
	return {
		source: 'outbound_integration',
		chat: body.chat ? messageChat(body.chat) : null,
		account: messageAccount(body.whatsapp_account),
		receivedAt,
	};
}

function bundleItems(body: IntegrationBundleDelivery, receivedAt: string): TriggerItem[] {
	const envelope = integrationEnvelope(body, receivedAt);
	const messages = body.messages ?? [];
	const first = toIsoUtc(body.first_message_timestamp);
	const last = toIsoUtc(body.last_message_timestamp);
	return messages.map((raw, index) => {
		const message = integrationMessage(raw, raw.message_uid);
		const bundle = { index, count: messages.length, first_message_timestamp: first, last_message_timestamp: last };
		return { ...item(integrationEvent(message), envelope, message), bundle };
	});
}

function singleItem(body: IntegrationSingleDelivery, receivedAt: string): TriggerItem {
	const raw = body.message as IntegrationMessage;
	const message = integrationMessage(raw, text(raw.message_uid) ?? raw.message_id);
	return item(integrationEvent(message), integrationEnvelope(body, receivedAt), message);
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
		case 'integration-bundle':
			return bundleItems(delivery.body, receivedAt);
		case 'integration-single':
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
		case 'v2-account': {
			const { event_type: event, whatsapp_account: account } = delivery.body;
			return [item(event as string, api(null, eventAccount(account)), NO_MESSAGE)];
		}
		case 'v2-call': {
			const { event_type: event, whatsapp_account: account, chat } = delivery.body;
			return [item(event as string, api(chat ? messageChat(chat) : null, eventAccount(account)), NO_MESSAGE)];
		}
	}
}

/**
 * The timestamp spellings deliveries use: outbound integration `2021-02-24T16:25:29+0000`, API webhooks `2024-01-08 10:35:18 +0200`,
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
