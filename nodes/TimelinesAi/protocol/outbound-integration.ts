import { z } from 'zod';

import { attachmentSchema, directionSchema, outboundAccountSchema, personSchema } from './common';

/** The workspace "Outbound" integration set up in TimelinesAI's UI: single messages or per-chat bundles. */

const integrationChatSchema = z.object({
	full_name: z.string(),
	responsible_name: z.string(),
	responsible_email: z.string(),
	chat_url: z.string(),
	chat_id: z.string(),
	is_new_chat: z.boolean(),
	is_group: z.boolean(),
	phone: z.string(),
});
export type IntegrationChat = z.infer<typeof integrationChatSchema>;

/** `message_id` is the unique id in single deliveries but unused (may repeat or be empty) in bundles. */
const integrationMessageSchema = z.object({
	direction: directionSchema,
	timestamp: z.string(),
	message_id: z.string(),
	message_uid: z.string().optional(),
	sender: personSchema,
	recipient: personSchema,
	text: z.string(),
	attachment: attachmentSchema.optional(),
});
export type IntegrationMessage = z.infer<typeof integrationMessageSchema>;

export const integrationBundleSchema = z.object({
	whatsapp_account: outboundAccountSchema,
	chat: integrationChatSchema,
	messages: z.array(integrationMessageSchema),
	first_message_timestamp: z.string(),
	last_message_timestamp: z.string(),
	aggregation: z.string(),
});
export type IntegrationBundle = z.infer<typeof integrationBundleSchema>;

export const integrationSingleSchema = z.object({
	whatsapp_account: outboundAccountSchema,
	chat: integrationChatSchema,
	message: integrationMessageSchema,
});
export type IntegrationSingle = z.infer<typeof integrationSingleSchema>;
