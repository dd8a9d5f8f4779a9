import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { assertBuilt, installPackageLikeN8n, nodesDir, packPackage } from './install-package';
import { progress } from './log';
import { type RunningN8n, startN8n, type StartN8nOptions } from './process';
import { N8nClient, type OwnerAccount } from './rest-client';
import { ensureN8nRuntime, type N8nRuntime } from './runtime';

export const PACKAGE_NAME = 'n8n-nodes-timelinesai';
export const NODE_TYPES = {
	app: `${PACKAGE_NAME}.timelinesAi`,
	send: `${PACKAGE_NAME}.timelinesAiSend`,
	trigger: `${PACKAGE_NAME}.timelinesAiTrigger`,
} as const;
export const CREDENTIAL_TYPE = 'timelinesAiApi';

export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@timelinesai-demo.local',
	password: 'TimelinesAI-demo-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface LaunchOptions extends Omit<StartN8nOptions, 'runtime'> {
	/** The cached default runtime when omitted. */
	runtime?: N8nRuntime;
	owner?: OwnerAccount;
	/** Public-API key kept from an earlier start of the same user folder; a new one is made when missing or refused. */
	apiKey?: string;
}

export interface N8nWithPackage {
	n8n: RunningN8n;
	/** Logged in as the owner, with a public-API key. */
	client: N8nClient;
	owner: OwnerAccount;
	apiKey: string;
	stop(): Promise<void>;
}

/**
 * The whole chain users go through: n8n runtime (cached), `npm pack` of this repo, install of the tarball the way
 * n8n installs community packages, n8n start, owner account, login, API key, and a check that our node types loaded.
 */
export async function launchN8nWithPackage(options: LaunchOptions): Promise<N8nWithPackage> {
	const runtime = options.runtime ?? (await ensureN8nRuntime());
	assertBuilt();
	await installPackedRepo(options.userFolder);

	const n8n = await startN8n({ ...options, runtime });
	try {
		const owner = options.owner ?? DEFAULT_OWNER;
		const client = new N8nClient(n8n.baseUrl);
		await client.ensureOwner(owner);
		await client.login(owner.email, owner.password);
		const apiKey = await usableApiKey(client, options.apiKey);
		await assertNodeTypesLoaded(client);
		return { n8n, client, owner, apiKey, stop: () => n8n.stop() };
	} catch (error) {
		await n8n.stop();
		throw new Error(`${(error as Error).message}\n--- n8n log tail (${n8n.logFile}) ---\n${n8n.logTail()}`);
	}
}

/** Packs and installs; skipped when the same tarball content is already installed in this user folder. */
export async function installPackedRepo(userFolder: string): Promise<void> {
	const tarball = await packPackage();
	try {
		const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex');
		const digestFile = path.join(nodesDir(userFolder), `.${PACKAGE_NAME}.sha256`);
		const installedDir = path.join(nodesDir(userFolder), 'node_modules', PACKAGE_NAME);
		if (existsSync(installedDir) && existsSync(digestFile) && readFileSync(digestFile, 'utf8') === digest) {
			progress(`${PACKAGE_NAME} unchanged since the last install: reusing it`);
			return;
		}
		await installPackageLikeN8n(tarball, userFolder);
		writeFileSync(digestFile, digest);
	} finally {
		rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}

async function usableApiKey(client: N8nClient, remembered: string | undefined): Promise<string> {
	if (remembered) {
		client.useApiKey(remembered);
		try {
			await client.listWorkflows();
			if (await client.apiKeyHasOurScopes(remembered)) return remembered;
			progress('the remembered n8n API key lacks a scope this project now uses: creating a new one');
		} catch {
			progress('the remembered n8n API key was refused: creating a new one');
		}
	}
	return await client.createApiKey(`timelinesai-${Date.now()}`);
}

async function assertNodeTypesLoaded(client: N8nClient): Promise<void> {
	const wanted = Object.values(NODE_TYPES);
	const missing: string[] = [];
	for (const name of wanted) if (!(await client.isNodeTypeKnown(name))) missing.push(name);
	if (missing.length > 0) {
		throw new Error(`n8n did not load ${missing.join(', ')} from the installed package (see "Loading" lines in the log)`);
	}
}
