/**
 * The value of a field that is a resource locator in the TimelinesAI node (`{ __rl, mode, value }`) and plain
 * text in the older TimelinesAI Send node. Read without n8n's `extractValue`, so that a pasted address that
 * is not a chat's gets our own error naming the item, the field and the fix.
 */
export function locatorValue(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && '__rl' in value && 'value' in value) return value.value;
	return value;
}
