import { setTimeout as sleep } from 'node:timers/promises';

import { n8nLogTail } from './shared-n8n';

/**
 * Polls until `probe` returns a value other than undefined. Not a timing assertion: the deadline only turns a hang
 * into a readable failure (with n8n's log tail).
 */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const cause = lastError ? `\nlast error: ${(lastError as Error).message}` : '';
			throw new Error(`Gave up waiting for ${what} after ${timeoutMs / 1000}s.${cause}${n8nLogTail()}`);
		}
		await sleep(250);
	}
}
