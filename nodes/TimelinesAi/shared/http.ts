import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type JsonObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ICredentialTestFunctions,
	type ILoadOptionsFunctions,
	type IN8nHttpFullResponse,
	type IWebhookFunctions,
} from 'n8n-workflow';
import type { z, ZodTypeAny } from 'zod';

import {
	apiOkSchema,
	chatsPageSchema,
	DEFAULT_API_BASE_URL,
	messageDetailsSchema,
	statusHistorySchema,
	whatsappAccountsDataSchema,
	type ApiChat,
	type ChatsPage,
	type MessageDetails,
	type StatusHistoryEntry,
	type WhatsappAccount,
} from '../protocol';
import { InvalidInputError, TimelinesAiRequestError } from './errors';
import { CREDENTIAL_FIELD } from './display-names';

/**
 * Every request the nodes make, through n8n's helpers: to TimelinesAI's API and inbound webhook URL (the credential,
 * rate-limit waits, how many go at once, the lists read page by page, the words for what went wrong: an HTTP
 * refusal, a network failure, an unexpected answer), the credential test's probes, and file links and attachments on
 * other servers (read with one size cap). Also where failures become n8n errors and secrets are removed from
 * everything the nodes hand on.
 */

export type TimelinesAiContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions | ILoadOptionsFunctions;

export const CREDENTIAL_TYPE = 'timelinesAiApi';

const DEFAULT_TIMEOUT_MS = 30_000;

export interface TimelinesAiCredentials {
	inboundUrl: string;
	defaultSenderPhone: string;
	apiToken: string;
	apiBaseUrl: string;
}

export function normaliseCredentials(data: IDataObject): TimelinesAiCredentials {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	return {
		// `inboundUrl` is the field's name before 0.1 (renamed so n8n's scanner sees it is a secret): kept readable.
		inboundUrl: text(data.secretInboundUrl) || text(data.inboundUrl),
		defaultSenderPhone: text(data.defaultSenderPhone),
		apiToken: text(data.apiToken),
		apiBaseUrl: (text(data.apiBaseUrl) || DEFAULT_API_BASE_URL).replace(/\/+$/, ''),
	};
}

export async function getTimelinesAiCredentials(ctx: TimelinesAiContext): Promise<TimelinesAiCredentials> {
	return normaliseCredentials(await ctx.getCredentials(CREDENTIAL_TYPE));
}

/** Any address `URL` accepts, whatever its scheme (`ftp:` and `file:` too: see `isWebUrl`), or undefined for text that is none. */
export function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

export function isWebUrl(url: URL): boolean {
	return url.protocol === 'http:' || url.protocol === 'https:';
}

export function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

/** An address the nodes may call: `http:` or `https:` (the inbound URL, a file link). */
export function webUrl(text: string): URL | undefined {
	const url = parseUrl(text);
	return url && isWebUrl(url) ? url : undefined;
}

export interface CredentialTestAnswer {
	statusCode?: number;
	body?: unknown;
	/** Why no answer came, in words. */
	failure?: string;
}

const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

/** A credential test's request: it only gets `helpers.request` (n8n's CredentialTestContext has no httpRequest). */
export async function credentialTestRequest(context: ICredentialTestFunctions, options: Record<string, unknown>): Promise<CredentialTestAnswer> {
	try {
		const response = (await context.helpers.request({
			...options,
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			timeout: CREDENTIAL_TEST_TIMEOUT_MS,
		})) as { statusCode: number; body: unknown };
		return { statusCode: response.statusCode, body: response.body };
	} catch (error) {
		return { failure: describeNetworkCode(networkErrorCode(error)) };
	}
}

// Network failures

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

