import type { IncomingMessage } from 'node:http';

/** What n8n's body parser leaves on a JSON webhook request before the node sees it. */
export interface ParsedWebhookRequest {
	body: unknown;
	rawBody: Buffer;
	query: Record<string, string | string[]>;
}

/**
 * Only JSON is served here: the sandbox delivers nothing else. How n8n itself treats other content types
 * and broken JSON (422 before any node runs) is tested against a real n8n in test/e2e/trigger.test.ts.
 */
export async function readJsonRequest(request: IncomingMessage): Promise<ParsedWebhookRequest> {
	const contentType = request.headers['content-type']?.split(';')[0].trim();
	if (contentType !== 'application/json') throw new Error(`The test harness serves JSON only, not ${contentType ?? 'a body without content type'}`);
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const rawBody = Buffer.concat(chunks);
	const body: unknown = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : {};
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(url.searchParams.keys())) {
		const values = url.searchParams.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	return { body: body ?? {}, rawBody, query };
}
