import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { MAX_ATTACHMENT_BYTES } from '../protocol';
import { InvalidInputError } from '../shared/errors';
import { FIELD } from '../shared/labels';
import { describeNetworkCode, isSuccess, isWebUrl, networkErrorCode, parseUrl } from '../shared/http';

/** What the link's server says about the file, before TimelinesAI is asked to send it. */
interface FileLinkFacts {
	contentType?: string;
	size?: number;
	/** From `Content-Disposition`, if the server names the file. */
	suggestedName?: string;
	/** The server sent no size and counting stopped past the limit: `size` is a lower bound. */
	sizeIsLowerBound?: boolean;
}

const SNIFF_BYTES = 1024;

function megabytes(bytes: number): string {
	return (bytes / (1024 * 1024)).toFixed(1);
}

/** The one sentence for a file over TimelinesAI's 2 MB limit, wherever it came from (a link or a binary). */
export function tooLargeProblem(what: string, bytes: number, atLeast = false): string | undefined {
	if (bytes <= MAX_ATTACHMENT_BYTES) return undefined;
	const size = atLeast ? `larger than ${megabytes(MAX_ATTACHMENT_BYTES)} MB` : `${megabytes(bytes)} MB`;
	return `${what} is ${size}, but TimelinesAI sends files of at most ${megabytes(MAX_ATTACHMENT_BYTES)} MB. Send a smaller or compressed file, or a link to a page where the contact can download it.`;
}

/** The name a server suggests in `Content-Disposition: attachment; filename="report.pdf"`. */
export function fileNameFromContentDisposition(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	const encoded = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
	if (encoded) {
		try {
			return decodeURIComponent(encoded[1].trim());
		} catch {
			// fall through to the plain form
		}
	}
	const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
	return plain?.[1].trim() || undefined;
}

export function parseFileUrl(raw: string): URL {
	const text = raw.trim();
	if (text === '') {
		throw new InvalidInputError(FIELD.fileUrl, 'is empty. Paste a direct download link starting with https://, or set Attachment to "None".');
	}
	const quoted = JSON.stringify(text);
	const url = parseUrl(text);
	if (!url) {
		throw new InvalidInputError(FIELD.fileUrl, `${quoted} is not a web address. Use a full direct download link such as https://example.com/files/invoice.pdf.`);
	}
	if (!isWebUrl(url)) {
		throw new InvalidInputError(
			FIELD.fileUrl,
			`${quoted} is a ${url.protocol.replace(/:$/, '')} link, but TimelinesAI can only download files from http:// or https:// links. Upload the file somewhere public, or send it as an n8n binary file instead.`,
		);
	}
	return url;
}

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = response.headers[name];
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function factsFrom(response: IN8nHttpFullResponse): FileLinkFacts {
	const contentType = header(response, 'content-type')?.split(';')[0].trim().toLowerCase();
	// A ranged answer states the whole size after the slash: `bytes 0-1023/3145728`.
	const total = /\/(\d+)\s*$/.exec(header(response, 'content-range') ?? '')?.[1];
	const length = response.statusCode === 206 ? total : header(response, 'content-length');
	return {
		contentType,
		size: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
		suggestedName: fileNameFromContentDisposition(header(response, 'content-disposition')),
	};
}

/** The part of a Node.js Readable this check uses (typed structurally: community nodes may not import `stream`). */
interface ByteStream extends AsyncIterable<Buffer | string> {
	destroy(): void;
}

interface StreamHead {
	head: Buffer;
	/** Bytes read; the whole file when `ended`. */
	read: number;
	ended: boolean;
}

/**
 * Reads the first bytes, and when the size is unknown keeps counting until the file ends or
 * passes the limit: the only way to tell the size of a file served without Content-Length.
 */
async function readHead(stream: ByteStream, countUpTo: number): Promise<StreamHead> {
	const chunks: Buffer[] = [];
	let read = 0;
	let ended = true;
	try {
		for await (const chunk of stream) {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			if (read < SNIFF_BYTES) chunks.push(buffer);
			read += buffer.length;
			if (read >= Math.max(SNIFF_BYTES, countUpTo)) {
				ended = false;
				break;
			}
		}
	} finally {
		stream.destroy();
	}
	return { head: Buffer.concat(chunks).subarray(0, SNIFF_BYTES), read, ended };
}

