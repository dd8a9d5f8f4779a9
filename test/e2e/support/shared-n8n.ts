import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { N8nClient, type OwnerAccount } from '../../../scripts/n8n/rest-client';

/** What global-setup tells the test files about the one n8n they share. */
export interface SharedN8nState {
	baseUrl: string;
	apiKey: string;
	/** The owner's session: test files share it rather than log in again (n8n rate-limits logins). */
	sessionCookie: string;
	owner: OwnerAccount;
	logFile: string;
	/** The run's one Chromium (see editor-browser.ts), for checks of what the editor shows. */
	browserWsEndpoint?: string;
}

export const STATE_FILE_ENV = 'TIMELINESAI_E2E_STATE';

export function stateFilePath(): string {
	return process.env[STATE_FILE_ENV] ?? path.join(tmpdir(), `timelinesai-e2e-${process.pid}.json`);
}

export function readSharedN8n(): SharedN8nState {
	return JSON.parse(readFileSync(stateFilePath(), 'utf8')) as SharedN8nState;
}

/** A client of the shared n8n with the owner's session (REST) and the API key (public API). */
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
