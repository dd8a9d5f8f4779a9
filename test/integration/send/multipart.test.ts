import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';

import { apiOkSchema, uploadedFileSchema, type UploadedFile } from '../../../nodes/TimelinesAi/protocol';
import { uploadForm } from '../../../nodes/TimelinesAi/sending/file';
import { useSandbox } from '../sandbox/helpers';

/**
 * The upload form binary files are sent with (`uploadForm` in sending/file.ts: Node's own FormData and Blob), written
 * into a multipart body by n8n-core's own httpRequest (axios), and read by the sandbox's `/files_upload`, which parses
 * it with Node's WHATWG FormData parser (undici): an independent reader of RFC 7578 bodies.
 */

interface Part {
	file: Buffer;
	fileName: string;
	contentType: string;
	/** The `filename` and `content_type` text fields, when they differ from the file part's. */
	fields?: { filename: string; content_type: string };
}

describe('multipart/form-data bodies, as the sandbox reads them', () => {
	const h = useSandbox();

	async function upload({ file: content, fileName, contentType, fields }: Part): Promise<{ file: UploadedFile; bytes: Buffer }> {
		const form = uploadForm(content, fileName, contentType);
		if (fields) {
			form.set('filename', fields.filename);
			form.set('content_type', fields.content_type);
		} else {
			// Without `filename`/`content_type` text fields the sandbox takes both from the file part itself.
			form.delete('filename');
			form.delete('content_type');
		}
		const res = (await httpRequest({
			method: 'POST',
			url: `${h.sandbox.apiBaseUrl}/files_upload`,
			headers: { authorization: `Bearer ${h.sandbox.apiToken}` },
			body: form as never,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		expect(res.statusCode).toBe(200);
		const file = apiOkSchema(uploadedFileSchema).parse(res.body).data;
		const bytes = Buffer.from(await (await fetch(file.temporary_download_url)).arrayBuffer());
		return { file, bytes };
	}

	it('keeps every byte of a binary file, its UTF-8 file name and its type', async () => {
		// Every byte value, line breaks, and lines that look like multipart delimiters.
		const content = Buffer.concat([
			Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)),
			Buffer.from('\r\n--\r\n------TimelinesAiFormBoundary\r\n--x--\r\n\r\n'),
			Buffer.alloc(70_000, 0xff),
		]);
		const { file, bytes } = await upload({ file: content, fileName: 'Rechnung März №7 €.pdf', contentType: 'application/pdf' });
		expect(bytes.equals(content)).toBe(true);
		expect(file).toMatchObject({ filename: 'Rechnung März №7 €.pdf', mimetype: 'application/pdf', size: content.length });
	});

	it('sends text fields as they are, line breaks and non-ASCII included, next to the file', async () => {
		const { file, bytes } = await upload({
			file: Buffer.from('a,b\r\n1,2\r\n'),
			fileName: 'ignored.csv',
			contentType: 'text/csv',
			fields: { filename: 'Отчёт\r\n2026.csv', content_type: 'text/csv; charset=utf-8' },
		});
		expect(bytes.toString()).toBe('a,b\r\n1,2\r\n');
		expect(file).toMatchObject({ filename: 'Отчёт\r\n2026.csv', mimetype: 'text/csv; charset=utf-8' });
	});

	it('escapes quotes and line breaks in a file name as browsers do: the part header stays whole, the name arrives intact', async () => {
		const fileName = 'say "hi"\r\nContent-Type: text/html.txt';
		const { file, bytes } = await upload({ file: Buffer.from('x'), fileName, contentType: 'text/plain' });
		expect(bytes.toString()).toBe('x');
		expect(file).toMatchObject({ filename: fileName, mimetype: 'text/plain' });
	});

	it('sends a type that could add headers (a line break in it) as application/octet-stream', async () => {
		const { file } = await upload({ file: Buffer.from('x'), fileName: 'a.bin', contentType: 'text/plain\r\nX-Injected: 1' });
		expect(file.mimetype).toBe('application/octet-stream');
	});
});