interface NetworkFailureContext {
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
function describeNetworkFailure(error: unknown, context: NetworkFailureContext): TimelinesAiRequestError {
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

// Rate limits

/**
 * TimelinesAI allows 30 requests a second per IP address, plus a burst of 10 queued; beyond that it answers 429
 * (public-api.md). Every request to one host takes the next free turn, one every 1/30 s, in this process, so
 * concurrent sends never provoke a 429: the burst is left as a margin for requests that bunch up on the way.
 */
export const REQUESTS_PER_SECOND = 30;
const TURN_MS = 1000 / REQUESTS_PER_SECOND;

/** A 429 means nothing was accepted, so trying again cannot send twice; still, give up after a few tries. */
const MAX_RATE_LIMIT_RETRIES = 3;

/** Longer waits than this are not worth blocking a workflow for: the error tells the user to retry later. */
const MAX_RETRY_AFTER_SECONDS = 60;

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date), or undefined when absent or unusable. */
export function retryAfterSeconds(headers: IN8nHttpFullResponse['headers'], now = Date.now()): number | undefined {
	const raw = headers['retry-after'];
	if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
	const text = String(raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** The execution's stop signal (Stop button, cancel, execution timeout); older n8n versions have none. */
export function cancelSignalOf(context: TimelinesAiContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal?.() : undefined;
}

/**
 * Resolves after `ms`, or at once when the execution is stopped: a stopped run must not sit in a
 * rate-limit wait. (n8n-workflow's sleepWithAbort is missing from some n8n releases, 2.41 among them.)
 */
async function waitUnlessStopped(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) return;
	let onAbort = () => {};
	const stopped = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	await Promise.race([sleep(ms), stopped]);
	signal.removeEventListener('abort', onAbort);
}

/**
 * The turns of one host: shared by every execution of this process, since TimelinesAI counts per IP. Waiting
 * requests go one at a time, a turn apart; when the process was too busy to keep the schedule, the requests behind
 * do not all go at once (TimelinesAI queues only 10).
 */
export class Pacer {
	private lastTurnMs = -Infinity;

	private holdUntilMs = 0;

	private readonly waiting: Array<() => void> = [];

	private pumping = false;

	constructor(private readonly turnMs = TURN_MS) {}

	/** Waits for this request's turn (at once when the execution is stopped). */
	async turn(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return;
		let release = () => {};
		const turn = new Promise<void>((resolve) => (release = resolve));
		this.waiting.push(release);
		if (!this.pumping) void this.pump();
		if (!signal) return await turn;
		const onAbort = () => {
			const index = this.waiting.indexOf(release);
			if (index !== -1) this.waiting.splice(index, 1);
			release();
		};
		signal.addEventListener('abort', onAbort, { once: true });
		await turn;
		signal.removeEventListener('abort', onAbort);
	}

	/** After a 429, nobody's request goes to this host before the wait is over. */
	holdOff(ms: number): void {
		this.holdUntilMs = Math.max(this.holdUntilMs, Date.now() + ms);
	}

	private async pump(): Promise<void> {
		this.pumping = true;
		while (this.waiting.length > 0) {
			const due = Math.max(this.lastTurnMs + this.turnMs, this.holdUntilMs);
			if (due > Date.now()) {
				await sleep(due - Date.now());
				continue;
			}
			const next = this.waiting.shift();
			if (!next) break;
			// On schedule however late a timer fires; after a stall, at most 2 missed turns are made up at once.
			this.lastTurnMs = Math.max(due, Date.now() - 2 * this.turnMs);
			next();
		}
		this.pumping = false;
	}
}

const pacers = new Map<string, Pacer>();

/** The pacer of the host a request goes to (API and inbound webhook alike). */
export function pacerFor(url: string): Pacer {
	const host = parseUrl(url)?.host ?? url;
	let pacer = pacers.get(host);
	if (!pacer) {
		pacer = new Pacer();
		pacers.set(host, pacer);
	}
	return pacer;
}

/** A request not sent because the execution was stopped while it waited for its turn: nothing reached TimelinesAI. */
export class StoppedBeforeSending extends Error {
	constructor() {
		super('The execution was stopped before this request was sent.');
	}
}

/** Seconds to wait after the n-th 429 (from 0): its Retry-After, else 1, 2, 4 (public-api.md). */
export function rateLimitWaitSeconds(response: IN8nHttpFullResponse, retries: number): number {
	return retryAfterSeconds(response.headers) ?? 2 ** retries;
}

/**
 * Sends in turn, and again after a 429 (nothing was accepted): after its Retry-After, else with exponential
 * back-off. A stop ends any wait at once: before the first try it throws StoppedBeforeSending, later it returns the
 * last answer.
 */
export async function withRateLimitRetries(
	send: () => Promise<IN8nHttpFullResponse>,
	pacer: Pacer,
	signal?: AbortSignal,
): Promise<IN8nHttpFullResponse> {
	for (let retries = 0; ; retries++) {
		await pacer.turn(signal);
		if (signal?.aborted) throw new StoppedBeforeSending();
		const response = await send();
		if (response.statusCode !== 429 || retries >= MAX_RATE_LIMIT_RETRIES || signal?.aborted) return response;
		const wait = rateLimitWaitSeconds(response, retries);
		if (wait > MAX_RETRY_AFTER_SECONDS) return response;
		pacer.holdOff(wait * 1000);
		await waitUnlessStopped(wait * 1000, signal);
		if (signal?.aborted) return response;
	}
}

// Requests in flight together

/**
 * Requests in flight together. TimelinesAI takes 30 requests a second and each answer takes a round trip
 * (100–300 ms over the internet), so one request at a time would use a fraction of the limit; 10 in flight
 * reach it at round trips up to 330 ms. The pace itself is kept by `Pacer` above.
 */
export const MAX_IN_FLIGHT = 10;

/** Runs `work` on every entry, at most `limit` at once, starting them in order. */
export async function inParallel<T>(entries: T[], work: (entry: T) => Promise<void>, limit = MAX_IN_FLIGHT): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < entries.length) await work(entries[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker));
}

