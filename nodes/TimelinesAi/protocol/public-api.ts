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

const apiWhatsappAccountSchema = whatsappAccountSchema.extend({ connected_on: z.string() });
export type WhatsappAccount = z.infer<typeof apiWhatsappAccountSchema>;
export const whatsappAccountsDataSchema = z.object({ whatsapp_accounts: z.array(apiWhatsappAccountSchema) });

const apiChatSchema = z.object({
	id: z.number().int(),
	name: z.string(),
	jid: z.string(),
	// null for groups (public-api.md); direct chats have one.
	phone: z.string().nullable(),
	is_group: z.boolean(),
	whatsapp_account_id: z.string(),
	chat_url: z.string(),
});
export type ApiChat = z.infer<typeof apiChatSchema>;
/** `GET /chats?name=...&page=N`: one page (pages count from 1); `name` matches part of the chat's name. */
export const chatsPageSchema = z.object({ has_more_pages: z.boolean(), chats: z.array(apiChatSchema) });
export type ChatsPage = z.infer<typeof chatsPageSchema>;

/** The spec documents Sent, Delivered and Read; a message that never left is Pending or Failed. */
export const MESSAGE_STATUSES = ['Pending', 'Sent', 'Delivered', 'Read', 'Failed'] as const;
const messageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

const statusHistoryEntrySchema = z.object({ status: messageStatusSchema, timestamp: z.string() });
export type StatusHistoryEntry = z.infer<typeof statusHistoryEntrySchema>;
/** `GET /messages/{uid}/status_history`: oldest first. */
export const statusHistorySchema = z.array(statusHistoryEntrySchema);

/** `GET /messages/{uid}`: the spec documents only `status`; the other fields are the sandbox's choice. */
export const messageDetailsSchema = z
	.object({
		message_uid: z.string(),
		chat_id: z.number().int().nullable(),
		whatsapp_account_phone: z.string(),
		direction: directionSchema,
		origin: z.string(),
		text: z.string(),
		timestamp: z.string(),
		status: messageStatusSchema,
		/** Why a message failed, e.g. "File is corrupted". */
		error: z.string().nullable(),
		attachments: z.array(attachmentSchema),
	})
	.passthrough();
export type MessageDetails = z.infer<typeof messageDetailsSchema>;

// Send: finding out whether an earlier try's message reached a chat

/** One message of `GET /chats/{chat_id}/messages`: only what tells a sent message apart is required. */
const chatMessageSchema = z
	.object({ uid: z.string().optional(), message_uid: z.string().optional(), text: z.string().nullable().optional(), from_me: z.boolean().optional() })
	.passthrough();
export type ChatMessage = z.infer<typeof chatMessageSchema>;
/** `GET /chats/{chat_id}/messages`: one page, newest first unless asked otherwise. */
export const chatMessagesPageSchema = z.object({ has_more_pages: z.boolean(), messages: z.array(chatMessageSchema) });
