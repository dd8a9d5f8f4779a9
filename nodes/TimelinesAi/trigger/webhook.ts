import type {
	IBinaryKeyData,
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { classifyDelivery } from './deliveries';
import { BUNDLE_EVENT, toItems, type BundleItem, type ItemAttachment, type ItemMessage, type OutputItem, type TriggerItem } from './item';
import { DEFAULT_BINARY_PREFIX, DEFAULT_MAX_ATTACHMENT_MB } from './properties';
import { chosenEvents, readRegistrationState, SECRET_PARAMETER, secretMatches, setupOf, type Setup } from './registration';
import { DEFAULT_DEDUP_WINDOW, passesFilters, RecentMessages, type ChatKindFilter, type DirectionFilter, type ItemFilters } from './selection';

/** The node answered on the HTTP response itself; n8n must not answer again. */
const ANSWERED: IWebhookResponseData = { noWebhookResponse: true };

// Undefined: no secret asked (manual setup without one). An automatic setup that never registered has none
// stored, and refuses every delivery.
function expectedSecret(this: IWebhookFunctions, config: TriggerConfig): string | undefined {
	if (config.setup === 'manual') return config.manualSecret || undefined;
	return readRegistrationState(this.getWorkflowStaticData('node')).secret ?? '';
}

function attachmentsOf(item: OutputItem): ItemAttachment[] {
	return 'messages' in item ? item.messages.flatMap((message) => message.attachments) : item.attachments;
}

async function toExecutionItem(
	this: IWebhookFunctions,
	item: OutputItem,
	config: TriggerConfig,
	raw: unknown,
): Promise<INodeExecutionData> {
	const binary = config.download ? await downloadAttachments.call(this, attachmentsOf(item), config.download) : {};
	const json = (config.includeRaw ? { ...item, raw } : item) as unknown as IDataObject;
	return Object.keys(binary).length > 0 ? { json, binary } : { json };
}

/** Messages that pass the filters and were not delivered before; remembers the new ones. */
function freshItems(this: IWebhookFunctions, items: TriggerItem[], config: TriggerConfig) {
	const passing = items.filter((item) => passesFilters(item, config.filters));
	const recent = new RecentMessages(this.getWorkflowStaticData('node'), config.dedupWindow, this.getMode());
	const fresh = passing.filter((item) => !recent.isRepeat(item));
	recent.save();
	return { fresh, filtered: items.length - passing.length, repeated: passing.length - fresh.length };
}

/**
 * One delivery from TimelinesAI: check the URL secret, recognise the shape, normalise, filter, drop
 * repeats, answer 200 at once, then download attachments and start the workflow.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const config = readConfig.call(this);
	const secret = expectedSecret.call(this, config);
	const query = this.getQueryData() as Record<string, unknown>;
	if (secret !== undefined && !secretMatches(secret, query[SECRET_PARAMETER])) {
		answer.call(this, 401, { status: 'error', message: 'Missing or wrong secret in the URL' });
		return ANSWERED;
	}
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
	answer.call(this, 200, { status: 'ok', items: outputs.length, filtered, repeated });
	if (outputs.length === 0) return ANSWERED;
	const raw = body.ok ? body.body : undefined;
	const workflowItems: INodeExecutionData[] = [];
	for (const output of outputs) workflowItems.push(await toExecutionItem.call(this, output, config, raw));
	return { ...ANSWERED, workflowData: [workflowItems] };
}

/**
 * Answers TimelinesAI directly on the underlying HTTP response (only Node's own `writeHead`/`end`), so the
 * answer goes out before attachment downloads and the workflow run. TimelinesAI switches a receiver off
 * after more than 10 answers in a row that are not 200, so only refusals get another code.
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
	manualSecret: string;
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
		manualSecret: setup === 'manual' ? (this.getNodeParameter('manualSecret', '') as string) : '',
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

interface DownloadOptions {
	maxBytes: number;
	/** Binary properties are named `<prefix>0`, `<prefix>1`, … in the order of the item's attachments. */
	binaryPrefix: string;
}

const DOWNLOAD_TIMEOUT_MS = 30_000;
const EXPIRY_HINT = 'download links last 15 minutes after the message, so it may have expired';

function readableSize(bytes: number): string {
	if (bytes < 10 * 1024) return `${bytes} bytes`;
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

type Download = { ok: true; file: Buffer } | { ok: false; reason: string };

type Body = AsyncIterable<Buffer | string> & { destroy?: () => void };

const tooLarge = (maxBytes: number, size?: number): Download => ({
	ok: false,
	reason: `${size === undefined ? 'it is' : `${readableSize(size)} is`} larger than the ${readableSize(maxBytes)} limit ("Max Attachment Size")`,
});

async function readCapped(body: Body, maxBytes: number): Promise<Download> {
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of body) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		total += buffer.length;
		if (total > maxBytes) {
			body.destroy?.();
			return tooLarge(maxBytes);
		}
		chunks.push(buffer);
	}
	return { ok: true, file: Buffer.concat(chunks) };
}

async function fetchFile(this: IWebhookFunctions, attachment: ItemAttachment, maxBytes: number): Promise<Download> {
	if (!attachment.url) return { ok: false, reason: 'the delivery has no download link for it' };
	if (attachment.size !== null && attachment.size > maxBytes) return tooLarge(maxBytes, attachment.size);
	let response: { statusCode: number; body: Body };
	try {
		response = await this.helpers.httpRequest({
			url: attachment.url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DOWNLOAD_TIMEOUT_MS,
		});
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		return { ok: false, reason: `the file server could not be reached (${typeof code === 'string' ? code : 'no answer'})` };
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		response.body.destroy?.();
		return { ok: false, reason: `the file server answered HTTP ${response.statusCode}; ${EXPIRY_HINT}` };
	}
	return await readCapped(response.body, maxBytes);
}

/**
 * Downloads each attachment into a binary property right away (their links die after 15 minutes).
 * A failed download never drops the item: the attachment records why in `download_error`.
 */
async function downloadAttachments(
	this: IWebhookFunctions,
	attachments: ItemAttachment[],
	options: DownloadOptions,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	for (const [index, attachment] of attachments.entries()) {
		const property = `${options.binaryPrefix}${index}`;
		try {
			const download = await fetchFile.call(this, attachment, options.maxBytes);
			if (!download.ok) {
				attachment.download_error = download.reason;
				continue;
			}
			binary[property] = await this.helpers.prepareBinaryData(
				download.file,
				attachment.filename ?? undefined,
				attachment.mimetype ?? undefined,
			);
			attachment.binary_property = property;
		} catch (error) {
			// TimelinesAI already has its 200 and the message is remembered: losing the item here would lose it for good.
			attachment.download_error = `the download broke off or could not be stored (${(error as Error).message})`;
		}
	}
	return binary;
}
