import { createHash, randomBytes } from 'crypto';
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { uploadedFileSchema, type UploadedFile } from '../protocol';
import { InvalidInputError } from '../shared/errors';
import { CREDENTIAL_FIELD, FIELD } from '../shared/labels';
import { apiRequest, type MultipartBody, type TimelinesAiCredentials } from '../shared/http';
import { checkFileLink, parseFileUrl, tooLargeProblem } from './file-link';
import type { SendParameters } from './item';

/**
 * The item's file: planned without the network while every item is checked (name, size, token),
 * then made ready for every item before the first message is posted (link checked, or binary uploaded).
 */

/** The two inbound fields an attachment fills. */
export interface Attachment {
	file_url: string;
	file_name: string;
}

export type AttachmentPlan =
	| { source: 'url'; url: URL; /** From the File Name field or the link; else the link's server may suggest one. */ fileName?: string }
	| { source: 'binary'; propertyName: string; fileName: string };

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

function findBinary(context: IExecuteFunctions, itemIndex: number, propertyName: string): IBinaryData {
	const name = propertyName.trim();
	const binaries = context.getInputData()[itemIndex]?.binary ?? {};
	const binary = binaries[name];
	if (binary) return binary;
	const available = Object.keys(binaries);
	const quoted = JSON.stringify(name);
	throw new InvalidInputError(
		FIELD.binaryProperty,
		available.length === 0
			? `this item has no binary file, so there is no ${quoted} to send. Read or download the file in an earlier node (e.g. HTTP Request with "File" response), or set Attachment to "From URL".`
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

export type MultipartField = { field: string; text: string } | { field: string; file: Buffer; fileName: string; contentType: string };

const CRLF = '\r\n';

/**
 * Names and file names go inside a quoted header parameter: escaped as browsers do (WHATWG HTML,
 * multipart/form-data encoding), so a quote or a line break cannot end the header early. Other characters,
 * non-ASCII included, are sent as UTF-8, which RFC 7578 section 4.2 allows.
 */
function quoted(text: string): string {
	return `"${text.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22')}"`;
}

const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;[\x20-\x7e]*)?$/;

/** A type that is not a plain media type (e.g. one holding a line break) could inject headers: sent as bytes instead. */
function safeContentType(contentType: string): string {
	return MEDIA_TYPE.test(contentType) ? contentType : 'application/octet-stream';
}

function encodePart(field: MultipartField): Buffer {
	const isFile = 'file' in field;
	const disposition = `form-data; name=${quoted(field.field)}${isFile ? `; filename=${quoted(field.fileName)}` : ''}`;
	const headers = `Content-Disposition: ${disposition}${CRLF}${isFile ? `Content-Type: ${safeContentType(field.contentType)}${CRLF}` : ''}${CRLF}`;
	return Buffer.concat([Buffer.from(headers), isFile ? field.file : Buffer.from(field.text)]);
}

/** A random boundary that occurs in none of the parts (RFC 2046 section 5.1.1), so no part can end early. */
function boundaryFor(parts: Buffer[]): string {
	for (;;) {
		const boundary = `----TimelinesAiFormBoundary${randomBytes(16).toString('hex')}`;
		if (!parts.some((part) => part.includes(boundary))) return boundary;
	}
}

/**
 * A complete multipart/form-data body (RFC 7578). Built here rather than with the form-data package,
 * whose bundled code (file streams, http, `process`) n8n's community-package scanner refuses.
 */
export function multipartFormData(fields: MultipartField[]): MultipartBody {
	const parts = fields.map(encodePart);
	const boundary = boundaryFor(parts);
	const body = Buffer.concat([
		...parts.flatMap((part) => [Buffer.from(`--${boundary}${CRLF}`), part, Buffer.from(CRLF)]),
		Buffer.from(`--${boundary}--${CRLF}`),
	]);
	return {
		getBuffer: () => body,
		getHeaders: () => ({ 'content-type': `multipart/form-data; boundary=${boundary}` }),
	};
}

/** `POST /files_upload` (multipart): TimelinesAI keeps the file and gives a link the inbound webhook can send. */
async function uploadBinary(context: IExecuteFunctions, itemIndex: number, propertyName: string, fileName: string, timeoutMs: number): Promise<UploadedFile> {
	const binary = findBinary(context, itemIndex, propertyName);
	const buffer = await readCheckedBuffer(context, itemIndex, propertyName, fileName);
	const contentType = binary.mimeType || 'application/octet-stream';
	const form = multipartFormData([
		{ field: 'file', file: buffer, fileName, contentType },
		{ field: 'filename', text: fileName },
		{ field: 'content_type', text: contentType },
	]);
	return await apiRequest.call(context, {
		method: 'POST',
		path: '/files_upload',
		multipart: form,
		data: uploadedFileSchema,
		action: `uploading the file of item ${itemIndex}`,
		timeoutMs,
	});
}

// Plan, then prepare

/**
 * Checks the item's file without the network: the link's shape and name, or the binary's presence,
 * size and the API token its upload needs. `undefined` when the item sends text only.
 */
export async function planAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
	parameters: SendParameters,
	credentials: TimelinesAiCredentials,
): Promise<AttachmentPlan | undefined> {
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
			const fileName = parameters.fileName || fileNameFromBinary(findBinary(this, itemIndex, propertyName));
			await readCheckedBuffer(this, itemIndex, propertyName, fileName);
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
export async function fileIdentity(this: IExecuteFunctions, itemIndex: number, plan?: AttachmentPlan): Promise<string | undefined> {
	if (!plan) return undefined;
	if (plan.source === 'url') return `url ${plan.url.toString()} ${plan.fileName ?? ''}`;
	const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, plan.propertyName.trim());
	return `binary ${createHash('sha256').update(buffer).digest('hex')} ${plan.fileName}`;
}

/** Before the first message of the run is posted, so no item is sent when another's file cannot be. */
export async function prepareAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
	plan: AttachmentPlan,
	parameters: SendParameters,
): Promise<Attachment> {
	if (plan.source === 'binary') {
		const uploaded = await uploadBinary(this, itemIndex, plan.propertyName, plan.fileName, parameters.timeoutMs);
		return { file_url: uploaded.temporary_download_url, file_name: plan.fileName };
	}
	const facts = parameters.checkFileLink ? await checkFileLink.call(this, plan.url, parameters.timeoutMs) : {};
	const fileName = plan.fileName ?? facts.suggestedName;
	if (!fileName) throw missingNameProblem(plan.url);
	return { file_url: plan.url.toString(), file_name: fileName };
}
