import { sleep, type IN8nHttpFullResponse } from 'n8n-workflow';

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

/** Sends, and while TimelinesAI answers 429 with a usable `Retry-After`, waits that long and sends again. */
export async function withRateLimitRetries(
	send: () => Promise<IN8nHttpFullResponse>,
): Promise<IN8nHttpFullResponse> {
	for (let retries = 0; ; retries++) {
		const response = await send();
		if (response.statusCode !== 429 || retries >= MAX_RATE_LIMIT_RETRIES) return response;
		const wait = retryAfterSeconds(response.headers);
		if (wait === undefined || wait > MAX_RETRY_AFTER_SECONDS) return response;
		await sleep(wait * 1000);
	}
}
