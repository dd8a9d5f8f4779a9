import { TimelinesAiRequestError } from './errors';

/** Advice per HTTP status (500 stands for every 5xx); the caller knows which endpoint it called. */
export type StatusHints = Partial<Record<number, string>> & { default: string };

export const RATE_LIMIT_HINT =
	'TimelinesAI is receiving requests too fast. Slow down: send fewer items per run or add a Wait node between sends, then retry later.';

export const SERVER_ERROR_HINT =
	'TimelinesAI had a problem on its side. Try again in a few minutes; if it keeps happening, contact TimelinesAI support.';

/** TimelinesAI's own error text, from either envelope (`{status:"error",message}` or `{status:404,message}`). */
export function answerMessage(body: unknown): string | undefined {
	if (body && typeof body === 'object' && 'message' in body) {
		const message = (body as { message: unknown }).message;
		if (typeof message === 'string' && message.trim() !== '') return message.trim();
	}
	return undefined;
}

/** A non-2xx answer: "TimelinesAI answered HTTP 404 while sending the message: Webhook not found." */
export function describeHttpError(
	status: number,
	body: unknown,
	action: string,
	hints: StatusHints,
): TimelinesAiRequestError {
	const message = answerMessage(body);
	const fallback = status === 429 ? RATE_LIMIT_HINT : status >= 500 ? (hints[500] ?? SERVER_ERROR_HINT) : hints.default;
	const hint = hints[status] ?? fallback;
	return new TimelinesAiRequestError({
		kind: 'rejected',
		httpStatus: status,
		message: asSentence(`TimelinesAI answered HTTP ${status} while ${action}${message ? `: ${message}` : ''}`),
		hint,
	});
}

/**
 * A non-2xx answer about one field of the request; `toNodeError` puts the field and item in front:
 * 'Field "Chat ID" in item 1: TimelinesAI refused it (HTTP 400): No chat found with chat_id 99999.'
 */
export function describeFieldRefusal(status: number, body: unknown, field: string, hint: string): TimelinesAiRequestError {
	const message = answerMessage(body);
	return new TimelinesAiRequestError({
		kind: 'rejected',
		httpStatus: status,
		field,
		message: asSentence(`TimelinesAI refused it (HTTP ${status})${message ? `: ${message}` : ''}`),
		hint,
	});
}

function asSentence(text: string): string {
	return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function describeInvalidResponse(action: string, hint: string): TimelinesAiRequestError {
	return new TimelinesAiRequestError({
		kind: 'invalid-response',
		message: `TimelinesAI's answer while ${action} was not in the expected format.`,
		hint,
	});
}