/**
 * Runs `work` on every entry, at most `limit` at once, starting them in order, and one after another within a
 * lane (the entries with the same `laneOf`): an entry starts only once the one before it in its lane has finished.
 * `mayStart` is asked just before each start; once it says no, nothing more starts and the entries in flight finish.
 * Returns the entries that never started.
 */
export async function inLanes<T>(
	entries: T[],
	laneOf: (entry: T) => string,
	work: (entry: T) => Promise<void>,
	mayStart: () => boolean,
	limit = MAX_IN_FLIGHT,
): Promise<T[]> {
	const notStarted: T[] = [];
	const waiting = [...entries];
	const busyLanes = new Set<string>();
	let inFlight = 0;
	return await new Promise<T[]>((resolve, reject) => {
		const launch = () => {
			// The first waiting entry of a free lane, in input order: the order within a lane is the input order.
			const blocked = new Set<string>();
			for (let index = 0; index < waiting.length && inFlight < limit; ) {
				const entry = waiting[index];
				const lane = laneOf(entry);
				if (busyLanes.has(lane) || blocked.has(lane)) {
					blocked.add(lane);
					index++;
					continue;
				}
				if (!mayStart()) {
					notStarted.push(...waiting.splice(0));
					break;
				}
				waiting.splice(index, 1);
				busyLanes.add(lane);
				inFlight++;
				work(entry).then(
					() => finish(lane),
					(error: unknown) => reject(error),
				);
			}
			if (inFlight === 0) {
				notStarted.push(...waiting.splice(0));
				resolve(notStarted);
			}
		};
		const finish = (lane: string) => {
			busyLanes.delete(lane);
			inFlight--;
			launch();
		};
		launch();
	});
}

// HTTP refusals

/**
 * Advice per HTTP status (500 stands for every 5xx TimelinesAI answers itself); `ambiguous` is for a
 * gateway's answer (see `isGatewayAnswer`). The caller knows which endpoint it called.
 */
export type StatusHints = Partial<Record<number, string>> & { default: string; ambiguous?: string };

export const RATE_LIMIT_HINT =
	'TimelinesAI is receiving requests too fast. Slow down: send fewer items per run or add a Wait node between sends, then retry later.';

export const SERVER_ERROR_HINT =
	'TimelinesAI had a problem on its side. Try again in a few minutes; if it keeps happening, contact TimelinesAI support.';

/** TimelinesAI's own error text, from either envelope (`{status:"error",message}` or `{status:404,message}`). */
export function errorTextOf(body: unknown): string | undefined {
	if (body && typeof body === 'object' && 'message' in body) {
		const message = (body as { message: unknown }).message;
		if (typeof message === 'string' && message.trim() !== '') return message.trim();
	}
	return undefined;
}

function asSentence(text: string): string {
	return /[.!?]$/.test(text) ? text : `${text}.`;
}

const GATEWAY_STATUSES = new Set([502, 503, 504]);

