import { classifyDelivery } from '../../../nodes/TimelinesAi/trigger/item';
import { passesFilters, type ItemFilters } from '../../../nodes/TimelinesAi/trigger/webhook';
import { toItems } from '../../../nodes/TimelinesAi/trigger/item';
import { fixtures } from '../../fixtures/spec';

function itemsOf(body: unknown) {
	const result = classifyDelivery(body);
	if (!result.ok) throw new Error(result.reason);
	return toItems(result.delivery, '2026-03-02T12:00:00.000Z');
}

const everything: ItemFilters = { direction: 'both', chatKind: 'both' };
const bundle = itemsOf(fixtures.bundle()); // direct chat: received, sent, received
const [groupMessage] = itemsOf(fixtures.single()); // group chat, received
const [chatEvent] = itemsOf(fixtures.chatNew());
const [v2Received] = itemsOf(fixtures.messageReceived());
const [anyMessage] = itemsOf({ ...fixtures.messageReceived(), event_type: 'message:new' });

const passing = (filters: ItemFilters, items = bundle) => items.filter((item) => passesFilters(item, filters));

describe('direction filter', () => {
	it('keeps only the chosen direction of messages', () => {
		expect(passing({ ...everything, direction: 'received' }).map((i) => i.direction)).toEqual(['received', 'received']);
		expect(passing({ ...everything, direction: 'sent' }).map((i) => i.direction)).toEqual(['sent']);
		expect(passing(everything)).toHaveLength(3);
	});

	it('lets chat events through: direction only concerns messages', () => {
		expect(passesFilters(chatEvent, { ...everything, direction: 'sent' })).toBe(true);
	});
});

describe('chat kind filter', () => {
	it('separates groups from direct chats', () => {
		const items = [...bundle, groupMessage];
		expect(passing({ ...everything, chatKind: 'group' }, items)).toEqual([groupMessage]);
		expect(passing({ ...everything, chatKind: 'direct' }, items)).toEqual(bundle);
	});
});

describe('event filter', () => {
	it('passes everything when no events are chosen (manual setup)', () => {
		expect(passing(everything, [chatEvent, v2Received])).toHaveLength(2);
	});

	it('keeps only chosen events', () => {
		expect(passing({ ...everything, events: ['chat:incoming:new'] }, [chatEvent, v2Received])).toEqual([chatEvent]);
	});

	it('treats "any message" and "message received/sent" as the same messages', () => {
		expect(passesFilters(v2Received, { ...everything, events: ['message:new'] })).toBe(true);
		expect(passesFilters(anyMessage, { ...everything, events: ['message:received:new'] })).toBe(true);
		expect(passesFilters(anyMessage, { ...everything, events: ['message:sent:new'] })).toBe(false);
	});
});
