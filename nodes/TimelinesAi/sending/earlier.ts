import type { IExecuteFunctions } from 'n8n-workflow';

import { chatMessagesPageSchema } from '../protocol';
import { chatsPage } from '../resources/chat/requests';
import { apiRequest } from '../shared/http';
import { pickChat } from './chat-ids';
import { chatKeyOf, type CheckedItem } from './item';

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
	const key = chatKeyOf(item);
	if (!key.startsWith('phone:')) return undefined;
	const phone = key.slice('phone:'.length);
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
