import type { SandboxContext } from './context';
import { storeFile } from './files';
import { download, isLoopbackUrl } from './http';
import { MAX_ATTACHMENT_BYTES } from './spec-schemas';
import type { StoredFile } from './state';

/** What happens to a message's file when it leaves the queue: the reasons TimelinesAI users see. */

export const CORRUPT_FILE = 'File is corrupted';
const DOWNLOAD_DEADLINE_MS = 15_000;

export type AttachmentResult = { file: StoredFile } | { failure: string };

function looksLikeHtml(mimetype: string, data: Buffer): boolean {
	const start = data.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
	return mimetype === 'text/html' || start.startsWith('<!doctype html') || start.startsWith('<html');
}

/** Null when the file can be sent; otherwise why it arrives broken. */
export function attachmentProblem(file: Pick<StoredFile, 'size' | 'mimetype' | 'data'>): string | null {
	if (file.size > MAX_ATTACHMENT_BYTES) return `${CORRUPT_FILE}: the file is larger than 2 MB`;
	if (looksLikeHtml(file.mimetype, file.data)) {
		return `${CORRUPT_FILE}: the link returned an HTML page (a share page?) instead of the file itself`;
	}
	return null;
}

export async function fetchAttachment(
	ctx: SandboxContext,
	url: string,
	filename: string,
	uploadedByEmail: string,
): Promise<AttachmentResult> {
	if (!isLoopbackUrl(url)) {
		return { failure: 'Failed to load document: the sandbox downloads files only from 127.0.0.1 or localhost' };
	}
	let result;
	try {
		result = await download(url, MAX_ATTACHMENT_BYTES, DOWNLOAD_DEADLINE_MS, ctx.timers.signal);
	} catch (err) {
		return { failure: `Failed to load document: ${(err as Error).message}` };
	}
	if (result.status !== 200) return { failure: `Failed to load document: the file link answered HTTP ${result.status}` };
	if (result.truncated) return { failure: `${CORRUPT_FILE}: the file is larger than 2 MB` };
	const mimetype = result.contentType.split(';')[0].trim().toLowerCase() || 'application/octet-stream';
	const problem = attachmentProblem({ size: result.data.length, mimetype, data: result.data });
	if (problem) return { failure: problem };
	return { file: storeFile(ctx, { filename, mimetype, data: result.data, uploadedByEmail }) };
}