/**
 * 502/503/504, or any 5xx without TimelinesAI's JSON envelope, comes from a proxy or load balancer in
 * front of TimelinesAI. Such an answer can arrive after TimelinesAI took the request (the proxy gave up
 * waiting for it), so it says nothing about whether the request was carried out.
 */
export function isGatewayAnswer(status: number, body: unknown): boolean {
	if (GATEWAY_STATUSES.has(status)) return true;
	return status >= 500 && !(body && typeof body === 'object' && !Buffer.isBuffer(body));
}

/** A non-2xx answer: "TimelinesAI answered HTTP 404 while sending the message: Webhook not found." */
export function describeHttpError(status: number, body: unknown, action: string, hints: StatusHints): TimelinesAiRequestError {
	const message = errorTextOf(body);
	if (isGatewayAnswer(status, body)) {
		return new TimelinesAiRequestError({
			kind: 'ambiguous',
			httpStatus: status,
			message: `TimelinesAI's server answered HTTP ${status} while ${action}, which can come after the request was carried out.`,
			hint: hints.ambiguous ?? `Check in TimelinesAI whether ${action} worked before trying again.`,
		});
	}
	const fallback = status === 429 ? RATE_LIMIT_HINT : status >= 500 ? (hints[500] ?? SERVER_ERROR_HINT) : hints.default;
	return new TimelinesAiRequestError({
		kind: 'rejected',
		httpStatus: status,
		message: asSentence(`TimelinesAI answered HTTP ${status} while ${action}${message ? `: ${message}` : ''}`),
		hint: hints[status] ?? fallback,
	});
}

/**
 * A non-2xx answer about one field of the request; `toNodeError` puts the field and item in front:
 * 'Field "Chat ID" in item 1: TimelinesAI refused it (HTTP 400): No chat found with chat_id 99999.'
 */
export function describeFieldRefusal(status: number, body: unknown, field: string, hint: string): TimelinesAiRequestError {
	const message = errorTextOf(body);
	return new TimelinesAiRequestError({
		kind: 'rejected',
		httpStatus: status,
		field,
		message: asSentence(`TimelinesAI refused it (HTTP ${status})${message ? `: ${message}` : ''}`),
		hint,
	});
}

// Requests

interface HttpCall {
	request: Omit<IHttpRequestOptions, 'returnFullResponse' | 'ignoreHttpStatusErrors'>;
	/** With the credential's `Authorization: Bearer` header (public API), or without (the inbound URL is its own secret). */
	authenticated: boolean;
	action: string;
	/** What to tell the user if the connection broke after sending. */
	ambiguousHint: string;
}

/**
 * One HTTP exchange with TimelinesAI, in its turn (see `Pacer`): retried only on 429 (nothing was accepted),
 * never after a dropped connection. Returns every HTTP answer; throws TimelinesAiRequestError otherwise.
 */
export async function callTimelinesAi(ctx: TimelinesAiContext, call: HttpCall): Promise<IN8nHttpFullResponse> {
	const timeout = call.request.timeout ?? DEFAULT_TIMEOUT_MS;
	const options: IHttpRequestOptions = {
		json: true,
		...call.request,
		timeout,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const send = async (): Promise<IN8nHttpFullResponse> => {
		try {
			return call.authenticated
				? await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, { ...options })
				: await ctx.helpers.httpRequest({ ...options });
		} catch (error) {
			throw describeNetworkFailure(error, { action: call.action, ambiguousHint: call.ambiguousHint, timeoutMs: timeout });
		}
	};
	return await withRateLimitRetries(send, pacerFor(String(options.url)), cancelSignalOf(ctx));
}

const API_HINTS: StatusHints = {
	401: 'The API token is wrong or expired. Create a new one in TimelinesAI → Integrations → Public API and paste it into the TimelinesAI credential.',
	403: 'This API token may not do that. Check the token belongs to the right workspace and your TimelinesAI plan includes the Public API.',
	404: 'TimelinesAI does not know this address or id. Check the API Base URL in the TimelinesAI credential (normally https://app.timelines.ai/integrations/api).',
	default: 'Check the values sent; TimelinesAI\'s message above says which one it did not accept.',
};

