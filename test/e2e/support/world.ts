import { CREDENTIAL_TYPE } from '../../tools/n8n/instance';
import { timelinesAiCredentialData } from '../../tools/n8n/credential';
import type { N8nClient, Workflow, WorkflowDefinition } from '../../tools/n8n/rest-client';
import { type RunningSandbox, SandboxControl, startSandbox } from '../../sandbox';
import { connectSharedN8n } from './shared-n8n';

/**
 * What one e2e test file works with: the shared n8n, a sandbox of its own (fast pacing) and a credential in n8n
 * pointing at that sandbox. Workflows made through `createWorkflow` are deactivated again by `close()`.
 */
export interface E2eWorld {
	client: N8nClient;
	sandbox: RunningSandbox;
	control: SandboxControl;
	credential: { id: string; name: string };
	createWorkflow(definition: WorkflowDefinition, options?: { activate?: boolean }): Promise<Workflow>;
	close(): Promise<void>;
}

export async function startE2eWorld(name: string): Promise<E2eWorld> {
	const { client } = connectSharedN8n();
	const sandbox = await startSandbox({ gapMs: 5 });
	const control = new SandboxControl(sandbox.controlUrl);
	const credential = await client.createCredential(`TimelinesAI sandbox (${name})`, CREDENTIAL_TYPE, timelinesAiCredentialData(sandbox));
	const active: string[] = [];

	return {
		client,
		sandbox,
		control,
		credential,
		async createWorkflow(definition, options = {}) {
			const workflow = await client.createWorkflow(definition);
			if (options.activate ?? true) {
				await client.activateWorkflow(workflow.id);
				active.push(workflow.id);
			}
			return workflow;
		},
		async close() {
			for (const id of active) await client.deactivateWorkflow(id).catch(() => undefined);
			await sandbox.close();
		},
	};
}
