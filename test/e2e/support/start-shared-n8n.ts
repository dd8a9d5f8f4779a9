import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BrowserServer } from 'playwright-core';

import { launchN8nWithPackage, type N8nWithPackage } from '../../tools/n8n/instance';
import { ensureN8nRuntime, findN8nRelease } from '../../tools/n8n/runtime';
import { startSuiteBrowser } from './editor-browser';
import { type SharedN8nState, stateFilePath } from './shared-n8n';

export interface SharedN8nProcesses {
	instance: N8nWithPackage;
	browser?: BrowserServer;
}

declare global {
	var timelinesAiE2eN8n: Map<string, SharedN8nProcesses> | undefined;
}

/**
 * One real n8n of a release (fresh user folder, our packed package installed like n8n does) for a jest project, and
 * with `browser` one Chromium for checks of what its editor shows. Jest runs a global setup module once per path, so
 * each release has its own small module in releases/ calling this.
 */
export async function startSharedN8n(releaseName: string, options: { browser?: boolean } = {}): Promise<void> {
	const release = findN8nRelease(releaseName);
	// First, so that a missing browser fails before n8n runs (and installs while nothing else does).
	const browser = options.browser ? await startSuiteBrowser() : undefined;
	const userFolder = mkdtempSync(path.join(tmpdir(), `timelinesai-e2e-n8n-${release.version}-`));
	let instance: N8nWithPackage;
	try {
		instance = await launchN8nWithPackage({ userFolder, runtime: await ensureN8nRuntime(release), readyTimeoutMs: 5 * 60_000 });
	} catch (error) {
		await browser?.close();
		// The error already carries n8n's log tail; the folder would only litter /tmp.
		rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	(globalThis.timelinesAiE2eN8n ??= new Map()).set(releaseName, { instance, browser });

	const state: SharedN8nState = {
		baseUrl: instance.n8n.baseUrl,
		version: release.version,
		apiKey: instance.apiKey,
		sessionCookie: instance.client.sessionCookie ?? '',
		owner: instance.owner,
		logFile: instance.n8n.logFile,
		browserWsEndpoint: browser?.wsEndpoint(),
	};
	writeFileSync(stateFilePath(releaseName), JSON.stringify(state));
}
