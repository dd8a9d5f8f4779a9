import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ApiChat } from '../protocol';
import { listChats } from '../resources/chat/requests';
import { TimelinesAiRequestError } from '../shared/errors';
import { getMessage } from '../shared/http';
import { chatKeyOf, type CheckedItem } from './item';
import { inParallel } from './parallel';

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
