import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { timelinesAiCredentialData } from '../tools/n8n/credential';
import { CREDENTIAL_TYPE, launchN8nWithPackage, NODE_TYPES, type N8nWithPackage } from '../tools/n8n/instance';
import { ensureN8nRuntime, findN8nRelease } from '../tools/n8n/runtime';
import { type RunningSandbox, SandboxControl, startSandbox } from '../sandbox';
import { waitForExecution } from './support/executions';
import { triggerWorkflow } from './support/workflows';

/**
 * What `npm start` meets on every start: an active trigger the user built, n8n restarted, and TimelinesAI (the
 * sandbox) started afresh without its webhooks. n8n 2.41.1 does not ask webhook triggers to check their
 * registrations on start-up (it takes those it made before as still there), so the trigger shows active and never
 * fires; re-activating every workflow with a TimelinesAI Trigger, as npm start does, brings it back.
 * Its own n8n (a user folder kept across the restart) and sandboxes on a fixed port and token seed, as npm start has.
 */

const TOKEN_SEED = 4242;
const RAVI_CHAT = 20451188;
const release = findN8nRelease('2.41');

let userFolder: string;
let n8n: N8nWithPackage | undefined;
let sandbox: RunningSandbox | undefined;

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
	if (userFolder) rmSync(userFolder, { recursive: true, force: true });
});

async function launch(port?: number, apiKey?: string): Promise<N8nWithPackage> {
	return await launchN8nWithPackage({ userFolder, port, apiKey, runtime: await ensureN8nRuntime(release), readyTimeoutMs: 5 * 60_000 });
}

it('after a restart against a TimelinesAI without its webhooks, re-activating brings the user\'s trigger back', async () => {
	userFolder = mkdtempSync(path.join(tmpdir(), 'timelinesai-e2e-restart-'));
	sandbox = await startSandbox({ tokenSeed: TOKEN_SEED, gapMs: 5 });
	const sandboxPort = Number(new URL(sandbox.baseUrl).port);
	n8n = await launch();
	const credential = await n8n.client.createCredential('TimelinesAI sandbox', CREDENTIAL_TYPE, timelinesAiCredentialData(sandbox));
	const built = await n8n.client.createWorkflow(triggerWorkflow('built by the user', credential, { setup: 'automatic', events: ['message:received:new'] }));
	await n8n.client.activateWorkflow(built.id);
	expect((await new SandboxControl(sandbox.controlUrl).state()).webhooks).toHaveLength(1);

	const { port, apiKey } = { port: n8n.n8n.port, apiKey: n8n.apiKey };
	await n8n.stop();
	await sandbox.close();
	sandbox = await startSandbox({ port: sandboxPort, tokenSeed: TOKEN_SEED, gapMs: 5 });
	const control = new SandboxControl(sandbox.controlUrl);
	n8n = await launch(port, apiKey);

	// n8n's own start-up: the workflow is still active, but nothing was registered again.
	expect((await n8n.client.listWorkflows()).find((workflow) => workflow.id === built.id)).toMatchObject({ active: true });
	expect((await control.state()).webhooks).toEqual([]);

	const { reactivated, failed } = await n8n.client.reactivateWorkflowsWith(NODE_TYPES.trigger);
	expect(failed).toEqual([]);
	expect(reactivated.map((workflow) => workflow.id)).toEqual([built.id]);
	expect((await control.state()).webhooks).toEqual([expect.objectContaining({ event_type: 'message:received:new', enabled: true })]);
	await control.simulateIncoming({ chatId: RAVI_CHAT, text: 'After the restart' });
	await waitForExecution(n8n.client, built.id, 'TimelinesAI Trigger', 'the text "After the restart"', (items) =>
		items.some((item) => item.text === 'After the restart'),
	);
}, 600_000);
