import type { WebhookEventType } from '../../../nodes/TimelinesAi/protocol';
import { TimelinesAiRequestError } from '../../../nodes/TimelinesAi/shared/errors';
import {
	assertWithinLimit,
	deletionFailure,
	endpointOf,
	isAdoption,
	knownSecret,
	webhooksOfThisNode as ours,
	plan,
	afterRollback,
	withFixInMessage,
	type ListedWebhook,
} from '../../../nodes/TimelinesAi/trigger/registration';
import { newSecret, secretOf, withSecret } from '../../../nodes/TimelinesAi/trigger/secret';
import { secretMatches } from '../../../nodes/TimelinesAi/trigger/webhook';

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
const WANTED = withSecret(OURS, SECRET);

let nextId = 100;
function listed(event: WebhookEventType, url: string, enabled = true): ListedWebhook {
	return { id: nextId++, event_type: event, url, enabled, errors_counter: 0 };
}
const foreign = (count: number) => Array.from({ length: count }, (_, index) => listed('message:new', `https://crm.example/hooks/${index}`));

describe('the registration plan', () => {
	it('adopts exactly right registrations of ours instead of duplicating them', () => {
		const received = listed('message:received:new', withSecret(OURS, SECRET));
		const sent = listed('message:sent:new', withSecret(OURS, SECRET));
		const steps = plan([received, sent], ['message:sent:new', 'message:received:new'], WANTED);
		expect(steps).toEqual({ adopt: { 'message:sent:new': sent.id, 'message:received:new': received.id }, repair: [], create: [], remove: [] });
		expect(isAdoption(steps)).toBe(true);
	});

	it('follows a change of events: creates the new one, removes the dropped ones', () => {
		const received = listed('message:received:new', withSecret(OURS, SECRET));
		const sent = listed('message:sent:new', withSecret(OURS, SECRET));
		const steps = plan([received, sent], ['message:new'], WANTED);
		expect(steps).toEqual({ adopt: {}, repair: [], create: ['message:new'], remove: [received.id, sent.id] });
		expect(isAdoption(steps)).toBe(false);
	});

	it.each([
		['switched off (by TimelinesAI or by hand)', withSecret(OURS, SECRET), false],
		['pointing at an old secret', withSecret(OURS, 'old-secret'), true],
		['without a secret', OURS, true],
	])('repairs a registration of ours %s instead of creating another', (_name, url, enabled) => {
		const stale = listed('chat:new', url, enabled);
		const steps = plan([stale], ['chat:new'], WANTED);
		expect(steps).toEqual({ adopt: {}, repair: [{ event: 'chat:new', id: stale.id }], create: [], remove: [] });
		expect(isAdoption(steps)).toBe(false);
	});

	it('keeps one registration per event: a second one of ours for the same event is removed', () => {
		const first = listed('chat:new', withSecret(OURS, SECRET));
		const second = listed('chat:new', withSecret(OURS, SECRET));
		expect(plan([first, second], ['chat:new'], WANTED)).toEqual({ adopt: { 'chat:new': first.id }, repair: [], create: [], remove: [second.id] });
	});

	it('counts only webhooks at our URL, whatever secret or trailing slash they carry, as ours', () => {
		const mine = [listed('chat:new', withSecret(OURS, SECRET)), listed('chat:new', `${OURS}/?secret=x`)];
		const others = [...foreign(2), listed('chat:new', 'http://127.0.0.1:5678/webhook/other/webhook?secret=x')];
		expect(ours([...others, ...mine], OURS)).toEqual(mine);
	});
});

describe('registrations made under an earlier public URL (WEBHOOK_URL or a tunnel changed)', () => {
	const moved = (url: string) => url.replace('http://127.0.0.1:5678', 'https://old-tunnel.example');

	it('are ours when they carry our secret at our path, with or without a path prefix', () => {
		const mine = [
			listed('chat:new', moved(withSecret(OURS, SECRET))),
			listed('chat:new', withSecret('https://old.example/n8n/webhook/abc/webhook', SECRET)),
		];
		expect(ours(mine, OURS, SECRET)).toEqual(mine);
	});

	it('are ours with the secret an earlier registration at our current URL carries (static data lost)', () => {
		const here = listed('chat:new', withSecret(OURS, 'kept'));
		const old = listed('message:new', moved(withSecret(OURS, 'kept')));
		expect(ours([old, here], OURS, undefined)).toEqual([old, here]);
	});

	it.each([
		['without our secret (a copy of this workflow in another n8n)', moved(withSecret(OURS, 'their-secret'))],
		['without any secret', moved(OURS)],
		['at the test URL of the same node', withSecret('http://127.0.0.1:5678/webhook-test/abc/webhook', SECRET)],
		['at another node\'s path', withSecret('https://old-tunnel.example/webhook/other/webhook', SECRET)],
		['at a shorter path that ours merely ends with', withSecret('https://old-tunnel.example/webhook', SECRET)],
	])('are never taken for ours %s', (_name, url) => {
		expect(ours([listed('chat:new', url)], OURS, SECRET)).toEqual([]);
	});

	it('are repaired in place (same id, no new webhook) rather than created again, and extra ones removed', () => {
		const old = listed('chat:new', moved(withSecret(OURS, SECRET)));
		const oldTwin = listed('chat:new', moved(withSecret(OURS, SECRET)));
		const steps = plan([old, oldTwin], ['chat:new'], WANTED);
		expect(steps).toEqual({ adopt: {}, repair: [{ event: 'chat:new', id: old.id }], create: [], remove: [oldTwin.id] });
		expect(isAdoption(steps)).toBe(false);
	});

	it('are removed when one at the current URL is already right', () => {
		const current = listed('chat:new', WANTED);
		const old = listed('chat:new', moved(WANTED));
		expect(plan([old, current], ['chat:new'], WANTED)).toEqual({ adopt: { 'chat:new': current.id }, repair: [], create: [], remove: [old.id] });
	});
});

