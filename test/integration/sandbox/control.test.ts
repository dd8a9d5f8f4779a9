import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { SandboxControl, startSandbox } from '../../sandbox';
import { api, postInbound, request, useSandbox } from './helpers';

/** The control surface (faults, clock, reset, state, test files), determinism, and the CLI. */

const sendBody = { action: 'send', chat_id: '20451188', text: 'Hi' };

describe('injected faults: the next N answers of a surface fail', () => {
	const h = useSandbox({ slowFaultMs: 100 });

	it('500 on the inbound webhook, in its error shape, then normal again', async () => {
		await h.control.injectFault('inbound', '500', 2);
		for (let i = 0; i < 2; i++) {
			expect(await postInbound(h.sandbox, sendBody)).toMatchObject({ status: 500, body: { status: 500, data: {}, message: 'Internal server error' } });
		}
		expect((await postInbound(h.sandbox, sendBody)).status).toBe(200);
		expect((await h.control.state()).messages).toHaveLength(1);
	});

	it('429 with Retry-After on the API, in its error shape', async () => {
		await h.control.injectFault('api', '429');
		const answer = await api(h.sandbox, 'GET', '/webhooks');
		expect(answer).toMatchObject({ status: 429, body: { status: 'error', message: 'Too many requests' } });
		expect(answer.headers.get('retry-after')).toBe('1');
	});

	it('reset drops the connection and does nothing', async () => {
		await h.control.injectFault('inbound', 'reset');
		await expect(postInbound(h.sandbox, sendBody)).rejects.toThrow();
		expect((await h.control.state()).messages).toHaveLength(0);
	});

	it('accept-then-reset queues the message but drops the connection (an ambiguous failure)', async () => {
		await h.control.injectFault('inbound', 'accept-then-reset');
		await expect(postInbound(h.sandbox, sendBody)).rejects.toThrow();
		await h.control.waitForIdle();
		expect((await h.control.state()).messages.map((message) => message.status)).toEqual(['Delivered']);
	});

	it('slow holds the answer, then answers normally', async () => {
		await h.control.injectFault('inbound', 'slow');
		expect((await postInbound(h.sandbox, sendBody)).status).toBe(200);
	});

	it('faults on downloads hit test files and the sandbox\'s own attachment downloads', async () => {
		await h.control.injectFault('downloads', '500', 2);
		expect((await request('GET', h.control.testFileUrl('a.pdf'))).status).toBe(500);
		await postInbound(h.sandbox, { ...sendBody, file_url: h.control.testFileUrl('a.pdf'), file_name: 'a.pdf' });
		await h.control.waitForIdle();
		expect((await h.control.state()).messages[0]).toMatchObject({ status: 'Failed', failure: 'Failed to load document: the file link answered HTTP 500' });
	});

	it('are listed in the state and cleared by clearFaults and reset', async () => {
		await h.control.injectFault('api', 'slow', 3);
		expect((await h.control.state()).faults).toEqual({ api: ['slow', 'slow', 'slow'] });
		await h.control.clearFaults();
		expect((await h.control.state()).faults).toEqual({});
		await h.control.injectFault('inbound', '500');
		await h.control.reset();
		expect((await postInbound(h.sandbox, sendBody)).status).toBe(200);
	});

	it('refuses unknown targets and kinds with a clear 400', async () => {
		await expect(h.control.injectFault('nowhere' as never, '500')).rejects.toThrow(/HTTP 400.*target/);
		await expect(h.control.injectFault('api', '418' as never)).rejects.toThrow(/HTTP 400.*kind/);
	});
});

describe('fake clock', () => {
	const h = useSandbox();

	it('advances, sets and freezes the sandbox time', async () => {
		const frozen = await h.control.setClock({ set: '2026-03-02T09:00:00Z', frozen: true });
		expect(frozen).toEqual({ now: '2026-03-02T09:00:00.000Z', frozen: true });
		expect(await h.control.advanceClock(24 * 3_600_000)).toEqual({ now: '2026-03-03T09:00:00.000Z', frozen: true });
		await h.control.simulateIncoming({ chatId: 20451188, text: 'Hi' });
		expect((await h.control.state()).messages[0].createdAt).toBe('2026-03-03T09:00:00.000Z');
	});

	it('runs with real time unless frozen, and reset brings it back to now', async () => {
		await h.control.advanceClock(48 * 3_600_000);
		const ahead = Date.parse((await h.control.state()).clock.now);
		expect(ahead - Date.now()).toBeGreaterThan(47 * 3_600_000);
		await h.control.reset();
		expect(Math.abs(Date.parse((await h.control.state()).clock.now) - Date.now())).toBeLessThan(3_600_000);
	});
});

