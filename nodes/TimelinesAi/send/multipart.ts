import { randomBytes } from 'crypto';

import type { MultipartBody } from '../shared/transport';

/** One field of a multipart/form-data body: text, or a file's bytes with its name and type. */
export type MultipartField =
	| { field: string; text: string }
	| { field: string; file: Buffer; fileName: string; contentType: string };

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
 * A complete multipart/form-data body (RFC 7578) in one buffer, with the Content-Type header that names its
 * boundary. Built here rather than with the form-data package, whose bundled code (file streams, http, `process`)
 * n8n's community-package scanner refuses.
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
