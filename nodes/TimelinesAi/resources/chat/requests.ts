import type { IExecuteFunctions } from 'n8n-workflow';
import type { ZodTypeAny, z } from 'zod';

import { apiChatSchema, chatsPageSchema, type ApiChat, type ChatUpdate } from '../../protocol';
import { TimelinesAiRequestError } from '../../shared/errors';
import { apiRequest } from '../../shared/http';
import { FIELD } from '../../shared/labels';
import { readPages } from '../../shared/paging';

/** The public API's calls about chats, for the chat operations: one chat by its id, and the filtered list. */

type ApiCall<T extends ZodTypeAny> = Parameters<typeof apiRequest<T>>[1];

/**
 * TimelinesAI answers 404 for a chat id it does not know in this workspace: that is said in the Chat ID field's
 * words, with where a right id comes from. Other errors pass as they are.
 */
function explainUnknownChat(error: unknown, chatId: number): unknown {
	if (!(error instanceof TimelinesAiRequestError) || error.httpStatus !== 404) return error;
	return new TimelinesAiRequestError({
		kind: 'rejected',
		httpStatus: 404,
		field: FIELD.chatId,
		message:
			`no chat ${chatId} in this workspace (TimelinesAI answered HTTP 404). Pick the chat from the list, or map the chat id ` +
			'from the TimelinesAI Trigger ({{ $json.chat.id }}) or from Chat → Get Many ({{ $json.id }}).',
		hint: 'If every chat gives this, check that the API Token in the TimelinesAI credential belongs to the workspace of the chat, and its API Base URL (normally https://app.timelines.ai/integrations/api).',
	});
}

/** A call about the chat `chatId`. */
export async function chatRequest<T extends ZodTypeAny>(ctx: IExecuteFunctions, chatId: number, call: ApiCall<T>): Promise<z.infer<T>> {
	return await apiRequest(ctx, call).catch((error: unknown) => {
		throw explainUnknownChat(error, chatId);
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

/** Up to `max` chats matching `query`, newest message first, read page by page (50 a page). */
export async function listChats(ctx: IExecuteFunctions, query: ChatsQuery, max: number): Promise<ApiChat[]> {
	return await readPages(async (page) => {
		const { chats, has_more_pages: hasMore } = await apiRequest(ctx, {
			method: 'GET',
			path: '/chats',
			qs: { ...query, page },
			data: chatsPageSchema,
			action: 'listing the chats',
		});
		return { items: chats, hasMore };
	}, max);
}
