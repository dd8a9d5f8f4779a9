/**
 * Removes the two secrets of a TimelinesAI credential (the inbound webhook URL, whose path holds a
 * token, and the public-API token), and the trigger's `?secret=` URL parameter, from anything about
 * to leave the node: errors, hints, outputs, logs.
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
