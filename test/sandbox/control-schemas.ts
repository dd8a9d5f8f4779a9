import { z } from 'zod';

import { FAULT_KINDS, FAULT_TARGETS } from './faults';
import { CALL_EVENT_TYPES, directionSchema, MESSAGE_STATUSES } from './spec-schemas';
import { AGGREGATION_SETTINGS } from './state';

/** Request bodies of the control surface (`/__control/...`). Test-only shapes, not TimelinesAI's. */

const teammateSchema = z.object({ name: z.string(), email: z.string() });
const rateLimitSchema = z.object({ limit: z.number().int().positive(), windowMs: z.number().int().positive() });

export const simulateMessageSchema = z
	.object({
		direction: directionSchema.default('received'),
		/** One of: an existing chat, a phone (direct chat, created when new), a group JID (created when new). */
		chatId: z.number().int().optional(),
		phone: z.string().optional(),
		groupJid: z.string().optional(),
		/** Name of a chat created by this message (default: the phone). */
		name: z.string().optional(),
		/** Account of a new chat (default: the default sender). */
		accountPhone: z.string().optional(),
		/** Who wrote a received group message (default: the group's first member). */
		author: z.string().optional(),
		text: z.string().default(''),
		origin: z.string().default('WhatsApp'),
		attachment: z
			.object({
				filename: z.string(),
				mimetype: z.string().default('application/octet-stream'),
				size: z.number().int().nonnegative().default(1024),
				/** Exact bytes; otherwise `size` deterministic bytes. */
				contentBase64: z.string().optional(),
			})
			.optional(),
	})
	.refine((body) => [body.chatId, body.phone, body.groupJid].filter((value) => value !== undefined).length === 1, {
		message: 'Give exactly one of chatId, phone, groupJid',
	});
export type SimulateMessageRequest = z.input<typeof simulateMessageSchema>;

/** A WhatsApp call in an existing chat that has ended (TimelinesAI reports calls only once they end). */
export const simulateCallSchema = z.object({
	chatId: z.number().int(),
	event: z.enum(CALL_EVENT_TYPES).default('call:incoming:missed'),
	isVideo: z.boolean().default(false),
	durationSeconds: z.number().int().nonnegative().default(0),
});
export type SimulateCallRequest = z.input<typeof simulateCallSchema>;

export const upsertChatSchema = z.object({
	id: z.number().int().optional(),
	name: z.string(),
	phone: z.string().default(''),
	jid: z.string().optional(),
	isGroup: z.boolean().default(false),
	accountPhone: z.string().optional(),
	responsible: teammateSchema.nullable().default(null),
	permalinkId: z.string().optional(),
	/** A new chat has no messages yet: its first message is reported with `is_new_chat` and `chat:new`. */
	isNew: z.boolean().default(true),
	members: z.array(z.string()).default([]),
	createdAt: z.string().datetime({ offset: true }).optional(),
	/** What the public API shows of the chat (labels new to the workspace are created). */
	labels: z.array(z.string()).default([]),
	read: z.boolean().default(false),
	closed: z.boolean().default(false),
	unattended: z.boolean().default(false),
	aiAgent: z.boolean().default(false),
	/** When its last message was, for chats whose history predates the test ("unread for N hours"). */
	lastMessageAt: z.string().datetime({ offset: true }).optional(),
});
export type UpsertChatRequest = z.input<typeof upsertChatSchema>;

export const responsibleSchema = z.object({ responsible: teammateSchema.nullable() });

export const accountStatusSchema = z.object({
	phone: z.string(),
	status: z.enum(['active', 'disconnected', 'suspended']),
});

export const messageStatusChangeSchema = z.object({ status: z.enum(MESSAGE_STATUSES) });

export const clockSchema = z.object({
	advanceMs: z.number().nonnegative().optional(),
	set: z.string().datetime({ offset: true }).optional(),
	frozen: z.boolean().optional(),
});
export type ClockRequest = z.input<typeof clockSchema>;

export const faultSchema = z.object({
	target: z.enum(FAULT_TARGETS),
	kind: z.enum(FAULT_KINDS),
	count: z.number().int().positive().default(1),
});

export const outboundConfigSchema = z.object({
	url: z.string().optional(),
	enabled: z.boolean().optional(),
	aggregationHours: z
		.number()
		.refine((hours): hours is (typeof AGGREGATION_SETTINGS)[number] => (AGGREGATION_SETTINGS as readonly number[]).includes(hours), {
			message: 'aggregationHours must be 0 (don\'t aggregate), 1, 6, 12 or 24',
		})
		.optional(),
});
export type OutboundConfigRequest = z.input<typeof outboundConfigSchema>;

export const inboundConfigSchema = z.object({ enabled: z.boolean().optional(), rateLimits: z.array(rateLimitSchema).optional() });
export type InboundConfigRequest = z.input<typeof inboundConfigSchema>;

export const apiConfigSchema = z.object({ accessDenied: z.boolean().optional(), rateLimits: z.array(rateLimitSchema).optional() });
export type ApiConfigRequest = z.input<typeof apiConfigSchema>;

export const settingsSchema = z.object({
	gapMs: z.number().nonnegative().optional(),
	v2DeadlineMs: z.number().positive().optional(),
	legacyDeadlineMs: z.number().positive().optional(),
	slowFaultMs: z.number().nonnegative().optional(),
	latencyMs: z.number().int().nonnegative().optional(),
	chatEventNames: z.enum(['current', 'former']).optional(),
	apiRateLimit: z.boolean().optional(),
	inboundIpRateLimit: z.boolean().optional(),
	timezoneOffsetMinutes: z.number().int().min(-720).max(840).optional(),
});
export type SettingsRequest = z.input<typeof settingsSchema>;

export const creditsSchema = z.object({
	quota: z.number().int().nonnegative().optional(),
	remaining: z.number().int().nonnegative().optional(),
});

export const phoneSchema = z.object({ phone: z.string(), onWhatsapp: z.boolean() });

export const waitSchema = z.object({ timeoutMs: z.number().positive().default(10_000) });
