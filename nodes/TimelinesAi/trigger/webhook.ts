import { createHash, randomUUID, timingSafeEqual } from 'crypto';
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { Direction } from '../protocol';
import { redactString } from '../shared/http';
import { downloadAttachments, type DownloadOptions } from './downloads';
import {
	ANY_MESSAGE_EVENT,
	BUNDLE_EVENT,
	classifyDelivery,
	isMessageEvent,
	MESSAGE_EVENT_BY_DIRECTION,
	REACTION_EVENT,
	toItems,
	type BundleItem,
	type ItemAttachment,
	type ItemMessage,
	type OutputItem,
	type TriggerItem,
} from './item';
import { chosenEvents, DEFAULT_BINARY_PREFIX, DEFAULT_DEDUP_WINDOW, DEFAULT_MAX_ATTACHMENT_MB, setupOf, type Setup } from './fields';
import { MANUAL_SECRET_PARAMETER, SECRET_PARAMETER, type RegistrationState } from './secret';

/** The node answered on the HTTP response itself; n8n must not answer again. */
const ANSWERED: IWebhookResponseData = { noWebhookResponse: true };

const REFUSAL = { status: 'error', message: 'Missing or wrong secret in the URL' };

function attachmentsOf(item: OutputItem): ItemAttachment[] {
	return 'messages' in item ? item.messages.flatMap((message) => message.attachments) : item.attachments;
}

async function toExecutionItems(ctx: IWebhookFunctions, outputs: OutputItem[], config: TriggerConfig, raw: unknown) {
	const binaries = config.download ? await downloadAttachments(ctx, outputs.map(attachmentsOf), config.download) : [];
	return outputs.map((item, index): INodeExecutionData => {
		const json = (config.includeRaw ? { ...item, raw } : item) as unknown as IDataObject;
		const binary = binaries[index] ?? {};
		return Object.keys(binary).length > 0 ? { json, binary } : { json };
	});
}

// Filters

export type DirectionFilter = Direction | 'both';
export type ChatKindFilter = 'direct' | 'group' | 'both';

export interface ItemFilters {
	/** Undefined: every event passes (manual setup, where TimelinesAI decides what is sent). */
	events?: string[];
	direction: DirectionFilter;
	chatKind: ChatKindFilter;
}

/** "Any message" and "message received/sent" describe the same messages, so either choice lets both through. */
function eventSelected(item: TriggerItem, events: string[]): boolean {
	if (events.includes(item.event)) return true;
	const directional = item.direction ? MESSAGE_EVENT_BY_DIRECTION[item.direction] : undefined;
	if (item.event === ANY_MESSAGE_EVENT) return directional !== undefined && events.includes(directional);
	return events.includes(ANY_MESSAGE_EVENT) && directional === item.event;
}

/** Direction only concerns messages; chat, account and call events pass it. */
function directionMatches(item: TriggerItem, direction: DirectionFilter): boolean {
	return direction === 'both' || !isMessageEvent(item.event) || item.direction === direction;
}

/** Chat kind only concerns items that have a chat; account events pass it. */
function chatKindMatches(item: TriggerItem, chatKind: ChatKindFilter): boolean {
	if (chatKind === 'both' || item.chat === null) return true;
	return item.chat.is_group === (chatKind === 'group');
}

export function passesFilters(item: TriggerItem, filters: ItemFilters): boolean {
	return (
		(filters.events === undefined || eventSelected(item, filters.events)) &&
		directionMatches(item, filters.direction) &&
		chatKindMatches(item, filters.chatKind)
	);
}

// Repeats: a message TimelinesAI delivers again (a retry, a bundle sent twice) starts no second execution.

/** The static-data key holding the most recent message keys, oldest first. */
const SEEN_KEY = 'seenMessages';
/** The static-data key naming this trigger's memory in each n8n process. */
const MEMORY_ID_KEY = 'seenMessagesMemory';

function person(value: TriggerItem['sender']): [string | null, string | null] | null {
	return value && [value.name, value.phone];
}

/**
 * Everything that tells one message apart when it has no uid: in a group, two members writing "ok" in the same
 * second differ only by sender (their phone is empty in groups, so the name counts). The temporary download link
 * is left out because a redelivery may carry a fresh one; the bundle's `message_id` because TimelinesAI calls it
 * unused in bundles, so nothing says it stays the same when a bundle is sent again.
 */
function fingerprint(item: TriggerItem): string {
	const attachments = item.attachments.map(({ filename, size, mimetype }) => [filename, size, mimetype]);
	const what = [
		item.message_uid,
		item.chat?.id ?? null,
		item.account?.phone ?? null,
		item.direction,
		item.timestamp,
		person(item.sender),
		person(item.recipient),
		item.text,
		attachments,
	];
	return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 32);
}

