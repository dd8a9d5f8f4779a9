import { TimelinesAiRequestError } from '../../shared/errors';
import { FIELD } from '../../shared/labels';

/** Calls about one chat (`/chats/{id}/…`): TimelinesAI's refusals said in terms of the node's fields. */

export const chatPath = (chatId: number, rest = '') => `/chats/${chatId}${rest}`;

/** A 400 about a field the operation sends (e.g. a filter): which field, and how to fix it. */
export interface FieldRefusal {
	field: string;
	hint: string;
}

/**
 * Runs a request about chat `chatId`. A 404 there means TimelinesAI has no such chat (in the token's
 * workspace): said so, on the Chat ID field, instead of the general "unknown address or id".
 */
export async function aboutChat<T>(chatId: number, request: () => Promise<T>, refusal?: FieldRefusal): Promise<T> {
	try {
		return await request();
	} catch (error) {
		throw inWordsOfTheChat(error, chatId, refusal);
	}
}

/** TimelinesAI's refusal of a request about one chat, said in terms of the node's fields; other errors as they are. */
function inWordsOfTheChat(error: unknown, chatId: number, refusal?: FieldRefusal): unknown {
	if (!(error instanceof TimelinesAiRequestError) || error.kind !== 'rejected') return error;
	if (error.httpStatus === 404) {
		return new TimelinesAiRequestError({
			kind: 'rejected',
			httpStatus: 404,
			field: FIELD.chatId,
			message: `TimelinesAI has no chat ${chatId} in the API token's workspace (HTTP 404).`,
			hint:
				"Pick the chat from the list, or map the id of an existing chat, e.g. {{ $json.chat.id }} from the TimelinesAI Trigger. If every chat gives this, check the API Base URL in the TimelinesAI credential and that the token is from the chat's workspace.",
		});
	}
	if (error.httpStatus === 400 && refusal) return new TimelinesAiRequestError({ kind: 'rejected', httpStatus: 400, message: error.message, ...refusal });
	return error;
}
