import { z, type ZodTypeAny } from 'zod';

import { attachmentSchema, directionSchema, whatsappAccountSchema } from './common';
import { anyWebhookEventTypeSchema } from './api-webhooks';

/** The REST API subset we use. Every response is wrapped; clients judge by HTTP status and `status`. */

export { DEFAULT_API_BASE_URL } from './api-base-url';
export const MAX_WEBHOOKS_PER_WORKSPACE = 10;

export function apiOkSchema<T extends ZodTypeAny>(data: T) {
	return z.object({ status: z.literal('ok'), data });
}

/** Older workspaces list (and accept) chat events under their former names. */
export const webhookSchema = z.object({
	id: z.number().int(),
	event_type: anyWebhookEventTypeSchema,
	url: z.string(),
	enabled: z.boolean(),
	errors_counter: z.number().int(),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** An uploaded file is described like a message attachment, plus who uploaded it and when. */
export const uploadedFileSchema = attachmentSchema.extend({
	uid: z.string(),
	size: z.number().int(),
	uploaded_by_email: z.string(),
	uploaded_at: z.string(),
});
export type UploadedFile = z.infer<typeof uploadedFileSchema>;

/** Fields the spec does not list are kept as they come (it says to ignore unknown fields), for the output items. */
const anyJson = z.any();

// WhatsApp Account

/** `GET /whatsapp_accounts`: every connected account; fields the spec does not list are kept for the output. */
const apiWhatsappAccountSchema = whatsappAccountSchema.extend({ connected_on: z.string() }).catchall(anyJson);
export type WhatsappAccount = z.infer<typeof apiWhatsappAccountSchema>;
export const whatsappAccountsDataSchema = z.object({ whatsapp_accounts: z.array(apiWhatsappAccountSchema) });

// Chat

/**
 * The chat object ("More of the public API"). What the first API subset listed is required; the CRM fields are
 * optional and undocumented ones kept as they come, so a chat from an older TimelinesAI still reads.
 */
export const apiChatSchema = z
	.object({
		id: z.number().int(),
		name: z.string(),
		jid: z.string(),
		// null for groups (public-api.md); direct chats have one.
		phone: z.string().nullable(),
		is_group: z.boolean(),
		whatsapp_account_id: z.string(),
		chat_url: z.string(),
		closed: z.boolean().optional(),
		read: z.boolean().optional(),
		labels: z.array(z.string()).optional(),
		/** The chat's AI Agent switch. */
		chatgpt_autoresponse_enabled: z.boolean().optional(),
		responsible_email: z.string().nullable().optional(),
		responsible_name: z.string().nullable().optional(),
		created_timestamp: z.string().nullable().optional(),
		last_message_uid: z.string().nullable().optional(),
		last_message_timestamp: z.string().nullable().optional(),
		/** The last message is the contact's and nobody answered it yet. */
		unattended: z.boolean().optional(),
		photo: z.string().nullable().optional(),
		group_members: z.array(z.object({}).catchall(anyJson)).optional(),
		/** With `with_msg`: the chat's last message, as `GET /messages/{uid}` describes it. */
		last_message: z.object({}).catchall(anyJson).nullable().optional(),
	})
	.catchall(anyJson);
export type ApiChat = z.infer<typeof apiChatSchema>;
/** `GET /chats?name=...&page=N`: one page of 50 (pages count from 1); every filter is optional. */
export const chatsPageSchema = z.object({ has_more_pages: z.boolean(), chats: z.array(apiChatSchema) });
export type ChatsPage = z.infer<typeof chatsPageSchema>;

/** `PATCH /chats/{id}`: any of these; `responsible: ""` unassigns. */
export interface ChatUpdate {
	name?: string;
	responsible?: string;
	closed?: boolean;
	read?: boolean;
	chatgpt_autoresponse_enabled?: boolean;
}
export const MAX_CHAT_NAME_LENGTH = 256;

// Teammate

/** `GET /workspace/teammates`: email, name, role and whatever else TimelinesAI adds. */
const teammateSchema = z.object({ email: z.string(), name: z.string().nullable().optional(), role: z.string().optional() }).catchall(anyJson);
export type Teammate = z.infer<typeof teammateSchema>;
export const teammatesDataSchema = z.object({ teammates: z.array(teammateSchema) });

// Workspace

/** A quota of `GET /workspace` (seats, messages, API calls), for the current period. */
const quotaSchema = z
	.object({ total: z.number().nullable().optional(), used: z.number().nullable().optional(), period_start: z.string().nullable().optional(), period_end: z.string().nullable().optional() })
	.catchall(anyJson);
export type Quota = z.infer<typeof quotaSchema>;
export const workspaceSchema = z
	.object({
		workspace_id: z.union([z.string(), z.number()]).optional(),
		display_name: z.string().optional(),
		plan: z.string().optional(),
		seats: quotaSchema.optional(),
		messaging_quota: quotaSchema.optional(),
		api_calls_quota: quotaSchema.optional(),
		non_recurring_quota: z.object({ remaining_balance: z.number().nullable().optional(), last_updated_at: z.string().nullable().optional() }).catchall(anyJson).optional(),
	})
	.catchall(anyJson);
export type Workspace = z.infer<typeof workspaceSchema>;

// Messages (Message → Get, Get Status, Reply, React)

/** The statuses public-api.md lists for `GET /messages/{uid}`. */
export const MESSAGE_STATUSES = ['Pending', 'Sending', 'Sent', 'Delivered', 'Read', 'Failed'] as const;
const messageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

const statusHistoryEntrySchema = z.object({ status: messageStatusSchema, timestamp: z.string() });
export type StatusHistoryEntry = z.infer<typeof statusHistoryEntrySchema>;
/** `GET /messages/{uid}/status_history`: oldest first. */
export const statusHistorySchema = z.array(statusHistoryEntrySchema);

/**
 * `GET /messages/{uid}`: public-api.md lists `uid`, `chat_id`, `timestamp`, `status`, the sender and recipient, `from_me`,
 * `origin`, `text`, … ("…": more may come). Only `chat_id` (Send reads it back) and `status` are relied on.
 */
export const messageDetailsSchema = z
	.object({
		uid: z.string().optional(),
		message_uid: z.string().optional(),
		chat_id: z.number().int().nullable(),
		status: messageStatusSchema,
		timestamp: z.string().optional(),
		text: z.string().nullable().optional(),
		from_me: z.boolean().optional(),
		direction: directionSchema.optional(),
		origin: z.string().nullable().optional(),
		/** Why a message failed, e.g. "File is corrupted". */
		error: z.string().nullable().optional(),
		attachments: z.array(attachmentSchema).optional(),
	})
	.passthrough();
export type MessageDetails = z.infer<typeof messageDetailsSchema>;

/** The most characters a message sent through the public API may have (counted as JavaScript does: an emoji may count as 2, so never more than allowed). */
export const MAX_MESSAGE_TEXT_LENGTH = 2000;

/** `POST /chats/{chat_id}/messages` (and the other sends): accepted for sending later, not sent yet. */
export const queuedMessageSchema = z.object({ message_uid: z.string() }).passthrough();

/**
 * `PATCH /messages/{uid}/reactions`: the spec does not say what it answers; `GET` answers the reactions map (who → emoji).
 * Anything else is ignored rather than failing a reaction that was set.
 */
export const reactionsAnswerSchema = z.record(z.string()).optional().catch(undefined);

// Chat labels, notes and messages (Chat → Add Labels, Set Labels, Get Labels, Add Note, Get Messages)

/** The most characters a label may have (public-api.md "Labels"). */
export const MAX_LABEL_LENGTH = 64;
/** The most characters a note's text may have. */
export const MAX_NOTE_TEXT_LENGTH = 10_000;

/** `GET /chats/{id}/labels`; the spec does not say what `PUT`/`POST` answer, so their `data` is read with `.safeParse`. */
export const chatLabelsSchema = z.object({ labels: z.array(z.string()) }).passthrough();

/** `POST /chats/{id}/notes`: the answer is undocumented (read with `.safeParse`); whatever object comes is handed on. */
export const chatNoteSchema = z.object({ id: z.number().optional(), text: z.string().optional(), is_private: z.boolean().optional() }).passthrough();

/** A message of `GET /chats/{id}/messages`: the fields of `GET /messages/{uid}`, all of them handed on. */
const chatMessageSchema = z
	.object({ uid: z.string().optional(), message_uid: z.string().optional(), timestamp: z.string().nullish(), text: z.string().nullable().optional(), from_me: z.boolean().optional() })
	.passthrough();
export type ChatMessage = z.infer<typeof chatMessageSchema>;
/** One page (50 messages) of a chat's history; pages count from 1. */
export const chatMessagesPageSchema = z.object({ has_more_pages: z.boolean(), messages: z.array(chatMessageSchema) }).passthrough();
