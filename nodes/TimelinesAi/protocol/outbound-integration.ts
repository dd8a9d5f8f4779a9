import { z } from 'zod';

import { attachmentSchema, directionSchema, outboundAccountSchema, personSchema } from './common';

/** The workspace "Outbound" integration set up in TimelinesAI's UI: single messages or per-chat bundles. */

const legacyChatSchema = z.object({
	full_name: z.string(),
	responsible_name: z.string(),
	responsible_email: z.string(),
	chat_url: z.string(),
	chat_id: z.string(),
	is_new_chat: z.boolean(),
	is_group: z.boolean(),
	phone: z.string(),
});
export type LegacyChat = z.infer<typeof legacyChatSchema>;

/** `message_id` is the unique id in single deliveries but unused (may repeat or be empty) in bundles. */
const legacyMessageSchema = z.object({
	direction: directionSchema,
	timestamp: z.string(),
	message_id: z.string(),
	message_uid: z.string().optional(),
	sender: personSchema,
	recipient: personSchema,
	text: z.string(),
	attachment: attachmentSchema.optional(),
});
export type LegacyMessage = z.infer<typeof legacyMessageSchema>;

export const legacyBundleSchema = z.object({
	whatsapp_account: outboundAccountSchema,
	chat: legacyChatSchema,
	messages: z.array(legacyMessageSchema),
	first_message_timestamp: z.string(),
	last_message_timestamp: z.string(),
	aggregation: z.string(),
});
export type LegacyBundle = z.infer<typeof legacyBundleSchema>;

export const legacySingleSchema = z.object({
	whatsapp_account: outboundAccountSchema,
	chat: legacyChatSchema,
	message: legacyMessageSchema,
});
export type LegacySingle = z.infer<typeof legacySingleSchema>;
