import { InvalidInputError } from './errors';

/** Expressions can yield numbers or objects; numbers are fine as text, objects are a mapping mistake. */
export function asText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new InvalidInputError(
		field,
		`got ${Array.isArray(value) ? 'a list' : 'an object'} instead of text. Map a single value, e.g. {{ $json.message }} rather than {{ $json }}.`,
	);
}

/**
 * The value of a field that is a resource locator in the TimelinesAI node (`{ __rl, mode, value }`) and plain
 * text in the older TimelinesAI Send node. Read without n8n's `extractValue`, so that a pasted address that
 * is not a chat's gets our own error naming the item, the field and the fix.
 */
export function locatorValue(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && '__rl' in value && 'value' in value) return value.value;
	return value;
}

/**
 * A chat's address in TimelinesAI, e.g. https://app.timelines.ai/chat/20451188/messages/: the number is the chat's ID.
 * One pattern for the editor's By URL check and for Send reading a pasted address, so neither takes what the other refuses.
 */
export const CHAT_URL_REGEX = '^https?://\\S*/chats?/(\\d{1,18})(?:[/?#]\\S*)?$';
