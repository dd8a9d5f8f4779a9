import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { launchN8nWithPackage, type N8nWithPackage } from '../../../scripts/n8n/instance';
import { findN8nRelease } from '../../../scripts/n8n/runtime';
import { type SharedN8nState, stateFilePath } from './shared-n8n';

declare global {
	// eslint-disable-next-line no-var
	var timelinesAiE2eN8n: Map<string, N8nWithPackage> | undefined;
}

/**
 * One real n8n of a release (fresh user folder, our packed package installed like n8n does) for a jest project. Jest
 * runs a global setup module once per path, so each release has its own small module in releases/ calling this.
 */
export async function startSharedN8n(releaseName: string): Promise<void> {
	const release = findN8nRelease(releaseName);
	const userFolder = mkdtempSync(path.join(tmpdir(), `timelinesai-e2e-n8n-${release.version}-`));
	let instance: N8nWithPackage;
	try {
		instance = await launchN8nWithPackage({ userFolder, release, readyTimeoutMs: 5 * 60_000 });
	} catch (error) {
		// The error already carries n8n's log tail; the folder would only litter /tmp.
		rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	(globalThis.timelinesAiE2eN8n ??= new Map()).set(releaseName, instance);

	const state: SharedN8nState = {
		baseUrl: instance.n8n.baseUrl,
		version: release.version,
		apiKey: instance.apiKey,
		sessionCookie: instance.client.sessionCookie ?? '',
		owner: instance.owner,
		logFile: instance.n8n.logFile,
	};
	writeFileSync(stateFilePath(releaseName), JSON.stringify(state));
}
