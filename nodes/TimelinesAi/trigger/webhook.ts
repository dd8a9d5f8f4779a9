import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { classifyDelivery } from './deliveries';
import { downloadAttachments, type DownloadOptions } from './downloads';
import { BUNDLE_EVENT, toItems, type BundleItem, type ItemAttachment, type ItemMessage, type OutputItem, type TriggerItem } from './item';
import { MANUAL_SECRET_PARAMETER } from './manual-secret';
import { DEFAULT_BINARY_PREFIX, DEFAULT_MAX_ATTACHMENT_MB } from './fields';
import { chosenEvents, readRegistrationState, SECRET_PARAMETER, secretMatches, setupOf, type Setup } from './registration';
import { DEFAULT_DEDUP_WINDOW, dedupKeys, passesFilters, RecentMessages, type ChatKindFilter, type DirectionFilter, type ItemFilters } from './selection';

/** The node answered on the HTTP response itself; n8n must not answer again. */
const ANSWERED: IWebhookResponseData = { noWebhookResponse: true };

/**
 * The secret a delivery's URL must carry. Empty (a manual setup activated before secrets were required, or an
 * automatic setup that never registered) refuses every delivery: `manualSetupReady` stops activation without one.
 */
function expectedSecret(this: IWebhookFunctions): string {
	if (setupOf.call(this) === 'manual') return this.getNodeParameter(MANUAL_SECRET_PARAMETER, '') as string;
	return readRegistrationState(this.getWorkflowStaticData('node')).secret ?? '';
}

/** Read on its own, before the other options, so that a broken option still lets the delivery be checked. */
function authorised(this: IWebhookFunctions): boolean {
	const query = this.getQueryData() as Record<string, unknown>;
	return secretMatches(expectedSecret.call(this), query[SECRET_PARAMETER]);
}

const REFUSAL = { status: 'error', message: 'Missing or wrong secret in the URL' };

function attachmentsOf(item: OutputItem): ItemAttachment[] {
	return 'messages' in item ? item.messages.flatMap((message) => message.attachments) : item.attachments;
}

async function toExecutionItems(this: IWebhookFunctions, outputs: OutputItem[], config: TriggerConfig, raw: unknown) {
	const binaries = config.download ? await downloadAttachments(this, outputs.map(attachmentsOf), config.download) : [];
	return outputs.map((item, index): INodeExecutionData => {
		const json = (config.includeRaw ? { ...item, raw } : item) as unknown as IDataObject;
		const binary = binaries[index] ?? {};
		return Object.keys(binary).length > 0 ? { json, binary } : { json };
	});
}

/** Messages that pass the filters and were not delivered before; remembers the new ones. */
function freshItems(this: IWebhookFunctions, items: TriggerItem[], config: TriggerConfig) {
	// Numbered over the whole delivery, so a message keeps its identity whatever the filters let through.
	const keys = dedupKeys(items);
	const passing = items.flatMap((item, index) => (passesFilters(item, config.filters) ? [{ item, key: keys[index] }] : []));
	const filtered = items.length - passing.length;
	if (passing.length === 0) return { fresh: [], filtered, repeated: 0 };
	const recent = new RecentMessages(this.getWorkflowStaticData('node'), config.dedupWindow, this.getMode());
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
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (!authorised.call(this)) {
		answer.call(this, 401, REFUSAL);
		return ANSWERED;
	}
	const config = readConfig.call(this);
	const body = readBody.call(this);
	const classified = body.ok ? classifyDelivery(body.body) : body;
	if (!classified.ok) {
		answer.call(this, 400, { status: 'error', message: `Not a TimelinesAI delivery: ${classified.reason}` });
		return ANSWERED;
	}
	const { delivery } = classified;
	const items = toItems(delivery, new Date().toISOString());
	const { fresh, filtered, repeated } = freshItems.call(this, items, config);
	const outputs: OutputItem[] =
		config.keepBundles && delivery.kind === 'legacy-bundle' && fresh.length > 0
			? [toBundleItem(fresh, delivery.body.aggregation ?? null)]
			: fresh;
	const summary = { status: 'ok', items: outputs.length, filtered, repeated };
	if (outputs.length === 0) {
		answer.call(this, 200, summary);
		return ANSWERED;
	}
	const workflowItems = await toExecutionItems.call(this, outputs, config, body.ok ? body.body : undefined);
	answer.call(this, 200, summary);
	return { ...ANSWERED, workflowData: [workflowItems] };
}

/** The event of the one item a delivery gets when processing it failed unexpectedly. */
const FAILED_DELIVERY_EVENT = 'delivery:failed';

/**
 * After an unexpected failure, the delivery still starts an execution, with one item holding the error and what
 * arrived, so the message is not lost in a log and a workflow can branch on `error`. Only for a caller that gave
 * the right secret: anyone else starts nothing.
 */
export function failedDelivery(this: IWebhookFunctions, error: Error): IWebhookResponseData {
	if (!authorised.call(this)) {
		answer.call(this, 401, REFUSAL);
		return ANSWERED;
	}
	const body = readBody.call(this);
	const json: IDataObject = {
		event: FAILED_DELIVERY_EVENT,
		error: `The TimelinesAI Trigger could not process this delivery: ${error.message}`,
		received_at: new Date().toISOString(),
		raw: (body.ok ? body.body : null) as IDataObject | null,
	};
	answer.call(this, 200, { status: 'ok', items: 1, error: 'the delivery could not be processed' });
	return { ...ANSWERED, workflowData: [[{ json }]] };
}

/**
 * Answers TimelinesAI directly on the underlying HTTP response (only Node's own `writeHead`/`end`; see
 * `receiveDelivery` for why not through n8n). TimelinesAI switches a receiver off after more than 10 answers in a
 * row that are not 200, so only refusals get another code.
 */
export function answer(this: IWebhookFunctions, statusCode: 200 | 400 | 401, body: Record<string, unknown>): void {
	const response = this.getResponseObject();
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
function readBody(this: IWebhookFunctions): BodyResult {
	const body: unknown = this.getBodyData();
	if (typeof body === 'string') return parseJson(body);
	if (!isEmptyObject(body)) return { ok: true, body };
	const raw = (this.getRequestObject() as { rawBody?: Buffer }).rawBody;
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
function directionFilter(this: IWebhookFunctions, setup: Setup): DirectionFilter {
	if (setup === 'automatic' && this.getNode().typeVersion >= 2) return 'both';
	return this.getNodeParameter('direction', 'both') as DirectionFilter;
}

function readConfig(this: IWebhookFunctions): TriggerConfig {
	const setup = setupOf.call(this);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const maxMb = typeof options.maxAttachmentMb === 'number' ? options.maxAttachmentMb : DEFAULT_MAX_ATTACHMENT_MB;
	return {
		setup,
		filters: {
			events: setup === 'automatic' ? chosenEvents.call(this) : undefined,
			direction: directionFilter.call(this, setup),
			chatKind: this.getNodeParameter('chatKind', 'both') as ChatKindFilter,
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
