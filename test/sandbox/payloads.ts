import { APP_URL, chatUrl, type SandboxContext } from './context';
import { temporaryDownloadUrl } from './files';
import type {
	AccountEventType,
	Attachment,
	CallEventType,
	ChatEventType,
	EventAccount,
	FormerChatEventType,
	LegacyBundle,
	LegacyChat,
	LegacyMessage,
	LegacySingle,
	MessageDetails,
	OutboundAccount,
	Person,
	V2AccountEvent,
	V2CallEvent,
	V2ChatEvent,
	V2MessageEvent,
	WhatsappAccount,
} from './spec-schemas';
import { accountById, chatById, type SandboxMessage } from './state';
import { API_TOKEN_OWNER, type Chat } from './workspace';

/** Builds the outbound payloads (both generations) of a message from sandbox state. */

/** Legacy timestamps look like `2021-02-24T16:25:29+0000`. */
export function formatLegacyTimestamp(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** v2 timestamps (`2024-01-08 10:35:18 +0200`) are in the workspace's time zone, given in minutes east of UTC. */
export function formatV2Timestamp(date: Date, offsetMinutes = 0): string {
	const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString();
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
	return `${local.slice(0, 10)} ${local.slice(11, 19)} ${offset}`;
}

export interface MessageContext {
	message: SandboxMessage;
	chat: Chat;
	account: WhatsappAccount;
	/** The chat had no message before this one. */
	isNewChat: boolean;
}

export function messageContext(ctx: SandboxContext, message: SandboxMessage, isNewChat: boolean): MessageContext {
	const chat = message.chatId === null ? undefined : chatById(ctx.state, message.chatId);
	if (!chat) throw new Error(`Sandbox inconsistency: message ${message.uid} has no chat`);
	return { message, chat, account: accountById(ctx.state, message.accountId), isNewChat };
}

/** In groups both phones are empty; a received group message names its author. */
function people({ message, chat, account }: MessageContext): { sender: Person; recipient: Person } {
	const teammate = { full_name: account.owner_name, phone: chat.isGroup ? '' : account.phone };
	const contact = { full_name: chat.name, phone: chat.phone };
	if (message.direction === 'sent') return { sender: teammate, recipient: contact };
	if (chat.isGroup) return { sender: { full_name: message.authorName ?? chat.name, phone: '' }, recipient: contact };
	return { sender: contact, recipient: teammate };
}

export function messageAttachment(ctx: SandboxContext, message: SandboxMessage): Attachment | undefined {
	const file = message.fileUid ? ctx.state.files.get(message.fileUid) : undefined;
	if (!file) return undefined;
	return {
		temporary_download_url: temporaryDownloadUrl(ctx, file),
		filename: file.filename,
		size: file.size,
		mimetype: file.mimetype,
	};
}

function messageDate(message: SandboxMessage): Date {
	return new Date(message.sentAt ?? message.createdAt);
}

function outboundAccount(account: WhatsappAccount): OutboundAccount {
	return { full_name: account.owner_name, email: account.owner_email, phone: account.phone };
}

function legacyChat({ chat, isNewChat }: MessageContext): LegacyChat {
	return {
		full_name: chat.name,
		responsible_name: chat.responsible?.name ?? '',
		responsible_email: chat.responsible?.email ?? '',
		chat_url: chatUrl(chat.id),
		chat_id: String(chat.id),
		is_new_chat: isNewChat,
		is_group: chat.isGroup,
		phone: chat.phone,
	};
}

function legacyMessage(ctx: SandboxContext, mc: MessageContext, inBundle: boolean): LegacyMessage {
	const file = messageAttachment(ctx, mc.message);
	return {
		direction: mc.message.direction,
		timestamp: formatLegacyTimestamp(messageDate(mc.message)),
		// In bundles `message_id` is documented as unused; single deliveries carry the unique id there.
		message_id: inBundle ? '' : mc.message.uid,
		...(inBundle ? { message_uid: mc.message.uid } : {}),
		...people(mc),
		text: mc.message.text,
		...(file ? { attachment: file } : {}),
	};
}

export function legacySingle(ctx: SandboxContext, mc: MessageContext): LegacySingle {
	return { whatsapp_account: outboundAccount(mc.account), chat: legacyChat(mc), message: legacyMessage(ctx, mc, false) };
}

/** One line per message (its first line of text), then the permalink, as TimelinesAI formats it. */
function aggregationHtml(messages: LegacyMessage[], chat: Chat): string {
	const lines = messages.map((message) => {
		const when = message.timestamp.slice(0, 16).replace('T', ' ');
		return `from ${message.sender.full_name} on ${when}: ${message.text.split('\n')[0]}`;
	});
	const link = `Click <a href='${APP_URL}/permalink/${chat.permalinkId}/'>here</a> to open the conversation in TimelinesAI`;
	return [...lines, link].join('<br/>');
}

/** `contexts` are the chat's messages in order; the first one decides `is_new_chat`. */
export function legacyBundle(ctx: SandboxContext, contexts: MessageContext[]): LegacyBundle {
	const [first] = contexts;
	const messages = contexts.map((mc) => legacyMessage(ctx, mc, true));
	return {
		whatsapp_account: outboundAccount(first.account),
		chat: legacyChat(first),
		messages,
		first_message_timestamp: messages[0].timestamp,
		last_message_timestamp: messages[messages.length - 1].timestamp,
		aggregation: aggregationHtml(messages, first.chat),
	};
}

export function v2MessageEvent(
	ctx: SandboxContext,
	mc: MessageContext,
	eventType: V2MessageEvent['event_type'],
): V2MessageEvent {
	const file = messageAttachment(ctx, mc.message);
	return {
		event_type: eventType,
		chat: {
			full_name: mc.chat.name,
			chat_url: chatUrl(mc.chat.id),
			chat_id: mc.chat.id,
			is_group: mc.chat.isGroup,
			phone: mc.chat.phone,
			responsible_name: mc.chat.responsible?.name ?? null,
			responsible_email: mc.chat.responsible?.email ?? null,
		},
		whatsapp_account: outboundAccount(mc.account),
		message: {
			text: mc.message.text,
			direction: mc.message.direction,
			origin: mc.message.origin,
			timestamp: formatV2Timestamp(messageDate(mc.message), ctx.state.timezoneOffsetMinutes),
			message_uid: mc.message.uid,
			reply_to_uid: mc.message.replyToUid ?? null,
			...people(mc),
			attachments: file ? [file] : [],
		},
	};
}

export function v2Account(account: WhatsappAccount): EventAccount {
	return {
		id: account.id,
		phone: account.phone,
		status: account.status,
		account_name: account.account_name,
		owner_name: account.owner_name,
		owner_email: account.owner_email,
	};
}

export function v2ChatEvent(chat: Chat, account: WhatsappAccount, eventType: ChatEventType | FormerChatEventType): V2ChatEvent {
	return {
		event_type: eventType,
		chat: {
			id: chat.id,
			name: chat.name,
			phone: chat.phone,
			jid: chat.jid,
			is_group: chat.isGroup,
			closed: chat.closed,
			read: chat.read,
			labels: [...chat.labels],
			chat_url: chatUrl(chat.id),
			created_timestamp: formatV2Timestamp(new Date(chat.createdAt)),
			responsible_name: chat.responsible?.name ?? null,
			responsible_email: chat.responsible?.email ?? null,
		},
		whatsapp_account: v2Account(account),
	};
}

export function v2AccountEvent(account: WhatsappAccount, eventType: AccountEventType): V2AccountEvent {
	return { event_type: eventType, whatsapp_account: v2Account(account) };
}

export interface CallFacts {
	type: CallEventType;
	isVideo: boolean;
	durationSeconds: number;
	at: Date;
	/** The call's entry in the chat. */
	uid: string;
}

/** A call of a contact's chat; the contact calls in, the account's owner calls out. */
export function v2CallEvent(ctx: SandboxContext, chat: Chat, account: WhatsappAccount, call: CallFacts): V2CallEvent {
	const incoming = call.type.startsWith('call:incoming');
	const contact = { full_name: chat.name, phone: chat.phone };
	const owner = { full_name: account.owner_name, phone: account.phone };
	return {
		event_type: call.type,
		chat: {
			full_name: chat.name,
			chat_url: chatUrl(chat.id),
			chat_id: chat.id,
			chat_type: chat.isGroup ? 'group' : 'direct',
			platform: 'whatsapp',
			phone: chat.phone,
			responsible_name: chat.responsible?.name ?? null,
			responsible_email: chat.responsible?.email ?? null,
		},
		whatsapp_account: { ...outboundAccount(account), whatsapp_account_wid: account.id },
		call_details: {
			direction: incoming ? 'incoming' : 'outgoing',
			is_video: call.isVideo,
			status: call.type === 'call:incoming:missed' ? 'Missed' : 'Ended',
			timestamp: formatV2Timestamp(call.at, ctx.state.timezoneOffsetMinutes),
			message_uid: call.uid,
			caller: incoming ? contact : owner,
			recipient: incoming ? owner : contact,
			duration: call.durationSeconds,
		},
	};
}

/** `GET /messages/{uid}`; a message still waiting to be sent by phone has no chat yet, so its contact is the number. */
export function messageDetails(ctx: SandboxContext, message: SandboxMessage): MessageDetails {
	const account = accountById(ctx.state, message.accountId);
	const chat = message.chatId === null ? undefined : chatById(ctx.state, message.chatId);
	const { sender, recipient } = chat
		? people({ message, chat, account, isNewChat: false })
		: { sender: { full_name: account.owner_name, phone: account.phone }, recipient: { full_name: message.targetPhone ?? '', phone: message.targetPhone ?? '' } };
	const file = messageAttachment(ctx, message);
	const fromMe = message.direction === 'sent';
	return {
		uid: message.uid,
		message_uid: message.uid,
		chat_id: message.chatId,
		timestamp: messageDate(message).toISOString(),
		received_timestamp: fromMe ? null : message.createdAt,
		sender_phone: sender.phone,
		sender_name: sender.full_name,
		recipient_phone: recipient.phone,
		recipient_name: recipient.full_name,
		from_me: fromMe,
		whatsapp_account_phone: account.phone,
		direction: message.direction,
		status: message.status,
		origin: message.origin,
		has_attachment: Boolean(file ?? message.fileUrl),
		message_type: file || message.fileUrl ? 'file' : 'text',
		text: message.text,
		// Who sent it through the API; messages from the phone or the inbound webhook name nobody.
		created_by: message.via === 'api' ? API_TOKEN_OWNER.email : null,
		reply_to_uid: message.replyToUid ?? null,
		error: message.failure ?? null,
		attachments: file ? [file] : [],
	};
}
