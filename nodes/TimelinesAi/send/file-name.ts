import type { IBinaryData } from 'n8n-workflow';

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

/** The binary's own name, else `file.<extension>` from its type, else `file`. */
export function fileNameFromBinary(binary: IBinaryData): string {
	if (binary.fileName?.trim()) return binary.fileName.trim();
	const mimeType = binary.mimeType?.split(';')[0].trim().toLowerCase();
	const extension = binary.fileExtension ?? (mimeType ? EXTENSIONS[mimeType] : undefined);
	return extension ? `file.${extension}` : 'file';
}
