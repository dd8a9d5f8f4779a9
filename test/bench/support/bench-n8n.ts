import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { launchN8nWithPackage, type N8nWithPackage } from '../../tools/n8n/instance';
import { startQueueTopology } from '../../tools/n8n/queue/topology';
import type { N8nRuntime } from '../../tools/n8n/runtime';
import type { Workflow, WorkflowDefinition } from '../../tools/n8n/rest-client';

/** Bench workflows are named with this prefix, so a later run can remove what an interrupted one left behind. */
export const BENCH_PREFIX = 'bench:';

/**
 * Kept next to the cached n8n runtime: a fresh n8n spends 1–2 minutes on database migrations, a reused folder
 * starts in seconds. Nothing in it matters between runs but the owner account and the API key.
 */
function userFolder(runtime: N8nRuntime): string {
	// One per release: n8n migrates its database forward only, so a newer n8n's folder cannot serve an older one.
	// BENCH_USER_FOLDER_SUFFIX keeps two benchmarks running at once out of each other's database and workflows.
	const suffix = process.env.BENCH_USER_FOLDER_SUFFIX ? `-${process.env.BENCH_USER_FOLDER_SUFFIX}` : '';
	return path.join(path.dirname(runtime.dir), `bench-user-folder-${runtime.version}${suffix}`);
}

function apiKeyFile(runtime: N8nRuntime): string {
	return path.join(userFolder(runtime), 'bench-api-key');
}

export interface BenchN8n extends N8nWithPackage {
	/** Base URLs of the processes that run webhook methods (the main, or each webhook process in queue mode). */
	webhookProcessUrls: string[];
	/** Creates and activates a bench workflow; `close()` deletes it. */
	activeWorkflow(definition: WorkflowDefinition): Promise<Workflow>;
	close(): Promise<void>;
}

export async function startBenchN8n(runtime: N8nRuntime, env: Record<string, string> = {}): Promise<BenchN8n> {
	mkdirSync(userFolder(runtime), { recursive: true });
	const remembered = existsSync(apiKeyFile(runtime)) ? readFileSync(apiKeyFile(runtime), 'utf8') : undefined;
	const instance = await launchN8nWithPackage({ runtime, userFolder: userFolder(runtime), apiKey: remembered, env });
	writeFileSync(apiKeyFile(runtime), instance.apiKey);
	return await withBenchWorkflows(instance, [instance.n8n.baseUrl]);
}

/**
 * Queue mode as `npm run start:queue` runs it (main, 2 webhook processes behind the sticky router, 1 worker,
 * PostgreSQL, Redis), fresh each time: webhooks are posted to the router's URL, as TimelinesAI would.
 */
export async function startBenchQueueN8n(runtime: N8nRuntime, env: Record<string, string> = {}): Promise<BenchN8n> {
	const folder = mkdtempSync(path.join(tmpdir(), 'timelinesai-bench-queue-'));
	const topology = await startQueueTopology({ runtime, folder, env });
	const { main } = topology;
	return await withBenchWorkflows(
		{
			...main,
			n8n: { ...main.n8n, baseUrl: topology.url },
			async stop() {
				await topology.stop();
				rmSync(folder, { recursive: true, force: true });
			},
		},
		topology.webhookProcesses.map((process) => process.baseUrl),
	);
}

async function withBenchWorkflows(instance: N8nWithPackage, webhookProcessUrls: string[]): Promise<BenchN8n> {
	const { client } = instance;

	const removeWorkflow = async (id: string) => {
		await client.deactivateWorkflow(id).catch(() => undefined);
		await client.deleteWorkflow(id).catch(() => undefined);
	};
	for (const stale of await client.listWorkflows()) if (stale.name.startsWith(BENCH_PREFIX)) await removeWorkflow(stale.id);

	const created: string[] = [];
	return {
		...instance,
		webhookProcessUrls,
		async activeWorkflow(definition) {
			const workflow = await client.createWorkflow({ ...definition, name: `${BENCH_PREFIX} ${definition.name}` });
			created.push(workflow.id);
			await client.activateWorkflow(workflow.id);
			return workflow;
		},
		async close() {
			for (const id of created) await removeWorkflow(id);
			await instance.stop();
		},
	};
}
