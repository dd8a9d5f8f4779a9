import type { IDataObject } from 'n8n-workflow';

import { classifyDelivery } from '../../../nodes/TimelinesAi/trigger/item';
import { RecentMessages, dedupKey, dedupKeys } from '../../../nodes/TimelinesAi/trigger/webhook';
import { toItems } from '../../../nodes/TimelinesAi/trigger/item';
import { fixtures, groupBundle } from '../../fixtures/spec';

function itemsOf(body: unknown) {
	const result = classifyDelivery(body);
	if (!result.ok) throw new Error(result.reason);
	return toItems(result.delivery, '2026-03-02T12:00:00.000Z');
}

function bundleWithoutUids() {
	const body = fixtures.bundle();
	for (const message of body.messages as Array<Record<string, unknown>>) {
		delete message.message_uid;
		message.message_id = 'same-for-all';
	}
	return body;
}

describe('message identity', () => {
	it('is the uid when there is one, shared by both generations', () => {
		const [legacy] = itemsOf(fixtures.single());
		expect(dedupKey(legacy)).toBe('uid:0d5b8e7c-2a4f-4e91-b3c6-71f0a9d2e845');
		const v2 = fixtures.messageReceived();
		v2.message.message_uid = '0d5b8e7c-2a4f-4e91-b3c6-71f0a9d2e845';
		expect(dedupKey(itemsOf(v2)[0])).toBe(dedupKey(legacy));
	});

	it('is a fingerprint in bundles without uids, ignoring the repeating message_id', () => {
		const keys = itemsOf(bundleWithoutUids()).map(dedupKey);
		expect(new Set(keys).size).toBe(3);
		for (const key of keys) expect(key).toMatch(/^fp:[0-9a-f]{32}$/);
		expect(itemsOf(bundleWithoutUids()).map(dedupKey)).toEqual(keys);
	});

	it('tells a reaction apart from the message it reacts to', () => {
		const message = fixtures.messageReceived();
		const reaction = { ...fixtures.messageReceived(), event_type: 'message:reaction' };
		reaction.message.text = '👍';
		const [messageKey, reactionKey] = [message, reaction].map((body) => dedupKey(itemsOf(body)[0]));
		expect(reactionKey).toMatch(/^reaction:[0-9a-f]{32}$/);
		expect(reactionKey).not.toBe(messageKey);
	});

	it('does not exist for chat events, which are never repeats', () => {
		expect(dedupKey(itemsOf(fixtures.chatNew())[0])).toBeNull();
	});
});

describe('recent messages in static data', () => {
	it('recognises a redelivery across instances sharing the static data', () => {
		const staticData: IDataObject = {};
		const first = new RecentMessages(staticData, 100);
		expect(itemsOf(fixtures.bundle()).map((item) => first.isRepeat(dedupKey(item)))).toEqual([false, false, false]);
		first.save();
		const second = new RecentMessages(staticData, 100);
		expect(itemsOf(fixtures.bundle()).map((item) => second.isRepeat(dedupKey(item)))).toEqual([true, true, true]);
	});

	it('catches a message listed twice in one delivery', () => {
		const body = fixtures.bundle();
		body.messages.push(body.messages[0]);
		const recent = new RecentMessages({}, 100);
		expect(dedupKeys(itemsOf(body)).map((key) => recent.isRepeat(key))).toEqual([false, false, false, true]);
	});

	it('keeps at most the window, forgetting the oldest', () => {
		const staticData: IDataObject = {};
		const recent = new RecentMessages(staticData, 2);
		const items = itemsOf(fixtures.bundle());
		items.slice(0, 2).forEach((item) => recent.isRepeat(dedupKey(item)));
		recent.save();
		const next = new RecentMessages(staticData, 2);
		next.isRepeat(dedupKey(items[2]));
		next.save();
		expect(staticData.seenMessages).toEqual(items.slice(1).map(dedupKey));
		const later = new RecentMessages(staticData, 2);
		expect(items.map((item) => later.isRepeat(dedupKey(item)))).toEqual([false, true, true]);
	});

	it('does nothing with a window of 0', () => {
		const staticData: IDataObject = {};
		const recent = new RecentMessages(staticData, 0);
		const [item] = itemsOf(fixtures.single());
		expect([recent.isRepeat(dedupKey(item)), recent.isRepeat(dedupKey(item))]).toEqual([false, false]);
		recent.save();
		expect(staticData).toEqual({});
	});
});

