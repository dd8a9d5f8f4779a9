import path from 'node:path';

import { runN8nCli } from '../../tools/n8n/cli';
import type { N8nClient, Workflow } from '../../tools/n8n/rest-client';
import { ensureN8nRuntime, findN8nRelease } from '../../tools/n8n/runtime';
import type { DataTableColumn, Template } from '../../tools/templates';
import { readSharedN8n } from './shared-n8n';

/** What the tests do with the templates as a user would: import the file, create its Data tables, read them back. */

/** The editor's REST API with the shared owner session (what the editor itself calls). */
async function rest<T>(client: N8nClient, method: string, route: string, body?: unknown): Promise<T> {
	const response = await fetch(`${client.baseUrl}/rest${route}`, {
		method,
		headers: { cookie: client.sessionCookie ?? '', accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} /rest${route} -> HTTP ${response.status}: ${text.slice(0, 500)}`);
	return (JSON.parse(text) as { data: T }).data;
}

export interface TemplateImport {
	/** Everything `n8n import:workflow` printed. */
	output: string;
	workflow: Workflow;
}

/**
 * `n8n import:workflow --input=<the template's file>` on the shared n8n's user folder, as a self-hoster imports a
 * file; then the imported workflow as n8n lists it (the newest of that name).
 */
export async function importWithCli(client: N8nClient, template: Template): Promise<TemplateImport> {
	const state = readSharedN8n();
	const runtime = await ensureN8nRuntime(findN8nRelease(state.version));
	const before = new Set((await client.listWorkflows()).map((workflow) => workflow.id));
	const output = await runN8nCli(runtime, path.dirname(state.logFile), ['import:workflow', `--input=${template.path}`]);
	const imported = (await client.listWorkflows()).filter((workflow) => !before.has(workflow.id) && workflow.name === template.workflow.name);
	if (imported.length !== 1) throw new Error(`Expected one new workflow "${template.workflow.name}", found ${imported.length}. n8n printed:\n${output}`);
	return { output, workflow: imported[0] };
}

/** Lines of the CLI's output that warn or complain (n8n's log lines carry their level). */
export function complaints(output: string): string[] {
	return output.split('\n').filter((line) => /\b(warn|warning|error|skipped|violation)\b/i.test(line));
}

/** Whether this n8n has the node type at this exact version (what the editor needs to show the node, not a "?"). */
export async function hasNodeVersion(client: N8nClient, name: string, version: number): Promise<boolean> {
	try {
		const [description] = await rest<Array<{ version: number | number[] } | null>>(client, 'POST', '/node-types', { nodeInfos: [{ name, version }] });
		if (!description) return false;
		return (Array.isArray(description.version) ? description.version : [description.version]).includes(version);
	} catch {
		return false;
	}
}

export interface DataTableRow {
	id: number;
	[column: string]: unknown;
}

/** The owner's Data tables (Overview → Data tables), through the editor's REST API. */
export class DataTables {
	private constructor(
		private readonly client: N8nClient,
		private readonly projectId: string,
	) {}

	static async connect(client: N8nClient): Promise<DataTables> {
		const project = await rest<{ id: string }>(client, 'GET', '/projects/personal');
		return new DataTables(client, project.id);
	}

	private route(suffix = ''): string {
		return `/projects/${this.projectId}/data-tables${suffix}`;
	}

	/** Creates the table, or empties the one of that name (created by an earlier run with the same n8n). */
	async create(name: string, columns: DataTableColumn[]): Promise<string> {
		await this.remove(name);
		const created = await rest<{ id: string }>(this.client, 'POST', this.route(), { name, columns });
		return created.id;
	}

	async remove(name: string): Promise<void> {
		const existing = await this.find(name);
		if (existing) await rest(this.client, 'DELETE', this.route(`/${existing}`));
	}

	private async find(name: string): Promise<string | undefined> {
		const { data } = await rest<{ data: Array<{ id: string; name: string }> }>(this.client, 'GET', `${this.route()}?take=100`);
		return data.find((table) => table.name === name)?.id;
	}

	async insert(name: string, rows: Array<Record<string, unknown>>): Promise<void> {
		const id = await this.idOf(name);
		await rest(this.client, 'POST', this.route(`/${id}/insert`), { data: rows, returnType: 'count' });
	}

	async rows(name: string): Promise<DataTableRow[]> {
		const id = await this.idOf(name);
		const { data } = await rest<{ data: DataTableRow[] }>(this.client, 'GET', this.route(`/${id}/rows?take=100`));
		return data;
	}

	private async idOf(name: string): Promise<string> {
		const id = await this.find(name);
		if (!id) throw new Error(`n8n has no Data table "${name}"`);
		return id;
	}
}
