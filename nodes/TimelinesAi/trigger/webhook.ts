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
	toItems,
	type BundleItem,
	type ItemAttachment,
	type ItemMessage,
	type OutputItem,
	type TriggerItem,
} from './item';
import { chosenEvents, DEFAULT_BINARY_PREFIX, DEFAULT_MAX_ATTACHMENT_MB, setupOf, type Setup } from './fields';
import { authorised } from './secret';
import { DEFAULT_DEDUP_WINDOW, dedupKeys, RecentMessages } from './dedup';

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