describe('recent messages in the memory of one n8n process', () => {
	/** What n8n does per delivery: read the static data from its database, and write all of it back afterwards. */
	function database() {
		let saved: IDataObject = {};
		const earlier = new RecentMessages(saved, 100, 'webhook');
		earlier.save();
		return {
			read: () => structuredClone(saved),
			write: (staticData: IDataObject) => {
				saved = structuredClone(staticData);
			},
		};
	}
	const [first, second] = itemsOf(fixtures.bundle()).map(dedupKey);

	it('recognises a redelivery handled at the same time, before either delivery saved', () => {
		const db = database();
		const [a, b] = [new RecentMessages(db.read(), 100, 'webhook'), new RecentMessages(db.read(), 100, 'webhook')];
		expect([a.isRepeat(first), b.isRepeat(first)]).toEqual([false, true]);
	});

	it('still knows a message whose key an overlapping save dropped, and writes it back', () => {
		const db = database();
		const [a, b] = [db.read(), db.read()];
		const [recentA, recentB] = [new RecentMessages(a, 100, 'webhook'), new RecentMessages(b, 100, 'webhook')];
		expect([recentA.isRepeat(first), recentB.isRepeat(second)]).toEqual([false, false]);
		recentA.save();
		db.write(a);
		recentB.save();
		db.write(b); // the last write wins: `first` is gone from the static data

		const later = db.read();
		expect(later.seenMessages).toEqual([second]);
		const recent = new RecentMessages(later, 100, 'webhook');
		expect(recent.isRepeat(first)).toBe(true);
		recent.save();
		expect(later.seenMessages).toEqual([second, first]);
	});

	it('shares nothing between a test listener and the active workflow', () => {
		const db = database();
		expect(new RecentMessages(db.read(), 100, 'webhook').isRepeat(first)).toBe(false);
		expect(new RecentMessages(db.read(), 100, 'manual').isRepeat(first)).toBe(false);
	});

	it('starts empty for fresh static data', () => {
		expect(new RecentMessages({}, 100, 'webhook').isRepeat(first)).toBe(false);
		expect(new RecentMessages({}, 100, 'webhook').isRepeat(first)).toBe(false);
	});
});


