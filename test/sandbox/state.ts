import type {
	AnyEventType,
	Direction,
	LegacyBundle,
	LegacySingle,
	MessageStatus,
	StatusHistoryEntry,
	Webhook,
	WhatsappAccount,
} from './spec-schemas';
import {
	FIRST_NEW_CHAT_ID,
	SEEDED_ACCOUNTS,
	SEEDED_CHATS,
	SEEDED_LABELS,
	SEEDED_NOT_ON_WHATSAPP,
	SEEDED_TEAMMATES,
	type Chat,
	type WorkspaceTeammate,
} from './workspace';

/** Everything the sandbox knows about its one workspace. Plain data: engines and routes change it. */

/** The Outbound integration's bundle periods; 0 is "Don't aggregate". */
export const AGGREGATION_PERIODS_HOURS = [1, 6, 12, 24] as const;
export const AGGREGATION_SETTINGS = [0, ...AGGREGATION_PERIODS_HOURS] as const;
export type AggregationHours = (typeof AGGREGATION_SETTINGS)[number];

export interface StoredFile {
	uid: string;
	filename: string;
	size: number;
	mimetype: string;
	data: Buffer;
	uploadedAt: string;
	uploadedByEmail: string;
}

export interface SandboxMessage {
	uid: string;
	/** What the inbound webhook answers: `wa_backend:<20 hex>`. */
	messageId: string;
	direction: Direction;
	origin: string;
	via: 'inbound' | 'api' | 'simulated';
	text: string;
	accountId: string;
	/** Null while a send by phone or JID waits in the queue: the chat is found or created when it leaves. */
	chatId: number | null;
	targetPhone?: string;
	fileUrl?: string;
	fileName?: string;
	/** The attachment as stored once downloaded (or simulated). */
	fileUid?: string;
	/** Who wrote a received group message. */
	authorName?: string;
	/** The message this one answers (`reply_to`). */
	replyToUid?: string;
	/** A label to give the chat once a message sent by phone or JID has found (or created) it. */
	label?: string;
	/** Reactions by who reacted (a WhatsApp account's phone) to the emoji. */
	reactions?: Record<string, string>;
	credits: number;
	status: MessageStatus;
	statusHistory: StatusHistoryEntry[];
	failure?: string;
	createdAt: string;
	sentAt?: string;
}

export interface RateLimit {
	limit: number;
	windowMs: number;
}

export interface InboundAttempt {
	at: string;
	status: number;
	message: string;
	messageId?: string;
}

export interface InboundLogEntry {
	at: string;
	request: string;
	response: { status: number; body: unknown };
}

export interface LegacyDelivery {
	at: string;
	kind: 'single' | 'bundle';
	url: string;
	chatId: number;
	messageUids: string[];
	request: LegacySingle | LegacyBundle;
	status: number | null;
	responseBody: string;
	error?: string;
}

export interface V2Delivery {
	at: string;
	webhookId: number;
	/** The name it was delivered under (see `chatEventNames`). */
	eventType: AnyEventType;
	url: string;
	payload: unknown;
	status: number | null;
	responseBody: string;
	error?: string;
	durationMs: number;
}

export interface PendingBundle {
	dueAtMs: number;
	items: Array<{ uid: string; isNewChat: boolean }>;
}

export interface ChatNote {
	id: number;
	chatId: number;
	text: string;
	isPrivate: boolean;
	createdAt: string;
	createdByEmail: string;
}

export interface OwnerNotification {
	at: string;
	message: string;
}

