import { MAX_ATTACHMENT_BYTES } from '../../sandbox/spec-schemas';
import { postInbound, request, useSandbox } from './helpers';

/** spec/inbound-webhook.md: acceptance is not delivery; credits; attachments; pacing; 429; logs. */

describe('acceptance is not delivery: bad numbers are accepted, then fail and give their credits back', () => {
	const h = useSandbox();

	const cases: Array<[string, string, RegExp]> = [
		['malformed (too short)', '+1415', /Invalid phone number "\+1415"/],
		['malformed (no plus)', '14155550100', /Invalid phone number "14155550100"/],
		['malformed (letters)', '+1415CALLME', /Invalid phone number/],
		['well formed but not on WhatsApp', '+12025550100', /The phone number \+12025550100 is not on WhatsApp/],
	];

	it.each(cases)('%s', async (_case, phone, failure) => {
		const answer = await postInbound(h.sandbox, { action: 'send', phone, text: 'Hi' });
		expect(answer.status).toBe(200);
		await h.control.waitForIdle();
		const { messages, credits } = await h.control.state();
		expect(messages[0]).toMatchObject({ status: 'Failed', failure: expect.stringMatching(failure) });
		expect(messages[0].statusHistory.map((entry) => entry.status)).toEqual(['Pending', 'Failed']);
		expect(credits).toEqual({ quota: 1000, remaining: 1000, refunded: 1 });
	});

	it('sends to a new well-formed number by creating its chat', async () => {
		await postInbound(h.sandbox, { action: 'send', phone: '+14155550100', text: 'Hi' });
		await h.control.waitForIdle();
		const { messages, chats, credits } = await h.control.state();
		expect(messages[0]).toMatchObject({ status: 'Delivered', chatId: 20451502 });
		expect(messages[0].statusHistory.map((entry) => entry.status)).toEqual(['Pending', 'Sent', 'Delivered']);
		expect(chats.find((chat) => chat.id === 20451502)).toMatchObject({ phone: '+14155550100', jid: '14155550100@s.whatsapp.net', isGroup: false });
		expect(credits.remaining).toBe(999);
	});

	it('a number can be marked as (not) on WhatsApp', async () => {
		await h.control.setOnWhatsapp('+14155550100', false);
		await postInbound(h.sandbox, { action: 'send', phone: '+14155550100', text: 'Hi' });
		await h.control.waitForIdle();
		expect((await h.control.state()).messages[0].status).toBe('Failed');
	});
});

describe('credits: 1 per message, 2 with text and a file; the queue never outgrows the quota', () => {
	const h = useSandbox({ gapMs: 50 });

	const costs: Array<[string, Record<string, unknown>, number]> = [
		['text only', { text: 'Hi' }, 1],
		['file only (empty text)', { text: '', file_url: 'FILE', file_name: 'a.pdf' }, 1],
		['text and file', { text: 'Invoice', file_url: 'FILE', file_name: 'a.pdf' }, 2],
	];

	it.each(costs)('%s holds %i credit(s)', async (_case, fields, cost) => {
		const fileUrl = h.control.testFileUrl('a.pdf', { contentType: 'application/pdf' });
		const body = { action: 'send', chat_id: '20451188', ...fields, ...(fields.file_url ? { file_url: fileUrl } : {}) };
		expect((await postInbound(h.sandbox, body)).status).toBe(200);
		const { messages, credits } = await h.control.state();
		expect(messages[0].credits).toBe(cost);
		expect(credits.remaining).toBe(1000 - cost);
	});

	it('refuses a request that would push the queue past the remaining quota, with a clear 402', async () => {
		await h.control.setCredits({ remaining: 2 });
		const send = () => postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Hi' });
		expect((await send()).status).toBe(200);
		expect((await send()).status).toBe(200);
		const refused = await send();
		expect(refused.status).toBe(402);
		expect(refused.body).toEqual({
			status: 402,
			data: {},
			message: 'Not enough credits: this message needs 1 but only 0 remain in the sending quota (messages waiting in the queue already hold theirs)',
		});
		await h.control.waitForIdle();
		expect((await h.control.state()).messages.map((message) => message.status)).toEqual(['Delivered', 'Delivered']);
	});

	it('refuses a 2-credit message when 1 credit remains but accepts a 1-credit one', async () => {
		await h.control.setCredits({ remaining: 1 });
		const file = { file_url: h.control.testFileUrl('a.pdf'), file_name: 'a.pdf' };
		const twoCredits = await postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Invoice', ...file });
		expect(twoCredits.status).toBe(402);
		expect(twoCredits.body.message).toMatch(/needs 2 but only 1 remain/);
		expect((await postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: '', ...file })).status).toBe(200);
	});
});

