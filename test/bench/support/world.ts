import { timelinesAiCredentialData } from '../../tools/n8n/credential';
import { CREDENTIAL_TYPE } from '../../tools/n8n/instance';
import type { N8nRuntime } from '../../tools/n8n/runtime';
import { type RunningSandbox, SandboxControl, startSandbox } from '../../sandbox';
import { BENCH_PREFIX, type BenchN8n, startBenchN8n, startBenchQueueN8n } from './bench-n8n';

/** Enough credits that no benchmark ever runs out (TimelinesAI refuses sends without credits). */
export const PLENTY_OF_CREDITS = 10_000_000;

/** One real n8n with our packed package, a sandbox with pacing off, and a credential in n8n pointing at it. */
export interface BenchWorld {
	n8n: BenchN8n;
	sandbox: RunningSandbox;
	control: SandboxControl;
	credential: { id: string; name: string };
	/** Back to the seeded sandbox (drops the messages of the last run), pacing off, credits topped up. */
	resetSandbox(): Promise<void>;
	close(): Promise<void>;
}

const CREDENTIAL_NAME = `${BENCH_PREFIX} sandbox`;

/** `queue`: n8n in queue mode instead of one process. `env`: extra environment for every n8n process. */
export async function startBenchWorld(runtime: N8nRuntime, { queue = false, env = {} as Record<string, string> } = {}): Promise<BenchWorld> {
	const sandbox = await startSandbox({ gapMs: 0 });
	const control = new SandboxControl(sandbox.controlUrl);
	const n8n = await (queue ? startBenchQueueN8n(runtime, env) : startBenchN8n(runtime, env)).catch(async (error) => {
		await sandbox.close();
		throw error;
	});
	const data = timelinesAiCredentialData(sandbox);
	const existing = (await n8n.client.listCredentials()).find((credential) => credential.name === CREDENTIAL_NAME);
	if (existing) await n8n.client.updateCredential(existing.id, data);
	const credential = existing ?? (await n8n.client.createCredential(CREDENTIAL_NAME, CREDENTIAL_TYPE, data));

	const resetSandbox = async () => {
		await control.waitForIdle(120_000);
		await control.reset();
		await control.setPacing(0);
		await control.setCredits({ quota: PLENTY_OF_CREDITS, remaining: PLENTY_OF_CREDITS });
	};
	await resetSandbox();
	return {
		n8n,
		sandbox,
		control,
		credential: { id: credential.id, name: credential.name },
		resetSandbox,
		async close() {
			await n8n.close();
			await sandbox.close();
		},
	};
}