describe('reset and state', () => {
	const h = useSandbox();

	it('reset empties messages, webhooks, files, settings and credits back to the seed, and ids keep counting', async () => {
		await postInbound(h.sandbox, sendBody);
		await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:new', url: 'http://127.0.0.1:9/x' });
		await h.control.configure({ gapMs: 1 });
		await h.control.waitForIdle();
		const before = await h.control.state();
		await h.control.reset();
		const after = await h.control.state();
		expect(after.messages).toEqual([]);
		expect(after.webhooks).toEqual([]);
		expect(after.credits).toEqual({ quota: 1000, remaining: 1000, refunded: 0 });
		expect(after.settings.gapMs).toBe(5);
		expect(after.chats).toHaveLength(4);
		await postInbound(h.sandbox, sendBody);
		expect((await h.control.state()).messages[0].uid).not.toBe(before.messages[0].uid);
	});

	it('the seeded workspace: two accounts (the newest is the default sender), direct and group chats', async () => {
		const state = await h.control.state();
		expect(state.accounts.map((account) => [account.account_name, account.connected_on])).toEqual([
			['Northwind Sales', '2025-09-14T08:00:00Z'],
			['Northwind Support', '2026-01-20T10:30:00Z'],
		]);
		expect(state.chats.map((chat) => [chat.id, chat.name, chat.isGroup, chat.phone, chat.jid])).toEqual([
			[20451188, 'Ravi Kumar', false, '+919812345678', '919812345678@s.whatsapp.net'],
			[20451377, 'Store pickup team', true, '', '120363012345678901@g.us'],
			[20451240, 'Priya Nair', false, '+447911123456', '447911123456@s.whatsapp.net'],
			[20451401, 'Weekend crew', true, '', '120363099887766554@g.us'],
		]);
	});

	it('control errors are 400 with the field named, unknown endpoints 404', async () => {
		await expect(h.control.simulateIncoming({ text: 'no chat' })).rejects.toThrow(/Give exactly one of chatId, phone, groupJid/);
		await expect(h.control.configureOutbound({ aggregationHours: 3 as never })).rejects.toThrow(/aggregationHours must be 0/);
		expect((await request('GET', `${h.sandbox.controlUrl}/nothing`)).status).toBe(404);
	});
});

describe('loopback test files', () => {
	const h = useSandbox();

	const files: Array<[string, () => string, number, string, boolean]> = [
		['N bytes with a content type', () => h.control.testFileUrl('a.pdf', { size: 1234, contentType: 'application/pdf' }), 1234, 'application/pdf', true],
		['without Content-Length (chunked)', () => h.control.testFileUrl('b.bin', { size: 99, chunked: true }), 99, 'application/octet-stream', false],
		['an HTML share page', () => h.control.sharePageUrl('report.pdf'), -1, 'text/html; charset=utf-8', true],
	];

	it.each(files)('%s', async (_case, url, size, type, hasLength) => {
		const res = await fetch(url());
		const body = Buffer.from(await res.arrayBuffer());
		expect(res.headers.get('content-type')).toBe(type);
		expect(res.headers.has('content-length')).toBe(hasLength);
		if (size >= 0) expect(body.length).toBe(size);
		else expect(body.toString()).toMatch(/^<!DOCTYPE html>/);
	});

	it('answers HEAD with headers only', async () => {
		const res = await fetch(h.control.testFileUrl('a.pdf', { size: 10 }), { method: 'HEAD' });
		expect(res.headers.get('content-length')).toBe('10');
		expect((await res.arrayBuffer()).byteLength).toBe(0);
	});
});

describe('startSandbox: determinism by seed and a clean close', () => {
	const run = async (options: { seed?: number; tokenSeed?: number }) => {
		const sandbox = await startSandbox({ ...options, gapMs: 1 });
		await postInbound(sandbox, sendBody);
		const control = new SandboxControl(sandbox.controlUrl);
		const [message] = (await control.state()).messages;
		await sandbox.close();
		return { tokens: [sandbox.apiToken, sandbox.inboundUrl.split('/').pop()], ids: [message.uid, message.messageId] };
	};

	it('gives the same tokens and ids for the same seed, others for another', async () => {
		const [a, b, c] = [await run({ seed: 11 }), await run({ seed: 11 }), await run({ seed: 12 })];
		expect(a).toEqual(b);
		for (const [i, token] of a.tokens.entries()) expect(c.tokens[i]).not.toBe(token);
		for (const [i, id] of a.ids.entries()) expect(c.ids[i]).not.toBe(id);
	});

	it('with only a token seed keeps the tokens but draws fresh ids (what npm start uses)', async () => {
		const [a, b] = [await run({ tokenSeed: 7 }), await run({ tokenSeed: 7 })];
		expect(a.tokens).toEqual(b.tokens);
		for (const [i, id] of a.ids.entries()) expect(b.ids[i]).not.toBe(id);
	});

	it('listens on 127.0.0.1 and refuses connections once closed, even with a message still queued', async () => {
		const sandbox = await startSandbox({ gapMs: 60_000 });
		expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		await postInbound(sandbox, sendBody);
		await postInbound(sandbox, sendBody);
		await sandbox.close();
		await expect(fetch(`${sandbox.controlUrl}/state`)).rejects.toThrow();
	});
});

describe('CLI: npm run sandbox -- --json --latency-ms 150 --rate-limit', () => {
	it('prints one JSON line with the four URLs once ready, applies the latency and the API rate limit, and stops on SIGTERM', async () => {
		const root = path.resolve(__dirname, '../../..');
		const args = ['test/sandbox/cli.ts', '--json', '--port', '0', '--latency-ms', '150', '--rate-limit'];
		// `--import tsx` rather than tsx's CLI: its wrapper process relays SIGTERM only if the child confirms a handler within
		// 30 ms, which a loaded machine misses (exit 143).
		const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root });
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		try {
			const [line] = await new Promise<string[]>((resolve) => createInterface({ input: child.stdout! }).once('line', (first) => resolve([first])));
			const printed = JSON.parse(line);
			expect(Object.keys(printed)).toEqual(['inboundUrl', 'apiBaseUrl', 'apiToken', 'controlUrl']);
			const control = new SandboxControl(printed.controlUrl);
			const state = await control.state();
			expect(state.inbound.url).toBe(printed.inboundUrl);
			expect(state.settings.latencyMs).toBe(150);
			expect(state.api.rateLimit).toBe(true);
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
	}, 30_000);
});
