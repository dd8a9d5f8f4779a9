import type { INodeExecutionData } from 'n8n-workflow';

import { useSendEnvironment } from './setup';

/**
 * n8n's retries run the node again with the same items: Retry On Fail in the same execution, the
 * Retry of a failed execution in a new one (mode `retry`). TimelinesAI must see each message once.
 */

const env = useSendEnvironment();

const PHONES = ['+14155550100', '+447911123456', '+4915112345678'];
const toPhones = (...phones: string[]): INodeExecutionData[] => phones.map((phone) => ({ json: { phone } }));
const byPhone = { sendTo: 'phone', phone: '={{ $json.phone }}', text: 'Your order has shipped' };

let executions = 0;
const newExecutionId = () => `retries-${++executions}`;

/** Messages the sandbox accepted, per phone. */
async function messagesPerPhone(): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const message of (await env.control.state()).messages) counts[message.targetPhone!] = (counts[message.targetPhone!] ?? 0) + 1;
	return counts;
}

const oncePerPhone = Object.fromEntries(PHONES.map((phone) => [phone, 1]));

describe('an accepted message is not sent again when n8n runs the node again', () => {
	it.each([
		['Retry On Fail (same execution)', 'same'],
		['Retry of the failed execution', 'retry'],
	] as const)('%s after item 2 ran out of credits: items 0 and 1 keep their ids, item 2 goes out once', async (_, how) => {
		const executionId = newExecutionId();
		// A Retry skips what this node sent within a day: a text of its own keeps the other tests' sends out of it.
		const parameters = { ...byPhone, text: `Your order has shipped (${how})` };
		await env.control.setCredits({ remaining: 2 });
		const first = await env.send(parameters, toPhones(...PHONES), { executionId });
		expect(first.error?.message).toMatch(/item 2/);
		const sentIds = (first.error?.context.sent_items as Array<{ message_id: string }>).map((item) => item.message_id);
		expect(sentIds).toHaveLength(2);

		await env.control.setCredits({ remaining: 100 });
		const again = await env.send(parameters, toPhones(...PHONES), how === 'same' ? { executionId } : { executionId: newExecutionId(), mode: 'retry' });
		expect(again.error).toBeUndefined();
		expect(await messagesPerPhone()).toEqual(oncePerPhone);
		expect(again.items.map((item) => item.json.message_id).slice(0, 2)).toEqual(sentIds);
		expect(again.items.map((item) => item.json.skipped)).toEqual(['sent-earlier', 'sent-earlier', undefined]);
		expect(again.items.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
	});

	it('a new execution (not a retry) is a new intent and sends again', async () => {
		await env.send(byPhone, toPhones(PHONES[0]), { executionId: newExecutionId() });
		await env.send(byPhone, toPhones(PHONES[0]), { executionId: newExecutionId() });
		expect(await messagesPerPhone()).toEqual({ [PHONES[0]]: 2 });
	});
});

describe("the workflow's static data (n8n saves all of it after a run, the last write winning)", () => {
	it('is left unchanged by a run that sent every item, and holds the sent log after a run that failed part-way', async () => {
		const parameters = { ...byPhone, text: 'Static data check' };
		const clean = await env.send(parameters, toPhones(PHONES[0]), { executionId: newExecutionId() });
		expect(clean.error).toBeUndefined();
		expect(clean.changedStaticData).toBeUndefined();

		await env.control.setCredits({ remaining: 1 });
		const failed = await env.send({ ...parameters, text: 'Static data check, failing' }, toPhones(...PHONES), { executionId: newExecutionId() });
		expect(failed.error?.message).toMatch(/item 1/);
		const stored = JSON.stringify(failed.changedStaticData);
		expect(stored).toContain((failed.error?.context.sent_items as Array<{ message_id: string }>)[0].message_id);
	});
});

describe('with On Error "Continue (using error output)" the record is split over the two outputs', () => {
	it('accepted items go to the success output with their ids, the refused one to the error output, each paired', async () => {
		await env.control.setCredits({ remaining: 2 });
		const { items, errorItems, error } = await env.send({ ...byPhone, text: 'Error output: your order has shipped' }, toPhones(...PHONES), { errorOutput: true });
		expect(error).toBeUndefined();
		const { messages } = await env.control.state();
		expect(items.map((item) => [item.pairedItem, item.json.message_id])).toEqual(messages.map((message, item) => [{ item }, message.messageId]));
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0]).toMatchObject({ pairedItem: { item: 2 }, json: { error: expect.stringMatching(/item 2/) } });
	});
});

