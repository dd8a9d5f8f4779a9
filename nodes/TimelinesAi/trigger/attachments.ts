import type { IBinaryKeyData, IWebhookFunctions } from 'n8n-workflow';

import type { ItemAttachment } from './item-schema';

export interface DownloadOptions {
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
export async function downloadAttachments(
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
