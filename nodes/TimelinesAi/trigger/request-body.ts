import type { IWebhookFunctions } from 'n8n-workflow';

export type BodyResult = { ok: true; body: unknown } | { ok: false; reason: string };

function parseJson(text: string): BodyResult {
	try {
		return { ok: true, body: JSON.parse(text) };
	} catch {
		return { ok: false, reason: 'the body is not valid JSON' };
	}
}

function isEmptyObject(value: unknown): boolean {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * The delivery's JSON. n8n parses `application/json` bodies itself; a body sent as text, or without a
 * content type, is parsed here from the raw bytes so that it is judged by its content, not its header.
 */
export function readBody(this: IWebhookFunctions): BodyResult {
	const body: unknown = this.getBodyData();
	if (typeof body === 'string') return parseJson(body);
	if (!isEmptyObject(body)) return { ok: true, body };
	const raw = (this.getRequestObject() as { rawBody?: Buffer }).rawBody;
	if (!raw || raw.length === 0) return { ok: false, reason: 'the body is empty' };
	return parseJson(raw.toString('utf8'));
}