interface ApiRequest<T extends ZodTypeAny> {
	method: IHttpRequestMethods;
	/** Path under the API base URL, starting with `/`: `/webhooks`, `/files_upload`. */
	path: string;
	/** Schema of the envelope's `data`. */
	data: T;
	/** JSON, or a multipart form (Node's own FormData, which n8n passes to axios as it is). */
	body?: IDataObject | FormData;
	qs?: IDataObject;
	/** What the request is for, in words: "uploading the file". */
	action: string;
	timeoutMs?: number;
}

/**
 * A public-API call: Bearer token from the credential, `{status:"ok",data}` envelope checked,
 * `data` parsed with the given zod schema. Throws TimelinesAiRequestError (or InvalidInputError
 * when the credential has no token); nodes convert either with `toNodeError`.
 */
export async function apiRequest<T extends ZodTypeAny>(ctx: TimelinesAiContext, request: ApiRequest<T>): Promise<z.infer<T>> {
	const credentials = await getTimelinesAiCredentials(ctx);
	if (!credentials.apiToken) {
		throw new InvalidInputError(
			CREDENTIAL_FIELD.apiToken,
			`it is empty, but ${request.action} needs it. Create a token in TimelinesAI → Integrations → Public API and paste it into the credential.`,
		);
	}
	const response = await callTimelinesAi(ctx, {
		request: {
			method: request.method,
			url: `${credentials.apiBaseUrl}${request.path}`,
			qs: request.qs,
			timeout: request.timeoutMs,
			body: request.body,
		},
		authenticated: true,
		action: request.action,
		ambiguousHint: `Check in TimelinesAI whether ${request.action} worked before trying again.`,
	});
	if (!isSuccess(response.statusCode)) {
		throw describeHttpError(response.statusCode, response.body, request.action, API_HINTS);
	}
	const parsed = apiOkSchema(request.data).safeParse(response.body);
	if (!parsed.success) {
		throw new TimelinesAiRequestError({
			kind: 'invalid-response',
			message: `TimelinesAI's answer while ${request.action} was not in the expected format.`,
			hint: API_HINTS[404] as string,
		});
	}
	return parsed.data.data;
}

// Files from other servers (a Send file link, a Trigger attachment)

/** The part of a Node.js Readable the readers use (typed structurally: community nodes may not import `stream`). */
export interface ByteStream extends AsyncIterable<Buffer | string> {
	destroy(): void;
}

export interface FetchRequest {
	url: string;
	method: 'GET' | 'HEAD';
	headers?: Record<string, string>;
	timeoutMs: number;
	abortSignal?: AbortSignal;
}

export interface FetchedResponse {
	statusCode: number;
	headers: IN8nHttpFullResponse['headers'];
	body: ByteStream;
}

/** An answer with its body still unread, or why none came: in words, and the system code for who must tell it apart. */
export type Fetched = { ok: true; response: FetchedResponse } | { ok: false; failure: string; code?: string };

/** A request to a server that is not TimelinesAI's API, without credentials, its body left as a stream to read with a cap. */
export async function fetchStream(ctx: TimelinesAiContext, request: FetchRequest): Promise<Fetched> {
	try {
		const response = (await ctx.helpers.httpRequest({
			url: request.url,
			method: request.method,
			headers: request.headers,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs,
			abortSignal: request.abortSignal,
		})) as FetchedResponse;
		return { ok: true, response };
	} catch (error) {
		const code = networkErrorCode(error);
		return { ok: false, failure: describeNetworkCode(code), code };
	}
}

export interface CappedRead {
	/** What was read, at most `maxBytes` of it. */
	bytes: Buffer;
	/** Bytes read; past `maxBytes` when the stream was cut off. */
	total: number;
	/** The stream ended within `maxBytes`: `bytes` is all of it. */
	complete: boolean;
}

/** Reads a stream until it ends or passes `maxBytes`, then closes it: never more than the cap is held. */
export async function readCapped(stream: ByteStream, maxBytes: number): Promise<CappedRead> {
	const chunks: Buffer[] = [];
	let total = 0;
	try {
		for await (const chunk of stream) {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			total += buffer.length;
			if (total > maxBytes) {
				chunks.push(buffer.subarray(0, buffer.length - (total - maxBytes)));
				return { bytes: Buffer.concat(chunks), total, complete: false };
			}
			chunks.push(buffer);
		}
	} finally {
		stream.destroy();
	}
	return { bytes: Buffer.concat(chunks), total, complete: true };
}

