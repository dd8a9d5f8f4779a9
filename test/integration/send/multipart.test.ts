import { apiOkSchema, uploadedFileSchema, type UploadedFile } from '../../../nodes/TimelinesAi/protocol';
import { multipartFormData, type MultipartField } from '../../../nodes/TimelinesAi/sending/file';
import { useSandbox } from '../sandbox/helpers';

/**
 * The multipart/form-data body binary uploads send (`multipartFormData` in send/attachment.ts), read by the sandbox's `/files_upload`, which
 * parses it with Node's own WHATWG FormData parser (undici): an independent reader of RFC 7578 bodies.
 */

describe('multipart/form-data bodies, as the sandbox reads them', () => {
	const h = useSandbox();

	async function upload(fields: MultipartField[]): Promise<{ file: UploadedFile; bytes: Buffer }> {
		const form = multipartFormData(fields);
		const res = await fetch(`${h.sandbox.apiBaseUrl}/files_upload`, {
			method: 'POST',
			headers: { authorization: `Bearer ${h.sandbox.apiToken}`, ...form.getHeaders() },
			body: form.getBuffer(),
		});
		expect(res.status).toBe(200);
		const file = apiOkSchema(uploadedFileSchema).parse(await res.json()).data;
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
		// No `filename`/`content_type` text fields: the sandbox then takes both from the file part itself.
		const { file, bytes } = await upload([{ field: 'file', file: content, fileName: 'Rechnung März №7 €.pdf', contentType: 'application/pdf' }]);
		expect(bytes.equals(content)).toBe(true);
		expect(file).toMatchObject({ filename: 'Rechnung März №7 €.pdf', mimetype: 'application/pdf', size: content.length });
	});

	it('sends text fields as they are, line breaks and non-ASCII included, next to the file', async () => {
		const { file, bytes } = await upload([
			{ field: 'file', file: Buffer.from('a,b\r\n1,2\r\n'), fileName: 'ignored.csv', contentType: 'text/csv' },
			{ field: 'filename', text: 'Отчёт\r\n2026.csv' },
			{ field: 'content_type', text: 'text/csv; charset=utf-8' },
		]);
		expect(bytes.toString()).toBe('a,b\r\n1,2\r\n');
		expect(file).toMatchObject({ filename: 'Отчёт\r\n2026.csv', mimetype: 'text/csv; charset=utf-8' });
	});

	it('escapes quotes and line breaks in a file name as browsers do: the part header stays whole, the name arrives intact', async () => {
		const fileName = 'say "hi"\r\nContent-Type: text/html.txt';
		const { file, bytes } = await upload([{ field: 'file', file: Buffer.from('x'), fileName, contentType: 'text/plain' }]);
		expect(bytes.toString()).toBe('x');
		expect(file).toMatchObject({ filename: fileName, mimetype: 'text/plain' });
	});

	it('sends a type that could add headers (a line break in it) as application/octet-stream', async () => {
		const { file } = await upload([{ field: 'file', file: Buffer.from('x'), fileName: 'a.bin', contentType: 'text/plain\r\nX-Injected: 1' }]);
		expect(file.mimetype).toBe('application/octet-stream');
	});

	it('picks a new random boundary for each body and names it in the Content-Type', () => {
		const boundaryOf = (fields: MultipartField[]) => /boundary=(.+)$/.exec(multipartFormData(fields).getHeaders()['content-type'] ?? '')?.[1];
		const fields: MultipartField[] = [{ field: 'filename', text: 'a' }];
		const first = boundaryOf(fields);
		expect(first).toMatch(/^-+TimelinesAiFormBoundary[0-9a-f]{32}$/);
		expect(boundaryOf(fields)).not.toBe(first);
	});
});