describe('attachments: downloaded when sent; over 2 MB or an HTML share page fails as a corrupt file', () => {
	const h = useSandbox();

	const send = (fileUrl: string, fileName = 'file.pdf') =>
		postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'See attached', file_url: fileUrl, file_name: fileName });

	const failing: Array<[string, (base: string) => string, RegExp]> = [
		['a file over 2 MB', () => h.control.testFileUrl('big.pdf', { size: MAX_ATTACHMENT_BYTES + 1, contentType: 'application/pdf' }), /^File is corrupted: the file is larger than 2 MB$/],
		['a file over 2 MB without Content-Length', () => h.control.testFileUrl('big.pdf', { size: 3 * 1024 * 1024, chunked: true }), /^File is corrupted: the file is larger than 2 MB$/],
		['an HTML share page', () => h.control.sharePageUrl('invoice.pdf'), /^File is corrupted: the link returned an HTML page/],
		['HTML served as a file type', () => h.control.testFileUrl('x.pdf', { contentType: 'text/html' }), /^File is corrupted/],
		['a link that answers 404', (base) => `${base}/files/tmp/nothing/x.pdf`, /^Failed to load document: the file link answered HTTP 404$/],
		['a non-loopback URL', () => 'https://example.com/files/invoice.pdf', /^Failed to load document: the sandbox downloads files only from 127\.0\.0\.1 or localhost$/],
	];

	it.each(failing)('%s: accepted, then Failed with its 2 credits back', async (_case, url, failure) => {
		expect((await send(url(h.sandbox.baseUrl))).status).toBe(200);
		await h.control.waitForIdle();
		const { messages, credits } = await h.control.state();
		expect(messages[0]).toMatchObject({ status: 'Failed', failure: expect.stringMatching(failure) });
		expect(credits.remaining).toBe(1000);
	});

	it('sends a file of exactly 2 MB and keeps its bytes, type and name', async () => {
		const url = h.control.testFileUrl('spec.pdf', { size: MAX_ATTACHMENT_BYTES, contentType: 'application/pdf' });
		await send(url, 'sofa-spec.pdf');
		await h.control.waitForIdle();
		const { messages, files } = await h.control.state();
		expect(messages[0].status).toBe('Delivered');
		expect(files).toEqual([expect.objectContaining({ uid: messages[0].fileUid, filename: 'sofa-spec.pdf', size: MAX_ATTACHMENT_BYTES, mimetype: 'application/pdf' })]);
	});
});

describe('pacing: queued messages leave one at a time, in order, with a gap', () => {
	const gapMs = 40;
	const h = useSandbox({ gapMs });

	it('sends five quick calls in their order, each at least half a gap after the previous', async () => {
		const ids: string[] = [];
		for (let i = 1; i <= 5; i++) {
			ids.push((await postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: `Message ${i}` })).body.data.message_id);
		}
		const queued = await h.control.state();
		expect(queued.messages.filter((message) => message.status === 'Pending').length).toBeGreaterThan(0);
		await h.control.waitForIdle();
		const { messages } = await h.control.state();
		const sent = [...messages].sort((a, b) => a.sentAt!.localeCompare(b.sentAt!));
		expect(sent.map((message) => message.messageId)).toEqual(ids);
		const times = sent.map((message) => Date.parse(message.sentAt!));
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(gapMs / 2 - 1);
	});

	it('takes its gap from the control surface', async () => {
		await h.control.setPacing(0);
		expect((await h.control.state()).settings.gapMs).toBe(0);
	});
});

describe('optional per-URL rate limit: 429 with Retry-After', () => {
	const h = useSandbox();

	it('answers 429 above the limit, names the wait, and lets calls through once the window passed', async () => {
		await h.control.setRateLimit(2, 60_000);
		const body = { action: 'send', chat_id: '20451188', text: 'Hi' };
		expect((await postInbound(h.sandbox, body)).status).toBe(200);
		expect((await postInbound(h.sandbox, body)).status).toBe(200);
		const limited = await postInbound(h.sandbox, body);
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({ status: 429, data: {}, message: expect.stringMatching(/^Too many requests for this webhook URL: retry after \d+ seconds$/) });
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
		await h.control.advanceClock(60_000);
		expect((await postInbound(h.sandbox, body)).status).toBe(200);
	});

	it('gives a regenerated URL a fresh window', async () => {
		await h.control.setRateLimit(1, 60_000);
		const body = { action: 'send', chat_id: '20451188', text: 'Hi' };
		expect((await postInbound(h.sandbox, body)).status).toBe(200);
		expect((await postInbound(h.sandbox, body)).status).toBe(429);
		const url = await h.control.regenerateInboundUrl();
		expect((await request('POST', url, body)).status).toBe(200);
	});
});

describe('last sending attempts and the downloadable log of the last 100 calls', () => {
	const h = useSandbox();

	it('records accepted and refused calls, newest first, with request and response', async () => {
		await postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Hi' });
		await postInbound(h.sandbox, { action: 'send', text: 'No recipient' });
		const log = await h.control.inboundLog();
		expect(log.attempts.map((attempt) => [attempt.status, attempt.message])).toEqual([
			[400, expect.stringMatching(/One recipient field is required/)],
			[200, 'Accepted'],
		]);
		expect(log.attempts[1].messageId).toMatch(/^wa_backend:/);
		expect(JSON.parse(log.log[1].request)).toEqual({ action: 'send', chat_id: '20451188', text: 'Hi' });
		expect(log.log[0].response.status).toBe(400);
	});

	it('keeps 10 attempts and 100 log entries', async () => {
		for (let i = 0; i < 105; i++) await postInbound(h.sandbox, { action: 'send', text: `bad ${i}` });
		const { attempts, log } = await h.control.inboundLog();
		expect(attempts).toHaveLength(10);
		expect(log).toHaveLength(100);
		expect(JSON.parse(log[0].request).text).toBe('bad 104');
		expect(JSON.parse(log[99].request).text).toBe('bad 5');
	});

	it('serves the log as a download', async () => {
		const answer = await request('GET', `${h.sandbox.controlUrl}/inbound/log`);
		expect(answer.headers.get('content-disposition')).toBe('attachment; filename="inbound-webhook-log.json"');
	});

	it('never writes the secret URL token into the log', async () => {
		await postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Hi' });
		const token = h.sandbox.inboundUrl.split('/').pop()!;
		expect(JSON.stringify(await h.control.inboundLog())).not.toContain(token);
	});
});
