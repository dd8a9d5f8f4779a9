import { parseIncomingMessage } from 'n8n-core';
import type { IncomingMessage } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';

/** What n8n's body parser leaves on a webhook request before the node sees it. */
export interface ParsedWebhookRequest {
	body: unknown;
	rawBody: Buffer;
	query: Record<string, string | string[]>;
}

export class UnparsableBodyError extends Error {}

async function readAll(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/**
 * Mirrors n8n 2.8's webhook body handling (packages/cli/src/middlewares/body-parser.ts): JSON, form and
 * text bodies are parsed by content type, anything else stays `{}` with the bytes in `rawBody`, and a
 * JSON body that does not parse is refused by n8n itself (HTTP 422) before any node runs.
 */
export async function parseWebhookRequest(request: IncomingMessage): Promise<ParsedWebhookRequest> {
	parseIncomingMessage(request);
	const { contentType, encoding } = request as IncomingMessage & { contentType?: string; encoding?: BufferEncoding };
	const rawBody = await readAll(request);
	const text = rawBody.toString(encoding ?? 'utf8');
	let body: unknown = {};
	if (rawBody.length > 0) {
		try {
			if (contentType === 'application/json') body = JSON.parse(text);
			else if (contentType === 'application/x-www-form-urlencoded') body = parseQueryString(text);
			else if (contentType === 'text/plain') body = text;
		} catch (error) {
			throw new UnparsableBodyError(`Failed to parse request body: ${(error as Error).message}`);
		}
	}
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(url.searchParams.keys())) {
		const values = url.searchParams.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	return { body: body ?? {}, rawBody, query };
}
