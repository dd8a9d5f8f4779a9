import type { INodeExecutionData } from 'n8n-workflow';

import type { SandboxMessage } from '../../sandbox/state';
import { useSendEnvironment } from './setup';

/**
 * Send with many items: up to 10 in flight to different chats, one after another within a chat, every request in
 * its turn under TimelinesAI's per-IP limit (the sandbox enforces it in front of the API and the inbound webhook).
 * What counts is what the sandbox recorded: each message once, each chat's messages in item order, no 429.
 */

const env = useSendEnvironment();

const byPhone = { sendTo: 'phone', phone: '={{ $json.phone }}', text: '={{ $json.text }}' };
const phoneOf = (i: number) => `+1415555${String(4000 + i)}`;
const distinctPhones = (count: number, tag: string): INodeExecutionData[] =>
	Array.from({ length: count }, (_, i) => ({ json: { phone: phoneOf(i), text: `${tag} #${i}` } }));

type SentItems = Array<{ item: number; message_id: string }>;

async function accepted(): Promise<SandboxMessage[]> {
	return (await env.control.state()).messages;
}

/** The item index each accepted message carries in its text ("… #12"). */
const itemOf = (message: SandboxMessage) => Number(/#(\d+)$/.exec(message.text)![1]);

beforeEach(async () => {
	await env.control.setIpRateLimit(true);
	await env.control.setCredits({ remaining: 100_000 });
});

describe('pacing under the per-IP limit', () => {
	it('three runs of 40 items at once, 150 ms latency: all 120 sent once, no 429, at about 30 a second', async () => {
		await env.control.setLatency(150);
		const started = Date.now();
		const runs = await Promise.all(['a', 'b', 'c'].map((tag) => env.send(byPhone, distinctPhones(40, tag))));
		const seconds = (Date.now() - started) / 1000;
		expect(runs.map((run) => run.error)).toEqual([undefined, undefined, undefined]);
		expect(await env.control.rateLimitedCount()).toBe(0);
		const texts = (await accepted()).map((message) => message.text);
		expect(texts).toHaveLength(120);
		expect(new Set(texts).size).toBe(120);
		// 120 sends and 3 chat look-ups at 30 a second, minus the 10 the limit queues.
		expect(seconds).toBeGreaterThan((123 - 10) / 30 - 0.5);
	}, 30_000);
});

describe('order within a chat, overlap across chats', () => {
	it('60 items to 6 chats, a contact by phone and by JID counting as one chat: each chat in item order, output in input order', async () => {
		await env.control.setLatency(150);
		const recipients = [
			{ sendTo: 'phone', phone: '+14155550100' },
			{ sendTo: 'jid', jid: '14155550100@s.whatsapp.net' },
			{ sendTo: 'phone', phone: '+447911123456' },
			{ sendTo: 'phone', phone: '+4915112345678' },
			{ sendTo: 'chatId', chatId: '20451188' },
			{ sendTo: 'phone', phone: '+33612345678' },
			{ sendTo: 'phone', phone: '+34612345678' },
		];
		const items = Array.from({ length: 60 }, (_, i) => ({ json: { ...recipients[i % recipients.length], text: `Update #${i}` } }));
		const parameters = {
			sendTo: '={{ $json.sendTo }}',
			phone: '={{ $json.phone }}',
			jid: '={{ $json.jid }}',
			chatId: { __rl: true, mode: 'id', value: '={{ $json.chatId }}' },
			chatName: '={{ $json.chatName }}',
			text: '={{ $json.text }}',
		};
		const started = Date.now();
		const { items: outputs, error } = await env.send(parameters, items);
		const seconds = (Date.now() - started) / 1000;
		expect(error).toBeUndefined();
		expect(outputs.map((output) => output.pairedItem)).toEqual(items.map((_, item) => ({ item })));

		await env.control.waitForIdle(10_000);
		const messages = await accepted();
		expect(messages.map(itemOf).sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
		const perChat = new Map<string, number[]>();
		for (const message of messages) {
			// Once sent, a message by phone or JID has its chat: the JID's is the phone's.
			const chat = String(message.chatId ?? message.targetPhone);
			perChat.set(chat, [...(perChat.get(chat) ?? []), itemOf(message)]);
		}
		expect(perChat.size).toBe(6);
		for (const order of perChat.values()) expect(order).toEqual([...order].sort((a, b) => a - b));
		expect(outputs.map((output) => output.json.message_id)).toEqual(
			items.map((_, i) => messages.find((message) => itemOf(message) === i)!.messageId),
		);
		// One at a time this would take 60 × 150 ms = 9 s.
		expect(seconds).toBeLessThan(6);
		expect(await env.control.rateLimitedCount()).toBe(0);
	}, 30_000);
});

describe('a failure in the middle of a concurrent batch', () => {
	it('credits run out after 25 of 60: nothing more starts, the record matches what TimelinesAI accepted, and Retry sends the rest once', async () => {
		await env.control.setCredits({ remaining: 25 });
		const executionId = `concurrency-credits-${Date.now()}`;
		const first = await env.send(byPhone, distinctPhones(60, 'Credits'), { executionId });
		expect(first.error?.message).toMatch(/HTTP 402/);
		const sentItems = first.error?.context.sent_items as SentItems;
		const unsent = first.error?.context.unsent_items as number[];
		const messages = await accepted();
		expect(messages).toHaveLength(25);
		expect(sentItems).toEqual(
			messages.map((message) => ({ item: itemOf(message), message_id: message.messageId })).sort((a, b) => a.item - b.item),
		);
		expect([...sentItems.map((item) => item.item), ...unsent].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));

		await env.control.setCredits({ remaining: 100 });
		const again = await env.send(byPhone, distinctPhones(60, 'Credits'), { executionId });
		expect(again.error).toBeUndefined();
		const all = await accepted();
		expect(all.map(itemOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
		expect(again.items.filter((item) => item.json.skipped === 'sent-earlier').map((item) => item.pairedItem)).toEqual(
			sentItems.map(({ item }) => ({ item })),
		);
	}, 30_000);

	it('a 502 after TimelinesAI accepted one item mid-batch: that item is "may have been sent", the record is exact, nothing goes out twice', async () => {
		const executionId = `concurrency-502-${Date.now()}`;
		const run = env.send(byPhone, distinctPhones(60, 'Gateway'), { executionId });
		await new Promise((resolve) => setTimeout(resolve, 500));
		await env.control.injectFault('inbound', 'accept-then-502');
		const first = await run;
		expect(first.error?.message).toMatch(/^TimelinesAI's server answered HTTP 502 while sending item (\d+)/);
		const uncertain = Number(/item (\d+)/.exec(first.error!.message)![1]);
		const sentItems = first.error?.context.sent_items as SentItems;
		const unsent = first.error?.context.unsent_items as number[];
		const messages = await accepted();
		expect(messages.map(itemOf).sort((a, b) => a - b)).toEqual([...sentItems.map((item) => item.item), uncertain].sort((a, b) => a - b));
		expect(unsent).not.toContain(uncertain);
		expect([...sentItems.map((item) => item.item), uncertain, ...unsent].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));

		// Retry On Fail: the unknown one is found in its chat and not posted again, the rest go out once.
		const again = await env.send(byPhone, distinctPhones(60, 'Gateway'), { executionId });
		expect(again.error).toBeUndefined();
		expect(again.items[uncertain].json).toMatchObject({ skipped: 'sent-earlier', message_id: messages.find((message) => itemOf(message) === uncertain)!.uid });
		const all = await accepted();
		expect(all.map(itemOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
	}, 30_000);
});

describe('Stop', () => {
	it('stopping mid-batch starts nothing more: what is in flight finishes, nothing is sent afterwards', async () => {
		await env.control.setLatency(150);
		const started = Date.now();
		const { error } = await env.send(byPhone, distinctPhones(90, 'Stop'), { stopAfterMs: 700 });
		expect(Date.now() - started).toBeLessThan(2000);
		const atStop = (await accepted()).length;
		expect(error?.message).toMatch(/^The execution was stopped before item \d+ was sent\.$/);
		expect((error?.context.sent_items as SentItems).map((item) => item.item).sort((a, b) => a - b)).toEqual((await accepted()).map(itemOf).sort((a, b) => a - b));
		expect((error?.context.unsent_items as number[]).length + atStop).toBe(90);
		expect(atStop).toBeGreaterThan(0);
		expect(atStop).toBeLessThan(40);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect((await accepted()).length).toBe(atStop);
	}, 30_000);
});

describe('Stop with "Continue"', () => {
	it('still ends the node, with the record of what was sent: nothing more goes out', async () => {
		await env.control.setLatency(150);
		const { error } = await env.send(byPhone, distinctPhones(90, 'Stop continue'), { stopAfterMs: 700, continueOnFail: true });
		const messages = await accepted();
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect((await accepted()).length).toBe(messages.length);
		expect(error?.message).toMatch(/^The execution was stopped before item \d+ was sent\.$/);
		const sentItems = error?.context.sent_items as SentItems;
		expect(sentItems.map((item) => item.item).sort((a, b) => a - b)).toEqual(messages.map(itemOf).sort((a, b) => a - b));
	}, 30_000);
});
