import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

import { stopN8nBackgroundTimers } from '../../harness/n8n-services';
import { loadPackage } from '../../harness/package-loader';
import { useSendEnvironment } from './setup';

const env = useSendEnvironment();
// CredentialTestContext starts n8n's SSH-tunnel cleanup timer, as every execution context does.
afterAll(stopN8nBackgroundTimers);

/** Calls the test the way n8n's CredentialsTester does: the node's `methods.credentialTest[testedBy]` on a CredentialTestContext. */
async function testCredential(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const nodeType = (await loadPackage()).nodeType('timelinesAiSend');
	const testedBy = nodeType.description.credentials?.find((credential) => credential.name === 'timelinesAiApi')?.testedBy;
	expect(typeof testedBy).toBe('string');
	const test = nodeType.methods?.credentialTest?.[testedBy as string];
	if (!test) throw new Error('The Send node has no credential test');
	return await test.call(new CredentialTestContext(), { id: 'credential-id', name: 'TimelinesAI', type: 'timelinesAiApi', data });
}

describe('credential test: proves the URL and the token are live without sending or spending', () => {
	let creditsBefore: unknown;
	beforeEach(async () => {
		creditsBefore = (await env.control.state()).credits;
	});
	afterEach(async () => {
		const state = await env.control.state();
		expect(state.messages).toEqual([]);
		expect(state.credits).toEqual(creditsBefore);
	});

	it('says both parts work when they do', async () => {
		expect(await testCredential(env.credentials({ defaultSenderPhone: '+1 510 556 6777' }))).toEqual({
			status: 'OK',
			message: 'Connection successful: the Inbound Webhook URL is live and the API token works (2 WhatsApp accounts connected).',
		});
		// The probe reached the live URL and was refused for validation, as intended.
		const { attempts } = await env.control.inboundLog();
		expect(attempts.map((attempt) => attempt.status)).toEqual([400]);
	});

	it('names the inbound URL when it was switched off or regenerated', async () => {
		const credentials = env.credentials();
		await env.control.regenerateInboundUrl();
		expect(await testCredential(credentials)).toEqual({
			status: 'Error',
			message:
				'Inbound Webhook URL: TimelinesAI does not know it (HTTP 404); it was regenerated or switched off. Copy the current URL from Integrations → Webhooks → Inbound and make sure "Webhook enabled" is on.',
		});
	});

	it('names the API token when TimelinesAI refuses it', async () => {
		expect(await testCredential(env.credentials({ apiToken: 'expired-token-0123456789' }))).toEqual({
			status: 'Error',
			message: 'API Token: TimelinesAI refused it (HTTP 401); create a new token under Integrations → Public API.',
		});
	});

	it('names the API base URL when it is not the API', async () => {
		expect(await testCredential(env.credentials({ apiBaseUrl: `${env.sandbox.baseUrl}/not-the-api` }))).toEqual({
			status: 'Error',
			message:
				'API Base URL: it did not answer like the TimelinesAI API (HTTP 404); leave it at https://app.timelines.ai/integrations/api unless you use a sandbox.',
		});
	});

	it('names the default sender when it is not a connected account', async () => {
		expect(await testCredential(env.credentials({ defaultSenderPhone: '+12025550199' }))).toEqual({
			status: 'Error',
			message:
				'Default Sender WhatsApp Phone: +12025550199 is not a WhatsApp account connected to this workspace (connected: +15105566777, +14155550123).',
		});
	});

	it('names every broken part at once, and never shows a secret', async () => {
		const result = await testCredential(env.credentials({ secretInboundUrl: 'http://127.0.0.1:9/integrations/webhook/0123456789abcdef', apiToken: 'bad-token-0123456789' }));
		expect(result).toEqual({
			status: 'Error',
			message:
				'Inbound Webhook URL: could not connect: the server refused the connection. Check the address. API Token: TimelinesAI refused it (HTTP 401); create a new token under Integrations → Public API.',
		});
	});

	it('accepts a credential with only a token, saying what the missing URL is needed for', async () => {
		expect(await testCredential(env.credentials({ secretInboundUrl: '' }))).toEqual({
			status: 'OK',
			message:
				'Connection successful: the API token works (2 WhatsApp accounts connected). Not filled in: the Inbound Webhook URL, which the TimelinesAI Send node needs.',
		});
	});

	it('refuses an empty credential', async () => {
		expect(await testCredential({ secretInboundUrl: '', apiToken: '' })).toEqual({
			status: 'Error',
			message: 'Fill in the Inbound Webhook URL (to send) and/or the API Token (for files and the trigger).',
		});
	});
});
