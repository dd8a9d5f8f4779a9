import { rmSync } from 'node:fs';

import { stateFilePath } from './support/shared-n8n';

/** Stops the shared n8n and removes its user folder (kept, with its n8n.log, when KEEP_E2E_N8N=1). */
export default async function globalTeardown(): Promise<void> {
	await globalThis.timelinesAiE2eBrowser?.close();
	globalThis.timelinesAiE2eBrowser = undefined;
	const instance = globalThis.timelinesAiE2eN8n;
	if (!instance) return;
	await instance.stop();
	rmSync(stateFilePath(), { force: true });
	if (process.env.KEEP_E2E_N8N === '1') {
		process.stderr.write(`\nkept the e2e n8n user folder: ${instance.n8n.userFolder}\n`);
	} else {
		rmSync(instance.n8n.userFolder, { recursive: true, force: true });
	}
	globalThis.timelinesAiE2eN8n = undefined;
}
