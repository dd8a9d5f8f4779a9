import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { toNodeError } from '../shared/errors';
import { secretsOf } from '../shared/redact';
import { CREDENTIAL_TYPE } from '../shared/transport';
import { chosenEvents, setupOf } from './config';
import { registrationExists, register, unregister, type RegistrationTarget } from './registration';
import { endpointOf } from './secret';

/** The URL n8n gives this node now: the test URL while listening for a test event, else the production URL. */
function target(this: IHookFunctions): RegistrationTarget {
	const webhookUrl = this.getNodeWebhookUrl('default');
	const endpoint = webhookUrl === undefined ? null : endpointOf(webhookUrl);
	if (webhookUrl === undefined || endpoint === null) {
		throw new NodeOperationError(this.getNode(), 'n8n did not give this node a webhook URL to register');
	}
	const events = chosenEvents.call(this);
	if (events.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one event under "Events"', {
			description: 'Each chosen event is registered as one webhook in TimelinesAI.',
		});
	}
	return { webhookUrl, endpoint, events };
}

/** Runs one lifecycle step; its errors reach the user as n8n errors without any secret in them. */
async function step<T>(context: IHookFunctions, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		throw toNodeError(context.getNode(), error, secretsOf(credentials));
	}
}

/** Manual setup registers nothing: TimelinesAI's Outbound integration is configured in its UI. */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (setupOf.call(this) === 'manual') return true;
	const where = target.call(this);
	return await step(this, async () => await registrationExists.call(this, where));
}

export async function create(this: IHookFunctions): Promise<boolean> {
	if (setupOf.call(this) === 'manual') return true;
	const where = target.call(this);
	await step(this, async () => await register.call(this, where));
	return true;
}

/**
 * n8n deactivates the published version of a workflow, so after a switch to manual setup this still
 * runs with the automatic setup that registered the webhooks.
 */
export async function remove(this: IHookFunctions): Promise<boolean> {
	if (setupOf.call(this) === 'manual') return true;
	const webhookUrl = this.getNodeWebhookUrl('default');
	const endpoint = webhookUrl === undefined ? null : endpointOf(webhookUrl);
	if (endpoint !== null) await step(this, async () => await unregister.call(this, { endpoint }));
	return true;
}
