import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { describeItems } from '../../../nodes/TimelinesAi/shared/item-list';
import { SEEDED_CHATS } from '../../sandbox/workspace';
import { useSendEnvironment } from '../send/setup';

/**
 * The operations that run per item (everything but Send) with many items: several in flight at once, one after
 * another within a chat (or a message), output in input order. What counts is what the sandbox recorded: the
 * order each chat got its messages in, and how many requests it held at once.
 */

const env = useSendEnvironment();

const CHATS = SEEDED_CHATS.map((chat) => chat.id);
const UNKNOWN_CHAT = 999999;
/** The node's limit of items in flight (`MAX_IN_FLIGHT` in `shared/http.ts`). */
const MAX_IN_FLIGHT = 10;

const byId = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });
const mapped: INodeParameters = { chatId: byId('={{ $json.chatId }}'), text: '={{ $json.text }}' };
const reply: INodeParameters = { resource: 'message', operation: 'reply', ...mapped };

/** `count` items, item i to `chatOf(i)`, its text ending in "#i". */
function replies(count: number, chatOf: (i: number) => number = (i) => CHATS[i % CHATS.length]): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { chatId: chatOf(i), text: `Update #${i}` } }));
}

const itemOf = (text: string) => Number(/#(\d+)$/.exec(text)![1]);

async function apiMessages() {
	return (await env.control.state()).messages.filter((message) => message.via === 'api');
}

/** The item indexes each chat received, in the order TimelinesAI accepted them. */
async function itemsPerChat(): Promise<Map<number, number[]>> {
	const perChat = new Map<number, number[]>();
	for (const message of await apiMessages()) perChat.set(message.chatId!, [...(perChat.get(message.chatId!) ?? []), itemOf(message.text)]);
	return perChat;
}

const ascending = (numbers: number[]) => [...numbers].sort((a, b) => a - b);
const range = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('order within a chat, overlap across chats', () => {
	it('40 Replies to 4 chats interleaved: each chat gets its messages in item order; the output is in input order, each paired with its item', async () => {
		await env.control.setLatency(50);
		const items = replies(40);
		const { items: outputs, error } = await env.run('timelinesAi', reply, items);
		expect(error).toBeUndefined();

		const perChat = await itemsPerChat();
		expect([...perChat.keys()].sort()).toEqual([...CHATS].sort());
		for (const [chat, order] of perChat) expect(order).toEqual(range(40).filter((i) => CHATS[i % 4] === chat));
		// Four chats, so four lanes: the sandbox held four requests at once, never more.
		expect(await env.control.peakApiInFlight()).toBe(4);

		const messages = await apiMessages();
		expect(outputs.map((output) => output.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(outputs.map((output) => output.json)).toEqual(
			items.map(({ json }) => expect.objectContaining({ chat_id: json.chatId, text: json.text, message_uid: messages.find((message) => message.text === json.text)!.uid })),
		);
	});

	it('items about one chat run strictly one after another: Set Labels 12 times to one chat leaves the last item\'s labels', async () => {
		await env.control.setLatency(30);
		const items = range(12).map((i) => ({ json: { labels: `step-${i}` } }));
		const { error } = await env.run('timelinesAi', { resource: 'chat', operation: 'setLabels', chatId: byId(CHATS[0]), labels: '={{ $json.labels }}' }, items);
		expect(error).toBeUndefined();
		expect(await env.control.chatLabels(CHATS[0])).toEqual(['step-11']);
		expect(await env.control.peakApiInFlight()).toBe(1);
	});

	it('reactions to one message keep their order (the last one stays); different messages overlap', async () => {
		await env.control.setLatency(30);
		const uids = await Promise.all([0, 1].map(async (i) => (await env.control.simulateIncoming({ chatId: CHATS[i], text: `Question ${i}` })).message_uid));
		const emojis = ['👍', '❤️', '😂', '🙏', '🎉'];
		const items = range(10).map((i) => ({ json: { uid: uids[i % 2], reaction: emojis[Math.floor(i / 2)] } }));
		const { error } = await env.run('timelinesAi', { resource: 'message', operation: 'react', messageId: '={{ $json.uid }}', reaction: '={{ $json.reaction }}' }, items);
		expect(error).toBeUndefined();
		for (const uid of uids) expect(Object.values(await env.control.reactions(uid))).toEqual(['🎉']);
		expect(await env.control.peakApiInFlight()).toBe(2);
	});

	it('operations with no chat overlap up to the limit: 30 Workspace → Get hold 10 requests at once at TimelinesAI', async () => {
		// Long enough that the pacer (one request every 1/30 s) starts more than 10 before the first answer comes.
		await env.control.setLatency(600);
		const { items, error } = await env.run('timelinesAi', { resource: 'workspace', operation: 'get' }, range(30).map(() => ({ json: {} })));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual(range(30).map((item) => ({ item })));
		expect(await env.control.peakApiInFlight()).toBe(MAX_IN_FLIGHT);
	});
});

describe('a failing item in the middle', () => {
	const withUnknownChat = (count: number, bad: number[]) => replies(count, (i) => (bad.includes(i) ? UNKNOWN_CHAT : CHATS[i % CHATS.length]));
	const UNKNOWN_CHAT_ERROR = `Field "Chat ID" in item 5: TimelinesAI has no chat ${UNKNOWN_CHAT} in this workspace (HTTP 404).`;

	it('with Continue: one error item for the failed item, in its place; every other item is sent', async () => {
		await env.control.setLatency(20);
		const { items, error } = await env.run('timelinesAi', reply, withUnknownChat(12, [5]), { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual(range(12).map((item) => ({ item })));
		expect(items[5].json.error).toMatch(new RegExp(`^${UNKNOWN_CHAT_ERROR.replace(/[().]/g, '\\$&')}`));
		expect(items.filter((item) => item.json.error !== undefined)).toHaveLength(1);
		expect(ascending((await apiMessages()).map((message) => itemOf(message.text)))).toEqual(range(12).filter((i) => i !== 5));
	});

	it('with the error output: the failed item goes there, the others to the main output, each paired with its item', async () => {
		const { items, errorItems, error } = await env.run('timelinesAi', reply, withUnknownChat(12, [5]), { errorOutput: true });
		expect(error).toBeUndefined();
		expect(errorItems.map((item) => item.pairedItem)).toEqual([{ item: 5 }]);
		expect(items.map((item) => item.pairedItem)).toEqual(range(12).filter((i) => i !== 5).map((item) => ({ item })));
	});

	it('without Continue: the first failed item (by item order) is the error; nothing starts after it; the items done are listed', async () => {
		await env.control.setLatency(50);
		const { error } = await env.run('timelinesAi', reply, withUnknownChat(40, [5, 7]));
		expect(error?.message).toMatch(new RegExp(`^${UNKNOWN_CHAT_ERROR.replace(/[().]/g, '\\$&')}`));

		const sent = ascending((await apiMessages()).map((message) => itemOf(message.text)));
		const done = error?.context.done_items as number[];
		const notStarted = error?.context.not_started_items as number[];
		expect(done).toEqual(sent);
		// Item 7 waited for item 5 (the same chat), so it never started; nor did the items after the burst in flight.
		expect(notStarted).toContain(7);
		expect(ascending([...done, ...notStarted, 5])).toEqual(range(40));
		expect(notStarted.length).toBeGreaterThan(20);
		const after = done.filter((i) => i > 5);
		expect(after.length).toBeGreaterThan(0);
		expect(error?.description).toMatch(/^Items? [\d, and]+ (was|were) done as well: (it|they) ran at the same time as this one\. /);
		expect(error?.description).toContain(`If you run the workflow anew, leave out the items that were done (${describeItems(done)}), or they happen twice.`);

		await new Promise((resolve) => setTimeout(resolve, 300));
		expect((await apiMessages()).length).toBe(sent.length);
	});

	it('an earlier item still waiting for its chat when a later one fails is not done, and the error says so', async () => {
		await env.control.setLatency(50);
		// Items 0 to 2 share a chat; item 3's empty text fails at once, while items 0 and 4 are on their way.
		const items = [CHATS[0], CHATS[0], CHATS[0], CHATS[1], CHATS[2]].map((chatId, i) => ({ json: { chatId, text: i === 3 ? '' : `Update #${i}` } }));
		const { error } = await env.run('timelinesAi', reply, items);
		expect(error?.message).toMatch(/^Field "Text" in item 3: is empty\./);
		expect(error?.description).toBe(
			'Item 4 was done as well: it ran at the same time as this one. Items 1 and 2 were not done: they waited for an earlier item about the same chat. ' +
				'If you run the workflow anew, leave out the items that were done (items 0 and 4), or they happen twice.',
		);
		expect(error?.context).toMatchObject({ done_items: [0, 4], not_started_items: [1, 2] });
		expect(ascending((await apiMessages()).map((message) => itemOf(message.text)))).toEqual([0, 4]);
	});

	it('a read names the first failed item without a note about items done', async () => {
		const items = range(6).map((i) => ({ json: { chatId: i === 2 ? UNKNOWN_CHAT : CHATS[i % 4] } }));
		const { error } = await env.run('timelinesAi', { resource: 'chat', operation: 'get', chatId: byId('={{ $json.chatId }}') }, items);
		expect(error?.message).toMatch(/^Field "Chat ID" in item 2: TimelinesAI has no chat 999999/);
		expect(error?.description).not.toMatch(/done as well/);
	});

	it('a chat id that cannot be read fails its item as before, naming the field and the fix', async () => {
		const items = replies(4, (i) => (i === 1 ? ('not a chat' as unknown as number) : CHATS[i]));
		const { items: outputs } = await env.run('timelinesAi', reply, items, { continueOnFail: true });
		expect(outputs.map((output) => output.json.error ?? null)).toEqual([
			null,
			'Field "Chat ID" in item 1: "not a chat" is not a chat id. A chat id is a number such as 77234: open the chat in TimelinesAI and copy the number from its address.',
			null,
			null,
		]);
	});
});

describe('Stop', () => {
	it('starts nothing more: what is in flight finishes, nothing is sent afterwards', async () => {
		await env.control.setLatency(100);
		const started = Date.now();
		await env.run('timelinesAi', reply, replies(80), { stopAfterMs: 350 });
		expect(Date.now() - started).toBeLessThan(1500);
		// The requests on their way when Stop came arrive one latency later.
		await new Promise((resolve) => setTimeout(resolve, 200));
		const atStop = (await apiMessages()).length;
		// 4 chats, one request each at a time, 100 ms apiece: at most 4 × (350 / 100 + 1) were started.
		expect(atStop).toBeGreaterThan(0);
		expect(atStop).toBeLessThanOrEqual(20);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect((await apiMessages()).length).toBe(atStop);
	});
});
