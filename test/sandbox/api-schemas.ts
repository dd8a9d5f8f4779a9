import { z } from 'zod';

import { anyWebhookEventTypeSchema } from '../../nodes/TimelinesAi/protocol';

/** Public-API shapes only the sandbox needs: request bodies of endpoints the nodes never call, and the error envelope. */

export const apiErrorSchema = z.object({
	status: z.literal('error'),
	message: z.string(),
	error_code: z.string().optional(),
});

/** Real clients send extra fields (an `id`, say): they are ignored, not rejected. */
export const createWebhookRequestSchema = z.object({
	event_type: anyWebhookEventTypeSchema,
	url: z.string().url(),
	enabled: z.boolean().default(true),
});
export const updateWebhookRequestSchema = createWebhookRequestSchema.partial();

export const createFileFromUrlRequestSchema = z.object({
	download_url: z.string().url(),
	filename: z.string().optional(),
	content_type: z.string().optional(),
});

export const sendMessageRequestSchema = z.object({
	phone: z.string().optional(),
	whatsapp_account_phone: z.string().optional(),
	text: z.string().optional(),
	file_uid: z.string().optional(),
});
export const sendChatMessageRequestSchema = sendMessageRequestSchema.pick({ text: true, file_uid: true });
