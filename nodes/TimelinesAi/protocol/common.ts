import { z } from 'zod';

/** Shapes shared by the outbound webhooks of both generations and the public API. */

const DIRECTIONS = ['received', 'sent'] as const;
export const directionSchema = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof directionSchema>;

export const personSchema = z.object({
	full_name: z.string(),
	phone: z.string(),
});
export type Person = z.infer<typeof personSchema>;

export const attachmentSchema = z.object({
	temporary_download_url: z.string(),
	filename: z.string(),
	size: z.number(),
	mimetype: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** A connected WhatsApp account as the public API and chat and account events describe it. */
export const whatsappAccountSchema = z.object({
	id: z.string(),
	phone: z.string(),
	status: z.string(),
	account_name: z.string(),
	owner_name: z.string(),
	owner_email: z.string(),
});

/** The account that sent or received, as message payloads describe it (unlike `whatsappAccountSchema`). */
export const outboundAccountSchema = z.object({
	full_name: z.string(),
	email: z.string(),
	phone: z.string(),
});
export type OutboundAccount = z.infer<typeof outboundAccountSchema>;
