import { z } from 'zod';

/** Shapes shared by both generations of outbound webhooks. */

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

/** The account that sent or received, as outbound payloads describe it. */
export const outboundAccountSchema = z.object({
	full_name: z.string(),
	email: z.string(),
	phone: z.string(),
});
export type OutboundAccount = z.infer<typeof outboundAccountSchema>;
