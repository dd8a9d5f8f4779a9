import type { INodeExecutionData } from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { useTriggerEnvironment } from './setup';

/** "Download Attachments": files fetched from the sandbox's temporary links into binary properties. */

const env = useTriggerEnvironment();

const RAVI = 20451188;

async function receiveFile(options: Record<string, unknown>, size: number): Promise<INodeExecutionData> {
	await env.registeredTrigger({ events: ['message:received:new'], options: { downloadAttachments: true, ...options } });
	const content = Buffer.from(Array.from({ length: size }, (_, index) => index % 251));
	await env.control.simulateIncoming({
		chatId: RAVI,
		text: 'the photo',
		attachment: { filename: 'fabric.jpg', mimetype: 'image/jpeg', size, contentBase64: content.toString('base64') },
	});
	await env.idle();
	expect((await env.control.state()).deliveries.map((delivery) => delivery.status)).toEqual([200]);
	expect(env.server.runs).toHaveLength(1);
	return env.server.runs[0][0];
}

describe('downloading attachments', () => {
	it('stores the file, byte for byte, in attachment_0', async () => {
		const item = await receiveFile({}, 5000);
		expect(item.json.attachments).toEqual([
			expect.objectContaining({ filename: 'fabric.jpg', size: 5000, binary_property: 'attachment_0', download_error: null }),
		]);
		expect(item.binary?.attachment_0).toMatchObject({ fileName: 'fabric.jpg', mimeType: 'image/jpeg' });
		const bytes = Buffer.from(item.binary!.attachment_0.data, 'base64');
		expect(bytes).toEqual(Buffer.from(Array.from({ length: 5000 }, (_, index) => index % 251)));
	});

	it('uses the chosen binary property prefix', async () => {
		const item = await receiveFile({ binaryPrefix: 'file' }, 10);
		expect(Object.keys(item.binary ?? {})).toEqual(['file0']);
	});

	it('skips a file above the size cap, keeping the item and saying why', async () => {
		const item = await receiveFile({ maxAttachmentMb: 0.001 }, 5000);
		expect(item.binary).toBeUndefined();
		expect(item.json.attachments).toEqual([
			expect.objectContaining({ binary_property: null, download_error: '5000 bytes is larger than the 1049 bytes limit ("Max Attachment Size")' }),
		]);
		expect(item.json.text).toBe('the photo');
	});

	it('a failing file server: the item arrives with the reason', async () => {
		await env.control.injectFault('downloads', '500');
		const item = await receiveFile({}, 100);
		expect(item.binary).toBeUndefined();
		expect(item.json.attachments).toEqual([
			expect.objectContaining({ binary_property: null, download_error: expect.stringContaining('HTTP 500') }),
		]);
	});

	it('a dropped connection: the item arrives with the reason', async () => {
		await env.control.injectFault('downloads', 'reset');
		const item = await receiveFile({}, 100);
		expect((item.json.attachments as Array<{ download_error: string }>)[0].download_error).toBe(
			'the file server could not be reached (ECONNRESET)',
		);
	});
});

/** A manual-setup delivery of one message whose attachment lives at `url`; the item the workflow got. */
async function receiveLinkedFile(options: Record<string, unknown>, text: string, filename: string, url: string): Promise<INodeExecutionData> {
	const trigger = await env.trigger({ setup: 'manual', options: { downloadAttachments: true, ...options } });
	const message = { direction: 'received', text, attachment: { filename, temporary_download_url: url } };
	const delivery = { chat: { chat_id: '1', full_name: 'Ravi', is_group: false }, whatsapp_account: { phone: '+15105566777' }, message };
	const response = await fetch(trigger.url(false), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(delivery) });
	expect(response.status).toBe(200);
	await env.server.settled();
	const [[item]] = env.server.runs;
	expect(item.binary).toBeUndefined();
	return item;
}

const downloadError = (item: INodeExecutionData) => (item.json.attachments as Array<{ download_error: string }>)[0].download_error;

describe('a file whose size is not announced', () => {
	it('is cut off while streaming once it passes the cap', async () => {
		const url = env.control.testFileUrl('big.bin', { size: 50_000, chunked: true });
		const item = await receiveLinkedFile({ maxAttachmentMb: 0.01 }, 'big', 'big.bin', url);
		expect(downloadError(item)).toBe('it is larger than the 10 KB limit ("Max Attachment Size")');
	});
});

describe('a download that breaks off midway', () => {
	it('keeps the item and says why', async () => {
		// A file server that announces 10,000 bytes, sends 1,000, then drops the connection.
		const server = http.createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '10000' });
			res.write(Buffer.alloc(1000), () => res.destroy());
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo.jpg`;
			const item = await receiveLinkedFile({}, 'photo', 'photo.jpg', url);
			expect(item.json.text).toBe('photo');
			expect(downloadError(item)).toMatch(/^the download broke off or could not be stored/);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
