import { z } from 'zod';

/** The inbound webhook ("send a message"): what we POST to the workspace's secret URL. */

const RECIPIENT_FIELDS = ['chat_id', 'jid', 'phone', 'chat_name'] as const;
export type RecipientField = (typeof RECIPIENT_FIELDS)[number];

/** The key really has spaces in it. */
export const SENDER_ACCOUNT_KEY = 'whatsapp account phone';

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

/** Field shapes only; the cross-field rules live in `inboundSendRequestSchema`. */
const inboundSendFieldsSchema = z.object({
	action: z.literal('send'),
	text: z.string(),
	file_url: z.string().optional(),
	file_name: z.string().optional(),
	chat_id: z.union([z.string(), z.number()]).optional(),
	jid: z.string().optional(),
	phone: z.string().optional(),
	chat_name: z.string().optional(),
	[SENDER_ACCOUNT_KEY]: z.string().optional(),
});

export type InboundSendRequest = z.infer<typeof inboundSendFieldsSchema>;

function presentRecipientFields(body: Partial<Record<RecipientField, unknown>>): RecipientField[] {
	return RECIPIENT_FIELDS.filter((field) => body[field] !== undefined && body[field] !== '');
}

/** The rules the spec states for one request, as TimelinesAI applies them. */
export const inboundSendRequestSchema = inboundSendFieldsSchema.superRefine((body, ctx) => {
	const recipients = presentRecipientFields(body);
	if (recipients.length !== 1) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: recipients.length === 0 ? [] : [recipients[1]],
			message:
				recipients.length === 0
					? `One recipient field is required: ${RECIPIENT_FIELDS.join(', ')}`
					: `Only one recipient field is allowed, got ${recipients.join(', ')}`,
		});
	}
	const hasFile = body.file_url !== undefined && body.file_url !== '';
	if (body.text === '' && !hasFile) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['text'], message: 'text may be empty only when a file is sent' });
	}
	if (hasFile && !body.file_name) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['file_name'], message: 'file_name is required with file_url' });
	}
});

export const inboundSuccessResponseSchema = z.object({
	status: z.literal('success'),
	data: z.object({ message_id: z.string() }),
});

export function creditsFor(body: Pick<InboundSendRequest, 'text' | 'file_url'>): 1 | 2 {
	return body.text !== '' && body.file_url ? 2 : 1;
}
