import {
	REDACTED_INBOUND_URL,
	REDACTED_TOKEN,
	redact,
	redactString,
	secretsOf,
} from '../../../nodes/TimelinesAi/shared/http';

const secrets = {
	inboundUrl: 'https://app.timelines.ai/integrations/inbound/4f0c2a9e-77b1-4c1e-9d0e-1a2b3c4d5e6f/',
	apiToken: 'tok_abcdef123456',
};

describe('redact', () => {
	it('replaces the whole inbound URL, with or without its trailing slash', () => {
		expect(redactString(`posting to ${secrets.inboundUrl} failed`, secrets)).toBe(
			`posting to ${REDACTED_INBOUND_URL} failed`,
		);
		expect(redactString(secrets.inboundUrl.replace(/\/$/, ''), secrets)).toBe(REDACTED_INBOUND_URL);
	});

	it("replaces the inbound URL's token on its own, and URL-encoded secrets", () => {
		expect(redactString('id 4f0c2a9e-77b1-4c1e-9d0e-1a2b3c4d5e6f', secrets)).toBe(`id ${REDACTED_TOKEN}`);
		const encoded = encodeURIComponent(secrets.inboundUrl);
		expect(redactString(`u=${encoded}`, secrets)).toBe(`u=${REDACTED_INBOUND_URL}`);
	});

	it('keeps ordinary path words of the inbound URL', () => {
		expect(redactString('integrations inbound', secrets)).toBe('integrations inbound');
	});

	it('replaces the API token inside nested objects, arrays and keys', () => {
		const value = { a: [`Bearer ${secrets.apiToken}`], [secrets.apiToken]: { n: 1, ok: true, none: null } };
		expect(redact(value, secrets)).toEqual({
			a: [`Bearer ${REDACTED_TOKEN}`],
			[REDACTED_TOKEN]: { n: 1, ok: true, none: null },
		});
	});

	it("replaces the value of a trigger URL's secret parameter, plain or URL-encoded", () => {
		const registered = 'http://127.0.0.1:5678/webhook/abc/webhook?secret=k_1-xYz9&x=1';
		expect(redactString(`url ${registered} is not allowed`, secrets)).toBe(
			`url http://127.0.0.1:5678/webhook/abc/webhook?secret=${REDACTED_TOKEN}&x=1 is not allowed`,
		);
		expect(redactString(`"${encodeURIComponent('https://n8n.example/webhook/a?secret=s3cret')}"`, secrets)).toBe(
			`"https%3A%2F%2Fn8n.example%2Fwebhook%2Fa%3Fsecret%3D${REDACTED_TOKEN}"`,
		);
		expect(redactString('no secret here, secret=plain words', secrets)).toBe('no secret here, secret=plain words');
	});

	it('takes the secrets from decrypted credential data and ignores missing ones', () => {
		expect(secretsOf({ inboundUrl: 'x', apiToken: 7 })).toEqual({ inboundUrl: 'x', apiToken: undefined });
		expect(redactString('nothing to hide', secretsOf({}))).toBe('nothing to hide');
	});
});