describe('a message whose fate is unknown is never resent blindly', () => {
	it.each(['accept-then-reset', 'accept-then-502', 'accept-then-503', 'accept-then-504'] as const)(
		'%s on item 0: "may have been sent", and Retry On Fail does not post it again',
		async (fault) => {
			const executionId = newExecutionId();
			await env.control.injectFault('inbound', fault);
			const first = await env.send(byPhone, toPhones(...PHONES), { executionId });
			// Items 1 and 2 go to other chats, so they were in flight with item 0 and went out.
			const sentItems = (first.error?.context.sent_items ?? []) as Array<{ item: number; message_id: string }>;
			expect(sentItems.map((item) => item.item)).toEqual([1, 2]);
			expect(first.error).toMatchObject({ context: { itemIndex: 0, unsent_items: [] } });
			expect(first.error?.message).toMatch(/^TimelinesAI('s server answered HTTP 50[234]| did not answer)/);
			expect(first.error?.description).toMatch(/may have been sent|may or may not/);
			expect(first.error?.description).not.toMatch(/probably not sent/);
			if (fault !== 'accept-then-reset') {
				const status = fault.slice(-3);
				expect(first.error).toMatchObject({
					message: `TimelinesAI's server answered HTTP ${status} while sending item 0, which can come after the request was carried out.`,
					description:
						`Items 1 and 2 were already sent (message ids ${sentItems[0].message_id}, ${sentItems[1].message_id}): Retry and Retry On Fail do not send them again, but if you run the workflow anew, leave them out, or their recipients get the message twice. ` +
						'The message may have been sent: a server in front of TimelinesAI answered, not TimelinesAI itself. Check the chat in TimelinesAI before running this item again, or the contact may get it twice.',
				});
			}

			// The retry looks item 0 up in its chat, finds it, and reports it sent with its uid.
			const again = await env.send(byPhone, toPhones(...PHONES), { executionId });
			expect(again.error).toBeUndefined();
			const [message] = (await env.control.state()).messages.filter((candidate) => candidate.targetPhone === PHONES[0]);
			expect(again.items[0].json).toMatchObject({ message_id: message.uid, skipped: 'sent-earlier', credits: 0 });
			expect(again.items[0].json.notes).toEqual([expect.stringMatching(/without getting TimelinesAI's answer, and it is in the chat/)]);
			expect(again.items.slice(1).map((item) => item.json.message_id)).toEqual(sentItems.map((item) => item.message_id));
			expect(await messagesPerPhone()).toEqual(oncePerPhone);
		},
	);

	it('not found in its chat, a phone\'s message may still be queued: the retry does not post it and says why', async () => {
		const executionId = newExecutionId();
		// The connection breaks after the request left, and TimelinesAI did nothing with it.
		await env.control.injectFault('inbound', 'reset');
		await env.send(byPhone, toPhones(PHONES[0]), { executionId });
		const again = await env.send(byPhone, toPhones(PHONES[0]), { executionId });
		expect(again.error?.message).toMatch(
			/^Item 0 was not sent again: an earlier try of this run posted it, but TimelinesAI's answer never came, so it may have been sent \(.*may still wait in (the|its) queue\)\.$/,
		);
		expect(await messagesPerPhone()).toEqual({});
	});

	it('not found in a chat picked by Chat ID, whose queue the chat lists, it is provably not sent: the retry sends it once', async () => {
		const executionId = newExecutionId();
		const byChat = { sendTo: 'chatId', chatId: { __rl: true, mode: 'id', value: '20451188' }, text: 'Your table is ready' };
		await env.control.injectFault('inbound', 'reset');
		expect((await env.send(byChat, [{ json: {} }], { executionId })).error?.message).toMatch(/did not answer/);
		const again = await env.send(byChat, [{ json: {} }], { executionId });
		expect(again.error).toBeUndefined();
		expect(again.items[0].json).toMatchObject({ chat_id: 20451188, credits: 1 });
		expect((await env.control.state()).messages.filter((message) => message.text === 'Your table is ready')).toHaveLength(1);
		// A further retry finds it in the sent log.
		expect((await env.send(byChat, [{ json: {} }], { executionId })).items[0].json).toMatchObject({ skipped: 'sent-earlier' });
	});

	it('without an API token it cannot be looked up: "may have been sent", not posted again', async () => {
		const executionId = newExecutionId();
		const credentials = env.credentials({ apiToken: '' });
		await env.control.injectFault('inbound', 'accept-then-502');
		await env.send(byPhone, toPhones(PHONES[0]), { executionId, credentials });
		const again = await env.send(byPhone, toPhones(PHONES[0]), { executionId, credentials });
		expect(again.error?.message).toMatch(/so it may have been sent \(without an API Token in the credential it cannot be looked up\)\.$/);
		expect(await messagesPerPhone()).toEqual({ [PHONES[0]]: 1 });
	});

	it('with "Continue", the unknown item says may_have_been_sent, the others go out once, and the retry finds it', async () => {
		const executionId = newExecutionId();
		await env.control.injectFault('inbound', 'accept-then-502');
		const first = await env.send(byPhone, toPhones(...PHONES), { executionId, continueOnFail: true });
		expect(first.items[0].json).toMatchObject({ may_have_been_sent: true });
		const again = await env.send(byPhone, toPhones(...PHONES), { executionId, continueOnFail: true });
		expect(again.items.map((item) => item.json.may_have_been_sent ?? item.json.skipped)).toEqual(['sent-earlier', 'sent-earlier', 'sent-earlier']);
		expect(await messagesPerPhone()).toEqual(oncePerPhone);
	});
});

describe('the same recipient and text twice in one run', () => {
	it('is sent once; the repeat outputs the first message id with a note, paired with its own item', async () => {
		const { items, error } = await env.send(byPhone, toPhones(PHONES[0], PHONES[1], PHONES[0]));
		expect(error).toBeUndefined();
		expect(await messagesPerPhone()).toEqual({ [PHONES[0]]: 1, [PHONES[1]]: 1 });
		expect(items[2]).toMatchObject({
			json: {
				message_id: items[0].json.message_id,
				skipped: 'repeat',
				credits: 0,
				notes: [
					'Not sent: item 0 has the same recipient, text and file in this run, so the contact gets it once; message_id is that message. To send repeats too, turn off "Send Identical Messages Once" under Options.',
				],
			},
			pairedItem: { item: 2 },
		});
	});

	it('is sent twice when "Send Identical Messages Once" is off', async () => {
		const { error } = await env.send({ ...byPhone, options: { sendRepeatsOnce: false } }, toPhones(PHONES[0], PHONES[0]));
		expect(error).toBeUndefined();
		expect(await messagesPerPhone()).toEqual({ [PHONES[0]]: 2 });
	});

	it('with another text it is a different message and is sent', async () => {
		const { error } = await env.send({ ...byPhone, text: '={{ "Order " + $itemIndex }}' }, toPhones(PHONES[0], PHONES[0]));
		expect(error).toBeUndefined();
		expect(await messagesPerPhone()).toEqual({ [PHONES[0]]: 2 });
	});
});
