import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { SEEDED_CHATS } from '../../sandbox/workspace';
import { useSendEnvironment } from '../send/setup';
import { fixtures } from '../../fixtures/spec';

/**
 * Chat → Add Labels, Set Labels, Get Labels, Add Note and Get Messages, run through n8n-core against the
 * sandbox; assertions on what the sandbox recorded, not on what the node says it did.
 */

const env = useSendEnvironment();

const [RAVI, , PRIYA] = SEEDED_CHATS.map((chat) => chat.id);
const UNKNOWN_CHAT = 424242;

const chatId = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });
const chat = (operation: string, fields: INodeParameters): INodeParameters => ({ resource: 'chat', operation, ...fields });
const items = (...values: object[]): INodeExecutionData[] => values.map((json) => ({ json: json as INodeExecutionData['json'] }));

describe('Chat → Add Labels / Set Labels / Get Labels', () => {
	it('Add Labels adds (PUT) and keeps the chat\'s other labels; the output is every label afterwards', async () => {
		expect(await env.control.chatLabels(PRIYA)).toEqual(['customer', 'vip']);
		const { items: out, error } = await env.run('timelinesAi', chat('addLabels', { chatId: chatId(PRIYA), labels: ' lead, vip ,hot,lead,' }));
		expect(error).toBeUndefined();
		expect(await env.control.chatLabels(PRIYA)).toEqual(['customer', 'vip', 'lead', 'hot']);
		expect(out).toEqual([{ json: { chat_id: PRIYA, labels: ['customer', 'vip', 'lead', 'hot'] }, pairedItem: { item: 0 } }]);
	});

	it('Set Labels replaces (POST) the whole set', async () => {
		const { items: out } = await env.run('timelinesAi', chat('setLabels', { chatId: chatId(PRIYA), labels: 'lead, hot' }));
		expect(await env.control.chatLabels(PRIYA)).toEqual(['lead', 'hot']);
		expect(out[0].json).toEqual({ chat_id: PRIYA, labels: ['lead', 'hot'] });
	});

	it('Set Labels with no labels removes them all', async () => {
		const { items: out, error } = await env.run('timelinesAi', chat('setLabels', { chatId: chatId(PRIYA), labels: '' }));
		expect(error).toBeUndefined();
		expect(await env.control.chatLabels(PRIYA)).toEqual([]);
		expect(out[0].json).toEqual({ chat_id: PRIYA, labels: [] });
	});

	it('Get Labels reads them, one item per input item', async () => {
		const { items: out } = await env.run('timelinesAi', chat('getLabels', { chatId: chatId('={{ $json.id }}') }), items({ id: PRIYA }, { id: RAVI }));
		expect(out).toEqual([
			{ json: { chat_id: PRIYA, labels: ['customer', 'vip'] }, pairedItem: { item: 0 } },
			{ json: { chat_id: RAVI, labels: ['lead'] }, pairedItem: { item: 1 } },
		]);
	});

	it('takes a list from an expression, and the chat pasted as its address', async () => {
		const address = { __rl: true, mode: 'url', value: `https://app.timelines.ai/chat/${RAVI}/messages/` };
		await env.run('timelinesAi', chat('addLabels', { chatId: address, labels: '={{ $json.tags }}' }), items({ tags: ['vip', ' new ', 'vip'] }));
		expect(await env.control.chatLabels(RAVI)).toEqual(['lead', 'vip', 'new']);
	});

	it('a label over 64 characters is refused before anything is sent, naming item, field and label', async () => {
		const long = 'x'.repeat(65);
		const before = await env.control.apiCallCount();
		const { error } = await env.run('timelinesAi', chat('setLabels', { chatId: chatId(PRIYA), labels: `lead, ${long}` }));
		expect(error?.message).toBe(
			`Field "Labels" in item 0: the label "${long}" has 65 characters, but TimelinesAI takes at most 64. Shorten it; nothing was changed.`,
		);
		expect(await env.control.apiCallCount()).toBe(before);
		expect(await env.control.chatLabels(PRIYA)).toEqual(['customer', 'vip']);
	});

	it('Add Labels with no labels says how to remove labels instead', async () => {
		const { error } = await env.run('timelinesAi', chat('addLabels', { chatId: chatId(PRIYA), labels: ' , ' }));
		expect(error?.message).toMatch(/^Field "Labels" in item 0: is empty\. .*use Set Labels with no labels/);
	});

	it('an unknown chat is explained in words on the Chat ID field', async () => {
		const { error } = await env.run('timelinesAi', chat('getLabels', { chatId: chatId(UNKNOWN_CHAT) }));
		expect(error?.message).toBe(
			`Field "Chat ID" in item 0: TimelinesAI has no chat ${UNKNOWN_CHAT} in this workspace (HTTP 404). Pick the chat from the list, or map the chat id from the TimelinesAI Trigger ({{ $json.chat.id }}) or from Chat → Get Many ({{ $json.id }}).`,
		);
		expect(error?.description).toMatch(/check the API Base URL/);
	});

	it('with Continue, each failing item gives one error item and the others go on', async () => {
		const inputs = items({ id: PRIYA, tags: 'a' }, { id: UNKNOWN_CHAT, tags: 'a' }, { id: RAVI, tags: 'y'.repeat(70) }, { id: 'not a chat', tags: 'a' }, { id: RAVI, tags: 'b' });
		const { items: out } = await env.run('timelinesAi', chat('addLabels', { chatId: chatId('={{ $json.id }}'), labels: '={{ $json.tags }}' }), inputs, {
			continueOnFail: true,
		});
		expect(out.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(out[0].json).toEqual({ chat_id: PRIYA, labels: ['customer', 'vip', 'a'] });
		expect(out[1].json.error).toMatch(/^Field "Chat ID" in item 1: TimelinesAI has no chat/);
		expect(out[2].json.error).toMatch(/^Field "Labels" in item 2: the label "y{70}" has 70 characters/);
		expect(out[3].json.error).toMatch(/^Field "Chat ID" in item 3: "not a chat" is not a chat id/);
		expect(out[4].json).toEqual({ chat_id: RAVI, labels: ['lead', 'b'] });
		expect(await env.control.chatLabels(RAVI)).toEqual(['lead', 'b']);
	});

	it('reads the labels back when TimelinesAI answers a change without them (the spec does not say what it answers)', async () => {
		// A stand-in API: the sandbox always answers with the labels, and this answer is not documented.
		const calls: string[] = [];
		const server = http.createServer((req, res) => {
			calls.push(`${req.method} ${req.url}`);
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ status: 'ok', data: req.method === 'GET' ? { labels: ['old', 'new'] } : null }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const apiBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
			const { items: out } = await env.run('timelinesAi', chat('addLabels', { chatId: chatId(77), labels: 'new' }), undefined, { credentials: env.credentials({ apiBaseUrl }) });
			expect(out[0].json).toEqual({ chat_id: 77, labels: ['old', 'new'] });
			expect(calls).toEqual(['PUT /api/chats/77/labels', 'GET /api/chats/77/labels']);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});

	it('without an API token it names the credential field; a wrong token never shows', async () => {
		const { error } = await env.run('timelinesAi', chat('addLabels', { chatId: chatId(PRIYA), labels: 'a' }), undefined, {
			credentials: env.credentials({ apiToken: '' }),
		});
		expect(error?.message).toMatch(/^Field "API Token \(in the TimelinesAI credential\)" in item 0: it is empty, but adding labels to the chat needs it/);
		const wrong = await env.run('timelinesAi', chat('setLabels', { chatId: chatId(PRIYA), labels: 'a' }), undefined, {
			credentials: env.credentials({ apiToken: 'wrong-token-1234567' }),
		});
		expect(wrong.error?.message).toMatch(/401/);
		expect(JSON.stringify(wrong.error)).not.toContain('wrong-token-1234567');
		expect(await env.control.chatLabels(PRIYA)).toEqual(['customer', 'vip']);
	});
});

describe('Chat → Add Note', () => {
	it('adds a private note by default; the output is the note', async () => {
		const { items: out, error } = await env.run('timelinesAi', chat('addNote', { chatId: chatId(PRIYA), text: '  Called back, wants a quote  ' }));
		expect(error).toBeUndefined();
		expect(await env.control.notes(PRIYA)).toEqual([expect.objectContaining({ chatId: PRIYA, text: 'Called back, wants a quote', isPrivate: true })]);
		expect(out).toEqual([{ json: expect.objectContaining({ chat_id: PRIYA, text: 'Called back, wants a quote', is_private: true, id: expect.any(Number) }), pairedItem: { item: 0 } }]);
	});

	it('Private off makes a public note', async () => {
		await env.run('timelinesAi', chat('addNote', { chatId: chatId(PRIYA), text: 'Public', options: { isPrivate: false } }));
		expect(await env.control.notes(PRIYA)).toEqual([expect.objectContaining({ text: 'Public', isPrivate: false })]);
	});

	it("Convert HTML to Text turns the Trigger's bundle HTML into readable lines", async () => {
		const bundle = fixtures.bundle();
		await env.run('timelinesAi', chat('addNote', { chatId: chatId(RAVI), text: '={{ $json.aggregation_html }}', options: { htmlToText: true } }), items({ aggregation_html: bundle.aggregation }));
		const [note] = await env.control.notes(RAVI);
		expect(note.text.split('\n')).toEqual([
			'from Ravi Kumar on 2026-03-02 09:14: Hi, is the 3-seat sofa still available?',
			'from Maya Ortiz on 2026-03-02 09:20: Yes! Here is the spec sheet.',
			"from Ravi Kumar on 2026-03-02 09:31: Great, I'll take it 👍",
			'Click here (https://app.timelines.ai/permalink/5d0c7a21-8e4b-4f63-b1a2-7c9e0d3f4a58/) to open the conversation in TimelinesAI',
		]);
	});

	it('without Convert HTML to Text the text goes as written', async () => {
		await env.run('timelinesAi', chat('addNote', { chatId: chatId(RAVI), text: 'a<br/>b &amp; c' }));
		expect((await env.control.notes(RAVI))[0].text).toBe('a<br/>b &amp; c');
	});

	it('10,000 characters are a note; 10,001 are refused before sending, naming item and field', async () => {
		await env.run('timelinesAi', chat('addNote', { chatId: chatId(PRIYA), text: 'n'.repeat(10_000) }));
		expect((await env.control.notes(PRIYA)).map((note) => note.text.length)).toEqual([10_000]);
		const before = await env.control.apiCallCount();
		const { error } = await env.run('timelinesAi', chat('addNote', { chatId: chatId(PRIYA), text: 'n'.repeat(10_001) }));
		expect(error?.message).toBe('Field "Note" in item 0: has 10,001 characters, but a note takes at most 10,000. Shorten it (e.g. split it into two notes); nothing was added.');
		expect(await env.control.apiCallCount()).toBe(before);
		expect(await env.control.notes(PRIYA)).toHaveLength(1);
	});

	it('the limit counts the text after HTML is converted', async () => {
		const html = `<b>${'n'.repeat(9_000)}</b>${'<br/>'.repeat(300)}`;
		const { error } = await env.run('timelinesAi', chat('addNote', { chatId: chatId(PRIYA), text: html, options: { htmlToText: true } }));
		expect(error).toBeUndefined();
		expect((await env.control.notes(PRIYA))[0].text).toBe('n'.repeat(9_000));
	});

	it('with Continue: an empty note, an unknown chat and a good one give one item each', async () => {
		const inputs = items({ id: PRIYA, text: '' }, { id: UNKNOWN_CHAT, text: 'x' }, { id: PRIYA, text: 'ok' });
		const { items: out } = await env.run('timelinesAi', chat('addNote', { chatId: chatId('={{ $json.id }}'), text: '={{ $json.text }}' }), inputs, { continueOnFail: true });
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.error).toMatch(/^Field "Note" in item 0: is empty\./);
		expect(out[1].json.error).toMatch(/^Field "Chat ID" in item 1: TimelinesAI has no chat 424242/);
		expect(out[2].json).toMatchObject({ chat_id: PRIYA, text: 'ok' });
		expect((await env.control.notes()).map((note) => note.text)).toEqual(['ok']);
	});

	it('without an API token it names the credential field', async () => {
		const { error } = await env.run('timelinesAi', chat('addNote', { chatId: chatId(PRIYA), text: 'x' }), undefined, { credentials: env.credentials({ apiToken: '' }) });
		expect(error?.message).toMatch(/^Field "API Token \(in the TimelinesAI credential\)" in item 0: it is empty, but adding the note to the chat needs it/);
	});
});

describe('Chat → Get Messages', () => {
	/** Messages in Priya's chat at known times; even ones received, odd ones sent. */
	async function conversation(times: string[]): Promise<string[]> {
		const uids: string[] = [];
		for (const [index, at] of times.entries()) {
			await env.control.setClock({ set: at, frozen: true });
			const direction = index % 2 === 0 ? 'received' : 'sent';
			uids.push((await env.control.simulateIncoming({ chatId: PRIYA, text: `m${index}`, direction })).message_uid);
		}
		return uids;
	}

	const FIVE = ['2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '2026-03-03T07:00:00Z'];
	const texts = (out: INodeExecutionData[]) => out.map((item) => item.json.text);
	const getMessages = (fields: INodeParameters = {}) => chat('getMessages', { chatId: chatId(PRIYA), ...fields });

	it('one item per message, newest first, only this chat\'s', async () => {
		await conversation(FIVE);
		await env.control.simulateIncoming({ chatId: RAVI, text: 'elsewhere' });
		const { items: out, error } = await env.run('timelinesAi', getMessages());
		expect(error).toBeUndefined();
		expect(texts(out)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
		expect(out[0]).toMatchObject({ json: { chat_id: PRIYA, from_me: false, uid: expect.any(String) }, pairedItem: { item: 0 } });
	});

	it('Return All reads every page of 50; Limit stops early; Oldest First turns the order', async () => {
		for (let n = 0; n < 120; n++) {
			await env.control.setClock({ set: new Date(Date.UTC(2026, 2, 1, 0, n)).toISOString(), frozen: true });
			await env.control.simulateIncoming({ chatId: PRIYA, text: `n${n}` });
		}
		const callsBefore = await env.control.apiCallCount();
		const all = await env.run('timelinesAi', getMessages({ returnAll: true }));
		expect(await env.control.apiCallCount()).toBe(callsBefore + 3);
		expect(all.items).toHaveLength(120);
		expect(texts(all.items).slice(0, 2)).toEqual(['n119', 'n118']);
		expect(all.items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);

		const byDefault = await env.run('timelinesAi', getMessages());
		expect(texts(byDefault.items)).toEqual(texts(all.items).slice(0, 50));

		const oldest = await env.run('timelinesAi', getMessages({ limit: 55, options: { order: 'asc' } }));
		expect(texts(oldest.items)).toEqual(Array.from({ length: 55 }, (_, n) => `n${n}`));
	});

	it('filters: from me, after and before (inclusive), after and before a message (exclusive)', async () => {
		const uids = await conversation(FIVE);
		const run = async (filters: INodeParameters, order = 'asc') => texts((await env.run('timelinesAi', getMessages({ returnAll: true, filters, options: { order } }))).items);
		expect(await run({ fromMe: 'yes' })).toEqual(['m1', 'm3']);
		expect(await run({ fromMe: 'no' })).toEqual(['m0', 'm2', 'm4']);
		expect(await run({ fromMe: 'any' })).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
		expect(await run({ after: '2026-03-01T09:00:00Z' })).toEqual(['m1', 'm2', 'm3', 'm4']);
		expect(await run({ before: '2026-03-02T10:00:00Z' })).toEqual(['m0', 'm1', 'm2']);
		expect(await run({ afterMessage: uids[1] })).toEqual(['m2', 'm3', 'm4']);
		expect(await run({ beforeMessage: uids[3] }, 'desc')).toEqual(['m2', 'm1', 'm0']);
		expect(await run({ afterMessage: uids[0], beforeMessage: uids[4], fromMe: 'yes' })).toEqual(['m1', 'm3']);
	});

	it("the date picker's time (no zone) is in the workflow's time zone; an expression's DateTime works too", async () => {
		await conversation(FIVE);
		const run = async (filters: INodeParameters) =>
			texts((await env.run('timelinesAi', getMessages({ filters, options: { order: 'asc' } }), items({ until: '2026-03-02T11:00:00+00:00' }))).items);
		// The test workflow's zone is n8n's default, America/New_York: 04:00 there is 09:00 UTC in March (before DST).
		expect(await run({ after: '2026-03-01T04:00:00' })).toEqual(['m1', 'm2', 'm3', 'm4']);
		expect(await run({ after: "={{ DateTime.fromISO('2026-03-02T10:30:00Z') }}" })).toEqual(['m3', 'm4']);
		expect(await run({ before: '={{ $json.until }}' })).toEqual(['m0', 'm1', 'm2', 'm3']);
	});

	it('a time that is not one, and a message uid not of the chat, are errors naming the field', async () => {
		await conversation(FIVE);
		const badTime = await env.run('timelinesAi', getMessages({ filters: { after: 'yesterday' } }));
		expect(badTime.error?.message).toMatch(/^Field "After" in item 0: "yesterday" is not a date\. Pick one/);
		const badUid = await env.run('timelinesAi', getMessages({ filters: { afterMessage: 'no-such-uid' } }));
		expect(badUid.error?.message).toBe(`Field "Filters" in item 0: TimelinesAI answered HTTP 400 while reading the chat's messages: after_message no-such-uid is not a message of chat ${PRIYA}.`);
		expect(badUid.error?.description).toMatch(/a message uid must be of a message in this chat/);
	});

	it('with Continue: a chat with messages gives them, an unknown chat and a bad limit one error item each', async () => {
		await conversation(FIVE.slice(0, 2));
		const inputs = items({ id: PRIYA, limit: 50 }, { id: UNKNOWN_CHAT, limit: 50 }, { id: PRIYA, limit: 0 });
		const { items: out } = await env.run('timelinesAi', chat('getMessages', { chatId: chatId('={{ $json.id }}'), limit: '={{ $json.limit }}' }), inputs, {
			continueOnFail: true,
		});
		expect(out.map((item) => [item.json.text ?? item.json.error, item.pairedItem])).toEqual([
			['m1', { item: 0 }],
			['m0', { item: 0 }],
			[expect.stringMatching(/^Field "Chat ID" in item 1: TimelinesAI has no chat 424242/), { item: 1 }],
			[expect.stringMatching(/^Field "Limit" in item 2: 0 is not a whole number of at least 1/), { item: 2 }],
		]);
	});

	it('without an API token it names the credential field', async () => {
		const { error } = await env.run('timelinesAi', getMessages(), undefined, { credentials: env.credentials({ apiToken: '' }) });
		expect(error?.message).toMatch(/^Field "API Token \(in the TimelinesAI credential\)" in item 0: it is empty, but reading the chat's messages needs it/);
	});
});
