import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { type RunningSandbox, SandboxControl, startSandbox } from '../sandbox';
import { DEMO_WORKFLOWS, type DemoName, loadDemoWorkflow, SEND_FORM_PATH, triggerUrl } from './demo-workflows';
import { timelinesAiCredentialData } from './n8n/credential';
import { REPO_ROOT } from './n8n/install-package';
import { CREDENTIAL_TYPE } from './n8n/instance';
import { formatDuration, progress } from './n8n/log';
import { type QueueTopology, startQueueTopology } from './n8n/queue/topology';
import { LAZY_ISOLATES_ENV } from './n8n/process';
import { runCommand } from './n8n/run-command';
import { ensureN8nRuntime, findN8nRelease } from './n8n/runtime';

/**
 * `npm run start:queue [-- --port N] [-- --n8n 1.123]`: this package in n8n's queue mode on loopback (PostgreSQL,
 * Redis, a main, 2 webhook processes, 1 worker, one balancer URL) with the sandbox and the demo workflows. Everything
 * is fresh at each start (a folder in /tmp, deleted on Ctrl-C / SIGTERM).
 */

const DEFAULT_PORT = 5680;
/** Not npm start's 5690: both may run at once. */
const SANDBOX_PORT = 5691;
const DEMO_SENDER_PHONE = '+15105566777';

function option(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

function portOption(): number {
	const port = Number(option('--port') ?? DEFAULT_PORT);
	if (!Number.isInteger(port) || port <= 0) throw new Error('--port needs a port number, e.g. --port 5688');
	return port;
}

/** Imports and activates the demos; the crm-note trigger gets the sandbox's Outbound integration (hourly bundles). */
async function setUpDemos(queue: QueueTopology, sandbox: RunningSandbox): Promise<void> {
	const { client } = queue.main;
	const credential = await client.createCredential('TimelinesAI sandbox', CREDENTIAL_TYPE, timelinesAiCredentialData(sandbox, DEMO_SENDER_PHONE));
	for (const name of Object.keys(DEMO_WORKFLOWS) as DemoName[]) {
		const definition = loadDemoWorkflow(name, credential);
		await client.activateWorkflow((await client.createWorkflow(definition)).id);
		if (name === 'crmNote') {
			await new SandboxControl(sandbox.controlUrl).configureOutbound({ url: triggerUrl(queue.url, definition), enabled: true, aggregationHours: 1 });
		}
	}
}

function summary(queue: QueueTopology, sandbox: RunningSandbox): string {
	const logs = [queue.main.n8n, ...queue.webhookProcesses, ...queue.workers].map((n8n) => n8n.logFile);
	return [
		'',
		'n8n (queue mode) with n8n-nodes-timelinesai is running (stop with Ctrl-C).',
		'',
		`  Editor:     ${queue.url}   (production webhooks at this URL go to the webhook processes, each webhook URL always to the same one)`,
		`  Login:      ${queue.main.owner.email} / ${queue.main.owner.password}`,
		`  Processes:  main ${queue.main.n8n.baseUrl}, webhook ${queue.webhookProcesses.map((p) => p.baseUrl).join(' and ')}, ${queue.workers.length} worker`,
		`  PostgreSQL: 127.0.0.1:${queue.postgres.port} (database ${queue.postgres.database}, user ${queue.postgres.user}); Redis: 127.0.0.1:${queue.redis.port}`,
		`  n8n logs:   ${logs.join('\n              ')}`,
		`  Sandbox state: ${sandbox.controlUrl}/state`,
		'',
		'Try this:',
		`  1. Send a WhatsApp message: open ${queue.url}/form/${SEND_FORM_PATH} and submit (a worker runs it).`,
		'  2. Simulate a message from Ravi Kumar; the auto-reply workflow answers it:',
		`       curl -X POST ${sandbox.controlUrl}/messages -H 'content-type: application/json' -d '{"chatId":20451188,"text":"Is the sofa still available?"}'`,
		`  3. Deliver the hourly bundle now (CRM note demo): curl -X POST ${sandbox.controlUrl}/outbound/flush`,
		'',
	].join('\n');
}

async function main(): Promise<void> {
	const started = Date.now();
	const folder = mkdtempSync(path.join(tmpdir(), 'timelinesai-queue-'));
	let queue: QueueTopology | undefined;
	let sandbox: RunningSandbox | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		progress('stopping n8n, PostgreSQL, Redis and the sandbox');
		await queue?.stop();
		await sandbox?.close();
		rmSync(folder, { recursive: true, force: true });
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		const port = portOption();
		const runtime = await ensureN8nRuntime(findN8nRelease(option('--n8n')));
		progress('building the package (npm run build)');
		await runCommand('npm', ['run', 'build'], { cwd: REPO_ROOT });
		sandbox = await startSandbox({ port: SANDBOX_PORT });
		queue = await startQueueTopology({ runtime, folder, port, env: LAZY_ISOLATES_ENV });
		await setUpDemos(queue, sandbox);
		for (const n8n of [queue.main.n8n, ...queue.webhookProcesses, ...queue.workers]) {
			void n8n.exited.then(() => {
				if (stopping) return;
				progress(`an n8n process stopped unexpectedly; see ${n8n.logFile}`);
				void stop(1);
			});
		}
		progress(`ready in ${formatDuration(Date.now() - started)}`);
		process.stdout.write(summary(queue, sandbox));
	} catch (error) {
		progress(`npm run start:queue failed: ${(error as Error).message}`);
		await stop(1);
	}
}

void main();