/**
 * A message's identity across repeated deliveries: its uid when the shape carries a trustworthy one,
 * else a fingerprint of what it says (bundles may lack `message_uid`, and their `message_id` repeats).
 * A reaction names the message reacted to, so it is told apart by what it says as well. Chat, account
 * and call events have no identity and are never treated as repeats.
 */
export function dedupKey(item: TriggerItem): string | null {
	if (!isMessageEvent(item.event)) return null;
	if (item.event === REACTION_EVENT) return `reaction:${fingerprint(item)}`;
	return item.message_uid ? `uid:${item.message_uid}` : `fp:${fingerprint(item)}`;
}

/**
 * The identities of one delivery's items. Two fingerprints that are still equal are two messages nothing tells
 * apart (one person sending the same text twice in a second): the second is numbered `#1`, the third `#2`, …
 * The numbering counts only equal messages, not the bundle position, so it stays the same when the bundle comes
 * again, even with other messages added before them. A uid is unique by itself: listed twice, it is one message.
 */
export function dedupKeys(items: TriggerItem[]): Array<string | null> {
	const occurrences = new Map<string, number>();
	return items.map((item) => {
		const key = dedupKey(item);
		if (key === null || key.startsWith('uid:')) return key;
		const earlier = occurrences.get(key) ?? 0;
		occurrences.set(key, earlier + 1);
		return earlier === 0 ? key : `${key}#${earlier}`;
	});
}

/** Recent keys, oldest first, forgetting the oldest first. */
class KeyWindow {
	private readonly keys = new Set<string>();

	/** `size`, or the largest delivery seen, so a large bundle is not pushed out by itself or by one beside it. */
	private capacity: number;

	constructor(readonly size: number) {
		this.capacity = size;
	}

	has(key: string): boolean {
		return this.keys.has(key);
	}

	/** Remembers `key` as the newest, for a delivery that has brought `deliverySize` keys so far. */
	add(key: string, deliverySize: number): void {
		this.capacity = Math.max(this.capacity, deliverySize);
		this.keys.delete(key);
		this.keys.add(key);
		for (const oldest of this.keys) {
			if (this.keys.size <= this.capacity) break;
			this.keys.delete(oldest);
		}
	}
}

/**
 * This n8n process's own memory of recent messages, per trigger. n8n reads static data from its database when a
 * delivery arrives and writes all of it back once the node is done, so deliveries handled at the same time miss each
 * other's messages, and the last write drops the others' keys. Deliveries reaching one process at the same time all
 * see this memory at once.
 */
const processMemory = new Map<string, KeyWindow>();
/** Triggers remembered per process; the longest unused is dropped first. */
const MAX_TRIGGERS_IN_PROCESS = 500;

function processWindow(scope: string, size: number): KeyWindow {
	let window = processMemory.get(scope);
	processMemory.delete(scope);
	if (!window || window.size !== size) window = new KeyWindow(size);
	processMemory.set(scope, window);
	if (processMemory.size > MAX_TRIGGERS_IN_PROCESS) processMemory.delete(processMemory.keys().next().value as string);
	return window;
}

/**
 * The keys of recently emitted messages, bounded to `window` keys: kept in the workflow's static data, so that a
 * redelivery after a restart or on another n8n process is still recognised, and in this process's memory, so that
 * deliveries handled at the same moment are. The process memory belongs to an id kept in the static data (fresh
 * static data, fresh memory) and to the execution mode (a test listener shares nothing with the active workflow).
 * Both hold at least every key of the current delivery, so a bundle larger than the window is still recognised
 * when it comes again.
 */
export class RecentMessages {
	private readonly stored: string[];

	private readonly known: Set<string>;

	private readonly inProcess: KeyWindow | undefined;

	/** This delivery's keys, each once, in order. */
	private readonly delivery = new Set<string>();

	constructor(
		private readonly staticData: IDataObject,
		private readonly window: number,
		mode = '',
	) {
		const stored = staticData[SEEN_KEY];
		this.stored = Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : [];
		this.known = new Set(this.stored);
		if (window <= 0) return;
		if (typeof staticData[MEMORY_ID_KEY] !== 'string') staticData[MEMORY_ID_KEY] = randomUUID();
		this.inProcess = processWindow(`${staticData[MEMORY_ID_KEY] as string}:${mode}`, window);
	}

	/** True when the key was seen before; otherwise remembers it. Items without identity (null) are always new. */
	isRepeat(key: string | null): boolean {
		if (key === null || !this.inProcess) return false;
		const repeat = this.known.has(key) || this.inProcess.has(key) || this.delivery.has(key);
		this.delivery.add(key);
		// Remembered at once, so a delivery handled at the same moment already sees it.
		this.inProcess.add(key, this.delivery.size);
		return repeat;
	}

