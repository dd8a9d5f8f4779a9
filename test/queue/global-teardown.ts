import { rmSync } from 'node:fs';

import { stateFilePath } from '../e2e/support/shared-n8n';
import { QUEUE_STATE_NAME } from './support/queue-state';

/** Stops every process of the queue topology and removes its folder (kept, with the logs, when KEEP_E2E_N8N=1). */
export default async function globalTeardown(): Promise<void> {
	const queue = globalThis.timelinesAiQueue;
	if (!queue) return;
	await queue.topology.stop();
	rmSync(stateFilePath(QUEUE_STATE_NAME), { force: true });
	if (process.env.KEEP_E2E_N8N === '1') {
		process.stderr.write(`\nkept the queue-mode folder (logs, database): ${queue.folder}\n`);
	} else {
		rmSync(queue.folder, { recursive: true, force: true });
	}
	globalThis.timelinesAiQueue = undefined;
}
