import type {
	Delivery,
	LegacyBundleDelivery,
	LegacySingleDelivery,
	V2AccountDelivery,
	V2ChatDelivery,
	V2MessageDelivery,
} from './delivery-schemas';
import type {
	ItemAccount,
	ItemAttachment,
	ItemChat,
	ItemMessage,
	ItemPerson,
	ItemResponsible,
	ItemSource,
	TriggerItem,
} from './item-schema';
import { currentEventType } from '../protocol';
import { ANY_MESSAGE_EVENT, MESSAGE_EVENT_BY_DIRECTION } from './events';
import { toIsoUtc } from './timestamp';

type Maybe<T> = T | null | undefined;
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
