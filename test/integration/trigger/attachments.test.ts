import type { INodeExecutionData } from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { withSecret } from '../../../nodes/TimelinesAi/trigger/secret';
import { useTriggerEnvironment } from './setup';

/** "Download Attachments": files fetched from the sandbox's temporary links into binary properties. */

const env = useTriggerEnvironment();

const RAVI = 20451188;
const MANUAL_SECRET = 'pasted-secret-from-the-user';

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
			'the file could not be fetched: the connection was cut off',
		);
	});
});

/** A delivery of one received message with one attachment at `url`, posted as TimelinesAI would. */
function linkedFileDelivery(text: string, filename: string, url: string) {
	const message = { direction: 'received', text, attachment: { filename, temporary_download_url: url } };
	return { chat: { chat_id: '1', full_name: 'Ravi', is_group: false }, whatsapp_account: { phone: '+15105566777' }, message };
}

/** Posts `delivery` to `url`; the answer's status, body and how long it took. */
async function post(url: string, delivery: unknown) {
	const started = Date.now();
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(delivery) });
	return { status: response.status, answer: (await response.json()) as unknown, ms: Date.now() - started };
}

/** An automatic-setup trigger (whose credential points at the sandbox) and its URL with the registered secret. */
async function automaticTrigger(options: Record<string, unknown>) {
	const trigger = await env.registeredTrigger({ events: ['message:received:new'], options: { downloadAttachments: true, ...options } });
	return withSecret(trigger.url(false), trigger.nodeStaticData().secret as string);
}

/** The one item of the one run the server started. */
async function onlyItem(): Promise<INodeExecutionData> {
	await env.server.settled();
	expect(env.server.runs).toHaveLength(1);
	const [[item, ...others]] = env.server.runs;
	expect(others).toHaveLength(0);
	return item;
}

const downloadError = (item: INodeExecutionData) => (item.json.attachments as Array<{ download_error: string }>)[0].download_error;

describe('a file whose size is not announced', () => {
	it('is cut off while streaming once it passes the cap', async () => {
		const url = await automaticTrigger({ maxAttachmentMb: 0.01 });
		const file = env.control.testFileUrl('big.bin', { size: 50_000, chunked: true });
		expect((await post(url, linkedFileDelivery('big', 'big.bin', file))).status).toBe(200);
		expect(downloadError(await onlyItem())).toBe('it is larger than the 10 KB limit ("Max Attachment Size")');
	});
});

describe('a file server too slow for TimelinesAI\'s 5 seconds', () => {
	it('is given up after 3 seconds: the answer stays under 5 s and the item keeps the link and says why', async () => {
		const url = await automaticTrigger({});
		await env.control.injectFault('downloads', 'slow');
		const file = env.control.testFileUrl('slow.jpg', { size: 100 });
		const { status, answer, ms } = await post(url, linkedFileDelivery('slow photo', 'slow.jpg', file));
		expect(status).toBe(200);
		expect(answer).toEqual({ status: 'ok', items: 1, filtered: 0, repeated: 0 });
		expect(ms).toBeGreaterThanOrEqual(2900);
		expect(ms).toBeLessThan(4500);
		const item = await onlyItem();
		expect(item.binary).toBeUndefined();
		expect(item.json.attachments).toEqual([expect.objectContaining({ url: file, binary_property: null })]);
		expect(downloadError(item)).toMatch(/^not downloaded: TimelinesAI waits only 5 seconds .*the link in "url" works for 15 minutes/);
	});
});

describe('links that are not TimelinesAI\'s files', () => {
	/** A loopback server standing in for anything on n8n's network: it counts every request it gets. */
	let requests = 0;
	let server: http.Server;
	let privateUrl: string;
	beforeAll(async () => {
		server = http.createServer((_req, res) => {
			requests++;
			res.writeHead(200, { 'content-type': 'text/plain' });
			res.end('internal data');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		privateUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`;
	});
	afterAll(async () => await new Promise((resolve) => server.close(resolve)));
	beforeEach(() => {
		requests = 0;
	});

	const refused = (origin: string) => `not downloaded: only TimelinesAI's own file links (https://…timelines.ai) are fetched, and this one points to ${origin}`;

	it('manual setup: a loopback link is not fetched; the item arrives, keeps the link and says why', async () => {
		const trigger = await env.trigger({ setup: 'manual', manualSecret: MANUAL_SECRET, options: { downloadAttachments: true } });
		const { status } = await post(withSecret(trigger.url(false), MANUAL_SECRET), linkedFileDelivery('look', 'admin.txt', privateUrl));
		expect(status).toBe(200);
		const item = await onlyItem();
		expect(requests).toBe(0);
		expect(item.json.text).toBe('look');
		expect(item.json.attachments).toEqual([expect.objectContaining({ url: privateUrl, binary_property: null })]);
		expect(downloadError(item)).toBe(refused(new URL(privateUrl).origin));
	});

	it.each([
		['another loopback port than the sandbox\'s', () => privateUrl, () => new URL(privateUrl).origin],
		['a private address', () => 'http://10.0.0.7/file.pdf', () => 'http://10.0.0.7'],
		['the cloud metadata address over https', () => 'https://169.254.169.254/latest/meta-data', () => 'https://169.254.169.254'],
		['TimelinesAI\'s file host over plain http', () => 'http://files.timelines.ai/tmp/1/a.pdf', () => 'http://files.timelines.ai'],
		['a look-alike host', () => 'https://files.timelines.ai.example.com/a.pdf', () => 'https://files.timelines.ai.example.com'],
	])('automatic setup on the sandbox: %s is not fetched', async (_name, link, origin) => {
		const url = await automaticTrigger({});
		expect((await post(url, linkedFileDelivery('look', 'a.pdf', link()))).status).toBe(200);
		const item = await onlyItem();
		expect(requests).toBe(0);
		expect(downloadError(item)).toBe(refused(origin()));
	});
});
