import type { INodeParameters } from 'n8n-workflow';

import { TriggerWorkflow } from '../../harness/webhook-workflow';
import { WebhookServer } from '../../harness/webhook-server';
import { SandboxControl, startSandbox, type RunningSandbox } from '../../sandbox';

/** A running sandbox and a loopback n8n webhook endpoint, shared by one test file. */
export interface TriggerEnvironment {
	sandbox: RunningSandbox;
	control: SandboxControl;
	server: WebhookServer;
	/** A trigger workflow with the sandbox credential, served by `server`. */
	trigger(parameters: INodeParameters, options?: { webhookId?: string; typeVersion?: number }): Promise<TriggerWorkflow>;
	/** Waits until the sandbox delivered everything and every run it started finished. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

export async function startEnvironment(): Promise<TriggerEnvironment> {
	const sandbox = await startSandbox({ gapMs: 2, seed: 7 });
	const control = new SandboxControl(sandbox.controlUrl);
	const server = await WebhookServer.start();
	return {
		sandbox,
		control,
		server,
		async trigger(parameters, options = {}) {
			const trigger = await TriggerWorkflow.create({
				...options,
				parameters,
				webhookBaseUrl: server.baseUrl,
				credentials: {
					timelinesAiApi: { apiToken: sandbox.apiToken, apiBaseUrl: sandbox.apiBaseUrl, inboundUrl: sandbox.inboundUrl },
				},
			});
			server.serve(trigger);
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
