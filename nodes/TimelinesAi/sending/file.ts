import { createHash } from 'crypto';
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { MAX_ATTACHMENT_BYTES, uploadedFileSchema, type InboundSendRequest, type UploadedFile } from '../protocol';
import { InvalidInputError } from '../shared/errors';
import { CREDENTIAL_FIELD, FIELD } from '../shared/display-names';
import {
	apiRequest,
	fetchStream,
	isSuccess,
	isWebUrl,
	parseUrl,
	readableSize,
	readCapped,
	type FetchedResponse,
	type FetchRequest,
	type TimelinesAiCredentials,
} from '../shared/http';

/**
 * The item's file: planned without the network while every item is checked (name, size, token),
 * then made ready for every item before the first message is posted (link checked, or binary uploaded).
 */

export const ATTACHMENT_SOURCES = ['none', 'url', 'binary'] as const;
export type AttachmentSource = (typeof ATTACHMENT_SOURCES)[number];

/** The item's fields about its file (read with the others in `item.ts`). */
export interface FileParameters {
	attachment: AttachmentSource;
	fileUrl: string;
	binaryPropertyName: string;
	fileName: string;
	checkFileLink: boolean;
	timeoutMs: number;
}

/** The two fields of the send request a file fills. */
export type SendableFile = Required<Pick<InboundSendRequest, 'file_url' | 'file_name'>>;

export type FilePlan =
	| { source: 'url'; url: URL; /** From the File Name field or the link; else the link's server may suggest one. */ fileName?: string }
	| { source: 'binary'; propertyName: string; fileName: string };

// File links

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

