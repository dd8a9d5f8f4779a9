import type { INodeParameters } from 'n8n-workflow';

import type { WebhookEventType } from '../../../nodes/TimelinesAi/protocol';
import { newSecret, withSecret } from '../../../nodes/TimelinesAi/trigger/secret';
import { TRIGGER_NODE_NAME, TriggerWorkflow } from '../../harness/webhook-workflow';
import { WebhookServer } from '../../harness/webhook-server';
import { SandboxControl, startSandbox, WorkspaceWebhooks, type RunningSandbox } from '../../sandbox';

type TriggerOptions = { webhookId?: string; typeVersion?: number };

/** A running sandbox and a loopback n8n webhook endpoint, shared by one test file. */
export interface TriggerEnvironment {
	sandbox: RunningSandbox;
	control: SandboxControl;
	server: WebhookServer;
	/** A trigger workflow with the sandbox credential, served by `server`. */
	trigger(parameters: INodeParameters, options?: TriggerOptions): Promise<TriggerWorkflow>;
	/**
	 * An automatic-setup trigger as activation leaves it (tested in real n8n by test/e2e/trigger-registration.test.ts):
	 * one webhook per chosen event in the sandbox at its production URL with a secret, the secret in its static data.
	 */
	registeredTrigger(parameters: INodeParameters, options?: TriggerOptions): Promise<TriggerWorkflow>;
	/** Waits until the sandbox delivered everything and every run it started finished. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

export async function startEnvironment(): Promise<TriggerEnvironment> {
	const sandbox = await startSandbox({ gapMs: 2, seed: 7 });
	const control = new SandboxControl(sandbox.controlUrl);
	const server = await WebhookServer.start();
	const webhooks = new WorkspaceWebhooks(sandbox);
	const serveTrigger = async (parameters: INodeParameters, options: TriggerOptions, secret?: string) => {
		const trigger = await TriggerWorkflow.create({
			...options,
			parameters,
			webhookBaseUrl: server.baseUrl,
			credentials: {
				timelinesAiApi: { apiToken: sandbox.apiToken, apiBaseUrl: sandbox.apiBaseUrl, secretInboundUrl: sandbox.inboundUrl },
			},
			staticData: secret === undefined ? undefined : { [`node:${TRIGGER_NODE_NAME}`]: { secret } },
		});
		server.serve(trigger);
		return trigger;
	};
	return {
		sandbox,
		control,
		server,
		async trigger(parameters, options = {}) {
			return await serveTrigger(parameters, options);
		},
		async registeredTrigger(parameters, options = {}) {
			const secret = newSecret();
			const trigger = await serveTrigger(parameters, options, secret);
			for (const event of parameters.events as WebhookEventType[]) await webhooks.create(event, withSecret(trigger.url(false), secret));
			return trigger;
		},
		async idle() {
			await control.waitForIdle();
			await server.settled();
		},
		async close() {
			await server.close();
			await sandbox.close();
		},
	};
}

/**
 * The environment of one test file: started once, closed at the end; before each test the sandbox is
 * reset and the requests recorded so far are forgotten.
 */
export function useTriggerEnvironment(): TriggerEnvironment {
	const env = {} as TriggerEnvironment;
	beforeAll(async () => {
		Object.assign(env, await startEnvironment());
	});
	afterAll(async () => await env.close());
	beforeEach(async () => {
		await env.control.reset();
		env.server.clear();
	});
	return env;
}
