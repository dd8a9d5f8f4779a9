import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BrowserServer } from 'playwright-core';

import { launchN8nWithPackage, type N8nWithPackage } from '../../scripts/n8n/instance';
import { startSuiteBrowser } from './support/editor-browser';
import { type SharedN8nState, STATE_FILE_ENV, stateFilePath } from './support/shared-n8n';

declare global {
	// eslint-disable-next-line no-var
	var timelinesAiE2eN8n: N8nWithPackage | undefined;
	// eslint-disable-next-line no-var
	var timelinesAiE2eBrowser: BrowserServer | undefined;
}

/** One real n8n (fresh user folder, our packed package installed like n8n does) shared by every e2e test file. */
export default async function globalSetup(): Promise<void> {
	// First, so that a missing browser fails before n8n runs (and installs while nothing else does).
	const browser = await startSuiteBrowser();
	const userFolder = mkdtempSync(path.join(tmpdir(), 'timelinesai-e2e-n8n-'));
	let instance: N8nWithPackage;
	try {
		instance = await launchN8nWithPackage({ userFolder, readyTimeoutMs: 5 * 60_000 });
	} catch (error) {
		await browser.close();
		// The error already carries n8n's log tail; the folder would only litter /tmp.
		rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	globalThis.timelinesAiE2eN8n = instance;
	globalThis.timelinesAiE2eBrowser = browser;

	const state: SharedN8nState = {
		baseUrl: instance.n8n.baseUrl,
		apiKey: instance.apiKey,
		sessionCookie: instance.client.sessionCookie ?? '',
		owner: instance.owner,
		logFile: instance.n8n.logFile,
		browserWsEndpoint: browser.wsEndpoint(),
	};
	process.env[STATE_FILE_ENV] = stateFilePath();
	writeFileSync(process.env[STATE_FILE_ENV], JSON.stringify(state));
}
