import { rmSync } from 'node:fs';

import { stateFilePath } from './shared-n8n';

/** Stops the project's n8n (and browser) and removes its user folder (kept, with its n8n.log, when KEEP_E2E_N8N=1). */
export async function stopSharedN8n(release: string): Promise<void> {
	const started = globalThis.timelinesAiE2eN8n?.get(release);
	if (!started) return;
	await started.browser?.close();
	const { instance } = started;
	await instance.stop();
	rmSync(stateFilePath(release), { force: true });
	if (process.env.KEEP_E2E_N8N === '1') {
		process.stderr.write(`\nkept the e2e n8n user folder: ${instance.n8n.userFolder}\n`);
	} else {
		rmSync(instance.n8n.userFolder, { recursive: true, force: true });
	}
	globalThis.timelinesAiE2eN8n?.delete(release);
}
