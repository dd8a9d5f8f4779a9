import { z } from 'zod';

import { attachmentSchema, directionSchema, outboundAccountSchema, personSchema, whatsappAccountSchema } from './common';

/** Public-API webhooks ("webhooks v2"): one event type per registered webhook, no `data` wrapper. */

export const V2_MESSAGE_EVENT_TYPES = [
	'message:new',
	'message:received:new',
	'message:sent:new',
	'message:reaction',
] as const;
export const V2_CHAT_EVENT_TYPES = [
	'chat:new',
	'chat:incoming:new',
	'chat:outgoing:new',
	'chat:responsible:assigned',
	'chat:responsible:unassigned',
] as const;
export const V2_ACCOUNT_EVENT_TYPES = [
	'whatsapp:account:connected',
	'whatsapp:account:disconnected',
	'whatsapp:account:suspended',
	'whatsapp:account:resumed',
] as const;
export const V2_CALL_EVENT_TYPES = ['call:incoming:missed', 'call:incoming:ended', 'call:outgoing:ended'] as const;

const WEBHOOK_EVENT_TYPES = [
	...V2_MESSAGE_EVENT_TYPES,
	...V2_CHAT_EVENT_TYPES,
	...V2_ACCOUNT_EVENT_TYPES,
	...V2_CALL_EVENT_TYPES,
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export type V2ChatEventType = (typeof V2_CHAT_EVENT_TYPES)[number];

/**
 * TimelinesAI renamed its chat events; older workspaces (and older docs) still use the former names,
 * in deliveries and in their webhook lists. Registration uses the current names.
 */
export const FORMER_CHAT_EVENT_NAMES = {
	'chat:new': 'chat:created',
	'chat:incoming:new': 'chat:received:created',
	'chat:outgoing:new': 'chat:sent:created',
	'chat:responsible:assigned': 'chat:assigned',
	'chat:responsible:unassigned': 'chat:unassigned',
} as const satisfies Record<V2ChatEventType, string>;
export const FORMER_CHAT_EVENT_TYPES = Object.values(FORMER_CHAT_EVENT_NAMES);
export type FormerChatEventType = (typeof FORMER_CHAT_EVENT_TYPES)[number];

/** An event type under either name: what a workspace may send or list. */
export const anyWebhookEventTypeSchema = z.enum([...WEBHOOK_EVENT_TYPES, ...FORMER_CHAT_EVENT_TYPES]);
export type AnyWebhookEventType = z.infer<typeof anyWebhookEventTypeSchema>;

const CURRENT_BY_FORMER_NAME = Object.fromEntries(
	Object.entries(FORMER_CHAT_EVENT_NAMES).map(([current, former]) => [former, current]),
) as Record<FormerChatEventType, V2ChatEventType>;

export function currentEventType(name: AnyWebhookEventType): WebhookEventType {
	return (CURRENT_BY_FORMER_NAME as Record<string, V2ChatEventType | undefined>)[name] ?? (name as WebhookEventType);
}

/** `"2024-01-08 10:35:18 +0200"`: not ISO 8601. */
export const V2_TIMESTAMP_PATTERN = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/;

const v2MessageChatSchema = z.object({
	full_name: z.string(),
	chat_url: z.string(),
	chat_id: z.number().int(),
	is_group: z.boolean(),
	phone: z.string(),
	responsible_name: z.string().nullable(),
	responsible_email: z.string().nullable(),
});

const v2MessageSchema = z.object({
	text: z.string(),
	direction: directionSchema,
	origin: z.string(),
	timestamp: z.string(),
	message_uid: z.string(),
	reply_to_uid: z.string().nullable(),
	sender: personSchema,
	recipient: personSchema,
	attachments: z.array(attachmentSchema),
});

export const v2MessageEventSchema = z.object({
	event_type: z.enum(V2_MESSAGE_EVENT_TYPES),
	chat: v2MessageChatSchema,
	whatsapp_account: outboundAccountSchema,
	message: v2MessageSchema,
});
export type V2MessageEvent = z.infer<typeof v2MessageEventSchema>;

const v2ChatSchema = z
	.object({
		id: z.number().int(),
		name: z.string(),
		phone: z.string(),
		jid: z.string(),
		is_group: z.boolean(),
		closed: z.boolean(),
		read: z.boolean(),
		labels: z.array(z.string()),
		chat_url: z.string(),
		created_timestamp: z.string(),
		responsible_name: z.string().nullable(),
		responsible_email: z.string().nullable(),
	})
	.passthrough();

const v2AccountSchema = whatsappAccountSchema.passthrough();

export const v2ChatEventSchema = z.object({
	event_type: z.enum([...V2_CHAT_EVENT_TYPES, ...FORMER_CHAT_EVENT_TYPES]),
	chat: v2ChatSchema,
	whatsapp_account: v2AccountSchema,
});
export type V2ChatEvent = z.infer<typeof v2ChatEventSchema>;

export const v2AccountEventSchema = z.object({
	event_type: z.enum(V2_ACCOUNT_EVENT_TYPES),
	whatsapp_account: v2AccountSchema,
});
export type V2AccountEvent = z.infer<typeof v2AccountEventSchema>;

/** The spec names call events but not their body; only what every event carries is assumed. */
export const v2CallEventSchema = z
	.object({
		event_type: z.enum(V2_CALL_EVENT_TYPES),
		whatsapp_account: v2AccountSchema.partial().passthrough(),
		// Not in the spec's list of shapes; TimelinesAI's call events carry the contact's chat as message events do.
		chat: v2MessageChatSchema.partial().passthrough().optional(),
	})
	.passthrough();
