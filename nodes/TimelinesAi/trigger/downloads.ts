import type { IBinaryKeyData, IWebhookFunctions } from 'n8n-workflow';

import { describeNetworkCode, fetchStream, getTimelinesAiCredentials, parseUrl, readableSize, readCapped } from '../shared/http';
import type { ItemAttachment } from './item';

export interface DownloadOptions {
	maxBytes: number;
	/** Binary properties are named `<prefix>0`, `<prefix>1`, … in the order of the item's attachments. */
	binaryPrefix: string;
}

/**
 * All downloads of one delivery share this much time: TimelinesAI is answered only after them, just before the
 * execution starts (so a crash meanwhile does not lose the message), and it gives up after 5 seconds.
 */
const DOWNLOAD_BUDGET_MS = 3000;
/** Files fetched at the same time within one delivery. */
const PARALLEL_DOWNLOADS = 4;
const EXPIRY_HINT = 'download links last 15 minutes after the message, so it may have expired';
const LINK_HINT = 'the link in "url" works for 15 minutes after the message';
/** TimelinesAI's own hosts (files.timelines.ai in its deliveries). */
const TIMELINESAI_DOMAIN = 'timelines.ai';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

type Download = { ok: true; file: Buffer } | { ok: false; reason: string };

const tooLarge = (maxBytes: number, size?: number): Download => ({
	ok: false,
	reason: `${size === undefined ? 'it is' : `${readableSize(size)} is`} larger than the ${readableSize(maxBytes)} limit ("Max Attachment Size")`,
});

const outOfTime: Download = {
	ok: false,
	reason: `not downloaded: TimelinesAI waits only 5 seconds for n8n's answer, and this delivery's ${DOWNLOAD_BUDGET_MS / 1000} seconds for files were used up; ${LINK_HINT}`,
};

/**
 * Where attachments may be fetched from: TimelinesAI's own hosts over https, and, when the credential's API Base URL
 * is a sandbox on this machine, that sandbox. Anything else is refused unfetched: in manual setup anyone who knows
 * the URL can post a delivery, and a link to a private address would make n8n fetch it for them.
 */
async function allowedFileOrigins(ctx: IWebhookFunctions): Promise<Set<string>> {
	try {
		const { apiBaseUrl } = await getTimelinesAiCredentials(ctx);
		const api = parseUrl(apiBaseUrl);
		if (api && LOOPBACK_HOSTS.has(api.hostname)) return new Set([api.origin]);
	} catch {
		// Manual setup needs no credential: only TimelinesAI's hosts then.
	}
	return new Set();
}

function refusal(link: string, sandboxOrigins: Set<string>): string | undefined {
	const url = parseUrl(link);
	if (!url) return 'not downloaded: the link is not a web address';
	if (sandboxOrigins.has(url.origin)) return undefined;
	const host = url.hostname.toLowerCase();
	const timelinesAiHost = host === TIMELINESAI_DOMAIN || host.endsWith(`.${TIMELINESAI_DOMAIN}`);
	if (url.protocol === 'https:' && timelinesAiHost && url.port === '') return undefined;
	return `not downloaded: only TimelinesAI's own file links (https://…${TIMELINESAI_DOMAIN}) are fetched, and this one points to ${url.protocol}//${url.host}`;
}

const brokeOff = (error: unknown) => `the download broke off or could not be stored (${(error as Error).message})`;

/** Fetches one file, giving up (and closing the connection) when the delivery's time is up. */
async function fetchFile(ctx: IWebhookFunctions, url: string, maxBytes: number, timeUp: AbortSignal): Promise<Download> {
	if (timeUp.aborted) return outOfTime;
	const fetched = await fetchStream(ctx, { url, method: 'GET', timeoutMs: DOWNLOAD_BUDGET_MS, abortSignal: timeUp });
	if (!fetched.ok) {
		if (timeUp.aborted) return outOfTime;
		return { ok: false, reason: `the file could not be fetched: ${describeNetworkCode(fetched.code)}` };
	}
	const { body, statusCode } = fetched.response;
	if (statusCode < 200 || statusCode >= 300) {
		body.destroy();
		return { ok: false, reason: `the file server answered HTTP ${statusCode}; ${EXPIRY_HINT}` };
	}
	const stop = () => body.destroy();
	timeUp.addEventListener('abort', stop);
	try {
		if (timeUp.aborted) stop();
		const read = await readCapped(body, maxBytes);
		return read.complete ? { ok: true, file: read.bytes } : tooLarge(maxBytes);
	} catch (error) {
		return timeUp.aborted ? outOfTime : { ok: false, reason: brokeOff(error) };
	} finally {
		timeUp.removeEventListener('abort', stop);
	}
}

async function downloadOne(
	ctx: IWebhookFunctions,
	attachment: ItemAttachment,
	options: DownloadOptions,
	sandboxOrigins: Set<string>,
	timeUp: AbortSignal,
): Promise<IBinaryKeyData[string] | undefined> {
	try {
		if (!attachment.url) {
			attachment.download_error = 'the delivery has no download link for it';
			return undefined;
		}
		const refused = refusal(attachment.url, sandboxOrigins);
		if (refused !== undefined) {
			attachment.download_error = refused;
			return undefined;
		}
		const download =
			attachment.size !== null && attachment.size > options.maxBytes
				? tooLarge(options.maxBytes, attachment.size)
				: await fetchFile(ctx, attachment.url, options.maxBytes, timeUp);
		if (!download.ok) {
			attachment.download_error = download.reason;
			return undefined;
		}
		return await ctx.helpers.prepareBinaryData(download.file, attachment.filename ?? undefined, attachment.mimetype ?? undefined);
	} catch (error) {
		// Losing the item here would lose the message for good: it is already remembered as received.
		attachment.download_error = brokeOff(error);
		return undefined;
	}
}

/**
 * Downloads the attachments of every item into binary properties (their links die after 15 minutes), a few at a
 * time, all within one time budget. A failed or refused download never drops the item: the attachment says why in
 * `download_error`. Returns the binary data of each item, in order.
 */
export async function downloadAttachments(
	ctx: IWebhookFunctions,
	attachmentsPerItem: ItemAttachment[][],
	options: DownloadOptions,
): Promise<IBinaryKeyData[]> {
	const timeUp = AbortSignal.timeout(DOWNLOAD_BUDGET_MS);
	const sandboxOrigins = await allowedFileOrigins(ctx);
	const tasks = attachmentsPerItem.flatMap((attachments, item) => attachments.map((attachment, index) => ({ item, index, attachment })));
	const files: Array<IBinaryKeyData[string] | undefined> = [];
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const task = next++;
			files[task] = await downloadOne(ctx, tasks[task].attachment, options, sandboxOrigins, timeUp);
		}
	};
	await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, tasks.length) }, worker));
	// Assembled in attachment order, whichever download finished first.
	const binaries: IBinaryKeyData[] = attachmentsPerItem.map(() => ({}));
	tasks.forEach(({ item, index, attachment }, task) => {
		const file = files[task];
		if (file === undefined) return;
		const property = `${options.binaryPrefix}${index}`;
		binaries[item][property] = file;
		attachment.binary_property = property;
	});
	return binaries;
}
