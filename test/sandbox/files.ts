import type { SandboxContext } from './context';
import { json, type Reply, type SandboxRequest } from './http';
import type { UploadedFile } from './spec-schemas';
import type { StoredFile } from './state';

/** Stored files, their 15-minute download links, and the loopback test files that attachment tests fetch. */

export const TMP_LINK_LIFETIME_MS = 15 * 60_000;
export const TMP_FILES_PATH = '/files/tmp';
export const TEST_FILES_PATH = '/__control/test-files';

export function storeFile(
	ctx: SandboxContext,
	file: Pick<StoredFile, 'filename' | 'mimetype' | 'data' | 'uploadedByEmail'>,
): StoredFile {
	const stored: StoredFile = {
		...file,
		uid: ctx.random.uuid(),
		size: file.data.length,
		uploadedAt: ctx.clock.now().toISOString(),
	};
	ctx.state.files.set(stored.uid, stored);
	return stored;
}

/** A fresh link that works for 15 minutes of sandbox time. */
export function temporaryDownloadUrl(ctx: SandboxContext, file: StoredFile): string {
	const id = ctx.random.hex(16);
	ctx.state.tmpLinks.set(id, { fileUid: file.uid, expiresAtMs: ctx.clock.nowMs() + TMP_LINK_LIFETIME_MS });
	return `${ctx.baseUrl}${TMP_FILES_PATH}/${id}/${encodeURIComponent(file.filename)}`;
}

export function uploadedFileData(ctx: SandboxContext, file: StoredFile): UploadedFile {
	return {
		uid: file.uid,
		filename: file.filename,
		size: file.size,
		mimetype: file.mimetype,
		temporary_download_url: temporaryDownloadUrl(ctx, file),
		uploaded_by_email: file.uploadedByEmail,
		uploaded_at: file.uploadedAt,
	};
}

function fileReply(data: Buffer, mimetype: string, filename: string): Reply {
	return {
		status: 200,
		body: data,
		headers: { 'content-type': mimetype, 'content-disposition': `attachment; filename="${encodeURIComponent(filename)}"` },
	};
}

export function serveTemporaryFile(ctx: SandboxContext, req: SandboxRequest): Reply {
	const id = req.path.slice(TMP_FILES_PATH.length + 1).split('/')[0];
	const link = ctx.state.tmpLinks.get(id);
	const file = link && ctx.state.files.get(link.fileUid);
	if (!link || !file) return json(404, { status: 'error', message: 'File not found' });
	if (ctx.clock.nowMs() > link.expiresAtMs) return json(410, { status: 'error', message: 'Download link expired' });
	return fileReply(file.data, file.mimetype, file.filename);
}

/** Deterministic bytes of a given size, so downloads can be checked byte for byte. */
export function testFileBytes(size: number): Buffer {
	const data = Buffer.alloc(size);
	for (let i = 0; i < size; i++) data[i] = i % 251;
	return data;
}

export const SHARE_PAGE_HTML =
	'<!DOCTYPE html><html><head><title>Shared file - FileHost</title></head>' +
	'<body><h1>invoice.pdf</h1><a href="/download/invoice.pdf">Download</a></body></html>';

/**
 * `GET|HEAD /__control/test-files/<name>?size=N&type=<content type>` serves N deterministic bytes;
 * `/__control/test-files/share/<name>` serves an HTML "share page" like a file host's, with status 200.
 * `&chunked=1` leaves out Content-Length, as some servers do.
 */
export function serveTestFile(req: SandboxRequest): Reply {
	const rest = req.path.slice(TEST_FILES_PATH.length + 1);
	if (rest.startsWith('share/')) {
		return { status: 200, body: Buffer.from(SHARE_PAGE_HTML), headers: { 'content-type': 'text/html; charset=utf-8' } };
	}
	const size = Number(req.query.get('size') ?? '1024');
	if (!Number.isInteger(size) || size < 0 || size > 50 * 1024 * 1024) {
		return json(400, { status: 'error', message: 'size must be an integer number of bytes up to 50 MB' });
	}
	const name = decodeURIComponent(rest || 'file.bin');
	const reply = fileReply(testFileBytes(size), req.query.get('type') ?? 'application/octet-stream', name);
	if (req.query.get('chunked') === '1') reply.headers = { ...reply.headers, 'transfer-encoding': 'chunked' };
	return reply;
}
