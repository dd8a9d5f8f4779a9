import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { testFileBytes } from '../../sandbox/files';
import { binaryItem, useSendEnvironment } from '../send/setup';

/** File → Upload through n8n-core against the sandbox: the file TimelinesAI keeps, byte for byte, and the errors. */

const env = useSendEnvironment();

const upload = (fields: INodeParameters): INodeParameters => ({ resource: 'file', operation: 'upload', ...fields });

async function storedFiles() {
	return (await env.control.state()).files;
}

/** The bytes TimelinesAI serves at the upload's temporary link. */
async function downloaded(url: unknown): Promise<Buffer> {
	const res = await fetch(String(url));
	expect(res.status).toBe(200);
	return Buffer.from(await res.arrayBuffer());
}

describe('File → Upload, from a binary field', () => {
	it('uploads the binary as it is, with its name and type; the output is what Reply\'s File UID takes', async () => {
		const bytes = testFileBytes(5000);
		const { items, error } = await env.run('timelinesAi', upload({ source: 'binary', binaryPropertyName: 'data' }), [binaryItem(bytes, { fileName: 'invoice-1042.pdf', mimeType: 'application/pdf' })]);
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: expect.objectContaining({ uid: expect.any(String), filename: 'invoice-1042.pdf', size: 5000, mimetype: 'application/pdf', temporary_download_url: expect.any(String) }),
				pairedItem: { item: 0 },
			},
		]);
		expect(await storedFiles()).toEqual([expect.objectContaining({ uid: items[0].json.uid, filename: 'invoice-1042.pdf', size: 5000, mimetype: 'application/pdf' })]);
		expect((await downloaded(items[0].json.temporary_download_url)).equals(bytes)).toBe(true);
	});

	it('File Name and Content Type in the options win; a binary without a name gets one from its type', async () => {
		const named = await env.run('timelinesAi', upload({ options: { fileName: 'price-list.txt', contentType: 'text/plain' } }), [binaryItem(Buffer.from('prices'), { mimeType: 'application/octet-stream' })]);
		expect(named.items[0].json).toMatchObject({ filename: 'price-list.txt', mimetype: 'text/plain', size: 6 });
		const unnamed = await env.run('timelinesAi', upload({}), [binaryItem(Buffer.from('%PDF-1.4'), { mimeType: 'application/pdf' })]);
		expect(unnamed.items[0].json).toMatchObject({ filename: 'file.pdf', mimetype: 'application/pdf' });
		expect((await storedFiles()).map((file) => file.filename)).toEqual(['price-list.txt', 'file.pdf']);
	});

	it('a missing or empty binary names the item, the field and the fix; nothing is uploaded', async () => {
		const none = await env.run('timelinesAi', upload({}), [{ json: {} }]);
		expect(none.error?.message).toBe(
			'Field "Input Binary Field" in item 0: this item has no binary file, so there is no "data" to upload. Read or download the file in an earlier node (e.g. HTTP Request with "File" response), or set Source to "URL".',
		);
		const other = await env.run('timelinesAi', upload({ binaryPropertyName: 'attachment' }), [binaryItem(Buffer.from('x'), { mimeType: 'text/plain' })]);
		expect(other.error?.message).toBe('Field "Input Binary Field" in item 0: this item has no binary file named "attachment"; it has "data". Use one of those names.');
		const empty = await env.run('timelinesAi', upload({}), [binaryItem(Buffer.alloc(0), { fileName: 'blank.txt', mimeType: 'text/plain' })]);
		expect(empty.error?.message).toBe('Field "Input Binary Field" in item 0: the binary file "blank.txt" is empty (0 bytes). Check the node that produced it.');
		expect(await storedFiles()).toEqual([]);
	});

	it('with Continue, each input item gives one output item', async () => {
		const inputs: INodeExecutionData[] = [
			binaryItem(Buffer.from('one'), { fileName: 'one.txt', mimeType: 'text/plain' }),
			{ json: {} },
			binaryItem(Buffer.from('three'), { fileName: 'three.txt', mimeType: 'text/plain' }),
		];
		const { items } = await env.run('timelinesAi', upload({}), inputs, { continueOnFail: true });
		expect(items.map((item) => [item.json.filename ?? item.json.error, item.pairedItem])).toEqual([
			['one.txt', { item: 0 }],
			[expect.stringMatching(/^Field "Input Binary Field" in item 1: this item has no binary file/), { item: 1 }],
			['three.txt', { item: 2 }],
		]);
		expect((await storedFiles()).map((file) => file.filename)).toEqual(['one.txt', 'three.txt']);
	});

	it('without an API token it names the credential field; a wrong token never shows', async () => {
		const item = binaryItem(Buffer.from('x'), { fileName: 'x.txt', mimeType: 'text/plain' });
		const { error } = await env.run('timelinesAi', upload({}), [item], { credentials: env.credentials({ apiToken: '' }) });
		expect(error?.message).toMatch(/^Field "API Token \(in the TimelinesAI credential\)" in item 0: it is empty, but uploading the file of item 0 needs it/);
		const wrong = await env.run('timelinesAi', upload({}), [item], { credentials: env.credentials({ apiToken: 'wrong-token-2468024' }) });
		expect(wrong.error?.message).toMatch(/HTTP 401/);
		expect(JSON.stringify(wrong.error)).not.toContain('wrong-token-2468024');
		expect(await storedFiles()).toEqual([]);
	});
});