function looksLikeHtml(bytes: Buffer): boolean {
	const start = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart().slice(0, 200).toLowerCase();
	return start.startsWith('<!doctype html') || start.startsWith('<html') || /^<\?xml[^>]*>\s*<html/.test(start);
}

function isHtmlType(contentType: string | undefined): boolean {
	return contentType === 'text/html' || contentType === 'application/xhtml+xml';
}

function sharePageProblem(quoted: string): string {
	return `${quoted} opens a web page, not the file itself: this looks like a share page. Use a direct download link (one that starts downloading the file when opened), otherwise the contact receives a broken file.`;
}

async function probe(
	context: IExecuteFunctions,
	url: URL,
	options: Pick<IHttpRequestOptions, 'method' | 'headers' | 'encoding'>,
	timeoutMs: number,
): Promise<IN8nHttpFullResponse> {
	const outcome: IN8nHttpFullResponse | { failure: string } = await context.helpers
		.httpRequest({ url: url.toString(), ...options, timeout: timeoutMs, returnFullResponse: true, ignoreHttpStatusErrors: true })
		.catch((error: unknown) => ({ failure: describeNetworkCode(networkErrorCode(error)) }));
	if ('failure' in outcome) {
		throw new InvalidInputError(
			FIELD.fileUrl,
			`${JSON.stringify(url.toString())} could not be opened: ${outcome.failure}. Check the link opens the file in a browser, or switch off "Check File Link" in the options if only TimelinesAI can reach it.`,
		);
	}
	return outcome;
}

function failIfRefused(response: IN8nHttpFullResponse, quoted: string): void {
	if (isSuccess(response.statusCode)) return;
	throw new InvalidInputError(
		FIELD.fileUrl,
		`${quoted} answered HTTP ${response.statusCode} instead of the file. Check the link opens the file in a private browser window, without logging in.`,
	);
}

function failIfNotSendable(facts: FileLinkFacts, quoted: string): void {
	if (isHtmlType(facts.contentType)) throw new InvalidInputError(FIELD.fileUrl, sharePageProblem(quoted));
	const tooLarge =
		facts.size === undefined ? undefined : tooLargeProblem(`The file at ${quoted}`, facts.size, facts.sizeIsLowerBound);
	if (tooLarge) throw new InvalidInputError(FIELD.fileUrl, tooLarge);
}

/**
 * Looks at the link before any credit is spent: its headers first (HEAD), then, when those are
 * missing or refused, the first bytes of a ranged GET. Refuses HTML pages and files over 2 MB.
 */
export async function checkFileLink(this: IExecuteFunctions, url: URL, timeoutMs: number): Promise<FileLinkFacts> {
	const quoted = JSON.stringify(url.toString());
	const head = await probe(this, url, { method: 'HEAD' }, timeoutMs);
	const headFacts = factsFrom(head);
	const headOk = isSuccess(head.statusCode);
	if (headOk) failIfNotSendable(headFacts, quoted);
	if (headOk && headFacts.contentType && headFacts.size !== undefined) return headFacts;

	const get = await probe(
		this,
		url,
		{ method: 'GET', headers: { Range: `bytes=0-${SNIFF_BYTES - 1}` }, encoding: 'stream' },
		timeoutMs,
	);
	const getFacts = { ...headFacts, ...definedOnly(factsFrom(get)) };
	const sizeKnown = getFacts.size !== undefined;
	const stream = await readHead(get.body as unknown as ByteStream, sizeKnown ? 0 : MAX_ATTACHMENT_BYTES + 1);
	failIfRefused(get, quoted);
	// A server that ignores the Range header sends the whole file, so what was read may be its size.
	const facts = sizeKnown ? getFacts : { ...getFacts, size: stream.read, sizeIsLowerBound: !stream.ended };
	failIfNotSendable(facts, quoted);
	if (looksLikeHtml(stream.head)) throw new InvalidInputError(FIELD.fileUrl, sharePageProblem(quoted));
	return facts;
}

function definedOnly(facts: FileLinkFacts): FileLinkFacts {
	return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
}
