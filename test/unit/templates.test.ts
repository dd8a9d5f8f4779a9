import {
	NodeHelpers,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { TimelinesAi } from '../../nodes/TimelinesAi/TimelinesAi.node';
import { TimelinesAiTrigger } from '../../nodes/TimelinesAi/TimelinesAiTrigger.node';
import { NODE_TYPES } from '../tools/n8n/instance';
import type { WorkflowNode } from '../tools/n8n/rest-client';
import {
	CREDENTIAL_PLACEHOLDER_NAME,
	DATA_TABLE_NODE_TYPE,
	dataTableName,
	dataTablesOf,
	listTemplates,
	stickyNotesOf,
	type Template,
} from '../tools/templates';

/**
 * The templates' promises to users (sticky notes that explain the setup, nothing of ours hard-coded) and their contract
 * with the TimelinesAI node: every operation and parameter they use exists in the node's description, so a renamed
 * field breaks here rather than in a user's imported workflow.
 */

const templates = listTemplates();
const app = new TimelinesAi().description;
const trigger = new TimelinesAiTrigger().description;
/** n8n names the AI-tool form of a `usableAsTool` node `<type>Tool`; it has the node's own parameters. */
const TOOL_TYPE = `${NODE_TYPES.app}Tool`;
const DESCRIPTIONS: Record<string, INodeTypeDescription> = { [NODE_TYPES.app]: app, [TOOL_TYPE]: app, [NODE_TYPES.trigger]: trigger };
/** Parameters n8n adds to every tool node (how the agent is told what the tool does). */
const TOOL_PARAMETERS = ['descriptionType', 'toolDescription'];

const ours = (template: Template) => template.workflow.nodes.filter((node) => DESCRIPTIONS[node.type] !== undefined);

function versions(description: INodeTypeDescription): number[] {
	return Array.isArray(description.version) ? description.version : [description.version];
}

/** The node's properties as the editor shows them for these parameter values at this version. */
function shownProperties(description: INodeTypeDescription, node: WorkflowNode): INodeProperties[] {
	const values = NodeHelpers.getNodeParameters(description.properties, node.parameters as INodeParameters, true, false, node as never, description) ?? {};
	return description.properties.filter((property) => NodeHelpers.displayParameter(values, property, node as never, description));
}

function isExpression(value: unknown): boolean {
	return typeof value === 'string' && value.startsWith('=');
}

/** What is wrong with `value` for `property` (a fixed value outside its options, an unknown collection entry), if anything. */
function valueProblems(property: INodeProperties | INodePropertyCollection, value: unknown, where: string): string[] {
	if (isExpression(value)) return [];
	if ('values' in property) return collectionProblems(property.values, value, where);
	switch (property.type) {
		case 'options': {
			const allowed = ((property.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
			if (property.typeOptions?.loadOptionsMethod) return [];
			return allowed.includes(value as string) ? [] : [`${where}: "${String(value)}" is not one of ${allowed.join(', ')}`];
		}
		case 'multiOptions': {
			const allowed = ((property.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
			return (value as unknown[]).filter((entry) => !allowed.includes(entry as string)).map((entry) => `${where}: "${String(entry)}" is not an option`);
		}
		case 'collection':
			return collectionProblems(property.options as INodeProperties[], value, where);
		case 'fixedCollection':
			return Object.entries(value as Record<string, unknown>).flatMap(([key, entries]) => {
				const group = (property.options as INodePropertyCollection[]).find((option) => option.name === key);
				if (!group) return [`${where}.${key} is not a group of this field`];
				return (Array.isArray(entries) ? entries : [entries]).flatMap((entry) => valueProblems(group, entry, `${where}.${key}`));
			});
		default:
			return [];
	}
}

function collectionProblems(fields: INodeProperties[], value: unknown, where: string): string[] {
	return Object.entries(value as Record<string, unknown>).flatMap(([key, entry]) => {
		const field = fields.find((candidate) => candidate.name === key);
		return field ? valueProblems(field, entry, `${where}.${key}`) : [`${where}.${key} is not a field of the node`];
	});
}

/** Everything in a node's parameters the node's description does not offer (for its resource, operation and version). */
function contractProblems(node: WorkflowNode): string[] {
	const description = DESCRIPTIONS[node.type];
	const shown = shownProperties(description, node);
	return Object.entries(node.parameters).flatMap(([name, value]) => {
		if (node.type === TOOL_TYPE && TOOL_PARAMETERS.includes(name)) return [];
		const property = shown.find((candidate) => candidate.name === name);
		return property ? valueProblems(property, value, `"${node.name}" ${name}`) : [`"${node.name}": ${name} is not a field of this operation`];
	});
}

/** Why a node cannot be checked yet: its version or operation is not in the node (another part of issue 17 brings it). */
function notYetInNode(node: WorkflowNode): string | undefined {
	const description = DESCRIPTIONS[node.type];
	if (!versions(description).includes(node.typeVersion)) return `version ${node.typeVersion} of ${description.name}`;
	const { resource, operation } = node.parameters as { resource?: string; operation?: string };
	if (resource === undefined) return undefined;
	const operationField = shownProperties(description, node).find((property) => property.name === 'operation');
	const offered = ((operationField?.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
	return offered.includes(operation as string) ? undefined : `${resource} → ${operation}`;
}

describe.each(templates.map((template) => [template.file, template] as const))('template %s', (file, template) => {
	const { workflow } = template;
	const notes = stickyNotesOf(workflow).join('\n');

	it('is named for the file list and the workflow list', () => {
		expect(file).toMatch(/^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.json$/);
		expect(workflow.name).toMatch(/^TimelinesAI: \S/);
		expect(new Set(workflow.nodes.map((node) => node.name)).size).toBe(workflow.nodes.length);
	});

	it('explains its setup in a sticky note: credential, then what to do, then activating', () => {
		expect(notes).toMatch(/^## /m);
		expect(notes).toMatch(/### Set up\n1\. \*\*Credential\*\*/);
		expect(notes).toMatch(/[Aa]ctivate/);
	});

	it('asks in its sticky note for every Data table it uses, by name and with every column', () => {
		for (const [name, columns] of dataTablesOf(workflow)) {
			expect(notes).toContain(`\`${name}\``);
			for (const column of columns) expect(notes).toContain(`\`${column.name}\``);
		}
	});

	it('names Data tables by name, never by the id one n8n gave them', () => {
		for (const node of workflow.nodes.filter((candidate) => candidate.type === DATA_TABLE_NODE_TYPE)) {
			expect({ node: node.name, table: dataTableName(node) }).toEqual({ node: node.name, table: expect.any(String) });
		}
	});

	it('carries credentials as placeholders: a name, no id', () => {
		for (const node of workflow.nodes) {
			for (const [type, credential] of Object.entries(node.credentials ?? {})) {
				expect({ node: node.name, type, credential }).toEqual({ node: node.name, type, credential: { id: '', name: expect.any(String) } });
			}
			if (DESCRIPTIONS[node.type] && node.parameters.setup !== 'manual') {
				expect(node.credentials?.timelinesAiApi).toEqual({ id: '', name: CREDENTIAL_PLACEHOLDER_NAME });
			}
		}
	});

	it('holds no secret, no webhook id and no chat of ours', () => {
		const text = JSON.stringify(workflow);
		expect(text).not.toMatch(/apiToken|Bearer |secretInboundUrl|\?secret=[^"` ]/);
		for (const node of workflow.nodes) {
			expect({ node: node.name, webhookId: node.webhookId }).toEqual({ node: node.name, webhookId: undefined });
			if (node.parameters.manualSecret !== undefined) expect(node.parameters.manualSecret).toBe('');
			const chat = node.parameters.chatId as { __rl?: boolean; value?: unknown } | undefined;
			if (chat !== undefined) expect({ node: node.name, chat }).toEqual({ node: node.name, chat: expect.objectContaining({ __rl: true, value: expect.stringMatching(/^=\{\{.*\}\}$/) }) });
		}
	});

	it('uses TimelinesAI nodes of this package', () => {
		expect(ours(template).length).toBeGreaterThan(0);
		for (const node of workflow.nodes.filter((candidate) => candidate.type.startsWith('n8n-nodes-timelinesai.'))) {
			expect(Object.keys(DESCRIPTIONS)).toContain(node.type);
		}
	});

	// Checked against the node's description once the operation is in it; until then listed as to do.
	for (const node of ours(template)) {
		const missing = notYetInNode(node);
		if (missing) it.todo(`"${node.name}" uses only fields the TimelinesAI node has (waits for ${missing})`);
		else it(`"${node.name}" uses only fields the TimelinesAI node has`, () => expect(contractProblems(node)).toEqual([]));
	}
});

describe('the templates', () => {
	it('are the seven of issue 17, numbered in order', () => {
		expect(templates.map((template) => template.file.slice(0, 2))).toEqual(['01', '02', '03', '04', '05', '06', '07']);
	});
});