describe('File → Upload, from a URL', () => {
	it('TimelinesAI downloads the link: name from the link, or from File Name', async () => {
		const url = env.control.testFileUrl('catalogue.pdf', { size: 3000, contentType: 'application/pdf' });
		const { items, error } = await env.run('timelinesAi', upload({ source: 'url', fileUrl: '={{ $json.link }}' }), [{ json: { link: url } }]);
		expect(error).toBeUndefined();
		expect(items[0]).toEqual({ json: expect.objectContaining({ uid: expect.any(String), filename: 'catalogue.pdf', size: 3000, mimetype: 'application/pdf' }), pairedItem: { item: 0 } });
		expect((await downloaded(items[0].json.temporary_download_url)).equals(testFileBytes(3000))).toBe(true);

		const renamed = await env.run('timelinesAi', upload({ source: 'url', fileUrl: url, options: { fileName: 'Catalogue 2026.pdf' } }));
		expect(renamed.items[0].json).toMatchObject({ filename: 'Catalogue 2026.pdf', size: 3000 });
		expect((await storedFiles()).map((file) => file.filename)).toEqual(['catalogue.pdf', 'Catalogue 2026.pdf']);
	});

	it.each([
		['', 'Field "File URL" in item 0: is empty. Paste a direct download link starting with https://, or set Source to "Binary File".'],
		['invoice.pdf', 'Field "File URL" in item 0: "invoice.pdf" is not a web address. Use a full direct download link such as https://example.com/files/invoice.pdf.'],
		['ftp://example.com/a.pdf', expect.stringMatching(/^Field "File URL" in item 0: "ftp:\/\/example.com\/a.pdf" is a ftp link, but TimelinesAI can only download files from http:\/\/ or https:\/\/ links/)],
	])('refuses the mapped link %p before calling TimelinesAI', async (link, message) => {
		// Mapped: n8n itself refuses to run a node whose required field is typed empty.
		const { error } = await env.run('timelinesAi', upload({ source: 'url', fileUrl: '={{ $json.link }}' }), [{ json: { link } }]);
		expect(error?.message).toEqual(message);
		expect(await env.control.apiCallCount()).toBe(0);
	});

	it('a link TimelinesAI cannot download is a problem with File URL, in TimelinesAI\'s words', async () => {
		const { error } = await env.run('timelinesAi', upload({ source: 'url', fileUrl: `${env.control.controlUrl}/test-files/gone.pdf?size=-1` }));
		expect(error?.message).toBe(
			'Field "File URL" in item 0: TimelinesAI answered HTTP 400 while uploading the file from its link: download_url answered HTTP 400.',
		);
		expect(error?.description).toMatch(/TimelinesAI downloads the file from this link itself/);
		expect(await storedFiles()).toEqual([]);
	});
});
