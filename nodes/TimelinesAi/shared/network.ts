import { TimelinesAiRequestError } from './errors';

/** Failures that happen before a single byte of the request reaches the server. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EADDRNOTAVAIL',
	'ERR_INVALID_URL',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** n8n wraps axios errors (NodeApiError → cause); the system error code sits somewhere on that chain. */
export function networkErrorCode(error: unknown): string | undefined {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

export interface NetworkFailureContext {
	/** What the request was for, e.g. "sending the message". */
	action: string;
	/** What to do when the request may have been acted on, e.g. "check the chat before sending again". */
	ambiguousHint: string;
	timeoutMs: number;
}

/**
 * A request that got no HTTP answer. Never retried here: when the connection broke after the
 * request left, TimelinesAI may already have acted on it, and a second try could send twice.
 */
export function describeNetworkFailure(error: unknown, context: NetworkFailureContext): TimelinesAiRequestError {
	const code = networkErrorCode(error) ?? 'no answer';
	if (NOT_SENT_CODES.has(code)) {
		return new TimelinesAiRequestError({
			kind: 'unreachable',
			message: `Could not connect to TimelinesAI while ${context.action} (${code}); nothing was sent.`,
			hint: 'Check the URLs in the TimelinesAI credential and that n8n can reach TimelinesAI, then run the workflow again.',
		});
	}
	const what = TIMEOUT_CODES.has(code)
		? `TimelinesAI did not answer within ${Math.round(context.timeoutMs / 1000)} seconds`
		: `The connection to TimelinesAI broke off (${code})`;
	return new TimelinesAiRequestError({
		kind: 'ambiguous',
		message: `${what} while ${context.action}, after the request was sent, so it may or may not have been carried out.`,
		hint: `${context.ambiguousHint} This was not retried automatically, because a retry could do it twice.`,
	});
}
