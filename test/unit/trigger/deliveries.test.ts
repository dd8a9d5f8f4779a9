import { classifyDelivery } from '../../../nodes/TimelinesAi/trigger/item';
import { fixtures } from '../../fixtures/spec';

describe('recognising delivery shapes', () => {
	it.each([
		['integration bundle', fixtures.bundle(), 'integration-bundle'],
		['integration single', fixtures.single(), 'integration-single'],
		['v2 message', fixtures.messageReceived(), 'v2-message'],
		['v2 chat', fixtures.chatNew(), 'v2-chat'],
	])('%s', (_name, body, kind) => {
		const result = classifyDelivery(body);
		expect(result.ok && result.delivery.kind).toBe(kind);
	});

	it.each([
		['an array', [fixtures.single()], 'not a JSON object'],
		['a string', 'hello', 'not a JSON object'],
		['null', null, 'not a JSON object'],
		['an empty object', {}, 'it has none of "messages", "message" or "event_type"'],
		['an unknown event type', { event_type: 'message:deleted' }, 'unknown event type "message:deleted"'],
		['a message without chat', { ...fixtures.single(), chat: undefined }, '"chat" is missing'],
		['a v2 message event without message', { ...fixtures.messageReceived(), message: null }, '"message" is missing'],
		['a wrong direction', { ...fixtures.single(), message: { direction: 'outgoing' } }, 'message.direction'],
		['a text that is an object', { ...fixtures.single(), message: { text: { a: 1 } } }, 'message.text'],
	])('refuses %s, saying why', (_name, body, reason) => {
		const result = classifyDelivery(body);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.reason).toContain(reason);
	});
});
