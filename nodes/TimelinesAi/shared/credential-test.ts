import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { apiOkSchema, whatsappAccountsDataSchema } from '../protocol';
import { CREDENTIAL_LABEL } from './display-names';
import { credentialTestRequest, isSuccess, normaliseCredentials, redactString, secretsOf, webUrl, type TimelinesAiCredentials } from './http';

/**
 * The name every TimelinesAI node gives this test: `credentials: [{ name: 'timelinesAiApi', required: true,
 * testedBy: 'timelinesAiApiTest' }]` (literals, so n8n's lint sees it) and
 * `methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: testTimelinesAiCredential } }`.
 */
export const CREDENTIAL_TEST_NAME = 'timelinesAiApiTest';

/** One part's verdict: `ok` parts add to the success message, the others say what is wrong. */
interface Verdict {
	ok: boolean;
	message: string;
}

/**
 * The inbound URL is tested with a request TimelinesAI must refuse (no recipient, no text):
 * a live URL answers with a validation error, a dead one with 404. Nothing is sent, no credit spent.
 */
async function testInboundUrl(context: ICredentialTestFunctions, inboundUrl: string): Promise<Verdict> {
	const field = CREDENTIAL_LABEL.inboundUrl;
	if (!webUrl(inboundUrl)) {
		return { ok: false, message: `${field}: this is not a web address; copy the whole URL from TimelinesAI → Integrations → Webhooks → Inbound.` };
	}
	const answer = await credentialTestRequest(context, { method: 'POST', uri: inboundUrl, body: { action: 'send', text: '' } });
	const status = answer.statusCode;
	if (status === undefined) {
		return { ok: false, message: `${field}: could not connect: ${answer.failure}. Check the address.` };
	}
	if (status === 404 || status === 401 || status === 403) {
		return {
			ok: false,
			message: `${field}: TimelinesAI does not know it (HTTP ${status}); it was regenerated or switched off. Copy the current URL from Integrations → Webhooks → Inbound and make sure "Webhook enabled" is on.`,
		};
	}
	if (status >= 500) {
		return { ok: false, message: `${field}: TimelinesAI had a problem (HTTP ${status}); try again in a few minutes.` };
	}
	return { ok: true, message: `the ${CREDENTIAL_LABEL.inboundUrl} is live` };
}

async function senderVerdict(defaultSenderPhone: string, accountPhones: string[]): Promise<Verdict | undefined> {
	if (!defaultSenderPhone) return undefined;
	// Loaded on demand: the Trigger shares this test but has no other use for libphonenumber.
	const { toE164 } = await import('./phone');
	const sender = toE164(defaultSenderPhone);
	if (!sender.ok) return { ok: false, message: `${CREDENTIAL_LABEL.defaultSender}: ${sender.problem}` };
	if (accountPhones.length > 0 && !accountPhones.includes(sender.e164)) {
		return {
			ok: false,
			message: `${CREDENTIAL_LABEL.defaultSender}: ${sender.e164} is not a WhatsApp account connected to this workspace (connected: ${accountPhones.join(', ')}).`,
		};
	}
	return undefined;
}

/** The token is tested by listing WhatsApp accounts: a read-only call. */
async function testApiToken(context: ICredentialTestFunctions, credentials: TimelinesAiCredentials): Promise<Verdict[]> {
	const field = CREDENTIAL_LABEL.apiToken;
	const answer = await credentialTestRequest(context, {
		method: 'GET',
		uri: `${credentials.apiBaseUrl}/whatsapp_accounts`,
		headers: { Authorization: `Bearer ${credentials.apiToken}` },
	});
	const status = answer.statusCode;
	if (status === undefined) {
		return [{ ok: false, message: `${CREDENTIAL_LABEL.apiBaseUrl}: could not connect: ${answer.failure}. Check the address.` }];
	}
	if (status === 401 || status === 403) {
		return [{ ok: false, message: `${field}: TimelinesAI refused it (HTTP ${status}); create a new token under Integrations → Public API.` }];
	}
	const accounts = apiOkSchema(whatsappAccountsDataSchema).safeParse(answer.body);
	if (!isSuccess(status) || !accounts.success) {
		return [
			{
				ok: false,
				message: `${CREDENTIAL_LABEL.apiBaseUrl}: it did not answer like the TimelinesAI API (HTTP ${status}); leave it at https://app.timelines.ai/integrations/api unless you use a sandbox.`,
			},
		];
	}
	const phones = accounts.data.data.whatsapp_accounts.map((account) => account.phone);
	const sender = await senderVerdict(credentials.defaultSenderPhone, phones);
	const connected = `${phones.length} WhatsApp account${phones.length === 1 ? '' : 's'} connected`;
	const tokenVerdict = { ok: true, message: `the API token works (${connected})` };
	return sender ? [tokenVerdict, sender] : [tokenVerdict];
}

/**
 * `methods.credentialTest` of the three TimelinesAI nodes: proves the inbound URL and the API token
 * are live without sending a message or spending a credit, and says which part is wrong.
 */
export async function testTimelinesAiCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = normaliseCredentials(credential.data ?? {});
	if (!credentials.inboundUrl && !credentials.apiToken) {
		return { status: 'Error', message: `Fill in the ${CREDENTIAL_LABEL.inboundUrl} (to send) and/or the ${CREDENTIAL_LABEL.apiToken} (for files and the trigger).` };
	}
	const verdicts: Verdict[] = [];
	if (credentials.inboundUrl) verdicts.push(await testInboundUrl(this, credentials.inboundUrl));
	if (credentials.apiToken) verdicts.push(...(await testApiToken(this, credentials)));
	const problems = verdicts.filter((verdict) => !verdict.ok).map((verdict) => verdict.message);
	const clean = (text: string) => redactString(text, secretsOf(credentials));
	if (problems.length > 0) return { status: 'Error', message: clean(problems.join(' ')) };
	const successes = verdicts.map((verdict) => verdict.message).join(' and ');
	const gaps = [
		credentials.inboundUrl ? '' : `the ${CREDENTIAL_LABEL.inboundUrl}, which the TimelinesAI Send node needs`,
		credentials.apiToken ? '' : `the ${CREDENTIAL_LABEL.apiToken}, which binary files and the TimelinesAI Trigger need`,
	].filter(Boolean);
	const note = gaps.length > 0 ? ` Not filled in: ${gaps.join('; ')}.` : '';
	return { status: 'OK', message: clean(`Connection successful: ${successes}.${note}`) };
}
