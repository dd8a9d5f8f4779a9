import { manualSecretProblem } from '../../../nodes/TimelinesAi/trigger/secret';
import { newSecret, withSecret } from '../../../nodes/TimelinesAi/trigger/secret';

describe('the URL Secret of a manual setup', () => {
	it('is required', () => {
		expect(manualSecretProblem('')).toMatch(/^"URL Secret" is empty/);
	});

	it.each(['my secret 2026 long', 'secret#fragment-2026', 'a&b=c-long-enough', 'plus+plus+plus+plus', 'ümlaut-secret-2026'])(
		'refuses %j, whose characters break the pasted URL',
		(secret) => {
			expect(manualSecretProblem(secret)).toMatch(/^"URL Secret" may only contain letters, digits and - _ \. ~/);
		},
	);

	it('refuses one too short to be hard to guess', () => {
		expect(manualSecretProblem('abc')).toMatch(/at least 16 characters/);
	});

	it('accepts the secrets the node makes, and they survive being put into a URL unchanged', () => {
		for (let attempt = 0; attempt < 50; attempt++) {
			const secret = newSecret();
			expect(manualSecretProblem(secret)).toBeUndefined();
			expect(new URL(withSecret('https://n8n.example.com/webhook/abc/webhook', secret)).searchParams.get('secret')).toBe(secret);
			expect(withSecret('https://n8n.example.com/webhook/abc/webhook', secret)).toContain(`secret=${secret}`);
		}
	});
});
