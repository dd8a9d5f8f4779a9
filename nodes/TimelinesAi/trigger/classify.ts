import {
	FORMER_CHAT_EVENT_TYPES,
	V2_ACCOUNT_EVENT_TYPES,
	V2_CALL_EVENT_TYPES,
	V2_CHAT_EVENT_TYPES,
	V2_MESSAGE_EVENT_TYPES,
	type LegacyBundle,
	type LegacySingle,
	type V2MessageEvent,
} from '../protocol';
import { deliverySchemas, type Delivery, type DeliveryKind } from './delivery-schemas';

/** The keys that tell the shapes apart, typed against the protocol so a rename there breaks here. */
const EVENT_TYPE: keyof V2MessageEvent = 'event_type';
const BUNDLE_MESSAGES: keyof LegacyBundle = 'messages';
const SINGLE_MESSAGE: keyof LegacySingle = 'message';
const CHAT: keyof LegacySingle = 'chat';
const ACCOUNT: keyof LegacySingle = 'whatsapp_account';

export type Classification = { ok: true; delivery: Delivery } | { ok: false; reason: string };

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function includes(list: readonly string[], value: string): boolean {
	return list.includes(value);
}

/** Which shape a delivery has, and which object it must carry to be usable. */
function kindOf(body: Body): { kind: DeliveryKind; needs: string[] } | string {
	const eventType = body[EVENT_TYPE];
	if (eventType !== undefined) {
		if (typeof eventType !== 'string') return `"${EVENT_TYPE}" must be a text`;
		if (includes(V2_MESSAGE_EVENT_TYPES, eventType)) return { kind: 'v2-message', needs: [CHAT, SINGLE_MESSAGE] };
		if (includes(V2_CHAT_EVENT_TYPES, eventType) || includes(FORMER_CHAT_EVENT_TYPES, eventType)) {
			return { kind: 'v2-chat', needs: [CHAT] };
		}
		if (includes(V2_ACCOUNT_EVENT_TYPES, eventType)) return { kind: 'v2-account', needs: [ACCOUNT] };
		if (includes(V2_CALL_EVENT_TYPES, eventType)) return { kind: 'v2-call', needs: [] };
		return `unknown event type "${eventType.slice(0, 80)}"`;
	}
	if (Array.isArray(body[BUNDLE_MESSAGES])) return { kind: 'legacy-bundle', needs: [CHAT] };
	if (isObject(body[SINGLE_MESSAGE])) return { kind: 'legacy-single', needs: [CHAT] };
	return `it has none of "${BUNDLE_MESSAGES}", "${SINGLE_MESSAGE}" or "${EVENT_TYPE}"`;
}

function describeIssues(issues: { path: (string | number)[]; message: string }[]): string {
	return issues
		.slice(0, 3)
		.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
		.join('; ');
}

/** Recognises one of the delivery shapes of either generation, or says why the body is not one. */
export function classifyDelivery(body: unknown): Classification {
	if (!isObject(body)) return { ok: false, reason: 'the body is not a JSON object' };
	const kind = kindOf(body);
	if (typeof kind === 'string') return { ok: false, reason: kind };
	const missing = kind.needs.filter((key) => !isObject(body[key]));
	if (missing.length > 0) return { ok: false, reason: `"${missing.join('", "')}" is missing or not an object` };
	const parsed = deliverySchemas[kind.kind].safeParse(body);
	if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error.issues) };
	return { ok: true, delivery: { kind: kind.kind, body: parsed.data } as Delivery };
}
