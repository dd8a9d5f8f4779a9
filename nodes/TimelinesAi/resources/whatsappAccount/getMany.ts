import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { listWhatsappAccounts } from '../../shared/http';

/** WhatsApp Account → Get Many: the workspace's connected WhatsApp numbers, one output item each. */

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many WhatsApp accounts',
	description:
		"Lists the workspace's WhatsApp accounts: ID (the value Chat → Get Many's WhatsApp Account filter takes), phone, name, owner and status (active or not). One result per account.",
};

export const fields: INodeProperties[] = [];

export async function executeItem(ctx: IExecuteFunctions): Promise<IDataObject[]> {
	return await listWhatsappAccounts(ctx);
}
