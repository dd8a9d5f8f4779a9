import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { teammatesDataSchema, type Teammate } from '../../protocol';
import { apiRequest, type TimelinesAiContext } from '../../shared/http';

/** Teammate → Get Many: the people of the workspace, one output item each. */

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many teammates',
	description:
		"Lists the workspace's teammates with email, name and role. The email is what Chat → Update takes to assign a chat. One result per teammate.",
};

export const fields: INodeProperties[] = [];

export async function listTeammates(ctx: TimelinesAiContext): Promise<Teammate[]> {
	const data = await apiRequest(ctx, { method: 'GET', path: '/workspace/teammates', data: teammatesDataSchema, action: 'listing the teammates' });
	return data.teammates;
}

export async function executeItem(ctx: IExecuteFunctions): Promise<IDataObject[]> {
	return await listTeammates(ctx);
}
