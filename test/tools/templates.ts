import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './n8n/install-package';
import type { WorkflowDefinition, WorkflowNode } from './n8n/rest-client';

/**
 * The workflow templates of `templates/` (importable JSON files, shipped in the repository for users), as the tests and
 * `npm start` read them.
 */

export const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
export const DATA_TABLE_NODE_TYPE = 'n8n-nodes-base.dataTable';
export const STICKY_NOTE_NODE_TYPE = 'n8n-nodes-base.stickyNote';
/** The credential name the templates carry as a placeholder: n8n picks a credential of that name on import. */
export const CREDENTIAL_PLACEHOLDER_NAME = 'TimelinesAI account';

export interface Template {
	/** e.g. `01-whatsapp-lead-capture.json` */
	file: string;
	path: string;
	workflow: WorkflowDefinition;
}

export interface DataTableColumn {
	name: string;
	type: 'string' | 'number' | 'boolean' | 'date';
}

export function listTemplates(): Template[] {
	return readdirSync(TEMPLATES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const filePath = path.join(TEMPLATES_DIR, file);
			return { file, path: filePath, workflow: JSON.parse(readFileSync(filePath, 'utf8')) as WorkflowDefinition };
		});
}

/** The template whose file name starts with `number` (e.g. `'03'`). */
export function findTemplate(number: string): Template {
	const found = listTemplates().find((template) => template.file.startsWith(`${number}-`));
	if (!found) throw new Error(`No template ${number}-*.json in ${TEMPLATES_DIR}`);
	return found;
}

/** The Data table a node names `By Name` (the only way a template can name one: ids differ in every n8n). */
export function dataTableName(node: WorkflowNode): string | undefined {
	const locator = node.parameters.dataTableId as { mode?: string; value?: unknown } | undefined;
	return locator?.mode === 'name' && typeof locator.value === 'string' ? locator.value : undefined;
}

/**
 * The Data tables a template expects the user to create, with the columns its nodes write (from the nodes' column
 * schemas): what its sticky note asks for, and what the end-to-end test creates.
 */
export function dataTablesOf(workflow: WorkflowDefinition): Map<string, DataTableColumn[]> {
	const tables = new Map<string, DataTableColumn[]>();
	for (const node of workflow.nodes) {
		const name = node.type === DATA_TABLE_NODE_TYPE ? dataTableName(node) : undefined;
		if (name === undefined) continue;
		const columns = tables.get(name) ?? [];
		const schema = (node.parameters.columns as { schema?: Array<{ id: string; type: DataTableColumn['type'] }> } | undefined)?.schema ?? [];
		for (const { id, type } of schema) if (!columns.some((column) => column.name === id)) columns.push({ name: id, type });
		tables.set(name, columns);
	}
	return tables;
}

export function stickyNotesOf(workflow: WorkflowDefinition): string[] {
	return workflow.nodes.filter((node) => node.type === STICKY_NOTE_NODE_TYPE).map((node) => String(node.parameters.content ?? ''));
}

/** A copy of the template with every TimelinesAI credential slot pointing at `credential`. */
export function withTimelinesAiCredential(workflow: WorkflowDefinition, credential: { id: string; name: string }): WorkflowDefinition {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		if (node.credentials?.timelinesAiApi) node.credentials.timelinesAiApi = credential;
	}
	return copy;
}