export interface SandboxState {
	accounts: WhatsappAccount[];
	teammates: WorkspaceTeammate[];
	chats: Chat[];
	/** The workspace's label names. */
	labels: string[];
	notes: ChatNote[];
	nextNoteId: number;
	nextChatId: number;
	notOnWhatsapp: Set<string>;
	/** Workspace time zone of v2 message timestamps, in minutes east of UTC. */
	timezoneOffsetMinutes: number;
	credits: { quota: number; remaining: number; refunded: number };
	messages: SandboxMessage[];
	files: Map<string, StoredFile>;
	/** Temporary download links (valid 15 minutes of sandbox time) to stored files. */
	tmpLinks: Map<string, { fileUid: string; expiresAtMs: number }>;
	inbound: {
		token: string;
		enabled: boolean;
		rateLimits: RateLimit[];
		callTimes: number[];
		attempts: InboundAttempt[];
		log: InboundLogEntry[];
	};
	api: {
		accessDenied: boolean;
		rateLimits: RateLimit[];
		callTimes: number[];
		/** API calls served this period (`api_calls_quota.used`). */
		calls: number;
		/** 429 answers given because a rate limit was reached (injected faults not counted). */
		rateLimited: number;
		/** Per client IP: when the 30-a-second limit takes the next request without queueing it (real ms). */
		nextFreeMsByIp: Map<string, number>;
		/** API requests received and not yet answered (latency included), and the most there were at once. */
		inFlight: number;
		peakInFlight: number;
	};
	legacy: {
		url: string;
		enabled: boolean;
		aggregationHours: AggregationHours;
		consecutiveErrors: number;
		activity: LegacyDelivery[];
		log: LegacyDelivery[];
		ownerNotifications: OwnerNotification[];
		/** Per chat, the messages waiting for the end of the aggregation period. */
		pendingBundles: Map<number, PendingBundle>;
	};
	webhooks: Webhook[];
	/** `POST /webhooks` of the same event type and URL restores a deleted webhook, with its id. */
	deletedWebhooks: Webhook[];
	nextWebhookId: number;
	v2Deliveries: V2Delivery[];
	v2OwnerNotifications: OwnerNotification[];
}

export const DEFAULT_CREDITS = 1000;

export function createState(inboundToken: string): SandboxState {
	return {
		accounts: SEEDED_ACCOUNTS.map((account) => ({ ...account })),
		teammates: SEEDED_TEAMMATES.map((teammate) => ({ ...teammate })),
		chats: SEEDED_CHATS.map((chat) => ({ ...chat, labels: [...chat.labels], members: [...chat.members] })),
		labels: [...SEEDED_LABELS],
		notes: [],
		nextNoteId: 1,
		nextChatId: FIRST_NEW_CHAT_ID,
		notOnWhatsapp: new Set(SEEDED_NOT_ON_WHATSAPP),
		timezoneOffsetMinutes: 0,
		credits: { quota: DEFAULT_CREDITS, remaining: DEFAULT_CREDITS, refunded: 0 },
		messages: [],
		files: new Map(),
		tmpLinks: new Map(),
		inbound: { token: inboundToken, enabled: true, rateLimits: [], callTimes: [], attempts: [], log: [] },
		api: { accessDenied: false, rateLimits: [], callTimes: [], calls: 0, rateLimited: 0, nextFreeMsByIp: new Map(), inFlight: 0, peakInFlight: 0 },
		legacy: {
			url: '',
			enabled: false,
			aggregationHours: 0,
			consecutiveErrors: 0,
			activity: [],
			log: [],
			ownerNotifications: [],
			pendingBundles: new Map(),
		},
		webhooks: [],
		deletedWebhooks: [],
		nextWebhookId: 789456,
		v2Deliveries: [],
		v2OwnerNotifications: [],
	};
}

/** Adds to the front of a newest-first list and keeps at most `max` entries. */
export function pushNewest<T>(list: T[], item: T, max: number): void {
	list.unshift(item);
	if (list.length > max) list.length = max;
}

export function defaultSender(state: SandboxState): WhatsappAccount | undefined {
	return state.accounts
		.filter((account) => account.status === 'active')
		.sort((a, b) => b.connected_on.localeCompare(a.connected_on))[0];
}

export function accountById(state: SandboxState, id: string): WhatsappAccount {
	const account = state.accounts.find((candidate) => candidate.id === id);
	if (!account) throw new Error(`Sandbox inconsistency: no account ${id}`);
	return account;
}

export function chatById(state: SandboxState, id: number): Chat | undefined {
	return state.chats.find((chat) => chat.id === id);
}

export function setStatus(message: SandboxMessage, status: MessageStatus, at: Date): void {
	message.status = status;
	message.statusHistory.push({ status, timestamp: at.toISOString() });
}

/**
 * Checks a call against rate limits and records it when allowed.
 * Returns the seconds to wait when a limit is reached.
 */
export function takeRateLimit(limits: RateLimit[], callTimes: number[], nowMs: number): number | null {
	const longest = Math.max(0, ...limits.map((limit) => limit.windowMs));
	while (callTimes.length && callTimes[0] <= nowMs - longest) callTimes.shift();
	for (const { limit, windowMs } of limits) {
		const inWindow = callTimes.filter((at) => at > nowMs - windowMs);
		if (inWindow.length >= limit) return Math.max(1, Math.ceil((inWindow[0] + windowMs - nowMs) / 1000));
	}
	callTimes.push(nowMs);
	return null;
}
