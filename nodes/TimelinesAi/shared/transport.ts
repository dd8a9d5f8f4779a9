import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';
import type { z, ZodTypeAny } from 'zod';

import { apiOkSchema, DEFAULT_API_BASE_URL } from '../protocol';
import { InvalidInputError } from './errors';
import { describeHttpError, describeInvalidResponse, type StatusHints } from './http-errors';
import { describeNetworkFailure } from './network';
import { withRateLimitRetries } from './rate-limit';

/** Every n8n context our nodes call TimelinesAI from. */
export type TimelinesAiContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions | ILoadOptionsFunctions;

export const CREDENTIAL_TYPE = 'timelinesAiApi';

const DEFAULT_TIMEOUT_MS = 30_000;

/** The decrypted `timelinesAiApi` credential, with defaults applied. */
export interface TimelinesAiCredentials {
	inboundUrl: string;
	defaultSenderPhone: string;
	apiToken: string;
	apiBaseUrl: string;
}

export function normaliseCredentials(data: IDataObject): TimelinesAiCredentials {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	return {
		inboundUrl: text(data.inboundUrl),
		defaultSenderPhone: text(data.defaultSenderPhone),
		apiToken: text(data.apiToken),
		apiBaseUrl: (text(data.apiBaseUrl) || DEFAULT_API_BASE_URL).replace(/\/+$/, ''),
	};
}

export async function getTimelinesAiCredentials(this: TimelinesAiContext): Promise<TimelinesAiCredentials> {
	return normaliseCredentials(await this.getCredentials(CREDENTIAL_TYPE));
}

export interface HttpCall {
	request: Omit<IHttpRequestOptions, 'returnFullResponse' | 'ignoreHttpStatusErrors'>;
	/** With the credential's `Authorization: Bearer` header (public API), or without (the inbound URL is its own secret). */
	authenticated: boolean;
	/** What the request is for, in words: "sending the message". */
	action: string;
	/** What to tell the user if the connection broke after sending. */
	ambiguousHint: string;
}

/**
 * One HTTP exchange with TimelinesAI: retried only on 429 with Retry-After (nothing was accepted),
 * never after a dropped connection. Returns every HTTP answer; throws TimelinesAiRequestError otherwise.
 */
export async function callTimelinesAi(this: TimelinesAiContext, call: HttpCall): Promise<IN8nHttpFullResponse> {
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
				? await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, { ...options })
				: await this.helpers.httpRequest({ ...options });
		} catch (error) {
			throw describeNetworkFailure(error, { action: call.action, ambiguousHint: call.ambiguousHint, timeoutMs: timeout });
		}
	};
	return await withRateLimitRetries(send);
}

const API_HINTS: StatusHints = {
	401: 'The API token is wrong or expired. Create a new one in TimelinesAI → Integrations → Public API and paste it into the TimelinesAI credential.',
	403: 'This API token may not do that. Check the token belongs to the right workspace and your TimelinesAI plan includes the Public API.',
	404: 'TimelinesAI does not know this address or id. Check the API Base URL in the TimelinesAI credential (normally https://app.timelines.ai/integrations/api).',
	default: 'Check the values sent; TimelinesAI\'s message above says which one it did not accept.',
};

/** The part of a `form-data` FormData the transport needs; typed structurally so this module does not load form-data. */
export interface MultipartBody {
	getBuffer(): Buffer;
	getHeaders(): Record<string, string>;
}

export interface ApiRequest<T extends ZodTypeAny> {
	method: IHttpRequestMethods;
	/** Path under the API base URL, starting with `/`: `/webhooks`, `/files_upload`. */
	path: string;
	/** Schema of the envelope's `data`. */
	data: T;
	body?: IDataObject;
	/** Sent as multipart/form-data instead of `body` (a `form-data` instance holding buffers and strings). */
	multipart?: MultipartBody;
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
export async function apiRequest<T extends ZodTypeAny>(
	this: TimelinesAiContext,
	request: ApiRequest<T>,
): Promise<z.infer<T>> {
	const credentials = await getTimelinesAiCredentials.call(this);
	if (!credentials.apiToken) {
		throw new InvalidInputError(
			'API Token (in the TimelinesAI credential)',
			`it is empty, but ${request.action} needs it. Create a token in TimelinesAI → Integrations → Public API and paste it into the credential.`,
		);
	}
	const response = await callTimelinesAi.call(this, {
		request: {
			method: request.method,
			url: `${credentials.apiBaseUrl}${request.path}`,
			qs: request.qs,
			timeout: request.timeoutMs,
			...(request.multipart
				? { body: request.multipart.getBuffer(), headers: request.multipart.getHeaders() }
				: { body: request.body }),
		},
		authenticated: true,
		action: request.action,
		ambiguousHint: `Check in TimelinesAI whether ${request.action} worked before trying again.`,
	});
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw describeHttpError(response.statusCode, response.body, request.action, API_HINTS);
	}
	const parsed = apiOkSchema(request.data).safeParse(response.body);
	if (!parsed.success) {
		throw describeInvalidResponse(request.action, API_HINTS[404] as string);
	}
	return parsed.data.data;
}
