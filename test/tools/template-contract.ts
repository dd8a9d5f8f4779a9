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
import { NODE_TYPES } from './n8n/instance';
import type { WorkflowDefinition, WorkflowNode } from './n8n/rest-client';

/**
 * The templates' contract with the TimelinesAI nodes: which operations and parameters they use, checked against the
 * nodes' own descriptions (the unit test), and which of those operations the node does not have yet (the end-to-end
 * test waits for them).
 */

const app = new TimelinesAi().description;
const trigger = new TimelinesAiTrigger().description;
/** n8n names the AI-tool form of a `usableAsTool` node `<type>Tool`; it has the node's own parameters. */
const TOOL_TYPE = `${NODE_TYPES.app}Tool`;
export const DESCRIPTIONS: Record<string, INodeTypeDescription> = { [NODE_TYPES.app]: app, [TOOL_TYPE]: app, [NODE_TYPES.trigger]: trigger };
/** Parameters n8n adds to every tool node (how the agent is told what the tool does). */
const TOOL_PARAMETERS = ['descriptionType', 'toolDescription'];

export const timelinesAiNodes = (workflow: WorkflowDefinition) => workflow.nodes.filter((node) => DESCRIPTIONS[node.type] !== undefined);

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
export function contractProblems(node: WorkflowNode): string[] {
	const description = DESCRIPTIONS[node.type];
	const shown = shownProperties(description, node);
	return Object.entries(node.parameters).flatMap(([name, value]) => {
		if (node.type === TOOL_TYPE && TOOL_PARAMETERS.includes(name)) return [];
		const property = shown.find((candidate) => candidate.name === name);
		return property ? valueProblems(property, value, `"${node.name}" ${name}`) : [`"${node.name}": ${name} is not a field of this operation`];
	});
}

/** Why a node cannot be checked yet: its version or operation is not in the node (another part of issue 17 brings it). */
export function notYetInNode(node: WorkflowNode): string | undefined {
	const description = DESCRIPTIONS[node.type];
	if (!versions(description).includes(node.typeVersion)) return `version ${node.typeVersion} of ${description.name}`;
	const { resource, operation } = node.parameters as { resource?: string; operation?: string };
	if (resource === undefined) return undefined;
	const operationField = shownProperties(description, node).find((property) => property.name === 'operation');
	const offered = ((operationField?.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
	return offered.includes(operation as string) ? undefined : `${resource} → ${operation}`;
}

/** The operations (or node versions) a workflow uses that the TimelinesAI node does not have yet. */
export function pendingInNode(workflow: WorkflowDefinition): string[] {
	return [...new Set(timelinesAiNodes(workflow).flatMap((node) => notYetInNode(node) ?? []))];
}
