import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { formatDuration, progress } from '../tools/n8n/log';
import { type QueueTopology, startQueueTopology } from '../tools/n8n/queue/topology';
import { ensureN8nRuntime, findN8nRelease } from '../tools/n8n/runtime';
import { stateFilePath } from '../e2e/support/shared-n8n';
import { QUEUE_STATE_NAME, type QueueState } from './support/queue-state';

declare global {
	var timelinesAiQueue: { topology: QueueTopology; folder: string } | undefined;
}

/**
 * n8n in queue mode (main, 2 webhook processes, 1 worker, PostgreSQL, Redis; the packed package installed in every
 * process) shared by the queue test files. QUEUE_N8N_VERSION picks the n8n release.
 */
export default async function globalSetup(): Promise<void> {
	const runtime = await ensureN8nRuntime(findN8nRelease(process.env.QUEUE_N8N_VERSION));
	const folder = mkdtempSync(path.join(tmpdir(), 'timelinesai-queue-test-'));
	let topology: QueueTopology;
	try {
		topology = await startQueueTopology({ runtime, folder });
	} catch (error) {
		rmSync(folder, { recursive: true, force: true });
		throw error;
	}
	globalThis.timelinesAiQueue = { topology, folder };
	const { timings } = topology;
	progress(
		`queue mode set up in ${formatDuration(timings.total)}: apt-get ${formatDuration(timings.programs)}, ` +
			`PostgreSQL (initdb) and Redis ${formatDuration(timings.databases)}, main (package install, migrations) ${formatDuration(timings.main)}, ` +
			`webhook processes and worker ${formatDuration(timings.otherProcesses)}`,
	);

	const { main } = topology;
	const state: QueueState = {
		baseUrl: topology.url,
		version: runtime.version,
		apiKey: main.apiKey,
		sessionCookie: main.client.sessionCookie ?? '',
		owner: main.owner,
		logFile: main.n8n.logFile,
		webhookProcessUrls: topology.webhookProcesses.map((webhook) => webhook.baseUrl),
		timings,
	};
	writeFileSync(stateFilePath(QUEUE_STATE_NAME), JSON.stringify(state));
}