describe('errors of the clean-up', () => {
	const refused = (id: number, status: number) =>
		new TimelinesAiRequestError({ kind: 'rejected', httpStatus: status, message: `TimelinesAI answered HTTP ${status} while deleting webhook ${id}.`, hint: 'Try later.' });

	it('name every failed deletion, how many, and what to do about the webhooks left', () => {
		const error = deletionFailure([refused(1, 500), refused(2, 500), refused(3, 503)], 4);
		expect(error.message).toBe(
			'Could not delete 3 of 4 webhooks of this trigger in TimelinesAI. TimelinesAI answered HTTP 500 while deleting webhook 1. ' +
				'TimelinesAI answered HTTP 500 while deleting webhook 2. TimelinesAI answered HTTP 503 while deleting webhook 3.',
		);
		expect(error.hint).toMatch(/^Try later\. Delete the ones left in TimelinesAI/);
	});

	it('keep the error that stopped a registration first when removing what it created fails too', () => {
		const original = new TimelinesAiRequestError({ kind: 'rejected', httpStatus: 400, message: 'TimelinesAI answered HTTP 400 while registering.', hint: 'Fix it.' });
		const combined = afterRollback(original, deletionFailure([refused(7, 500)], 1));
		expect(combined).toBeInstanceOf(TimelinesAiRequestError);
		expect(combined).toMatchObject({ httpStatus: 400, kind: 'rejected' });
		expect(afterRollback(original, undefined)).toBe(original);
		expect(combined.message).toBe(
			'TimelinesAI answered HTTP 400 while registering. Also, the webhooks created just before could not be removed again: ' +
				'Could not delete 1 of 1 webhooks of this trigger in TimelinesAI. TimelinesAI answered HTTP 500 while deleting webhook 7.',
		);
	});
});

describe('errors when (de)activating, whose message is all n8n shows', () => {
	const failure = (kind: 'rejected' | 'unreachable', httpStatus?: number) =>
		new TimelinesAiRequestError({ kind, httpStatus, message: 'TimelinesAI failed.', hint: 'Check the credential.' });

	it.each([
		['TimelinesAI cannot be reached', failure('unreachable')],
		['the token is refused (401)', failure('rejected', 401)],
		['the token may not do it (403)', failure('rejected', 403)],
		['the API address is wrong (404)', failure('rejected', 404)],
	])('say what to check in the credential when %s', (_name, error) => {
		expect(withFixInMessage(error)).toMatchObject({ message: 'TimelinesAI failed. Check the credential.', httpStatus: error.httpStatus });
	});

	it('stay as they are otherwise (the webhook limit already names its fix)', () => {
		const error = failure('rejected', 400);
		expect(withFixInMessage(error)).toBe(error);
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
		const steps = plan([], ['message:received:new', 'message:sent:new'], WANTED);
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
		const steps = plan([adopted, repaired, dropped], ['message:received:new', 'message:sent:new', 'message:new'], WANTED);
		expect(steps.create).toEqual(['message:new']);
		// 7 foreign and our 3: removing one and creating one leaves 10; with 8 foreign it would be 11.
		expect(() => assertWithinLimit(10, steps)).not.toThrow();
		expect(() => assertWithinLimit(11, steps)).toThrow("10 already exist, and this trigger needs 1 more (Any Message)");
	});

	it('fits a trigger that only reuses its own registrations in a full workspace', () => {
		const mine = [listed('message:received:new', withSecret(OURS, SECRET)), listed('message:sent:new', withSecret(OURS, SECRET))];
		expect(() => assertWithinLimit(10, plan(mine, ['message:sent:new', 'message:received:new'], WANTED))).not.toThrow();
	});
});
