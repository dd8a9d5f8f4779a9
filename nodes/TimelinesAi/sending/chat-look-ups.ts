import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { chatMessagesPageSchema, type ApiChat } from '../protocol';
import { chatsPage, listChats } from '../resources/chat/requests';
import { TimelinesAiRequestError } from '../shared/errors';
import { apiRequest, getMessage } from '../shared/http';
import { chatKeyOf, type CheckedItem } from './item';
import { inParallel } from './parallel';

/**
 * Send's look-ups in TimelinesAI's chats, both needing the API token: after the batch, the chat each message went to;
 * before a Retry, whether an earlier try's message of unknown fate is already in its chat.
 */

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

export type Found = { chatId: number } | { note: string };

/** The chat of one number: the sending account's, or the only one; undefined when it cannot be told apart. */
export function pickChat(chats: ApiChat[], phone: string, senderPhone: string | undefined): Found | undefined {
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