describe('messages nothing but their sender tells apart', () => {
	it('two members writing "ok" in the same second are two messages, and the same bundle again is none', () => {
		const bundle = groupBundle([
			{ sender: 'Ravi Kumar', text: 'ok' },
			{ sender: 'Ana Lima', text: 'ok' },
		]);
		const staticData: IDataObject = {};
		const recent = new RecentMessages(staticData, 100);
		expect(dedupKeys(itemsOf(bundle)).map((key) => recent.isRepeat(key))).toEqual([false, false]);
		recent.save();
		const again = new RecentMessages(staticData, 100);
		expect(dedupKeys(itemsOf(bundle)).map((key) => again.isRepeat(key))).toEqual([true, true]);
	});

	it('one member writing "ok" twice in a second is two messages, still recognised when more messages come first', () => {
		const twice = [
			{ sender: 'Ravi Kumar', text: 'ok' },
			{ sender: 'Ravi Kumar', text: 'ok' },
		];
		const keys = dedupKeys(itemsOf(groupBundle(twice)));
		expect(new Set(keys).size).toBe(2);
		const longer = dedupKeys(itemsOf(groupBundle([{ sender: 'Ana Lima', text: 'hello' }, ...twice])));
		expect(longer.slice(1)).toEqual(keys);
	});

	it('a file sent twice with the same caption is told apart by the file', () => {
		const bundle = groupBundle([
			{ sender: 'Ravi Kumar', text: '' },
			{ sender: 'Ravi Kumar', text: '' },
		]);
		const messages = bundle.messages as Array<Record<string, unknown>>;
		messages[0].attachment = { filename: 'front.jpg', size: 1000, mimetype: 'image/jpeg', temporary_download_url: 'https://files.timelines.ai/a' };
		messages[1].attachment = { filename: 'back.jpg', size: 1000, mimetype: 'image/jpeg', temporary_download_url: 'https://files.timelines.ai/b' };
		expect(dedupKeys(itemsOf(bundle)).every((key) => !key!.includes('#'))).toBe(true);
	});

	it('ignores the temporary download link, which a redelivery may renew', () => {
		const bundle = groupBundle([{ sender: 'Ravi Kumar', text: '' }]);
		const message = (bundle.messages as Array<Record<string, unknown>>)[0];
		message.attachment = { filename: 'front.jpg', size: 1000, mimetype: 'image/jpeg', temporary_download_url: 'https://files.timelines.ai/a' };
		const before = dedupKeys(itemsOf(bundle));
		message.attachment = { ...(message.attachment as object), temporary_download_url: 'https://files.timelines.ai/renewed' };
		expect(dedupKeys(itemsOf(bundle))).toEqual(before);
	});
});

describe('what is written to static data', () => {
	/** Static data that counts assignments, as n8n marks it changed on any assignment. */
	function counted() {
		const writes: string[] = [];
		const staticData = new Proxy<IDataObject>(
			{},
			{
				set(target, property, value) {
					writes.push(String(property));
					return Reflect.set(target, property, value);
				},
			},
		);
		return { staticData, writes };
	}

	it('is written for new messages only, not for a repeat', () => {
		const { staticData, writes } = counted();
		const items = itemsOf(fixtures.bundle());
		const first = new RecentMessages(staticData, 100);
		items.forEach((item) => first.isRepeat(dedupKey(item)));
		first.save();
		expect(writes).toEqual(['seenMessagesMemory', 'seenMessages']);
		const repeat = new RecentMessages(staticData, 100);
		items.forEach((item) => repeat.isRepeat(dedupKey(item)));
		repeat.save();
		expect(writes).toHaveLength(2);
	});

	it('holds a whole bundle larger than the window, so the same bundle again is all repeats', () => {
		const bundle = groupBundle(Array.from({ length: 30 }, (_, index) => ({ sender: `Member ${index}`, text: 'ok' })));
		const staticData: IDataObject = {};
		const first = new RecentMessages(staticData, 10);
		expect(dedupKeys(itemsOf(bundle)).filter((key) => first.isRepeat(key))).toHaveLength(0);
		first.save();
		expect(staticData.seenMessages).toHaveLength(30);
		// A fresh process memory (another n8n process, or after a restart): only the static data knows the bundle.
		delete staticData.seenMessagesMemory;
		const again = new RecentMessages(staticData, 10);
		expect(dedupKeys(itemsOf(bundle)).filter((key) => !again.isRepeat(key))).toHaveLength(0);
	});

	it('keeps a bundle larger than the window in the process memory too', () => {
		const bundle = groupBundle(Array.from({ length: 30 }, (_, index) => ({ sender: `Member ${index}`, text: 'hi' })));
		const staticData: IDataObject = {};
		const first = new RecentMessages(staticData, 10, 'webhook');
		dedupKeys(itemsOf(bundle)).forEach((key) => first.isRepeat(key));
		// Not saved: a delivery handled at the same moment sees only the process memory.
		const concurrent = new RecentMessages(structuredClone(staticData), 10, 'webhook');
		expect(dedupKeys(itemsOf(bundle)).filter((key) => !concurrent.isRepeat(key))).toHaveLength(0);
	});
});
