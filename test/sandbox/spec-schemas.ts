import { z } from 'zod';

/**
 * The sandbox's own reading of the TimelinesAI protocol (the spec's inbound-webhook.md, outbound-webhook.md,
 * public-api.md and its fixtures), written apart from the nodes' code on purpose: a node that drifts from the
 * protocol must meet a sandbox that refuses it, not one that shares its mistake.
 */

// ---- Shared shapes ----

export const DIRECTIONS = ['received', 'sent'] as const;
export const directionSchema = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof directionSchema>;

/** `sender` / `recipient` of a message: phones are empty in group chats. */
export const personSchema = z.object({ full_name: z.string(), phone: z.string() });
export type Person = z.infer<typeof personSchema>;

/** A file as messages and uploads describe it; the download link works for 15 minutes. */
export const attachmentSchema = z.object({
	temporary_download_url: z.string(),
	filename: z.string(),
	size: z.number().int().nonnegative(),
	mimetype: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** The account in message payloads: the phone and the teammate who owns it. */
export const outboundAccountSchema = z.object({ full_name: z.string(), email: z.string(), phone: z.string() });
export type OutboundAccount = z.infer<typeof outboundAccountSchema>;

/** A connected account as chat and account events describe it. */
export const eventAccountSchema = z.object({
	id: z.string(),
	phone: z.string(),
	status: z.string(),
	account_name: z.string(),
	owner_name: z.string(),
	owner_email: z.string(),
});
export type EventAccount = z.infer<typeof eventAccountSchema>;

/** `GET /whatsapp_accounts` adds when it was connected (the latest active one is the default sender). */
export const whatsappAccountSchema = eventAccountSchema.extend({ connected_on: z.string() });
export type WhatsappAccount = z.infer<typeof whatsappAccountSchema>;

// ---- Inbound webhook (inbound-webhook.md) ----

export const INBOUND_RECIPIENT_FIELDS = ['chat_id', 'jid', 'phone', 'chat_name'] as const;
export type InboundRecipientField = (typeof INBOUND_RECIPIENT_FIELDS)[number];

/** The key really has spaces in it. */
export const SENDER_ACCOUNT_KEY = 'whatsapp account phone';

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

/** The documented fields and their types; unknown fields are ignored. The cross-field rules follow. */
const inboundFieldsSchema = z.object({
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
export type InboundSendRequest = z.infer<typeof inboundFieldsSchema>;

/** An empty recipient field counts as not given. */
export function givenRecipientFields(body: Partial<Record<InboundRecipientField, unknown>>): InboundRecipientField[] {
	return INBOUND_RECIPIENT_FIELDS.filter((field) => body[field] !== undefined && body[field] !== '');
}

export function hasFile(body: Pick<InboundSendRequest, 'file_url'>): boolean {
	return body.file_url !== undefined && body.file_url !== '';
}

/** "Exactly one recipient field", "`text` may be empty only when a file is given", "`file_name` when `file_url` is given". */
export const inboundSendRequestSchema = inboundFieldsSchema.superRefine((body, ctx) => {
	const recipients = givenRecipientFields(body);
	if (recipients.length === 0) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: [], message: `One recipient field is required: ${INBOUND_RECIPIENT_FIELDS.join(', ')}` });
	} else if (recipients.length > 1) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: [recipients[1]], message: `Only one recipient field is allowed, got ${recipients.join(', ')}` });
	}
	if (body.text === '' && !hasFile(body)) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['text'], message: 'text may be empty only when a file is sent' });
	}
	if (hasFile(body) && !body.file_name) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['file_name'], message: 'file_name is required with file_url' });
	}
});

/** 1 credit a message; 2 for non-empty text with an attachment. */
export function creditsFor(text: string, withFile: boolean): 1 | 2 {
	return text !== '' && withFile ? 2 : 1;
}

// ---- Outbound: the workspace "Outbound" integration (outbound-webhook.md §1) ----

