import type { DataTableColumn } from '../templates';
import type { N8nClient } from './rest-client';

/** n8n's Data tables (Overview → Data tables), through the editor's REST API. */

/** The editor's REST API (what the editor itself calls), with the client's owner session. */
export async function editorRest<T>(client: N8nClient, method: string, route: string, body?: unknown): Promise<T> {
	const response = await fetch(`${client.baseUrl}/rest${route}`, {
		method,
		headers: { cookie: client.sessionCookie ?? '', accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} /rest${route} -> HTTP ${response.status}: ${text.slice(0, 500)}`);
	return (JSON.parse(text) as { data: T }).data;
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
		const project = await editorRest<{ id: string }>(client, 'GET', '/projects/personal');
		return new DataTables(client, project.id);
	}

	private route(suffix = ''): string {
		return `/projects/${this.projectId}/data-tables${suffix}`;
	}

	/** Creates the table afresh (an earlier one of that name is deleted first): an empty table with these columns. */
	async create(name: string, columns: DataTableColumn[]): Promise<string> {
		await this.remove(name);
		const created = await editorRest<{ id: string }>(this.client, 'POST', this.route(), { name, columns });
		return created.id;
	}

	/** Creates the table unless one of that name exists (kept as the user left it). */
	async ensure(name: string, columns: DataTableColumn[]): Promise<void> {
		if ((await this.find(name)) === undefined) await editorRest(this.client, 'POST', this.route(), { name, columns });
	}

	async remove(name: string): Promise<void> {
		const existing = await this.find(name);
		if (existing) await editorRest(this.client, 'DELETE', this.route(`/${existing}`));
	}

	private async find(name: string): Promise<string | undefined> {
		const { data } = await editorRest<{ data: Array<{ id: string; name: string }> }>(this.client, 'GET', `${this.route()}?take=100`);
		return data.find((table) => table.name === name)?.id;
	}

	async insert(name: string, rows: Array<Record<string, unknown>>): Promise<void> {
		const id = await this.idOf(name);
		await editorRest(this.client, 'POST', this.route(`/${id}/insert`), { data: rows, returnType: 'count' });
	}

	async rows(name: string): Promise<DataTableRow[]> {
		const id = await this.idOf(name);
		const { data } = await editorRest<{ data: DataTableRow[] }>(this.client, 'GET', this.route(`/${id}/rows?take=100`));
		return data;
	}

	private async idOf(name: string): Promise<string> {
		const id = await this.find(name);
		if (!id) throw new Error(`n8n has no Data table "${name}"`);
		return id;
	}
}
