import type { IExecuteFunctions } from 'n8n-workflow';
import type { ZodTypeAny, z } from 'zod';

import { apiChatSchema, type ApiChat, type ChatUpdate } from '../../protocol';
import { apiRequest } from '../../shared/http';
import { FIELD } from '../../shared/display-names';
import { isRefusal, notFoundIn, refusalOfField } from '../../shared/refusals';

/** The public API's calls about one chat, by its id, for the chat operations (the chat list is `listChats` in `http.ts`). */

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