const legacyChatSchema = z.object({
	full_name: z.string(),
	responsible_name: z.string(),
	responsible_email: z.string(),
	chat_url: z.string(),
	/** A string here, an integer in v2 payloads. */
	chat_id: z.string(),
	is_new_chat: z.boolean(),
	is_group: z.boolean(),
	phone: z.string(),
});
export type LegacyChat = z.infer<typeof legacyChatSchema>;

const legacyMessageSchema = z.object({
	direction: directionSchema,
	/** UTC, `2021-02-24T16:25:29+0000`. */
	timestamp: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/),
	message_id: z.string(),
	message_uid: z.string().optional(),
	sender: personSchema,
	recipient: personSchema,
	text: z.string(),
	attachment: attachmentSchema.optional(),
});
export type LegacyMessage = z.infer<typeof legacyMessageSchema>;

export const legacySingleSchema = z.object({
	whatsapp_account: outboundAccountSchema,
	chat: legacyChatSchema,
	message: legacyMessageSchema,
});
export type LegacySingle = z.infer<typeof legacySingleSchema>;

export const legacyBundleSchema = z.object({
	whatsapp_account: outboundAccountSchema,
	chat: legacyChatSchema,
	messages: z.array(legacyMessageSchema).min(1),
	first_message_timestamp: z.string(),
	last_message_timestamp: z.string(),
	aggregation: z.string(),
});
export type LegacyBundle = z.infer<typeof legacyBundleSchema>;

// ---- Outbound: public-API webhooks, "v2" (outbound-webhook.md §2) ----

export const MESSAGE_EVENT_TYPES = ['message:new', 'message:received:new', 'message:sent:new', 'message:reaction'] as const;
export const CHAT_EVENT_TYPES = [
	'chat:new',
	'chat:incoming:new',
	'chat:outgoing:new',
	'chat:responsible:assigned',
	'chat:responsible:unassigned',
] as const;
export const ACCOUNT_EVENT_TYPES = [
	'whatsapp:account:connected',
	'whatsapp:account:disconnected',
	'whatsapp:account:suspended',
	'whatsapp:account:resumed',
] as const;
export const CALL_EVENT_TYPES = ['call:incoming:missed', 'call:incoming:ended', 'call:outgoing:ended'] as const;
export const EVENT_TYPES = [...MESSAGE_EVENT_TYPES, ...CHAT_EVENT_TYPES, ...ACCOUNT_EVENT_TYPES, ...CALL_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];
export type AccountEventType = (typeof ACCOUNT_EVENT_TYPES)[number];
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];

/**
 * Not in the spec's list: the names older workspaces (and older TimelinesAI docs) still give chat events, in
 * deliveries and in their webhook lists. The sandbox plays such a workspace with `chatEventNames: 'former'`.
 */
export const FORMER_CHAT_EVENT_NAMES = {
	'chat:new': 'chat:created',
	'chat:incoming:new': 'chat:received:created',
	'chat:outgoing:new': 'chat:sent:created',
	'chat:responsible:assigned': 'chat:assigned',
	'chat:responsible:unassigned': 'chat:unassigned',
} as const satisfies Record<ChatEventType, string>;
export type FormerChatEventType = (typeof FORMER_CHAT_EVENT_NAMES)[ChatEventType];

export const anyEventTypeSchema = z.enum([...EVENT_TYPES, ...Object.values(FORMER_CHAT_EVENT_NAMES)] as [
	EventType | FormerChatEventType,
	...Array<EventType | FormerChatEventType>,
]);
export type AnyEventType = z.infer<typeof anyEventTypeSchema>;

/** Today's name of an event type given under either name. */
export function currentEventType(name: AnyEventType): EventType {
	const former = Object.entries(FORMER_CHAT_EVENT_NAMES).find(([, old]) => old === name);
	return former ? (former[0] as ChatEventType) : (name as EventType);
}

