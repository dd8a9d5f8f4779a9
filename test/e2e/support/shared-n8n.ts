import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { N8nClient, type OwnerAccount } from '../../tools/n8n/rest-client';

/** What the global setup (support/start-shared-n8n.ts) tells the test files about the n8n of their project. */
export interface SharedN8nState {
	baseUrl: string;
	version: string;
	apiKey: string;
	/** The owner's session: test files share it rather than log in again (n8n rate-limits logins). */
	sessionCookie: string;
	owner: OwnerAccount;
	logFile: string;
	/** The run's one Chromium (see editor-browser.ts), for checks of what the editor shows. */
	browserWsEndpoint?: string;
}

/** Set by the first global setup of a run, inherited by jest's workers: names this run's state files. */
const RUN_ENV = 'TIMELINESAI_E2E_RUN';

declare global {
	// The n8n release of the current jest project (its `globals` in jest.config.js).
	var timelinesAiN8nRelease: string | undefined;
}

export function stateFilePath(release: string): string {
	process.env[RUN_ENV] ??= String(process.pid);
	return path.join(tmpdir(), `timelinesai-e2e-${process.env[RUN_ENV]}-n8n-${release}.json`);
}

export function readSharedN8n(): SharedN8nState {
	const release = globalThis.timelinesAiN8nRelease;
	if (!release) throw new Error('No n8n release for this jest project (globals.timelinesAiN8nRelease in jest.config.js)');
	return JSON.parse(readFileSync(stateFilePath(release), 'utf8')) as SharedN8nState;
}

/** A client of the project's n8n with the owner's session (REST) and the API key (public API). */
export function connectSharedN8n(): { client: N8nClient; state: SharedN8nState } {
	const state = readSharedN8n();
	const client = new N8nClient(state.baseUrl);
	client.useSessionCookie(state.sessionCookie);
	client.useApiKey(state.apiKey);
	return { client, state };
}

/** The end of n8n's log, appended to failure messages. */
export function n8nLogTail(lines = 30): string {
	try {
		const { logFile } = readSharedN8n();
		const interesting = readFileSync(logFile, 'utf8')
			.split('\n')
			.filter((line) => !/ migration /.test(line));
		const tail = interesting.slice(-lines).join('\n');
		return `\n--- n8n log tail (${logFile}) ---\n${tail}`;
	} catch {
		return '';
	}
}
