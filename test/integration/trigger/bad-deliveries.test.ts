import type { IDataObject } from 'n8n-workflow';

import { useTriggerEnvironment } from './setup';
import bundleFixture from '../../fixtures/spec/outbound-bundle.json';
import singleFixture from '../../fixtures/spec/outbound-single.json';
import chatFixture from '../../fixtures/spec/v2-chat-new.json';
import messageFixture from '../../fixtures/spec/v2-message-received.json';

/**
 * What the trigger answers to deliveries that are broken, odd or hostile, and what it starts.
 * 400: not a TimelinesAI delivery (no run); 401: wrong or missing secret (no run); 200: accepted or
 * filtered. Bodies that are not JSON, which n8n's own body parser judges, are tested in test/e2e/trigger.test.ts.
 */

const env = useTriggerEnvironment();

const SECRET = 's3cret-from-the-user';
const GOOD_QUERY = `?secret=${SECRET}`;

interface Request {
	/** Sent as is, as application/json; objects are JSON-encoded. */
	body?: unknown;
	query?: string;
}

interface Case {
	name: string;
	requests: Request[];
	/** The answer to each request. */
	statuses: number[];
	/** Items of each run started, in order. */
	runs: number[];
	check?: (items: IDataObject[], answers: unknown[]) => void;
}