/** The one sentence for a file over TimelinesAI's 2 MB limit, wherever it came from (a link or a binary). */
function tooLargeProblem(what: string, bytes: number, atLeast = false): string | undefined {
	if (bytes <= MAX_ATTACHMENT_BYTES) return undefined;
	const size = atLeast ? `larger than ${readableSize(MAX_ATTACHMENT_BYTES)}` : readableSize(bytes);
	return `${what} is ${size}, but TimelinesAI sends files of at most ${readableSize(MAX_ATTACHMENT_BYTES)}. Send a smaller or compressed file, or a link to a page where the contact can download it.`;
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

function header(response: FetchedResponse, name: string): string | undefined {
	const value = response.headers[name];
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function factsFrom(response: FetchedResponse): FileLinkFacts {
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

function failIfRefused(response: FetchedResponse, quoted: string): void {
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
async function fetchLink(ctx: IExecuteFunctions, url: URL, request: Omit<FetchRequest, 'url'>): Promise<FetchedResponse> {
	const fetched = await fetchStream(ctx, { url: url.toString(), ...request });
	if (fetched.ok) return fetched.response;
	throw new InvalidInputError(
		FIELD.fileUrl,
		`${JSON.stringify(url.toString())} could not be opened: ${fetched.failure}. Check the link opens the file in a browser, or switch off "Check File Link" in the options if only TimelinesAI can reach it.`,
	);
}

/**
 * Looks at the link before any credit is spent: its headers first (HEAD), then, when those are
 * missing or refused, the first bytes of a ranged GET. Refuses HTML pages and files over 2 MB.
 */
async function checkFileLink(ctx: IExecuteFunctions, url: URL, timeoutMs: number): Promise<FileLinkFacts> {
	const quoted = JSON.stringify(url.toString());
	const head = await fetchLink(ctx, url, { method: 'HEAD', timeoutMs });
	head.body.destroy();
	const headFacts = factsFrom(head);
	const headOk = isSuccess(head.statusCode);
	if (headOk) failIfNotSendable(headFacts, quoted);
	if (headOk && headFacts.contentType && headFacts.size !== undefined) return headFacts;

	const get = await fetchLink(ctx, url, { method: 'GET', headers: { Range: `bytes=0-${SNIFF_BYTES - 1}` }, timeoutMs });
	const getFacts = { ...headFacts, ...definedOnly(factsFrom(get)) };
	const sizeKnown = getFacts.size !== undefined;
	// The first bytes, and when the size is unknown the count up to past the limit: the only way to tell the size of a file served without Content-Length.
	const read = await readCapped(get.body, sizeKnown ? SNIFF_BYTES : MAX_ATTACHMENT_BYTES);
	failIfRefused(get, quoted);
	// A server that ignores the Range header sends the whole file, so what was read may be its size.
	const facts = sizeKnown ? getFacts : { ...getFacts, size: read.total, sizeIsLowerBound: !read.complete };
	failIfNotSendable(facts, quoted);
	if (looksLikeHtml(read.bytes.subarray(0, SNIFF_BYTES))) throw new InvalidInputError(FIELD.fileUrl, sharePageProblem(quoted));
	return facts;
}

function definedOnly(facts: FileLinkFacts): FileLinkFacts {
	return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
}

// File names

/** Extensions for the types WhatsApp users send most, for binaries that carry no name. */
const EXTENSIONS: Record<string, string> = {
	'application/pdf': 'pdf',
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'audio/mpeg': 'mp3',
	'audio/ogg': 'ogg',
	'text/plain': 'txt',
	'text/csv': 'csv',
	'application/zip': 'zip',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** `invoice-1042.pdf` from `https://example.com/files/invoice-1042.pdf?sig=…`; only names with an extension count. */
export function fileNameFromUrl(url: URL): string | undefined {
	const last = url.pathname.split('/').filter(Boolean).pop();
	if (!last) return undefined;
	let name: string;
	try {
		name = decodeURIComponent(last);
	} catch {
		name = last;
	}
	return /^[^/\\]+\.[a-z0-9]{1,8}$/i.test(name) ? name : undefined;
}

export function fileNameFromBinary(binary: IBinaryData): string {
	if (binary.fileName?.trim()) return binary.fileName.trim();
	const mimeType = binary.mimeType?.split(';')[0].trim().toLowerCase();
	const extension = binary.fileExtension ?? (mimeType ? EXTENSIONS[mimeType] : undefined);
	return extension ? `file.${extension}` : 'file';
}

function missingNameProblem(url: URL): InvalidInputError {
	return new InvalidInputError(
		FIELD.fileName,
		`is empty, and the link ${JSON.stringify(url.toString())} does not end in a file name. Write the name the contact should see, e.g. invoice.pdf.`,
	);
}

// Binary files

/** The item's binary file; `purpose` words the advice when there is none (File → Upload has a Source instead of Attachment). */
export function findBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	purpose = { verb: 'send', otherwise: 'set Attachment to "From URL"' },
): IBinaryData {
	const name = propertyName.trim();
	const binaries = context.getInputData()[itemIndex]?.binary ?? {};
	const binary = binaries[name];
	if (binary) return binary;
	const available = Object.keys(binaries);
	const quoted = JSON.stringify(name);
	throw new InvalidInputError(
		FIELD.binaryProperty,
		available.length === 0
			? `this item has no binary file, so there is no ${quoted} to ${purpose.verb}. Read or download the file in an earlier node (e.g. HTTP Request with "File" response), or ${purpose.otherwise}.`
			: `this item has no binary file named ${quoted}; it has ${available.map((key) => JSON.stringify(key)).join(', ')}. Use one of those names.`,
	);
}

/** Checked while planning and again before the upload, so nothing too large is ever uploaded. */
async function readCheckedBuffer(context: IExecuteFunctions, itemIndex: number, propertyName: string, fileName: string): Promise<Buffer> {
	const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName.trim());
	const tooLarge = tooLargeProblem(`The binary file ${JSON.stringify(fileName)}`, buffer.length);
	if (tooLarge) throw new InvalidInputError(FIELD.binaryProperty, tooLarge);
	if (buffer.length === 0) {
		throw new InvalidInputError(FIELD.binaryProperty, `the binary file ${JSON.stringify(fileName)} is empty (0 bytes). Check the node that produced it.`);
	}
	return buffer;
}

/**
 * The `/files_upload` form: the file and, as text, its name and type. Node's own FormData and Blob: n8n's httpRequest
 * hands them to axios unchanged, which writes the multipart body (boundary, escaped names) itself. A type that is not
 * printable ASCII (one holding a line break could add a header) is dropped by Blob and sent as application/octet-stream.
 */
export function uploadForm(file: Buffer, fileName: string, contentType: string): FormData {
	const form = new FormData();
	form.append('file', new Blob([new Uint8Array(file)], { type: contentType }), fileName);
	form.append('filename', fileName);
	form.append('content_type', contentType);
	return form;
}

/** `POST /files_upload` (multipart): TimelinesAI keeps the file and gives its uid and a link (also File → Upload). */
export async function uploadFile(ctx: IExecuteFunctions, itemIndex: number, file: Buffer, fileName: string, contentType: string, timeoutMs?: number): Promise<UploadedFile> {
	return await apiRequest(ctx, {
		method: 'POST',
		path: '/files_upload',
		body: uploadForm(file, fileName, contentType),
		data: uploadedFileSchema,
		action: `uploading the file of item ${itemIndex}`,
		timeoutMs,
	});
}

/** Send's binary file, uploaded for a link the inbound webhook can send. */
async function uploadBinary(ctx: IExecuteFunctions, itemIndex: number, propertyName: string, fileName: string, timeoutMs: number): Promise<UploadedFile> {
	const binary = findBinary(ctx, itemIndex, propertyName);
	const buffer = await readCheckedBuffer(ctx, itemIndex, propertyName, fileName);
	return await uploadFile(ctx, itemIndex, buffer, fileName, binary.mimeType || 'application/octet-stream', timeoutMs);
}

// Plan, then prepare

/**
 * Checks the item's file without the network: the link's shape and name, or the binary's presence,
 * size and the API token its upload needs. `undefined` when the item sends text only.
 */
export async function planFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameters: FileParameters,
	credentials: TimelinesAiCredentials,
): Promise<FilePlan | undefined> {
	switch (parameters.attachment) {
		case 'none':
			return undefined;
		case 'url': {
			const url = parseFileUrl(parameters.fileUrl);
			const fileName = parameters.fileName || fileNameFromUrl(url);
			if (!fileName && !parameters.checkFileLink) throw missingNameProblem(url);
			return { source: 'url', url, fileName };
		}
		case 'binary': {
			const propertyName = parameters.binaryPropertyName;
			const fileName = parameters.fileName || fileNameFromBinary(findBinary(ctx, itemIndex, propertyName));
			await readCheckedBuffer(ctx, itemIndex, propertyName, fileName);
			if (!credentials.apiToken) {
				throw new InvalidInputError(
					CREDENTIAL_FIELD.apiToken,
					'it is empty, but a binary file is first uploaded to TimelinesAI, which needs the token. Create a token in TimelinesAI → Integrations → Public API and paste it into the credential.',
				);
			}
			return { source: 'binary', propertyName, fileName };
		}
	}
}

/** What makes two items' files the same: the link and name, or the binary's bytes and name. Undefined without a file. */
export async function fileIdentity(ctx: IExecuteFunctions, itemIndex: number, plan?: FilePlan): Promise<string | undefined> {
	if (!plan) return undefined;
	if (plan.source === 'url') return `url ${plan.url.toString()} ${plan.fileName ?? ''}`;
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, plan.propertyName.trim());
	return `binary ${createHash('sha256').update(buffer).digest('hex')} ${plan.fileName}`;
}

/** Before the first message of the run is posted, so no item is sent when another's file cannot be. */
export async function prepareFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	plan: FilePlan,
	parameters: FileParameters,
): Promise<SendableFile> {
	if (plan.source === 'binary') {
		const uploaded = await uploadBinary(ctx, itemIndex, plan.propertyName, plan.fileName, parameters.timeoutMs);
		return { file_url: uploaded.temporary_download_url, file_name: plan.fileName };
	}
	const facts = parameters.checkFileLink ? await checkFileLink(ctx, plan.url, parameters.timeoutMs) : {};
	const fileName = plan.fileName ?? facts.suggestedName;
	if (!fileName) throw missingNameProblem(plan.url);
	return { file_url: plan.url.toString(), file_name: fileName };
}
