import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runN8nCli } from '../../tools/n8n/cli';
import type { N8nClient, Workflow } from '../../tools/n8n/rest-client';
import { ensureN8nRuntime, findN8nRelease } from '../../tools/n8n/runtime';
import { editorRest } from '../../tools/n8n/data-tables';
import { timelinesAiCredentialData } from '../../tools/n8n/credential';
import { CREDENTIAL_TYPE } from '../../tools/n8n/instance';
import { CREDENTIAL_PLACEHOLDER_NAME, DATA_TABLE_NODE_TYPE, type Template } from '../../tools/templates';
import type { E2eWorld } from './world';
import { readSharedN8n } from './shared-n8n';

/** What the tests do with a template file as a user would: import it with n8n's CLI, and check what n8n made of it. */

export interface TemplateImport {
	/** Everything `n8n import:workflow` printed. */
	output: string;
	workflow: Workflow;
}

/**
 * `n8n import:workflow --separate --input=<folder holding the template's file>`, as a self-hoster imports files; then
 * the imported workflow as n8n lists it. `--separate`, because n8n 2.4x imports a single `--input=<file>` only when the
 * file carries a workflow id (n8n PR 37461), and the templates carry none so that importing never replaces a workflow.
 */
export async function importWithCli(client: N8nClient, template: Template): Promise<TemplateImport> {
	const state = readSharedN8n();
	const runtime = await ensureN8nRuntime(findN8nRelease(state.version));
	const folder = mkdtempSync(path.join(tmpdir(), 'timelinesai-template-'));
	try {
		copyFileSync(template.path, path.join(folder, template.file));
		const before = new Set((await client.listWorkflows()).map((workflow) => workflow.id));
		const output = await runN8nCli(runtime, path.dirname(state.logFile), ['import:workflow', '--separate', `--input=${folder}`]);
		const imported = (await client.listWorkflows()).filter((workflow) => !before.has(workflow.id) && workflow.name === template.workflow.name);
		if (imported.length !== 1) throw new Error(`Expected one new workflow "${template.workflow.name}", found ${imported.length}. n8n printed:\n${output}`);
		return { output, workflow: imported[0] };
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

/** Lines of the CLI's output that warn or complain (n8n's log lines carry their level). */
export function complaints(output: string): string[] {
	return output.split('\n').filter((line) => /\b(warn|warning|error|skipped|violation)\b/i.test(line));
}

/** The editor's own list of node types (`/types/nodes.json`, tool variants included), read once per n8n. */
const editorTypes = new WeakMap<N8nClient, Promise<Array<Record<string, unknown>>>>();

/** Whether the editor knows this node type at this version: what decides whether an imported node opens or shows as unknown. */
export async function hasNodeVersion(client: N8nClient, name: string, version: number): Promise<boolean> {
	if (!editorTypes.has(client)) editorTypes.set(client, client.editorNodeTypes());
	const types = (await editorTypes.get(client)) ?? [];
	return types.some((type) => type.name === name && [type.version].flat().includes(version));
}

/**
 * The credential named as the templates' placeholder (`TimelinesAI account`), pointing at this world's sandbox: import
 * then picks it for every TimelinesAI node, as it does for a user who named theirs so. One per n8n, shared by the files.
 */
export async function placeholderCredential(world: E2eWorld): Promise<{ id: string; name: string }> {
	return await namedCredential(world, CREDENTIAL_PLACEHOLDER_NAME, CREDENTIAL_TYPE, timelinesAiCredentialData(world.sandbox));
}

/**
 * The one credential of this name, created or given `data`: a template's placeholder resolves to it on import. Only
 * one may carry the name, or import would pick none.
 */
export async function namedCredential(world: E2eWorld, name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
	const named = (await world.client.listCredentials()).filter((existing) => existing.name === name);
	if (named.length > 1) throw new Error(`This n8n has ${named.length} credentials named "${name}": import would pick none`);
	if (named.length === 0) return await world.client.createCredential(name, type, data);
	await world.client.updateCredential(named[0].id, data);
	return { id: named[0].id, name: named[0].name };
}

/** Whether this n8n's Data table node can find a table by its name (the templates name theirs so). */
export async function dataTableFoundByName(client: N8nClient, version: number): Promise<boolean> {
	type Locator = { name: string; modes?: Array<{ name: string }> };
	const [description] = await editorRest<Array<{ properties: Locator[] } | null>>(client, 'POST', '/node-types', { nodeInfos: [{ name: DATA_TABLE_NODE_TYPE, version }] });
	const locator = description?.properties.find((property) => property.name === 'dataTableId');
	return locator?.modes?.some((mode) => mode.name === 'name') ?? false;
}