/** Fixtures to break one field at a time, read deep as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const single = () => structuredClone(singleFixture) as Json;
const bundle = () => structuredClone(bundleFixture) as Json;
const v2Message = () => structuredClone(messageFixture) as Json;
const without = (object: Json, key: string) => {
	delete object[key];
	return object;
};

function hugeBundle(count: number) {
	const body = bundle();
	body.messages = Array.from({ length: count }, (_, index) => ({
		...body.messages[index % 3],
		message_uid: `uid-${index}`,
		text: `message ${index}`,
	}));
	return body;
}

function groupWithoutPhones() {
	const body = single();
	delete body.chat.phone;
	delete body.message.sender.phone;
	delete body.message.recipient.phone;
	return body;
}

const UNICODE_TEXT = 'Привет 👋🏽 مرحبا — 你好\u200d\n👨‍👩‍👧‍👦 «ok» \u{1F600}';

const cases: Case[] = [
	{ name: 'an empty body', requests: [{ body: '' }], statuses: [400], runs: [] },
	{ name: 'JSON null', requests: [{ body: 'null' }], statuses: [400], runs: [] },
	{ name: 'an array of deliveries', requests: [{ body: [single(), single()] }], statuses: [400], runs: [] },
	{ name: 'a JSON string', requests: [{ body: '"message"' }], statuses: [400], runs: [] },
	{ name: 'a JSON number', requests: [{ body: '42' }], statuses: [400], runs: [] },
	{ name: 'an empty object', requests: [{ body: {} }], statuses: [400], runs: [] },
	{ name: 'an unknown event type', requests: [{ body: { ...v2Message(), event_type: 'message:deleted' } }], statuses: [400], runs: [] },
	{ name: 'an event type that is not text', requests: [{ body: { ...v2Message(), event_type: 7 } }], statuses: [400], runs: [] },
	{ name: 'a legacy message without chat', requests: [{ body: without(single(), 'chat') }], statuses: [400], runs: [] },
	{ name: 'a v2 message event without chat', requests: [{ body: without(v2Message(), 'chat') }], statuses: [400], runs: [] },
	{ name: 'a v2 message event without message', requests: [{ body: without(v2Message(), 'message') }], statuses: [400], runs: [] },
	{ name: 'an account event without account', requests: [{ body: { event_type: 'whatsapp:account:suspended' } }], statuses: [400], runs: [] },
	{ name: 'an unknown direction', requests: [{ body: { ...single(), message: { ...single().message, direction: 'outgoing' } } }], statuses: [400], runs: [] },
	{ name: 'a text that is an object', requests: [{ body: { ...single(), message: { ...single().message, text: { a: 1 } } } }], statuses: [400], runs: [] },
	{ name: 'no secret in the URL', requests: [{ body: single(), query: '' }], statuses: [401], runs: [] },
	{ name: 'a wrong secret', requests: [{ body: single(), query: '?secret=s3cret-from-the-usex' }], statuses: [401], runs: [] },
	{ name: 'the secret given twice', requests: [{ body: single(), query: `?secret=x&secret=${SECRET}` }], statuses: [401], runs: [] },
	{
		name: 'a message missing every optional field',
		requests: [{ body: { ...single(), message: { direction: 'received' } } }],
		statuses: [200],
		runs: [1],
		check: ([item]) =>
			expect(item).toMatchObject({ text: '', timestamp: null, message_uid: null, sender: null, recipient: null, attachments: [] }),
	},
	{
		name: 'the same message delivered twice',
		requests: [{ body: single() }, { body: single() }],
		statuses: [200, 200],
		runs: [1],
		check: (_items, answers) => expect(answers[1]).toEqual({ status: 'ok', items: 0, filtered: 0, repeated: 1 }),
	},
	{
		name: 'a bundle whose message_id repeats and message_uid is missing',
		requests: [{ body: { ...bundle(), messages: bundle().messages.map((m: IDataObject) => ({ ...without(m, 'message_uid'), message_id: '1' })) } }],
		statuses: [200],
		runs: [3],
		check: (items) => expect(items.map((item) => item.message_uid)).toEqual([null, null, null]),
	},
	{ name: 'a bundle without messages', requests: [{ body: { ...bundle(), messages: [] } }], statuses: [200], runs: [] },
	{
		name: 'a huge bundle (3000 messages)',
		requests: [{ body: hugeBundle(3000) }],
		statuses: [200],
		runs: [3000],
		check: (items) => expect(items[2999]).toMatchObject({ text: 'message 2999', bundle: { index: 2999, count: 3000 } }),
	},
	{
		name: 'unicode and emoji text',
		requests: [{ body: { ...single(), message: { ...single().message, text: UNICODE_TEXT } } }],
		statuses: [200],
		runs: [1],
		check: ([item]) => expect(item.text).toBe(UNICODE_TEXT),
	},
	{
		name: 'a group without any phone fields',
		requests: [{ body: groupWithoutPhones() }],
		statuses: [200],
		runs: [1],
		check: ([item]) =>
			expect(item).toMatchObject({ chat: { is_group: true, phone: null }, sender: { name: 'Lena Fischer', phone: null } }),
	},
	{
		name: 'a legacy chat_id as a number, a v2 chat_id as text',
		requests: [
			{ body: { ...single(), chat: { ...single().chat, chat_id: 20451377 } } },
			{ body: { ...v2Message(), chat: { ...v2Message().chat, chat_id: '20451188' } } },
		],
		statuses: [200, 200],
		runs: [1, 1],
		check: (items) => expect(items.map((item) => (item.chat as IDataObject).id)).toEqual(['20451377', '20451188']),
	},
	{
		name: 'text given as a number',
		requests: [{ body: { ...single(), message: { ...single().message, text: 123 } } }],
		statuses: [200],
		runs: [1],
		check: ([item]) => expect(item.text).toBe('123'),
	},
	{
		name: 'an epoch timestamp',
		requests: [{ body: { ...v2Message(), message: { ...v2Message().message, timestamp: 1772442918 } } }],
		statuses: [200],
		runs: [1],
		check: ([item]) => expect(item.timestamp).toBe('2026-03-02T09:15:18.000Z'),
	},
	{
		name: 'a call event with fields the spec does not describe',
		requests: [{ body: { event_type: 'call:incoming:missed', whatsapp_account: chatFixture.whatsapp_account, call: { from: '+351912345678' } } }],
		statuses: [200],
		runs: [1],
		check: ([item]) => expect(item).toMatchObject({ event: 'call:incoming:missed', account: { phone: '+15105566777' }, chat: null }),
	},
	{
		name: 'a chat event with unknown extra fields',
		requests: [{ body: { ...chatFixture, chat: { ...chatFixture.chat, pinned: true } } }],
		statuses: [200],
		runs: [1],
	},
];

async function post(url: string, request: Request): Promise<{ status: number; answer: unknown }> {
	const body = typeof request.body === 'string' || request.body === undefined ? request.body : JSON.stringify(request.body);
	const response = await fetch(`${url}${request.query ?? GOOD_QUERY}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : new TextEncoder().encode(body),
	});
	const text = await response.text();
	let answer: unknown = text;
	try {
		answer = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: response.status, answer };
}

describe('bad and odd deliveries', () => {
	it('the table has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

	it.each(cases.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
		const trigger = await env.trigger({ setup: 'manual', manualSecret: SECRET });
		const answers: unknown[] = [];
		const statuses: number[] = [];
		for (const request of entry.requests) {
			const { status, answer } = await post(trigger.url(false), request);
			statuses.push(status);
			answers.push(answer);
		}
		await env.server.settled();
		expect(statuses).toEqual(entry.statuses);
		expect(env.server.runs.map((run) => run.length)).toEqual(entry.runs);
		for (const [index, status] of statuses.entries()) {
			if (status === 400) expect(answers[index]).toMatchObject({ status: 'error', message: expect.stringMatching(/^Not a TimelinesAI delivery: .+/) });
		}
		entry.check?.(env.server.runs.flat().map((item) => item.json), answers);
	});
});
