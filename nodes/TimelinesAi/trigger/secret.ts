import { randomBytes, timingSafeEqual } from 'crypto';

/**
 * TimelinesAI neither signs deliveries nor sends custom headers, so the registered URL itself carries a
 * secret as this query parameter; deliveries without it are refused.
 */
export const SECRET_PARAMETER = 'secret';

export function newSecret(): string {
	return randomBytes(24).toString('base64url');
}

/** Compares in constant time, so the answer's timing does not reveal how much of a guess was right. */
export function secretMatches(expected: string, given: unknown): boolean {
	if (expected === '' || typeof given !== 'string') return false;
	const a = Buffer.from(expected);
	const b = Buffer.from(given);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** The node's webhook URL with the secret appended; what gets registered or pasted into TimelinesAI. */
export function withSecret(webhookUrl: string, secret: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(SECRET_PARAMETER, secret);
	return url.toString();
}

/** The URL without its query: the same endpoint whatever secret it carries. */
export function endpointOf(url: string): string | null {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
	} catch {
		return null;
	}
}

/** The secret a registered URL carries, if any. */
export function secretOf(url: string): string | null {
	try {
		return new URL(url).searchParams.get(SECRET_PARAMETER);
	} catch {
		return null;
	}
}