/** v2 message timestamps: `2024-01-08 10:35:18 +0200`, in the workspace's time zone, not ISO 8601. */
export const V2_TIMESTAMP_PATTERN = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/;

export const v2MessageEventSchema = z.object({
	event_type: z.enum(MESSAGE_EVENT_TYPES),
	chat: z.object({
		full_name: z.string(),
		chat_url: z.string(),
		chat_id: z.number().int(),
		is_group: z.boolean(),
		phone: z.string(),
		responsible_name: z.string().nullable(),
		responsible_email: z.string().nullable(),
	}),
	whatsapp_account: outboundAccountSchema,
	message: z.object({
		text: z.string(),
		direction: directionSchema,
		origin: z.string(),
		timestamp: z.string().regex(V2_TIMESTAMP_PATTERN),
		message_uid: z.string(),
		reply_to_uid: z.string().nullable(),
		sender: personSchema,
		recipient: personSchema,
		attachments: z.array(attachmentSchema),
	}),
});
export type V2MessageEvent = z.infer<typeof v2MessageEventSchema>;

export const v2ChatEventSchema = z.object({
	event_type: z.enum([...CHAT_EVENT_TYPES, ...Object.values(FORMER_CHAT_EVENT_NAMES)] as [string, ...string[]]),
	chat: z.object({
		id: z.number().int(),
		name: z.string(),
		phone: z.string(),
		jid: z.string(),
		is_group: z.boolean(),
		closed: z.boolean(),
		read: z.boolean(),
		labels: z.array(z.string()),
		chat_url: z.string(),
		created_timestamp: z.string().regex(V2_TIMESTAMP_PATTERN),
		responsible_name: z.string().nullable(),
		responsible_email: z.string().nullable(),
	}),
	whatsapp_account: eventAccountSchema,
});
export type V2ChatEvent = Omit<z.infer<typeof v2ChatEventSchema>, 'event_type'> & { event_type: ChatEventType | FormerChatEventType };

export const v2AccountEventSchema = z.object({ event_type: z.enum(ACCOUNT_EVENT_TYPES), whatsapp_account: eventAccountSchema });
export type V2AccountEvent = z.infer<typeof v2AccountEventSchema>;

/**
 * Call events. Not detailed in the spec; this is TimelinesAI's documented example (webhook reference, "call:incoming:missed"):
 * the chat in the newer shape (`chat_type` instead of `is_group`, `platform`), the account with its WID, and `call_details`.
 */
export const v2CallEventSchema = z.object({
	event_type: z.enum(CALL_EVENT_TYPES),
	chat: z.object({
		full_name: z.string(),
		chat_url: z.string(),
		chat_id: z.number().int(),
		chat_type: z.enum(['direct', 'group']),
		platform: z.literal('whatsapp'),
		phone: z.string(),
		responsible_name: z.string().nullable(),
		responsible_email: z.string().nullable(),
	}),
	whatsapp_account: outboundAccountSchema.extend({ whatsapp_account_wid: z.string() }),
	call_details: z.object({
		direction: z.enum(['incoming', 'outgoing']),
		is_video: z.boolean(),
		status: z.string(),
		timestamp: z.string().regex(V2_TIMESTAMP_PATTERN),
		message_uid: z.string(),
		caller: personSchema,
		recipient: personSchema,
		duration: z.number().int().nonnegative(),
	}),
});
export type V2CallEvent = z.infer<typeof v2CallEventSchema>;

// ---- Public REST API (public-api.md) ----

export const MAX_WEBHOOKS_PER_WORKSPACE = 10;

export function apiOkSchema<T extends z.ZodTypeAny>(data: T) {
	return z.object({ status: z.literal('ok'), data });
}

export const apiErrorSchema = z.object({ status: z.literal('error'), message: z.string(), error_code: z.string().optional() });

