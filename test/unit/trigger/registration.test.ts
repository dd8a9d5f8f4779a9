import type { WebhookEventType } from '../../../nodes/TimelinesAi/protocol';
import {
	assertWithinLimit,
	endpointOf,
	isAdoption,
	knownSecret,
	newSecret,
	ours,
	plan,
	secretMatches,
	secretOf,
	withSecret,
	type ListedWebhook,
} from '../../../nodes/TimelinesAi/trigger/registration';

describe('the URL secret', () => {
	it('is random and URL-safe', () => {
		const [a, b] = [newSecret(), newSecret()];
		expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(a).not.toBe(b);
	});

	it('is appended to the webhook URL and read back from it', () => {
		const url = withSecret('http://127.0.0.1:5678/webhook/abc/webhook', 'k_1-x');
		expect(url).toBe('http://127.0.0.1:5678/webhook/abc/webhook?secret=k_1-x');
		expect(secretOf(url)).toBe('k_1-x');
		expect(endpointOf(url)).toBe('http://127.0.0.1:5678/webhook/abc/webhook');
		expect(endpointOf('http://127.0.0.1:5678/webhook/abc/webhook/?other=1')).toBe('http://127.0.0.1:5678/webhook/abc/webhook');
		expect(endpointOf('not a url')).toBeNull();
	});

	it.each([
		['the same secret', 'abc', 'abc', true],
		['another secret', 'abc', 'abd', false],
		['a prefix', 'abc', 'ab', false],
		['nothing given', 'abc', undefined, false],
		['a repeated parameter', 'abc', ['abc', 'abc'], false],
		['no secret expected but an empty one given', '', '', false],
	])('%s', (_name, expected, given, matches) => {
		expect(secretMatches(expected, given)).toBe(matches);
	});
});

/** Where automatic setup registers: what n8n gives the node, with or without a secret. */
const OURS = 'http://127.0.0.1:5678/webhook/abc/webhook';
const SECRET = 'our-secret';

let nextId = 100;
function listed(event: WebhookEventType, url: string, enabled = true): ListedWebhook {
	return { id: nextId++, event_type: event, url, enabled, errors_counter: 0 };
}
const foreign = (count: number) => Array.from({ length: count }, (_, index) => listed('message:new', `https://crm.example/hooks/${index}`));

describe('the registration plan', () => {
	it('adopts exactly right registrations of ours instead of duplicating them', () => {
		const received = listed('message:received:new', withSecret(OURS, SECRET));
		const sent = listed('message:sent:new', withSecret(OURS, SECRET));
		const steps = plan([received, sent], ['message:sent:new', 'message:received:new'], SECRET);
		expect(steps).toEqual({ adopt: { 'message:sent:new': sent.id, 'message:received:new': received.id }, repair: [], create: [], remove: [] });
		expect(isAdoption(steps)).toBe(true);
	});

	it('follows a change of events: creates the new one, removes the dropped ones', () => {
		const received = listed('message:received:new', withSecret(OURS, SECRET));
		const sent = listed('message:sent:new', withSecret(OURS, SECRET));
		const steps = plan([received, sent], ['message:new'], SECRET);
		expect(steps).toEqual({ adopt: {}, repair: [], create: ['message:new'], remove: [received.id, sent.id] });
		expect(isAdoption(steps)).toBe(false);
	});

	it.each([
		['switched off (by TimelinesAI or by hand)', withSecret(OURS, SECRET), false],
		['pointing at an old secret', withSecret(OURS, 'old-secret'), true],
		['without a secret', OURS, true],
	])('repairs a registration of ours %s instead of creating another', (_name, url, enabled) => {
		const stale = listed('chat:new', url, enabled);
		const steps = plan([stale], ['chat:new'], SECRET);
		expect(steps).toEqual({ adopt: {}, repair: [{ event: 'chat:new', id: stale.id }], create: [], remove: [] });
		expect(isAdoption(steps)).toBe(false);
	});

	it('keeps one registration per event: a second one of ours for the same event is removed', () => {
		const first = listed('chat:new', withSecret(OURS, SECRET));
		const second = listed('chat:new', withSecret(OURS, SECRET));
		expect(plan([first, second], ['chat:new'], SECRET)).toEqual({ adopt: { 'chat:new': first.id }, repair: [], create: [], remove: [second.id] });
	});

	it('counts only webhooks at our URL, whatever secret or trailing slash they carry, as ours', () => {
		const mine = [listed('chat:new', withSecret(OURS, SECRET)), listed('chat:new', `${OURS}/?secret=x`)];
		const others = [...foreign(2), listed('chat:new', 'http://127.0.0.1:5678/webhook/other/webhook?secret=x')];
		expect(ours([...others, ...mine], OURS)).toEqual(mine);
	});
});

describe('the secret of a registration', () => {
	it('is the stored one when there is one', () => {
		expect(knownSecret(SECRET, [listed('chat:new', withSecret(OURS, 'other'))])).toBe(SECRET);
	});

	it('after the static data was lost, is the one our earlier registration carries', () => {
		expect(knownSecret(undefined, [listed('chat:new', OURS), listed('chat:new', withSecret(OURS, 'kept'))])).toBe('kept');
	});

	it('is unknown when neither has one: a new one is made', () => {
		expect(knownSecret(undefined, [listed('chat:new', OURS)])).toBeUndefined();
	});
});

describe('the 10-webhook limit', () => {
	it('refuses before anything changes, saying how many exist, what is needed and how to free some', () => {
		const steps = plan([], ['message:received:new', 'message:sent:new'], SECRET);
		expect(() => assertWithinLimit(9, steps)).toThrow(
			expect.objectContaining({
				message:
					'TimelinesAI allows at most 10 webhooks per workspace: 9 already exist, and this trigger needs 2 more (Message Received, Message Sent). ' +
					'Free some: delete webhooks you no longer use (TimelinesAI → Integrations → Public API webhooks), deactivate other workflows ' +
					'with a TimelinesAI Trigger, or choose fewer events here.',
				hint: expect.stringContaining('"Any Message" covers received and sent with one webhook'),
			}),
		);
	});

	it('counts what it would remove and does not count what it reuses or repairs', () => {
		const adopted = listed('message:received:new', withSecret(OURS, SECRET));
		const repaired = listed('message:sent:new', OURS, false);
		const dropped = listed('chat:new', withSecret(OURS, SECRET));
		const steps = plan([adopted, repaired, dropped], ['message:received:new', 'message:sent:new', 'message:new'], SECRET);
		expect(steps.create).toEqual(['message:new']);
		// 7 foreign and our 3: removing one and creating one leaves 10; with 8 foreign it would be 11.
		expect(() => assertWithinLimit(10, steps)).not.toThrow();
		expect(() => assertWithinLimit(11, steps)).toThrow("10 already exist, and this trigger needs 1 more (Any Message)");
	});

	it('fits a trigger that only reuses its own registrations in a full workspace', () => {
		const mine = [listed('message:received:new', withSecret(OURS, SECRET)), listed('message:sent:new', withSecret(OURS, SECRET))];
		expect(() => assertWithinLimit(10, plan(mine, ['message:sent:new', 'message:received:new'], SECRET))).not.toThrow();
	});
});
