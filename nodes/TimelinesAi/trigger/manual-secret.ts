import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { newSecret, SECRET_PARAMETER } from './registration';

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
export function manualSetupReady(this: IHookFunctions): true {
	const problem = manualSecretProblem(this.getNodeParameter(MANUAL_SECRET_PARAMETER, '') as string);
	if (problem === undefined) return true;
	const secret = newSecret();
	// The message (which n8n shows on activation, and logs) says what to do; the made-up secret stays in the
	// description, so no secret the user may adopt ends up in a log.
	const fix = `Fill in "${MANUAL_SECRET_LABEL}" with at least ${MIN_SECRET_LENGTH} letters or digits, and add ?${SECRET_PARAMETER}=<the same text> to the URL in TimelinesAI → Integrations → Webhooks → Outbound.`;
	throw new NodeOperationError(this.getNode(), `${problem} ${fix}`, {
		description: `Paste this freshly made secret into "${MANUAL_SECRET_LABEL}": ${secret} — then, in TimelinesAI → Integrations → Webhooks → Outbound, set the URL to the Production URL followed by ?${SECRET_PARAMETER}=${secret} and activate the workflow again.`,
	});
}