export const webhookSchema = z.object({
	id: z.number().int(),
	event_type: anyEventTypeSchema,
	url: z.string(),
	enabled: z.boolean(),
	errors_counter: z.number().int().nonnegative(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const uploadedFileSchema = attachmentSchema.extend({ uid: z.string(), uploaded_by_email: z.string(), uploaded_at: z.string() });
export type UploadedFile = z.infer<typeof uploadedFileSchema>;

export const whatsappAccountsDataSchema = z.object({ whatsapp_accounts: z.array(whatsappAccountSchema) });

const isoDateTime = z.string().datetime({ offset: true });

export const groupMemberSchema = z.object({ name: z.string(), phone: z.string().nullable() });

/** The chat object of `GET /chats` and `GET /chats/{id}` ("More of the public API"). */
export const apiChatSchema = z.object({
	id: z.number().int(),
	name: z.string(),
	/** null for groups. */
	phone: z.string().nullable(),
	jid: z.string(),
	is_group: z.boolean(),
	closed: z.boolean(),
	read: z.boolean(),
	labels: z.array(z.string()),
	chatgpt_autoresponse_enabled: z.boolean(),
	whatsapp_account_id: z.string(),
	responsible_email: z.string().nullable(),
	responsible_name: z.string().nullable(),
	chat_url: z.string(),
	created_timestamp: isoDateTime,
	last_message_uid: z.string().nullable(),
	last_message_timestamp: isoDateTime.nullable(),
	unattended: z.boolean(),
	photo: z.string().nullable(),
	group_members: z.array(groupMemberSchema).optional(),
});
export type ApiChat = z.infer<typeof apiChatSchema>;

/** Message statuses the spec names (`GET /messages/{uid}`). */
export const MESSAGE_STATUSES = ['Pending', 'Sending', 'Sent', 'Delivered', 'Read', 'Failed'] as const;
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export const statusHistoryEntrySchema = z.object({ status: messageStatusSchema, timestamp: z.string() });
export type StatusHistoryEntry = z.infer<typeof statusHistoryEntrySchema>;
export const statusHistorySchema = z.array(statusHistoryEntrySchema);

/**
 * `GET /messages/{uid}`: the spec's fields (`uid`, `timestamp`, sender and recipient, `from_me`, `status`, ...) and,
 * kept for clients written against the first sandbox, `message_uid`, `direction`, `error` and `attachments`.
 */
export const messageDetailsSchema = z.object({
	uid: z.string(),
	message_uid: z.string(),
	chat_id: z.number().int().nullable(),
	timestamp: z.string(),
	received_timestamp: z.string().nullable(),
	sender_phone: z.string(),
	sender_name: z.string(),
	recipient_phone: z.string(),
	recipient_name: z.string(),
	from_me: z.boolean(),
	whatsapp_account_phone: z.string(),
	direction: directionSchema,
	status: messageStatusSchema,
	origin: z.string(),
	has_attachment: z.boolean(),
	message_type: z.enum(['text', 'file']),
	text: z.string(),
	created_by: z.string().nullable(),
	reply_to_uid: z.string().nullable(),
	/** Why a message failed, e.g. "File is corrupted". */
	error: z.string().nullable(),
	attachments: z.array(attachmentSchema),
});
export type MessageDetails = z.infer<typeof messageDetailsSchema>;

export const chatsPageSchema = z.object({
	has_more_pages: z.boolean(),
	chats: z.array(apiChatSchema.extend({ last_message: messageDetailsSchema.nullable().optional() })),
});
export const chatMessagesPageSchema = z.object({ has_more_pages: z.boolean(), messages: z.array(messageDetailsSchema) });

/** `GET /messages/{uid}/reactions`: who reacted (a WhatsApp phone) to the emoji. */
export const reactionsSchema = z.record(z.string(), z.string());

export const MAX_LABEL_LENGTH = 64;
export const labelsDataSchema = z.object({ labels: z.array(z.string()) });

export const noteSchema = z.object({
	id: z.number().int(),
	chat_id: z.number().int(),
	text: z.string(),
	is_private: z.boolean(),
	created_at: isoDateTime,
	created_by_email: z.string(),
});
export type ApiNote = z.infer<typeof noteSchema>;

export const teammateSchema = z.object({ email: z.string(), name: z.string(), role: z.string() });
export const teammatesDataSchema = z.object({ teammates: z.array(teammateSchema) });

export const quotaSchema = z.object({ total: z.number().int(), used: z.number().int(), period_start: isoDateTime, period_end: isoDateTime });
export type Quota = z.infer<typeof quotaSchema>;
export const workspaceSchema = z.object({
	workspace_id: z.number().int(),
	display_name: z.string(),
	plan: z.string(),
	seats: quotaSchema,
	messaging_quota: quotaSchema,
	api_calls_quota: quotaSchema,
	non_recurring_quota: z.object({ remaining_balance: z.number().int(), last_updated_at: isoDateTime }),
});
export type Workspace = z.infer<typeof workspaceSchema>;

/** Request bodies: documented fields are type-checked, unknown ones ignored (real clients send extras). */
export const createWebhookRequestSchema = z.object({
	event_type: anyEventTypeSchema,
	url: z.string().url(),
	enabled: z.boolean().default(true),
});
export const updateWebhookRequestSchema = createWebhookRequestSchema.partial();

export const createFileFromUrlRequestSchema = z.object({
	download_url: z.string().url(),
	filename: z.string().optional(),
	content_type: z.string().optional(),
});

export const MAX_API_MESSAGE_TEXT = 2000;

export const sendMessageRequestSchema = z.object({
	phone: z.string().optional(),
	whatsapp_account_phone: z.string().optional(),
	text: z.string().optional(),
	file_uid: z.string().optional(),
	label: z.string().optional(),
});
export const sendChatMessageRequestSchema = z.object({
	text: z.string().max(MAX_API_MESSAGE_TEXT, `text is at most ${MAX_API_MESSAGE_TEXT} characters`).optional(),
	file_uid: z.string().optional(),
	label: z.string().optional(),
	reply_to: z.string().optional(),
});
export const sendToJidRequestSchema = z.object({
	jid: z.string().optional(),
	whatsapp_account_phone: z.string().optional(),
	text: z.string().max(MAX_API_MESSAGE_TEXT, `text is at most ${MAX_API_MESSAGE_TEXT} characters`).optional(),
	file_uid: z.string().optional(),
	label: z.string().optional(),
});

export const MAX_CHAT_NAME_LENGTH = 256;
const booleanField = (name: string) => z.boolean({ invalid_type_error: `${name} must be true or false` });
export const updateChatRequestSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'name may not be empty')
		.max(MAX_CHAT_NAME_LENGTH, `name is at most ${MAX_CHAT_NAME_LENGTH} characters`)
		.optional(),
	/** A teammate's email; "" unassigns. */
	responsible: z.string().optional(),
	closed: booleanField('closed').optional(),
	read: booleanField('read').optional(),
	chatgpt_autoresponse_enabled: booleanField('chatgpt_autoresponse_enabled').optional(),
});

export const labelsRequestSchema = z.object({
	labels: z.array(
		z.string().trim().min(1, 'a label may not be empty').max(MAX_LABEL_LENGTH, `a label is at most ${MAX_LABEL_LENGTH} characters`),
		{ required_error: 'labels is required: a list of label names' },
	),
});

export const MAX_NOTE_TEXT = 10_000;
export const noteRequestSchema = z.object({
	text: z
		.string({ required_error: 'text is required' })
		.min(1, 'text may not be empty')
		.max(MAX_NOTE_TEXT, `text is at most ${MAX_NOTE_TEXT} characters`),
	is_private: z.boolean().default(true),
});

export const reactionRequestSchema = z.object({ reaction: z.string({ required_error: 'reaction is required ("" clears it)' }) });