/** "5000 bytes", "10 KB", "3.0 MB": how sizes are written in every message. */
export function readableSize(bytes: number): string {
	if (bytes < 10 * 1024) return `${bytes} bytes`;
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// The public API's read-only calls (pickers, Get Status, the chat lists, Send's chat read-back)

/** One page of a public API list: they come 50 at a time with `has_more_pages`. */
export interface Page<T> {
	items: T[];
	hasMore: boolean;
}

/** Reads pages 1, 2, … until `max` results, the last page, or an empty page (even one that claims more: a loop that never ends would be worse). */
export async function readPages<T>(readPage: (page: number) => Promise<Page<T>>, max: number): Promise<T[]> {
	const found: T[] = [];
	for (let page = 1; found.length < max; page++) {
		const { items, hasMore } = await readPage(page);
		found.push(...items);
		if (!hasMore || items.length === 0) break;
	}
	return found.slice(0, max);
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

export async function listWhatsappAccounts(ctx: TimelinesAiContext): Promise<WhatsappAccount[]> {
	const data = await apiRequest(ctx, {
		method: 'GET',
		path: '/whatsapp_accounts',
		data: whatsappAccountsDataSchema,
		action: 'listing the WhatsApp accounts',
	});
	return data.whatsapp_accounts;
}

const messagePath = (messageId: string) => `/messages/${encodeURIComponent(messageId)}`;

export async function getMessage(ctx: TimelinesAiContext, messageId: string, timeoutMs?: number): Promise<MessageDetails> {
	return await apiRequest(ctx, {
		method: 'GET',
		path: messagePath(messageId),
		data: messageDetailsSchema,
		action: 'reading the message',
		timeoutMs,
	});
}

export async function getStatusHistory(ctx: TimelinesAiContext, messageId: string): Promise<StatusHistoryEntry[]> {
	return await apiRequest(ctx, {
		method: 'GET',
		path: `${messagePath(messageId)}/status_history`,
		data: statusHistorySchema,
		action: "reading the message's status history",
	});
}

// n8n errors

/**
 * The sentence shown for a problem with one field: names the field, the item, and the fix. The item
 * is counted from 0 and written "item 2", as n8n does: the editor appends " [item 2]" to an error
 * message unless it already contains those words, so the item is said exactly once. Without an item
 * (the trigger registering its webhooks) only the field is named.
 */
function describeFieldProblem(field: string, problem: string, itemIndex?: number): string {
	const where = itemIndex === undefined ? `Field "${field}"` : `Field "${field}" in item ${itemIndex}`;
	return `${where}: ${problem}`;
}

/**
 * The one place where failures become n8n errors, and where secrets are removed from them.
 * Anything that is not one of our errors is reported by its message only (never its request
 * config, which holds headers and URLs).
 */
export function toNodeError(
	node: INode,
	error: unknown,
	secrets: TimelinesAiSecrets,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	const clean = (text: string) => redactString(text, secrets);
	if (error instanceof TimelinesAiRequestError) {
		const httpCode = error.httpStatus === undefined ? null : String(error.httpStatus);
		const message = clean(error.field ? describeFieldProblem(error.field, error.message, itemIndex) : error.message);
		const errorResponse: JsonObject = { message, httpCode };
		return new NodeApiError(node, errorResponse, {
			message,
			description: clean(error.hint),
			httpCode: httpCode ?? undefined,
			itemIndex,
		});
	}
	if (error instanceof InvalidInputError) {
		return new NodeOperationError(node, clean(describeFieldProblem(error.field, error.problem, itemIndex)), {
			itemIndex,
			level: 'warning',
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, clean(message), { itemIndex });
}

/**
 * The output item of a failed input item when the node continues on error: `error` and `hint` (plus `extra`).
 * With On Error "Continue (using error output)" n8n moves an item to the error output only when its JSON is
 * `error` alone or `error` and `message` (and then adds the input item's fields), so there the hint is `message`.
 */
export function continuedErrorItem(
	node: INode,
	nodeError: NodeApiError | NodeOperationError,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	const hint = nodeError.description ?? undefined;
	if (node.onError === 'continueErrorOutput') {
		return { json: { error: nodeError.message, ...(hint ? { message: hint } : {}) }, pairedItem };
	}
	return { json: { error: nodeError.message, ...(hint ? { hint } : {}), ...extra }, pairedItem };
}

// Secrets

/**
 * Removes the two secrets of a TimelinesAI credential (the inbound webhook URL, whose path holds a
 * token, and the public-API token), and the trigger's `?secret=` URL parameter, from what the nodes hand
 * on: errors, hints, outputs and the lines they log.
 */

export interface TimelinesAiSecrets {
	inboundUrl?: string;
	apiToken?: string;
}

export const REDACTED_INBOUND_URL = '[inbound webhook URL hidden]';
export const REDACTED_TOKEN = '[secret hidden]';

/** Shorter strings are not secrets worth hiding, and replacing them would garble ordinary text. */
const MIN_SECRET_LENGTH = 6;

/** Path segments and query values of the inbound URL that look like tokens (long, or with digits). */
function inboundUrlTokens(inboundUrl: string): string[] {
	let url: URL;
	try {
		url = new URL(inboundUrl);
	} catch {
		return [];
	}
	const parts = [...url.pathname.split('/'), ...url.searchParams.values()];
	return parts.filter((part) => part.length >= 20 || (part.length >= MIN_SECRET_LENGTH && /\d/.test(part)));
}

/** Every spelling of a secret that may show up in text: as is, URL-encoded, without a trailing slash. */
function spellings(secret: string): string[] {
	const trimmed = secret.trim();
	const variants = [trimmed, trimmed.replace(/\/+$/, ''), encodeURIComponent(trimmed)];
	return variants.filter((variant) => variant.length >= MIN_SECRET_LENGTH);
}

interface Replacement {
	secret: string;
	label: string;
}

function replacementsFor(secrets: TimelinesAiSecrets): Replacement[] {
	const replacements: Replacement[] = [];
	if (secrets.inboundUrl) {
		for (const secret of spellings(secrets.inboundUrl)) replacements.push({ secret, label: REDACTED_INBOUND_URL });
		for (const token of inboundUrlTokens(secrets.inboundUrl)) {
			for (const secret of spellings(token)) replacements.push({ secret, label: REDACTED_TOKEN });
		}
	}
	if (secrets.apiToken) {
		for (const secret of spellings(secrets.apiToken)) replacements.push({ secret, label: REDACTED_TOKEN });
	}
	// Longest first, so the whole URL is replaced before its token would be.
	return replacements.sort((a, b) => b.secret.length - a.secret.length);
}

/**
 * The value of a `secret` URL parameter, plain (`?secret=…`, `&secret=…`) or URL-encoded (`%3Fsecret%3D…`):
 * TimelinesAI may quote a registered trigger URL in an error, and the trigger's secret is not in the credential.
 */
const URL_SECRET_PARAMETER = /([?&]secret=|%3Fsecret%3D|%26secret%3D)[^&#\s"'<>]+/gi;

export function redactString(text: string, secrets: TimelinesAiSecrets): string {
	const withoutCredentialSecrets = replacementsFor(secrets).reduce(
		(result, { secret, label }) => result.split(secret).join(label),
		text,
	);
	return withoutCredentialSecrets.replace(URL_SECRET_PARAMETER, `$1${REDACTED_TOKEN}`);
}

/** Deep copy of `value` with every string (keys included) redacted. */
export function redact<T>(value: T, secrets: TimelinesAiSecrets): T {
	return redactValue(value, secrets) as T;
}

function redactValue(value: unknown, secrets: TimelinesAiSecrets): unknown {
	if (typeof value === 'string') return redactString(value, secrets);
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets));
	if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [redactString(key, secrets), redactValue(entry, secrets)]),
		);
	}
	return value;
}

/** From the normalised credential (`getTimelinesAiCredentials`), whose field names are stable. */
export function secretsOf(credentials: { inboundUrl?: unknown; apiToken?: unknown }): TimelinesAiSecrets {
	return {
		inboundUrl: typeof credentials.inboundUrl === 'string' ? credentials.inboundUrl : undefined,
		apiToken: typeof credentials.apiToken === 'string' ? credentials.apiToken : undefined,
	};
}
