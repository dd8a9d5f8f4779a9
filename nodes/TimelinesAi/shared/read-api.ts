import {
	chatsPageSchema,
	messageDetailsSchema,
	statusHistorySchema,
	whatsappAccountsDataSchema,
	type ChatsPage,
	type MessageDetails,
	type StatusHistoryEntry,
	type WhatsappAccount,
} from '../protocol';
import { apiRequest, type TimelinesAiContext } from './http';

/** Read-only public-API calls behind the pickers and the read operations. */

export async function listWhatsappAccounts(this: TimelinesAiContext): Promise<WhatsappAccount[]> {
	const data = await apiRequest.call(this, {
		method: 'GET',
		path: '/whatsapp_accounts',
		data: whatsappAccountsDataSchema,
		action: 'listing the WhatsApp accounts',
	});
	return data.whatsapp_accounts;
}

/** One page of the workspace's chats whose name contains `name` (any case); pages count from 1. */
export async function listChatsPage(this: TimelinesAiContext, name: string, page: number): Promise<ChatsPage> {
	return await apiRequest.call(this, {
		method: 'GET',
		path: '/chats',
		qs: { ...(name ? { name } : {}), page },
		data: chatsPageSchema,
		action: 'listing the chats',
	});
}

const messagePath = (messageId: string) => `/messages/${encodeURIComponent(messageId)}`;

export async function getMessage(this: TimelinesAiContext, messageId: string, timeoutMs?: number): Promise<MessageDetails> {
	return await apiRequest.call(this, {
		method: 'GET',
		path: messagePath(messageId),
		data: messageDetailsSchema,
		action: 'reading the message',
		timeoutMs,
	});
}

export async function getStatusHistory(this: TimelinesAiContext, messageId: string): Promise<StatusHistoryEntry[]> {
	return await apiRequest.call(this, {
		method: 'GET',
		path: `${messagePath(messageId)}/status_history`,
		data: statusHistorySchema,
		action: "reading the message's status history",
	});
}
