import { z } from 'zod';

import {
	FORMER_CHAT_EVENT_TYPES,
	legacyBundleSchema,
	legacySingleSchema,
	V2_ACCOUNT_EVENT_TYPES,
	V2_CALL_EVENT_TYPES,
	V2_CHAT_EVENT_TYPES,
	V2_MESSAGE_EVENT_TYPES,
	v2AccountEventSchema,
	v2CallEventSchema,
	v2ChatEventSchema,
	v2MessageEventSchema,
	type LegacyBundle,
	type LegacySingle,
	type V2MessageEvent,
} from '../protocol';

/** The keys that tell the shapes apart, typed against the protocol so a rename there breaks here. */
const EVENT_TYPE: keyof V2MessageEvent = 'event_type';
const BUNDLE_MESSAGES: keyof LegacyBundle = 'messages';
const SINGLE_MESSAGE: keyof LegacySingle = 'message';
const CHAT: keyof LegacySingle = 'chat';
const ACCOUNT: keyof LegacySingle = 'whatsapp_account';

type Classification = { ok: true; delivery: Delivery } | { ok: false; reason: string };

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

/** Every delivery shape, parsed leniently (see `lenient`): the protocol module stays the only place naming fields. */
const deliverySchemas = {
	'legacy-bundle': lenient(legacyBundleSchema),
	'legacy-single': lenient(legacySingleSchema),
	'v2-message': lenient(v2MessageEventSchema),
	'v2-chat': lenient(v2ChatEventSchema),
	'v2-account': lenient(v2AccountEventSchema),
	'v2-call': lenient(v2CallEventSchema),
};

type DeliveryKind = keyof typeof deliverySchemas;

export type DeliveryBody<K extends DeliveryKind> = z.output<(typeof deliverySchemas)[K]>;

export type Delivery = { [K in DeliveryKind]: { kind: K; body: DeliveryBody<K> } }[DeliveryKind];

/**
 * A protocol shape as real deliveries send it: every field may be missing or null, strings may come as
 * numbers and numbers as numeric strings (`chat_id` is a string in one generation, an integer in the
 * other). Enums and booleans stay strict: a wrong value there is a delivery we cannot interpret.
 */
type Lenient<T> = T extends Array<infer E>
	? Array<Lenient<E>>
	: T extends object
		? { [K in keyof T]?: Lenient<T[K]> | null }
		: T;

function lenient<S extends z.ZodTypeAny>(schema: S): z.ZodType<Lenient<z.infer<S>>, z.ZodTypeDef, unknown> {
	return loosen(schema) as z.ZodType<Lenient<z.infer<S>>, z.ZodTypeDef, unknown>;
}

function loosen(schema: z.ZodTypeAny): z.ZodTypeAny {
	if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return loosen(schema.unwrap());
	if (schema instanceof z.ZodObject) {
		const shape = schema.shape as Record<string, z.ZodTypeAny>;
		const loose = z.object(
			Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, loosen(field).nullish()])),
		);
		// Shapes the spec leaves open (call events) keep their unknown fields.
		return schema._def.unknownKeys === 'passthrough' ? loose.passthrough() : loose;
	}
	if (schema instanceof z.ZodArray) return z.array(loosen(schema.element));
	if (schema instanceof z.ZodString) return z.union([z.string(), z.number().transform(String)]);
	if (schema instanceof z.ZodNumber) {
		return z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
	}
	return schema;
}
