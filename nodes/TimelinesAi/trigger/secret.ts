import { randomBytes } from 'crypto';
import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

/**
 * The URL secret, in both setups. TimelinesAI neither signs deliveries nor sends custom headers, so the URL a
 * delivery comes to carries a secret as a query parameter: chosen by the user in manual setup (the URL Secret field,
 * pasted into TimelinesAI with the URL), made by the node in automatic setup (kept in static data, registered with
 * the URL). Deliveries without it are refused.
 */

export const SECRET_PARAMETER = 'secret';

export function newSecret(): string {
	return randomBytes(24).toString('base64url');
}

export function withSecret(webhookUrl: string, secret: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(SECRET_PARAMETER, secret);
	return url.toString();
}

export function secretOf(url: string): string | null {
	try {
		return new URL(url).searchParams.get(SECRET_PARAMETER);
	} catch {
		return null;
	}
}

/** What the trigger keeps in the workflow's static data: the secret its registered URLs carry. */
export interface RegistrationState {
	secret?: string;
}

/** Where automatic setup keeps its secret. */
export function knownSecretState(staticData: IDataObject): RegistrationState {
	return staticData as RegistrationState;
}

/** Writes only a change: n8n saves the workflow's static data whenever it was written to. */
export function rememberSecret(state: RegistrationState, secret: string): void {
	if (state.secret !== secret) state.secret = secret;
}

// Manual setup: the URL Secret field

export const MANUAL_SECRET_PARAMETER = 'manualSecret';
const MANUAL_SECRET_LABEL = 'URL Secret';

/**
 * Characters that survive being pasted into a URL unchanged. Others break it: `#` cuts the URL, `&` starts another
 * parameter, `+` and spaces turn into each other, so every delivery would be refused and TimelinesAI would switch
 * the integration off after 10 refusals.
 */
const URL_SAFE_SECRET = /^[A-Za-z0-9._~-]+$/;
const MIN_SECRET_LENGTH = 16;

/** What is wrong with a manual setup's URL Secret, in words for the person who typed it; undefined when nothing is. */
export function manualSecretProblem(secret: string): string | undefined {
	if (secret === '') return `"${MANUAL_SECRET_LABEL}" is empty, so anyone who finds the URL could start this workflow.`;
	if (!URL_SAFE_SECRET.test(secret)) {
		return `"${MANUAL_SECRET_LABEL}" may only contain letters, digits and - _ . ~ (a #, &, + or space breaks the URL, and TimelinesAI would switch the integration off).`;
	}
	if (secret.length < MIN_SECRET_LENGTH) return `"${MANUAL_SECRET_LABEL}" is too short to be hard to guess: use at least ${MIN_SECRET_LENGTH} characters.`;
	return undefined;
}

/**
 * Whether a manual setup's endpoint is ready (it registers nothing, so it is, once its URL Secret is usable).
 * Otherwise activating (or listening for a test event) fails. A generated default is impossible (n8n's parameter
 * defaults are the same for every node) and a secret invented out of sight would leave the user nothing to paste,
 * so the error offers a fresh one and says exactly where it goes.
 */
export function manualSetupReady(ctx: IHookFunctions): true {
	const problem = manualSecretProblem(ctx.getNodeParameter(MANUAL_SECRET_PARAMETER, '') as string);
	if (problem === undefined) return true;
	const secret = newSecret();
	// The message (which n8n shows on activation, and logs) says what to do; the made-up secret stays in the
	// description, so no secret the user may adopt ends up in a log.
	const fix = `Fill in "${MANUAL_SECRET_LABEL}" with at least ${MIN_SECRET_LENGTH} letters or digits, and add ?${SECRET_PARAMETER}=<the same text> to the URL in TimelinesAI → Integrations → Webhooks → Outbound.`;
	throw new NodeOperationError(ctx.getNode(), `${problem} ${fix}`, {
		description: `Paste this freshly made secret into "${MANUAL_SECRET_LABEL}": ${secret} — then, in TimelinesAI → Integrations → Webhooks → Outbound, set the URL to the Production URL followed by ?${SECRET_PARAMETER}=${secret} and activate the workflow again.`,
	});
}
