import { endpointOf, newSecret, secretMatches, secretOf, withSecret } from '../../../nodes/TimelinesAi/trigger/registration';

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
