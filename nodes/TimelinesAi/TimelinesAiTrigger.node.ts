import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_NAME, testTimelinesAiCredential } from './shared/credential-test';
import { redactString } from './shared/http';
import { setupOf, triggerProperties } from './trigger/fields';
import { register, registrationExists, unregister } from './trigger/registration';
import { manualSetupReady } from './trigger/secret';
import { failedDelivery, receiveDelivery, respond } from './trigger/webhook';

export class TimelinesAiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TimelinesAI Trigger',
		name: 'timelinesAiTrigger',
		icon: { light: 'file:timelinesai.svg', dark: 'file:timelinesai.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["setup"] === "manual" ? "Outbound integration" : "Automatic webhooks"}}',
		description: 'Starts the workflow when a WhatsApp message is received or sent in TimelinesAI',
		// Exact, unlike the codex link, to which n8n appends a query that would break the anchor.
		documentationUrl: 'https://github.com/n8n-nodes-timelinesai/n8n-nodes-timelinesai#timelinesai-trigger',
		defaults: { name: 'TimelinesAI Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'timelinesAiApi',
				required: true,
				testedBy: 'timelinesAiApiTest',
				displayOptions: { show: { setup: ['automatic'] } },
			},
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { [CREDENTIAL_TEST_NAME]: testTimelinesAiCredential },
	};

	// Manual setup registers nothing: the Outbound integration is set up in TimelinesAI's own UI.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (setupOf(this) === 'manual') return manualSetupReady(this);
				return await registrationExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (setupOf(this) === 'manual') return true;
				await register(this);
				return true;
			},
			// n8n deactivates the published version, so after a switch to manual setup this still sees the
			// automatic setup that registered the webhooks.
			async delete(this: IHookFunctions): Promise<boolean> {
				if (setupOf(this) === 'manual') return true;
				await unregister(this);
				return true;
			},
		},
	};

	// Never lets an error become a 5xx: TimelinesAI switches off receivers after 10 non-200 answers in a row.
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		try {
			return await receiveDelivery(this);
		} catch (error) {
			// Redacted: a message may quote a URL with the trigger's `?secret=`.
			this.logger.error(redactString(`TimelinesAI Trigger could not process a delivery: ${(error as Error).message}`, {}));
			try {
				return failedDelivery(this, error as Error);
			} catch {
				respond(this, 200, { status: 'ok', items: 0, note: 'accepted, but it could not be processed' });
				return { noWebhookResponse: true };
			}
		}
	}
}