	/**
	 * Writes the bounded list back, this delivery's keys as the newest, only when the delivery brought a key it lacks:
	 * n8n saves the workflow's static data to its database whenever a node assigned to it. A key only the process
	 * memory still had (lost to a restart's reload or an overlapping save) counts as lacking: the list learns it again.
	 */
	save(): void {
		if (!this.inProcess || [...this.delivery].every((key) => this.known.has(key))) return;
		const older = this.stored.filter((key) => !this.delivery.has(key));
		this.staticData[SEEN_KEY] = [...older, ...this.delivery].slice(-Math.max(this.window, this.delivery.size));
	}
}

/** Messages that pass the filters and were not delivered before; remembers the new ones. */
function freshItems(ctx: IWebhookFunctions, items: TriggerItem[], config: TriggerConfig) {
	// Numbered over the whole delivery, so a message keeps its identity whatever the filters let through.
	const keys = dedupKeys(items);
	const passing = items.flatMap((item, index) => (passesFilters(item, config.filters) ? [{ item, key: keys[index] }] : []));
	const filtered = items.length - passing.length;
	if (passing.length === 0) return { fresh: [], filtered, repeated: 0 };
	const recent = new RecentMessages(ctx.getWorkflowStaticData('node'), config.dedupWindow, ctx.getMode());
	const fresh = passing.filter(({ key }) => !recent.isRepeat(key)).map(({ item }) => item);
	recent.save();
	return { fresh, filtered, repeated: passing.length - fresh.length };
}

// The URL secret (see secret.ts)

/** Compares in constant time, so the answer's timing does not reveal how much of a guess was right. */
export function secretMatches(expected: string, given: unknown): boolean {
	if (expected === '' || typeof given !== 'string') return false;
	const a = Buffer.from(expected);
	const b = Buffer.from(given);
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The secret a delivery's URL must carry. Empty (a manual setup activated before secrets were required, or an
 * automatic setup that never registered) refuses every delivery: `manualSetupReady` stops activation without one.
 */
function expectedSecret(ctx: IWebhookFunctions): string {
	if (ctx.getNodeParameter('setup', 'automatic') === 'manual') return ctx.getNodeParameter(MANUAL_SECRET_PARAMETER, '') as string;
	return (ctx.getWorkflowStaticData('node') as RegistrationState).secret ?? '';
}

/** Whether the delivery's URL carries the secret. Read on its own, before the other options, so that a broken option still lets the delivery be checked. */
function authorised(ctx: IWebhookFunctions): boolean {
	const query = ctx.getQueryData() as Record<string, unknown>;
	return secretMatches(expectedSecret(ctx), query[SECRET_PARAMETER]);
}

/**
 * One delivery from TimelinesAI: check the URL secret, recognise the shape, normalise, filter, drop repeats,
 * download attachments (within a time budget), answer, and hand the items to n8n, which creates the execution
 * right after. The answer is written here, just before, rather than left to n8n: n8n 2.41 answers an `onReceived`
 * webhook only after creating the execution, but creating it resets the flag that tells n8n to save the static data
 * this node changed (workflow-runner.js `establishContextForPersistence`), so repeats would no longer be remembered.
 * n8n 1.x and 2.8 answer at this same moment themselves.
 */
export async function receiveDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (!authorised(ctx)) {
		respond(ctx, 401, REFUSAL);
		return ANSWERED;
	}
	const config = readConfig(ctx);
	const body = readBody(ctx);
	const classified = body.ok ? classifyDelivery(body.body) : body;
	if (!classified.ok) {
		respond(ctx, 400, { status: 'error', message: `Not a TimelinesAI delivery: ${classified.reason}` });
		return ANSWERED;
	}
	const { delivery } = classified;
	const items = toItems(delivery, new Date().toISOString());
	const { fresh, filtered, repeated } = freshItems(ctx, items, config);
	const outputs: OutputItem[] =
		config.keepBundles && delivery.kind === 'integration-bundle' && fresh.length > 0
			? [toBundleItem(fresh, delivery.body.aggregation ?? null)]
			: fresh;
	const summary = { status: 'ok', items: outputs.length, filtered, repeated };
	if (outputs.length === 0) {
		respond(ctx, 200, summary);
		return ANSWERED;
	}
	const workflowItems = await toExecutionItems(ctx, outputs, config, body.ok ? body.body : undefined);
	respond(ctx, 200, summary);
	return { ...ANSWERED, workflowData: [workflowItems] };
}

/** The event of the one item a delivery gets when processing it failed unexpectedly. */
const FAILED_DELIVERY_EVENT = 'delivery:failed';

/**
 * After an unexpected failure, the delivery still starts an execution, with one item holding the error and what
 * arrived, so the message is not lost in a log and a workflow can branch on `error`. Only for a caller that gave
 * the right secret: anyone else starts nothing.
 */
