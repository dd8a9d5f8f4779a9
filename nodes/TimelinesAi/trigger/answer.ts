import type { IWebhookFunctions } from 'n8n-workflow';

/**
 * Answers TimelinesAI directly on the underlying HTTP response (only Node's own `writeHead`/`end`), so the
 * answer goes out before attachment downloads and the workflow run. TimelinesAI switches a receiver off
 * after more than 10 answers in a row that are not 200, so only refusals get another code.
 */
export function answer(this: IWebhookFunctions, statusCode: 200 | 400 | 401, body: Record<string, unknown>): void {
	const response = this.getResponseObject();
	if (response.headersSent) return;
	response.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify(body));
}
