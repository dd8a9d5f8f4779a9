import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { workspaceSchema, type Workspace } from '../../protocol';
import { apiRequest } from '../../shared/http';

/** Workspace → Get: the plan and its quotas, each with what is left of it this period. */

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get the workspace',
	description:
		"Reads the workspace's name, plan and quotas for this period: seats, messaging_quota and api_calls_quota, each with total, used and left (total minus used), e.g. messaging_quota.left is how many messages can still be sent",
};

export const fields: INodeProperties[] = [];

function isQuota(value: unknown): value is { total: number; used: number } {
	return typeof value === 'object' && value !== null && typeof (value as IDataObject).total === 'number' && typeof (value as IDataObject).used === 'number';
}

/** Every quota (an object with a numeric total and used) gets `left`, so a flow can check it without arithmetic; never below 0. */
export function withQuotasLeft(workspace: Workspace): IDataObject {
	const entries = Object.entries(workspace as IDataObject);
	return Object.fromEntries(entries.map(([key, value]) => [key, isQuota(value) ? { ...value, left: Math.max(0, value.total - value.used) } : value]));
}

export async function executeItem(ctx: IExecuteFunctions): Promise<IDataObject[]> {
	return [withQuotasLeft(await apiRequest(ctx, { method: 'GET', path: '/workspace', data: workspaceSchema, action: 'reading the workspace' }))];
}