export function failedDelivery(ctx: IWebhookFunctions, error: Error): IWebhookResponseData {
	if (!authorised(ctx)) {
		respond(ctx, 401, REFUSAL);
		return ANSWERED;
	}
	const body = readBody(ctx);
	const json: IDataObject = {
		event: FAILED_DELIVERY_EVENT,
		error: redactString(`The TimelinesAI Trigger could not process this delivery: ${error.message}`, {}),
		received_at: new Date().toISOString(),
		raw: (body.ok ? body.body : null) as IDataObject | null,
	};
	respond(ctx, 200, { status: 'ok', items: 1, error: 'the delivery could not be processed' });
	return { ...ANSWERED, workflowData: [[{ json }]] };
}

/**
 * Answers TimelinesAI directly on the underlying HTTP response (only Node's own `writeHead`/`end`; see
 * `receiveDelivery` for why not through n8n). TimelinesAI switches a receiver off after more than 10 answers in a
 * row that are not 200, so only refusals get another code.
 */
export function respond(ctx: IWebhookFunctions, statusCode: 200 | 400 | 401, body: Record<string, unknown>): void {
	const response = ctx.getResponseObject();
	if (response.headersSent) return;
	response.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify(body));
}

type BodyResult = { ok: true; body: unknown } | { ok: false; reason: string };

function parseJson(text: string): BodyResult {
	try {
		return { ok: true, body: JSON.parse(text) };
	} catch {
		return { ok: false, reason: 'the body is not valid JSON' };
	}
}

function isEmptyObject(value: unknown): boolean {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * The delivery's JSON. n8n parses `application/json` bodies itself; a body sent as text, or without a
 * content type, is parsed here from the raw bytes so that it is judged by its content, not its header.
 */
function readBody(ctx: IWebhookFunctions): BodyResult {
	const body: unknown = ctx.getBodyData();
	if (typeof body === 'string') return parseJson(body);
	if (!isEmptyObject(body)) return { ok: true, body };
	const raw = (ctx.getRequestObject() as { rawBody?: Buffer }).rawBody;
	if (!raw || raw.length === 0) return { ok: false, reason: 'the body is empty' };
	return parseJson(raw.toString('utf8'));
}

interface TriggerConfig {
	setup: Setup;
	filters: ItemFilters;
	keepBundles: boolean;
	download: DownloadOptions | null;
	dedupWindow: number;
	includeRaw: boolean;
}

/** From version 2 the chosen events decide the direction of automatic setups (see `directionProperties`). */
function directionFilter(ctx: IWebhookFunctions, setup: Setup): DirectionFilter {
	if (setup === 'automatic' && ctx.getNode().typeVersion >= 2) return 'both';
	return ctx.getNodeParameter('direction', 'both') as DirectionFilter;
}

function readConfig(ctx: IWebhookFunctions): TriggerConfig {
	const setup = setupOf(ctx);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const maxMb = typeof options.maxAttachmentMb === 'number' ? options.maxAttachmentMb : DEFAULT_MAX_ATTACHMENT_MB;
	return {
		setup,
		filters: {
			events: setup === 'automatic' ? chosenEvents(ctx) : undefined,
			direction: directionFilter(ctx, setup),
			chatKind: ctx.getNodeParameter('chatKind', 'both') as ChatKindFilter,
		},
		keepBundles: options.bundles === 'keep',
		download: options.downloadAttachments
			? {
					maxBytes: Math.round(maxMb * 1024 * 1024),
					binaryPrefix: (options.binaryPrefix as string | undefined) || DEFAULT_BINARY_PREFIX,
				}
			: null,
		dedupWindow: options.deduplicate === false ? 0 : ((options.dedupWindow as number | undefined) ?? DEFAULT_DEDUP_WINDOW),
		includeRaw: options.includeRaw === true,
	};
}

function messageOnly(item: TriggerItem): ItemMessage {
	const { direction, text, timestamp, message_uid, reply_to_uid, origin, sender, recipient, attachments } = item;
	return { direction, text, timestamp, message_uid, reply_to_uid, origin, sender, recipient, attachments };
}

/**
 * "Bundles: Keep as One Item": the bundle's messages that passed filters and deduplication, back in one
 * item with their shared chat and account. `aggregation_html` is TimelinesAI's text for the whole bundle.
 */
function toBundleItem(messages: TriggerItem[], aggregationHtml: string | null): BundleItem {
	const [first] = messages;
	return {
		event: BUNDLE_EVENT,
		source: first.source,
		chat: first.chat,
		account: first.account,
		messages: messages.map(messageOnly),
		first_message_timestamp: first.bundle?.first_message_timestamp ?? null,
		last_message_timestamp: first.bundle?.last_message_timestamp ?? null,
		aggregation_html: aggregationHtml,
		received_at: first.received_at,
	};
}
