import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ApiChat } from '../../protocol';
import { asText, InvalidInputError } from '../../shared/errors';
import { FIELD } from '../../shared/labels';
import { listChatsPage } from '../../shared/http';

/** Chat → Find: the chats whose name contains a text, one output item per chat, read page after page. */

const NOTHING_FOUND = ['nothing', 'error'] as const;
type NothingFound = (typeof NOTHING_FOUND)[number];

export const option: INodePropertyOptions = {
	name: 'Find',
	value: 'find',
	action: 'Find a chat',
	description: 'Find chats and groups by part of their name (needs the API Token)',
};

export const fields: INodeProperties[] = [
	{
		displayName: FIELD.nameContains,
		name: 'nameContains',
		type: 'string',
		default: '',
		placeholder: 'Ravi',
		description: "Part of the chat's or group's name, in any case. Empty: every chat of the workspace.",
	},
	{
		displayName: FIELD.returnAll,
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: FIELD.limit,
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: FIELD.ifNothingFound,
		name: 'ifNothingFound',
		type: 'options',
		options: [
			{
				name: 'Output Nothing',
				value: 'nothing',
				description: 'This item gives no output item; the nodes after it run only for the items that found chats',
			},
			{
				name: 'Stop With an Error',
				value: 'error',
				description: 'The node fails and names the item (with "Continue" on error: one item with the error)',
			},
		],
		default: 'nothing',
		description: 'What happens when no chat name contains the text',
	},
];

function readLimit(value: unknown): number {
	const limit = Number(value);
	if (Number.isInteger(limit) && limit >= 1) return limit;
	throw new InvalidInputError(FIELD.limit, `${JSON.stringify(value)} is not a whole number of at least 1. Use e.g. 50.`);
}

function readNothingFound(value: unknown): NothingFound {
	if ((NOTHING_FOUND as readonly unknown[]).includes(value)) return value as NothingFound;
	throw new InvalidInputError(FIELD.ifNothingFound, `${JSON.stringify(value)} is not a choice. Use one of: ${NOTHING_FOUND.join(', ')}.`);
}

async function collectChats(ctx: IExecuteFunctions, name: string, limit: number): Promise<ApiChat[]> {
	const found: ApiChat[] = [];
	for (let page = 1; found.length < limit; page++) {
		const { chats, has_more_pages: hasMore } = await listChatsPage(ctx, name, page);
		found.push(...chats);
		// An empty page ends the search even if it claims more: a loop that never ends would be worse.
		if (!hasMore || chats.length === 0) break;
	}
	return found.slice(0, limit);
}

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const name = asText(ctx.getNodeParameter('nameContains', itemIndex, ''), FIELD.nameContains).trim();
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) === true;
	const limit = returnAll ? Number.POSITIVE_INFINITY : readLimit(ctx.getNodeParameter('limit', itemIndex, 50));
	const ifNothingFound = readNothingFound(ctx.getNodeParameter('ifNothingFound', itemIndex, 'nothing'));
	const chats = await collectChats(ctx, name, limit);
	if (chats.length === 0 && ifNothingFound === 'error') {
		const which = name === '' ? 'the workspace has no chats' : `no chat's name contains ${JSON.stringify(name)}`;
		throw new InvalidInputError(
			FIELD.nameContains,
			`${which}. Check the spelling (any part of the name works, in any case), or set If Nothing Is Found to Output Nothing.`,
		);
	}
	return chats;
}
