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

/**
 * The system error code (ECONNREFUSED, …) of a failed request. Plain httpRequest throws the axios
 * error (`code`); httpRequestWithAuthentication wraps it in a NodeApiError that keeps only
 * `httpCode`. Either may sit further down a `cause` chain.
 */
export function networkErrorCode(error: unknown): string | undefined {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		const { code, httpCode } = current as { code?: unknown; httpCode?: unknown };
		for (const candidate of [code, httpCode]) {
			if (typeof candidate === 'string' && /^E[A-Z_]+$|^ERR_[A-Z_]+$|CERT/.test(candidate)) return candidate;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Plain words for a system error code. The code itself never goes into a message: n8n replaces any
 * error message that contains one (ECONNREFUSED, …) with its own generic sentence.
 */
export function describeNetworkCode(code: string | undefined): string {
	switch (code) {
		case 'ECONNREFUSED':
			return 'the server refused the connection';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the server name could not be found';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
		case 'EADDRNOTAVAIL':
			return 'the server could not be reached';
		case 'ECONNABORTED':
		case 'ETIMEDOUT':
			return 'no answer came in time';
		case 'ECONNRESET':
		case 'EPIPE':
			return 'the connection was cut off';
		case 'ERR_INVALID_URL':
			return 'the address is not valid';
		default:
			return code && /CERT|TLS|SSL/.test(code) ? "the server's security certificate was not accepted" : 'a network error';
	}
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
	const code = networkErrorCode(error);
	if (code !== undefined && NOT_SENT_CODES.has(code)) {
		return new TimelinesAiRequestError({
			kind: 'unreachable',
			message: `Could not connect to TimelinesAI while ${context.action}: ${describeNetworkCode(code)}. Nothing was sent.`,
			hint: 'Check the URLs in the TimelinesAI credential and that n8n can reach TimelinesAI, then run the workflow again.',
		});
	}
	const seconds = Math.round(context.timeoutMs / 1000);
	const what =
		code !== undefined && TIMEOUT_CODES.has(code)
			? `TimelinesAI did not answer within ${seconds} second${seconds === 1 ? '' : 's'} while ${context.action}`
			: `TimelinesAI did not answer while ${context.action}: ${describeNetworkCode(code)}`;
	return new TimelinesAiRequestError({
		kind: 'ambiguous',
		message: `${what}. The request had already been sent, so it may or may not have been carried out.`,
		hint: `${context.ambiguousHint} This was not retried automatically, because a retry could do it twice.`,
	});
}
