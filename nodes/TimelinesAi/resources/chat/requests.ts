import type { IExecuteFunctions } from 'n8n-workflow';
import type { ZodTypeAny, z } from 'zod';

import { apiChatSchema, chatsPageSchema, type ApiChat, type ChatsPage, type ChatUpdate } from '../../protocol';
import { apiRequest, type TimelinesAiContext } from '../../shared/http';
import { FIELD } from '../../shared/labels';
import { readPages } from '../../shared/paging';
import { isRefusal, notFoundIn, refusalOfField } from '../../shared/refusals';

/** The public API's calls about chats, for the chat operations: one chat by its id, its parts, and the filtered list. */

type ApiCall<T extends ZodTypeAny> = Parameters<typeof apiRequest<T>>[1];

/** Where a right chat id comes from, said wherever TimelinesAI does not know one. */
export const CHAT_ID_FIX =
	'Pick the chat from the list, or map the chat id from the TimelinesAI Trigger ({{ $json.chat.id }}) or from Chat → Get Many ({{ $json.id }}).';

/** A 400 about a field the operation sends (e.g. a filter): which field, and how to fix it. */
export interface FieldRefusal {
	field: string;
	hint: string;
}

/**
 * A call about the chat `chatId`. TimelinesAI's 404 there means it does not know that chat in this workspace:
 * said on the Chat ID field, with where a right id comes from; a 400 is pinned on `refusal.field` when given.
 */
export async function chatRequest<T extends ZodTypeAny>(
	ctx: IExecuteFunctions,
	chatId: number,
	call: ApiCall<T>,
	refusal?: FieldRefusal,
): Promise<z.infer<T>> {
	return await apiRequest(ctx, call).catch((error: unknown) => {
		if (isRefusal(error, 404)) throw notFoundIn(error, FIELD.chatId, `chat ${chatId}`, CHAT_ID_FIX);
		if (refusal && isRefusal(error, 400)) throw refusalOfField(error, refusal.field, refusal.hint);
		throw error;
	});
}

export async function getChat(ctx: IExecuteFunctions, chatId: number): Promise<ApiChat> {
	return await chatRequest(ctx, chatId, { method: 'GET', path: `/chats/${chatId}`, data: apiChatSchema, action: 'reading the chat' });
}

export async function updateChat(ctx: IExecuteFunctions, chatId: number, update: ChatUpdate): Promise<ApiChat> {
	return await chatRequest(ctx, chatId, {
		method: 'PATCH',
		path: `/chats/${chatId}`,
		body: { ...update },
		data: apiChatSchema,
		action: 'updating the chat',
	});
}

/** `GET /chats` query parameters (all optional, AND-ed), as the API names them; `page` is added per page. */
export type ChatsQuery = Partial<Record<'name' | 'phone' | 'label' | 'whatsapp_account_id' | 'whatsapp_phone' | 'responsible' | 'created_after' | 'created_before', string>> &
	Partial<Record<'group' | 'read' | 'closed' | 'chatgpt_autoresponse_enabled' | 'with_msg', boolean>>;

/** One page (50 chats) of `GET /chats`; pages count from 1. */
export async function chatsPage(ctx: TimelinesAiContext, query: ChatsQuery, page: number): Promise<ChatsPage> {
	return await apiRequest(ctx, { method: 'GET', path: '/chats', qs: { ...query, page }, data: chatsPageSchema, action: 'listing the chats' });
}

/** Up to `max` chats matching `query`, newest message first, read page by page. */
export async function listChats(ctx: TimelinesAiContext, query: ChatsQuery, max: number): Promise<ApiChat[]> {
	return await readPages(async (page) => {
		const { chats, has_more_pages: hasMore } = await chatsPage(ctx, query, page);
		return { items: chats, hasMore };
	}, max);
}
